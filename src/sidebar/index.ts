/**
 * The Dask clusters sidebar: start, scale and watch the cluster of the
 * current notebook's kernel.
 */
import {
  ILayoutRestorer,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStateDB } from '@jupyterlab/statedb';
import { ITranslator } from '@jupyterlab/translation';

import { SIDEBAR_ID } from '../commands/ids';
import { daskClustersIcon } from '../icons';
import { AgentConnectionManager } from '../agent/manager';
import { DaskClustersModel } from '../model';
import { readSettings } from '../settings';
import { IDaskClusters } from '../tokens';
import { loadTranslations } from '../translation';
import { DaskClustersBody } from './body';
import { FoldedSections } from './sections';

/**
 * The plugin's id, which is also its settings' id (schema/sidebar.json).
 */
const PLUGIN_ID = 'jupyterlab-dask-clusters:sidebar';

export const sidebarPlugin: JupyterFrontEndPlugin<IDaskClusters> = {
  id: PLUGIN_ID,
  description:
    "A sidebar to start, scale and watch a Dask cluster in the current notebook's kernel.",
  autoStart: true,
  requires: [INotebookTracker, ITranslator],
  optional: [ILayoutRestorer, ISettingRegistry, IStateDB],
  provides: IDaskClusters,
  activate: async (
    app: JupyterFrontEnd,
    notebooks: INotebookTracker,
    translator: ITranslator,
    restorer: ILayoutRestorer | null,
    settingRegistry: ISettingRegistry | null,
    state: IStateDB | null
  ): Promise<IDaskClusters> => {
    const trans = loadTranslations(translator);
    const connections = new AgentConnectionManager({ translator });
    const model = new DaskClustersModel({
      notebooks,
      connections,
      translator
    });
    if (settingRegistry) {
      try {
        // Settings first, so that the first hello carries the user's sites.
        const settings = await settingRegistry.load(PLUGIN_ID);
        const apply = () => {
          model.settings = readSettings(settings.composite);
        };
        apply();
        settings.changed.connect(apply);
      } catch (reason) {
        console.error(
          'jupyterlab-dask-clusters: could not load the settings.',
          reason
        );
      }
    }

    const folded = new FoldedSections(state);
    void folded.restore();
    const body = new DaskClustersBody({
      model,
      commands: app.commands,
      folded,
      translator
    });
    body.id = SIDEBAR_ID;
    body.title.icon = daskClustersIcon;
    body.title.caption = trans.__('Dask Clusters');
    app.shell.add(body, 'left', { rank: 750 });
    restorer?.add(body, SIDEBAR_ID);
    return model;
  }
};
