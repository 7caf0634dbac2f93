/**
 * The smoke test on the oldest JupyterLab we support (`make test-oldest`): plain Playwright,
 * against JupyterLab from `.venv-oldest` on its own port (OLDEST_PORT, default 8897). Its
 * notebook's kernel is `oldest-dask` (kernel_envs.py): the oldest Python and distributed the
 * delivered agent supports.
 */
const path = require('path');
const { plainConfig } = require('../plain-playwright');

const root = path.resolve(__dirname, '..', '..');
// OLDEST_VENV: another JupyterLab's environment, e.g. to try a release by hand.
const venv = process.env.OLDEST_VENV || path.join(root, '.venv-oldest');

module.exports = plainConfig({
  name: 'oldest',
  port: process.env.OLDEST_PORT || '8897',
  python: path.join(venv, 'bin', 'python'),
  app: 'jupyterlab',
  page: '/lab',
  // The test kernels (make kernel-envs), and nothing of the user's.
  env: { JUPYTER_PATH: path.join(root, '.venv-kernels', 'jupyter') }
});
