/**
 * The status bar item: the current notebook's cluster at a glance; a click
 * shows the panel. Optional: Jupyter Notebook 7 has no status bar.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

import { CommandIDs } from '../commands/ids';
import { IDaskClusters } from '../tokens';
import { loadTranslations } from '../translation';
import { statusText } from './text';

export const statusBarPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-dask-clusters:statusbar',
  description: "The current notebook's Dask cluster in the status bar.",
  autoStart: true,
  requires: [IDaskClusters, ITranslator],
  optional: [IStatusBar],
  activate: (
    app: JupyterFrontEnd,
    model: IDaskClusters,
    translator: ITranslator,
    statusBar: IStatusBar | null
  ) => {
    if (!statusBar) {
      return;
    }
    const trans = loadTranslations(translator);
    const item = new Widget({ node: document.createElement('button') });
    item.addClass('jp-StatusBar-TextItem');
    item.addClass('jp-DaskClusters-status');
    item.node.title = trans.__('Show the Dask clusters panel');
    item.node.addEventListener('click', () => {
      void app.commands.execute(CommandIDs.showPanel);
    });
    const update = () => {
      item.node.textContent = statusText(model.snapshot, trans) ?? '';
    };
    model.changed.connect(update);
    update();
    statusBar.registerStatusItem('jupyterlab-dask-clusters:status', {
      item,
      align: 'left',
      rank: 50,
      isActive: () => statusText(model.snapshot, trans) !== null,
      activeStateChanged: model.changed
    });
  }
};
