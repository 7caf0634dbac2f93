/**
 * The panel, the commands and the cluster item in Jupyter Notebook 7, in a real browser:
 * plain Playwright, against `jupyter notebook` on its own port (NOTEBOOK_PORT, default 8896).
 */
const { plainConfig } = require('../plain-playwright');

module.exports = plainConfig({
  name: 'notebook7',
  port: process.env.NOTEBOOK_PORT || '8896',
  // NOTEBOOK_PYTHON: another environment's Notebook (make test-oldest: .venv-oldest's).
  python: process.env.NOTEBOOK_PYTHON || 'python',
  app: 'notebook',
  page: '/tree'
});
