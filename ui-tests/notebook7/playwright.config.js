/**
 * The panel, the commands and the cluster item in Jupyter Notebook 7, in a real browser:
 * plain Playwright (galata's fixtures drive JupyterLab), against `jupyter notebook` started
 * on its own port (NOTEBOOK_PORT, default 8896) by `webServer`.
 */
const chromium = require('../chromium');

const port = process.env.NOTEBOOK_PORT || '8896';
// NOTEBOOK_PYTHON: another environment's Notebook (make test-oldest: .venv-oldest's).
const python = process.env.NOTEBOOK_PYTHON || 'python';

module.exports = {
  testDir: '.',
  testMatch: '*.spec.ts',
  workers: 1,
  timeout: 120 * 1000,
  expect: { timeout: 30 * 1000 },
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  outputDir: '../test-results/notebook7',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    video: 'off',
    trace: 'off',
    launchOptions: chromium
  },
  webServer: {
    command: `${python} -m notebook --config jupyter_notebook_test_config.py`,
    url: `http://127.0.0.1:${port}/tree`,
    timeout: 120 * 1000,
    reuseExistingServer: !process.env.CI
  }
};
