/**
 * A main-area pane showing a notebook's cluster dashboard, or one of its
 * individual plots. It follows the notebook's cluster: "stopped" when it
 * stops, the new dashboard when the notebook starts another one; a gateway
 * cluster that outlives the notebook's kernel is said to run still.
 */
import { Notification } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import type { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import type { TranslationBundle } from '@jupyterlab/translation';
import { IFrame } from '@jupyterlab/ui-components';

import type { IDaskClusters } from '../tokens';
import { checkDashboard, plotName } from './check';
import { GatewayOrphan } from './orphan';
import { dashboardPath } from './url';

/**
 * What the pane shows, as its node's `data-state` says (for styles and
 * tests).
 */
type PaneState =
  'detached' | 'stopped' | 'orphaned' | 'checking' | 'failed' | 'running';

export class DashboardFrame extends IFrame {
  constructor(options: DashboardFrame.IOptions) {
    // Bokeh needs scripts, and its origin for its websocket and cookies.
    super({ sandbox: ['allow-scripts', 'allow-same-origin'] });
    this.addClass('jp-DaskDashboard');
    this.path = options.path;
    this.plot = options.plot;
    this._options = options;
    this._orphan = new GatewayOrphan((connection, site) =>
      options.clusters.gateway.clustersOf(connection, site)
    );
    this._note.setAttribute('role', 'status');
    this._note.className = 'jp-DaskDashboard-note';
    this.node.appendChild(this._note);
    options.clusters.changed.connect(this._update, this);
    options.notebooks.widgetAdded.connect(this._attach, this);
    this._attach();
  }

  /**
   * The notebook whose cluster this shows: it is found again by path after
   * a page reload.
   */
  path: string;
  /**
   * The plot's route in `individual-plots.json`; empty for the dashboard's
   * status page.
   */
  readonly plot: string;

  /**
   * Follow the notebook at `path` if it is open.
   */
  private _attach(): void {
    const notebook =
      this._notebook ??
      this._options.notebooks.find(panel => panel.context.path === this.path);
    if (notebook && notebook !== this._notebook) {
      this._notebook = notebook;
      this._options.clusters
        .connectionFor(notebook)
        .changed.connect(this._update, this);
      notebook.context.pathChanged.connect((_, path) => {
        this.path = path;
        this._options.onMoved();
        this._update();
      }, this);
      notebook.disposed.connect(() => {
        this._notebook = null;
        this._update();
      }, this);
    }
    this._update();
  }

  private _update(): void {
    const { clusters, trans } = this._options;
    const notebook = this._notebook;
    const connection = notebook ? clusters.connectionFor(notebook) : null;
    const snapshot = connection?.snapshot;
    const name = PathExt.basename(this.path);
    // A site whose start failed has no dashboard to name.
    const site =
      snapshot?.status === 'failed'
        ? null
        : (connection?.hello?.sites.find(s => s.id === snapshot?.site)?.label ??
          snapshot?.site);
    const what = this.plot ? plotName(this.plot) : trans.__('Dask Dashboard');
    this.title.label = site
      ? trans.__('%1 — %2 (%3)', what, name, site)
      : trans.__('%1 — %2', what, name);

    const page =
      snapshot?.status === 'running'
        ? clusters.dashboardUrlOf(connection)
        : null;
    const target = page && (this.plot ? dashboardPath(page, this.plot) : page);
    this.title.caption = target ?? this.path;
    if (!notebook) {
      return this._show(
        'detached',
        trans.__('Open %1 to see the dashboard of its Dask cluster.', name)
      );
    }
    const orphan = connection && this._orphan.follow(connection);
    if (orphan) {
      return this._show(
        'orphaned',
        orphan.state === 'running'
          ? trans.__(
              "The kernel of %1 has gone; the gateway cluster %2 is still running. Connect to it, or shut it down, in the Dask panel's Gateway clusters.",
              name,
              orphan.name
            )
          : trans.__(
              "The kernel of %1 has gone; its gateway cluster may still be running: see the Dask panel's Gateway clusters.",
              name
            )
      );
    }
    if (!page || !target) {
      const status = snapshot?.status;
      return this._show(
        'stopped',
        !status
          ? trans.__('Connecting to the kernel of %1…', name)
          : status === 'starting'
            ? trans.__('The Dask cluster of %1 is starting…', name)
            : status === 'running'
              ? trans.__(
                  'The dashboard link %1 is not an http(s) URL: it is not opened.',
                  snapshot?.dashboard_link ?? ''
                )
              : trans.__(
                  'The Dask cluster of %1 stopped. This pane shows its dashboard again when the notebook starts a cluster.',
                  name
                )
      );
    }
    if (target === this._target) {
      return;
    }
    this._target = target;
    this._show('checking', trans.__('Connecting to %1…', target));
    void checkDashboard(page, trans).then(result => {
      if (this._target !== target || this.isDisposed) {
        return;
      }
      if ('error' in result) {
        this._show('failed', result.error);
        Notification.error(result.error, { autoClose: 10000 });
      } else {
        this.url = target;
        this._show('running', '');
      }
    });
  }

  /**
   * Check the dashboard again (after a failure) and show it if it answers.
   */
  retry(): void {
    this._target = null;
    this._update();
  }

  private _show(state: PaneState, note: string): void {
    if (state !== 'running') {
      this.node.querySelector('iframe')!.removeAttribute('src');
    }
    if (state === 'detached' || state === 'stopped' || state === 'orphaned') {
      this._target = null;
    }
    this.node.dataset.state = state;
    this._note.textContent = note;
  }

  private _options: DashboardFrame.IOptions;
  private _orphan: GatewayOrphan;
  private _note = document.createElement('p');
  private _notebook: NotebookPanel | null = null;
  /**
   * The URL shown or being checked.
   */
  private _target: string | null = null;
}

export namespace DashboardFrame {
  export interface IOptions {
    path: string;
    plot: string;
    clusters: IDaskClusters;
    notebooks: INotebookTracker;
    trans: TranslationBundle;
    /**
     * Called when the notebook was renamed, so the pane is saved anew.
     */
    onMoved: () => void;
  }
}
