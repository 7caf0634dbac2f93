import type { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { dashboardPlugin } from './dashboard';
import { sidebarPlugin } from './sidebar';

const plugins: JupyterFrontEndPlugin<any>[] = [sidebarPlugin, dashboardPlugin];

export default plugins;
