/**
 * The commands plugin: the cluster's actions in the command palette, the
 * "Dask" menu and the keyboard shortcut (both in schema/commands.json).
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Clipboard, ICommandPalette } from '@jupyterlab/apputils';
import { NotebookActions, type NotebookPanel } from '@jupyterlab/notebook';
import { ITranslator } from '@jupyterlab/translation';

import { IDaskClusters } from '../tokens';
import { loadTranslations } from '../translation';
import { CommandIDs, SIDEBAR_ID } from './ids';
import { registerCommands } from './registry';

export const commandsPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-dask-clusters:commands',
  description:
    "Commands, a menu and a shortcut for the current notebook's Dask cluster.",
  autoStart: true,
  requires: [IDaskClusters, ITranslator],
  optional: [ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    model: IDaskClusters,
    translator: ITranslator,
    palette: ICommandPalette | null
  ) => {
    const trans = loadTranslations(translator);
    registerCommands(app.commands, {
      model,
      trans,
      showPanel: () => app.shell.activateById(SIDEBAR_ID),
      copy: text => Clipboard.copyToSystem(text),
      insertCell: source => {
        const notebook = (model.notebook as NotebookPanel | null)?.content;
        if (notebook) {
          NotebookActions.insertBelow(notebook);
          notebook.activeCell?.model.sharedModel.setSource(source);
        }
      }
    });
    const category = trans.__('Dask Clusters');
    for (const command of Object.values(CommandIDs)) {
      palette?.addItem({ command, category });
    }
  }
};
