/**
 * Dashboard panes: the command that opens a notebook's cluster dashboard (or
 * one of its individual plots) beside the notebook, and their restoration
 * after a page reload.
 */
import {
  ILayoutRestorer,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  ICommandPalette,
  MainAreaWidget,
  Notification,
  WidgetTracker
} from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ITranslator } from '@jupyterlab/translation';

import { daskClustersIcon } from '../icons';
import { IDaskClusters } from '../tokens';
import { loadTranslations } from '../translation';
import { plotName } from './check';
import { OPEN_DASHBOARD } from './ids';
import { DashboardFrame } from './pane';

type Pane = MainAreaWidget<DashboardFrame>;

export const dashboardPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-dask-clusters:dashboard',
  description:
    "Opens a notebook's Dask dashboard and its individual plots in panes beside it.",
  autoStart: true,
  requires: [IDaskClusters, INotebookTracker, ITranslator],
  optional: [ILayoutRestorer, ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    clusters: IDaskClusters,
    notebooks: INotebookTracker,
    translator: ITranslator,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null
  ): void => {
    const trans = loadTranslations(translator);
    const tracker = new WidgetTracker<Pane>({ namespace: 'dask-dashboard' });

    app.commands.addCommand(OPEN_DASHBOARD, {
      label: args =>
        args.plot
          ? trans.__('Open Dask Dashboard Plot %1', plotName(String(args.plot)))
          : trans.__('Open Dask Dashboard'),
      caption: trans.__(
        "Open the dashboard of the notebook's Dask cluster in a pane beside the notebook"
      ),
      icon: daskClustersIcon,
      describedBy: {
        args: {
          type: 'object',
          properties: {
            plot: {
              type: 'string',
              description: 'A route of individual-plots.json'
            },
            path: { type: 'string', description: "The notebook's path" }
          }
        }
      },
      // A restored pane opens whatever its notebook's state: it follows it.
      isEnabled: args =>
        !!args.path ||
        (clusters.snapshot?.status === 'running' &&
          !!clusters.snapshot.dashboard_link),
      execute: args => {
        const plot = typeof args.plot === 'string' ? args.plot : '';
        const notebook = notebooks.currentWidget;
        const path =
          typeof args.path === 'string' ? args.path : notebook?.context.path;
        if (!path) {
          return;
        }
        if (!args.path && !clusters.dashboardUrl) {
          // Only http(s) dashboards are ever loaded.
          Notification.error(
            trans.__(
              'The dashboard link %1 is not an http(s) URL: it is not opened.',
              clusters.snapshot?.dashboard_link ?? ''
            ),
            { autoClose: 10000 }
          );
          return;
        }
        const same = (pane: Pane) =>
          pane.content.path === path && pane.content.plot === plot;
        const open = tracker.find(same);
        if (open) {
          open.content.retry();
          return app.shell.activateById(open.id);
        }
        const others = tracker.filter(other => other.content.path === path);
        const content = new DashboardFrame({
          path,
          plot,
          clusters,
          notebooks,
          trans,
          onMoved: () => void tracker.save(pane)
        });
        const pane: Pane = new MainAreaWidget({ content });
        pane.id = `jp-dask-dashboard-${++count}`;
        pane.title.icon = daskClustersIcon;
        pane.title.closable = true;
        void tracker.add(pane);
        // Beside the notebook; more panes of it below the last one.
        app.shell.add(pane, 'main', {
          mode: others.length ? 'split-bottom' : 'split-right',
          ref: others.length ? others[others.length - 1].id : notebook?.id
        });
      }
    });
    let count = 0;
    clusters.changed.connect(() =>
      app.commands.notifyCommandChanged(OPEN_DASHBOARD)
    );
    palette?.addItem({
      command: OPEN_DASHBOARD,
      category: trans.__('Dask Clusters')
    });
    void restorer?.restore(tracker, {
      command: OPEN_DASHBOARD,
      args: pane => ({ path: pane.content.path, plot: pane.content.plot }),
      name: pane => `${pane.content.path}:${pane.content.plot}`
    });
  }
};
