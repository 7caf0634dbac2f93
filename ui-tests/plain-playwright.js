/**
 * The Playwright configuration of the suites that run without galata's fixtures (galata
 * follows the newest JupyterLab): Jupyter Notebook 7 and the oldest JupyterLab. Each starts
 * its own server on its own port with plain_server_config.py.
 */
const path = require('path');
const chromium = require('./chromium');

/**
 * name: the suite's folder (results and the server's root folder take its name);
 * python: the server's interpreter; app: `notebook` or `jupyterlab`; page: the URL path that
 * answers once the server is up; env: more of the server's environment.
 */
function plainConfig({ name, port, python, app, page, env = {} }) {
  return {
    testDir: '.',
    testMatch: '*.spec.ts',
    workers: 1,
    timeout: 120 * 1000,
    expect: { timeout: 30 * 1000 },
    retries: process.env.CI ? 1 : 0,
    reporter: [['list']],
    outputDir: `../test-results/${name}`,
    use: {
      baseURL: `http://127.0.0.1:${port}`,
      video: 'off',
      trace: 'off',
      launchOptions: chromium
    },
    webServer: {
      command: `${python} -m ${app} --config ${path.join(__dirname, 'plain_server_config.py')}`,
      url: `http://127.0.0.1:${port}${page}`,
      env: {
        ...process.env,
        ...env,
        PLAIN_SERVER_PORT: String(port),
        PLAIN_SERVER_FOLDER: name
      },
      timeout: 120 * 1000,
      reuseExistingServer: !process.env.CI
    }
  };
}

module.exports = { plainConfig };
