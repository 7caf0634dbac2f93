import type { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { commandsPlugin } from './commands';
import { dashboardPlugin } from './dashboard';
import { sidebarPlugin } from './sidebar';
import { statusBarPlugin } from './statusbar';

const plugins: JupyterFrontEndPlugin<any>[] = [
  sidebarPlugin,
  commandsPlugin,
  statusBarPlugin,
  dashboardPlugin
];

export default plugins;
