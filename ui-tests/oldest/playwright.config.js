/**
 * The smoke test on the oldest JupyterLab we support (`make test-oldest`): plain Playwright
 * (galata's fixtures follow the newest JupyterLab), against JupyterLab from `.venv-oldest`
 * started on its own port (OLDEST_PORT, default 8897) by `webServer`. Its notebook's kernel is
 * `oldest-dask` (kernel_envs.py): the oldest Python and distributed the delivered agent supports.
 */
const path = require('path');
const chromium = require('../chromium');

const port = process.env.OLDEST_PORT || '8897';
const root = path.resolve(__dirname, '..', '..');
// OLDEST_VENV: another JupyterLab's environment, e.g. to try a release by hand.
const venv = process.env.OLDEST_VENV || path.join(root, '.venv-oldest');

module.exports = {
  testDir: '.',
  testMatch: '*.spec.ts',
  workers: 1,
  timeout: 120 * 1000,
  expect: { timeout: 30 * 1000 },
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  outputDir: '../test-results/oldest',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    video: 'off',
    trace: 'off',
    launchOptions: chromium
  },
  webServer: {
    command: `${path.join(venv, 'bin', 'python')} -m jupyterlab --config jupyter_server_oldest_config.py`,
    url: `http://127.0.0.1:${port}/lab`,
    env: {
      ...process.env,
      // The test kernels (make kernel-envs), and nothing of the user's.
      JUPYTER_PATH: path.join(root, '.venv-kernels', 'jupyter')
    },
    timeout: 120 * 1000,
    reuseExistingServer: !process.env.CI
  }
};
