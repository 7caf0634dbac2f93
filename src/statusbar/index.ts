/**
 * The status bar item: the current notebook's cluster at a glance; a click
 * shows the panel. Jupyter Notebook 7 has no status bar: there the item goes
 * in the top area, next to the notebook's title.
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
    const trans = loadTranslations(translator);
    const item = new Widget({ node: document.createElement('button') });
    item.addClass('jp-StatusBar-TextItem');
    item.addClass('jp-DaskClusters-status');
    item.node.title = trans.__('Show the Dask clusters panel');
    item.node.addEventListener('click', () => {
      void app.commands.execute(CommandIDs.showPanel);
    });
    const text = () => statusText(model.snapshot, trans);
    const update = () => {
      item.node.textContent = text() ?? '';
      if (!statusBar) {
        item.setHidden(text() === null);
      }
    };
    model.changed.connect(update);
    update();
    if (statusBar) {
      statusBar.registerStatusItem('jupyterlab-dask-clusters:status', {
        item,
        align: 'left',
        rank: 50,
        isActive: () => text() !== null,
        activeStateChanged: model.changed
      });
    } else {
      app.shell.add(item, 'top', { rank: 900 });
    }
  }
};
