/**
 * Galata against a real JupyterLab (started by `webServer`) driving Debian's Chromium:
 * no browser download is possible on our machines.
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');
const chromium = require('./chromium');

// GALATA_PORT lets several checkouts run their galata suites side by side.
const port = process.env.GALATA_PORT || '8888';

module.exports = {
  ...baseConfig,
  // One JupyterLab, one kernel at a time: the machine has 2 cores.
  workers: 1,
  timeout: 120 * 1000,
  expect: { timeout: 30 * 1000 },
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  // Jupyter Notebook 7 and the oldest JupyterLab have their own servers and configs.
  testIgnore: ['**/notebook7/**', '**/oldest/**'],
  use: {
    ...baseConfig.use,
    baseURL: `http://127.0.0.1:${port}`,
    // The default 'retain-on-failure' needs an ffmpeg download.
    video: 'off',
    trace: 'off',
    launchOptions: chromium
  },
  webServer: {
    command: 'python test_server.py',
    url: `http://127.0.0.1:${port}/lab`,
    timeout: 120 * 1000,
    reuseExistingServer: !process.env.CI
  }
};
