import type { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { commandsPlugin } from './commands';
import { sidebarPlugin } from './sidebar';
import { statusBarPlugin } from './statusbar';

const plugins: JupyterFrontEndPlugin<any>[] = [
  sidebarPlugin,
  commandsPlugin,
  statusBarPlugin
];

export default plugins;
