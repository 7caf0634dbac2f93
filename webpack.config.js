// Extra build configuration for `jupyter-builder` (package.json: jupyterlab.webpackConfig).
// The CSS is minified before css-loader turns it into JavaScript: the bundle stays small.
module.exports = {
  module: {
    rules: [
      {
        test: /(?<!\.raw)\.css$/,
        enforce: 'pre',
        loader: 'builtin:lightningcss-loader',
        options: { minify: true }
      }
    ]
  }
};
