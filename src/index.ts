import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';

import { ISettingRegistry } from '@jupyterlab/settingregistry';

/**
 * Initialization data for the jupyterlab-dask-clusters extension.
 */
const plugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-dask-clusters:plugin',
  description: 'Start, scale and watch Dask clusters from a JupyterLab sidebar, with AWS profiles injected into the kernel and its workers.',
  autoStart: true,
  optional: [ISettingRegistry],
  activate: (app: JupyterFrontEnd, settingRegistry: ISettingRegistry | null) => {
    console.log('JupyterLab extension jupyterlab-dask-clusters is activated!');

    if (settingRegistry) {
      settingRegistry
        .load(plugin.id)
        .then(settings => {
          console.log('jupyterlab-dask-clusters settings loaded:', settings.composite);
        })
        .catch(reason => {
          console.error('Failed to load settings for jupyterlab-dask-clusters.', reason);
        });
    }
  }
};

export default plugin;
