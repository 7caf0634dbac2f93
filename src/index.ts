import type { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { sidebarPlugin } from './sidebar';

const plugins: JupyterFrontEndPlugin<any>[] = [sidebarPlugin];

export default plugins;
