/**
 * The state of the Dask clusters panel: the current notebook's connection,
 * its cluster, and the actions on it.
 */
import { Notification } from '@jupyterlab/apputils';
import { PageConfig } from '@jupyterlab/coreutils';
import {
  nullTranslator,
  type ITranslator,
  type TranslationBundle
} from '@jupyterlab/translation';
import type { IDisposable } from '@lumino/disposable';
import { Signal, type ISignal } from '@lumino/signaling';

import { dashboardUrl } from './dashboard/url';
import type { KernelAgentConnection } from './kernel/connection';
import type { AgentConnectionManager } from './kernel/manager';
import type {
  ClusterStatus,
  IAdapt,
  IRequestArgs,
  IStartArgs,
  ISiteSummary,
  ISnapshot,
  Op
} from './protocol';
import { DEFAULT_SETTINGS } from './settings';
import type {
  IClusterActions,
  IDaskClusters,
  IDaskClustersSettings,
  ISizingDefaults,
  KernelHost,
  PanelStatus,
  Sizing
} from './tokens';
import { checkBounds, checkCount, checkSizing } from './validation';

/**
 * Statuses in which the kernel has a cluster.
 */
const ACTIVE: readonly ClusterStatus[] = ['starting', 'running', 'stopping'];

/**
 * Statuses from which a new cluster can start.
 */
const STARTABLE: readonly ClusterStatus[] = ['none', 'stopped', 'failed'];

const DEFAULT_WORKERS = 2;
const DEFAULT_ADAPT: IAdapt = { minimum: 1, maximum: 4 };

/**
 * What the panel remembers about one notebook.
 */
interface INotebookState {
  /**
   * The site the user picked.
   */
  site: string | null;
  /**
   * Requests from the panel still waiting for the kernel.
   */
  pending: Set<Op>;
  error: string | null;
}

export class DaskClustersModel implements IDaskClusters, IDisposable {
  constructor(options: DaskClustersModel.IOptions) {
    this._notebooks = options.notebooks;
    this._connections = options.connections;
    this._trans = (options.translator ?? nullTranslator).load(
      'jupyterlab_dask_clusters'
    );
    this._baseUrl = options.baseUrl ?? PageConfig.getBaseUrl();
    this._notebooks.currentChanged.connect(this._follow, this);
    this._follow();
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  get settings(): IDaskClustersSettings {
    return this._settings;
  }
  set settings(value: IDaskClustersSettings) {
    this._settings = value;
    // No sites at all means the agent's built-in ones.
    this._connections.sites = Object.keys(value.sites).length
      ? value.sites
      : undefined;
    this._changed.emit();
  }

  get notebook(): KernelHost | null {
    return this._notebook;
  }

  get connection(): KernelAgentConnection | null {
    return this._connection;
  }

  get status(): PanelStatus {
    return this._connection?.status ?? 'no-notebook';
  }

  get statusMessage(): string | null {
    return this._connection?.status === 'unavailable'
      ? this._connection.message
      : null;
  }

  get sites(): readonly ISiteSummary[] {
    return this._connection?.hello?.sites ?? [];
  }

  get detectedSite(): string | null {
    return this._connection?.hello?.detected_site ?? null;
  }

  get selectedSite(): string | null {
    const snapshot = this.snapshot;
    if (snapshot?.site && ACTIVE.includes(snapshot.status)) {
      return snapshot.site;
    }
    const known = (id: string | null | undefined): id is string =>
      !!id && this.sites.some(site => site.id === id);
    const candidates = [
      this._state()?.site,
      this._settings.defaultSite,
      this.detectedSite
    ];
    return candidates.find(known) ?? this.sites[0]?.id ?? null;
  }

  get snapshot(): ISnapshot | null {
    return this._connection?.snapshot ?? null;
  }

  get dashboardUrl(): string | null {
    return dashboardUrl(this.snapshot?.dashboard_link ?? null, {
      proxy: this._settings.dashboardProxy,
      baseUrl: this._baseUrl
    });
  }

  get busy(): boolean {
    return (this._state()?.pending.size ?? 0) > 0;
  }

  get error(): string | null {
    return this._state()?.error ?? null;
  }

  get sizingDefaults(): ISizingDefaults {
    const snapshot = this.snapshot;
    if (snapshot && ACTIVE.includes(snapshot.status)) {
      const adapt = snapshot.adapt;
      return {
        mode: adapt ? 'adaptive' : 'fixed',
        workers: snapshot.workers.requested,
        ...(adapt ?? DEFAULT_ADAPT)
      };
    }
    const site = this._site(this.selectedSite);
    return {
      mode: site?.adapt ? 'adaptive' : 'fixed',
      workers: site?.workers ?? DEFAULT_WORKERS,
      ...(site?.adapt ?? DEFAULT_ADAPT)
    };
  }

  get actions(): IClusterActions {
    const pending = this._state()?.pending;
    const cluster = this.snapshot?.status ?? 'none';
    const ready = this.status === 'ready';
    const idle = ready && pending?.size === 0;
    return {
      start:
        idle &&
        STARTABLE.includes(cluster) &&
        !!this._site(this.selectedSite)?.available,
      scale: idle && cluster === 'running',
      adapt: idle && cluster === 'running',
      // Stopping may interrupt a start, ours included.
      stop:
        ready &&
        !pending?.has('stop') &&
        (cluster === 'starting' || cluster === 'running')
    };
  }

  selectSite(site: string): void {
    const state = this._state();
    if (state && state.site !== site) {
      state.site = site;
      this._changed.emit();
    }
  }

  async start(site: string, sizing?: Sizing): Promise<void> {
    const problem = sizing ? checkSizing(sizing, this._trans) : null;
    if (problem) {
      return this._refuse(problem);
    }
    const args: IStartArgs = { site };
    if (sizing?.mode === 'fixed') {
      args.workers = sizing.workers;
    } else if (sizing?.mode === 'adaptive') {
      args.adapt = { minimum: sizing.minimum, maximum: sizing.maximum };
    }
    const label = this._site(site)?.label ?? site;
    const trans = this._trans;
    await this._run('start', args, {
      timeoutMs: this._settings.requestTimeoutSeconds * 1000,
      pending: trans.__('Starting a Dask cluster on %1…', label),
      success: trans.__('The Dask cluster on %1 started.', label),
      failure: message =>
        trans.__('The Dask cluster on %1 did not start: %2', label, message)
    });
  }

  async scale(workers: number): Promise<void> {
    const trans = this._trans;
    const problem = checkCount(workers, trans.__('Workers'), trans);
    if (problem) {
      return this._refuse(problem);
    }
    await this._run(
      'scale',
      { workers },
      {
        failure: message =>
          trans.__('Scaling the Dask cluster failed: %1', message)
      }
    );
  }

  async adapt(minimum: number, maximum: number): Promise<void> {
    const trans = this._trans;
    const problem = checkBounds(minimum, maximum, trans);
    if (problem) {
      return this._refuse(problem);
    }
    await this._run(
      'adapt',
      { minimum, maximum },
      {
        failure: message =>
          trans.__('Making the Dask cluster adaptive failed: %1', message)
      }
    );
  }

  async stop(): Promise<void> {
    const trans = this._trans;
    await this._run(
      'stop',
      {},
      {
        failure: message =>
          trans.__('Stopping the Dask cluster failed: %1', message)
      }
    );
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._connection?.changed.disconnect(this._onConnectionChanged, this);
    this._connection = null;
    Signal.clearData(this);
  }

  /**
   * Show the current notebook's connection.
   */
  private _follow(): void {
    const notebook = this._notebooks.currentWidget;
    if (notebook === this._notebook) {
      return;
    }
    this._connection?.changed.disconnect(this._onConnectionChanged, this);
    this._notebook = notebook;
    this._connection = notebook
      ? this._connections.connectionFor(notebook)
      : null;
    this._connection?.changed.connect(this._onConnectionChanged, this);
    this._changed.emit();
  }

  private _onConnectionChanged(): void {
    this._changed.emit();
  }

  private _site(id: string | null): ISiteSummary | undefined {
    return this.sites.find(site => site.id === id);
  }

  private _state(connection = this._connection): INotebookState | undefined {
    if (!connection) {
      return undefined;
    }
    let state = this._states.get(connection);
    if (!state) {
      state = { site: null, pending: new Set(), error: null };
      this._states.set(connection, state);
    }
    return state;
  }

  /**
   * Refuse an action without sending anything.
   */
  private _refuse(problem: string): void {
    const state = this._state();
    if (state) {
      state.error = problem;
      this._changed.emit();
    }
    Notification.error(problem, { autoClose: 5000 });
  }

  /**
   * Send one request for the current notebook, tracking it as pending and
   * notifying its outcome.
   */
  private async _run<O extends Op>(
    op: O,
    args: IRequestArgs[O],
    options: {
      failure: (message: string) => string;
      pending?: string;
      success?: string;
      timeoutMs?: number;
    }
  ): Promise<void> {
    const connection = this._connection;
    const state = this._state(connection);
    if (!connection || !state) {
      return this._refuse(
        this._trans.__('Open a notebook to start a Dask cluster in its kernel.')
      );
    }
    state.pending.add(op);
    state.error = null;
    this._changed.emit();
    const messageOf = (reason: unknown): string =>
      reason instanceof Error ? reason.message : String(reason);
    const request = connection.request(op, args, {
      timeoutMs: options.timeoutMs
    });
    if (options.pending && options.success) {
      const success = options.success;
      Notification.promise(
        request.then(() => null),
        {
          pending: { message: options.pending, options: { autoClose: false } },
          success: { message: () => success, options: { autoClose: 5000 } },
          error: { message: reason => options.failure(messageOf(reason)) }
        }
      );
    }
    try {
      await request;
    } catch (reason) {
      state.error = messageOf(reason);
      if (!options.pending) {
        Notification.error(options.failure(state.error), { autoClose: 5000 });
      }
    } finally {
      state.pending.delete(op);
      this._changed.emit();
    }
  }

  private _notebooks: DaskClustersModel.INotebooks;
  private _connections: AgentConnectionManager;
  private _trans: TranslationBundle;
  private _baseUrl: string;
  private _settings: IDaskClustersSettings = DEFAULT_SETTINGS;
  private _notebook: KernelHost | null = null;
  private _connection: KernelAgentConnection | null = null;
  private _states = new WeakMap<KernelAgentConnection, INotebookState>();
  private _isDisposed = false;
  private _changed = new Signal<this, void>(this);
}

export namespace DaskClustersModel {
  /**
   * What the model needs of a notebook tracker.
   */
  export interface INotebooks {
    readonly currentWidget: KernelHost | null;
    readonly currentChanged: ISignal<unknown, KernelHost | null>;
  }

  export interface IOptions {
    notebooks: INotebooks;
    connections: AgentConnectionManager;
    translator?: ITranslator;
    /**
     * The server's base URL, for proxied dashboard links; the page's by default.
     */
    baseUrl?: string;
  }
}
