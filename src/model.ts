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
  IGreeting,
  IHello,
  IProfiles,
  IRequestArgs,
  IResults,
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
  IProfilesState,
  ISizingDefaults,
  KernelHost,
  PanelStatus,
  Sizing
} from './tokens';
import {
  checkBounds,
  checkCount,
  checkSizing,
  parseEndpoint
} from './validation';

/**
 * Statuses in which the kernel has a cluster.
 */
const ACTIVE: readonly ClusterStatus[] = ['starting', 'running', 'stopping'];

/**
 * Statuses from which a new cluster can start.
 */
const STARTABLE: readonly ClusterStatus[] = ['none', 'stopped', 'failed'];

/**
 * The requests about AWS profiles.
 */
const PROFILE_OPS: readonly Op[] = ['profiles', 'use_profile', 'clear_profile'];

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
  /**
   * The kernel's last profile listing, and the hello it followed.
   */
  listing: IProfiles | null;
  listedAfter: IHello | null;
  /**
   * The last profile request's error.
   */
  profileError: string | null;
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
    const greeting: IGreeting = {};
    if (Object.keys(value.sites).length) {
      greeting.sites = value.sites;
    }
    if (Object.keys(value.profileEndpoints).length) {
      greeting.profile_endpoints = value.profileEndpoints;
    }
    this._connections.greeting = greeting;
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

  /**
   * Whether a request other than a profile listing is pending: applying a
   * profile holds back starting a cluster.
   */
  get busy(): boolean {
    return [...(this._state()?.pending ?? [])].some(op => op !== 'profiles');
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

  get profiles(): IProfilesState {
    const state = this._state();
    const pending = state?.pending;
    return {
      list: state?.listing?.profiles ?? [],
      active: this.snapshot?.profile ?? null,
      error: state?.profileError ?? state?.listing?.error ?? null,
      loading: !!pending?.has('profiles'),
      busy: this.status !== 'ready' || PROFILE_OPS.some(op => pending?.has(op))
    };
  }

  get actions(): IClusterActions {
    const pending = this._state()?.pending;
    const cluster = this.snapshot?.status ?? 'none';
    const ready = this.status === 'ready';
    const idle = ready && !this.busy;
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

  async reloadProfiles(): Promise<void> {
    const state = this._state();
    const listing = await this._run('profiles', {}, { profiles: true });
    if (state && listing) {
      state.listing = listing;
      this._changed.emit();
    }
  }

  async useProfile(name: string, endpoint?: string): Promise<void> {
    const trans = this._trans;
    const parsed = parseEndpoint(endpoint ?? '', trans);
    if (!parsed.ok) {
      return this._refuse(parsed.message, true);
    }
    const args: IRequestArgs['use_profile'] = { name };
    if (parsed.value) {
      args.endpoint = parsed.value;
    }
    const applied = await this._run('use_profile', args, {
      profiles: true,
      failure: message =>
        trans.__('Applying the AWS profile "%1" failed: %2', name, message)
    });
    if (applied) {
      await this.reloadProfiles();
    }
  }

  async clearProfile(): Promise<void> {
    const trans = this._trans;
    const cleared = await this._run(
      'clear_profile',
      {},
      {
        profiles: true,
        failure: message =>
          trans.__('Clearing the AWS profile failed: %1', message)
      }
    );
    if (cleared) {
      await this.reloadProfiles();
    }
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
    this._onConnectionChanged();
  }

  /**
   * Show what changed; list the profiles after each new greeting: on
   * connection, after a restart, after the settings changed (they carry
   * profile endpoints).
   */
  private _onConnectionChanged(): void {
    this._changed.emit();
    const hello = this._connection?.hello;
    const state = this._state();
    if (state && hello && this.status === 'ready') {
      if (state.listedAfter !== hello) {
        state.listedAfter = hello;
        void this.reloadProfiles();
      }
    }
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
      state = {
        site: null,
        pending: new Set(),
        error: null,
        listing: null,
        listedAfter: null,
        profileError: null
      };
      this._states.set(connection, state);
    }
    return state;
  }

  /**
   * Refuse an action (on profiles, if `profiles`) without sending anything.
   */
  private _refuse(problem: string, profiles = false): void {
    const state = this._state();
    if (state) {
      state[profiles ? 'profileError' : 'error'] = problem;
      this._changed.emit();
    }
    Notification.error(problem, { autoClose: 5000 });
  }

  /**
   * Send one request for the current notebook, tracking it as pending and
   * notifying its outcome; resolve with its result, or undefined when it
   * failed.
   *
   * Errors are kept in the notebook's cluster error, or its profile error
   * with `profiles`, and notified when there is a `failure` message.
   */
  private async _run<O extends Op>(
    op: O,
    args: IRequestArgs[O],
    options: {
      failure?: (message: string) => string;
      profiles?: boolean;
      pending?: string;
      success?: string;
      timeoutMs?: number;
    }
  ): Promise<IResults[O] | undefined> {
    const connection = this._connection;
    const state = this._state(connection);
    const key = options.profiles ? 'profileError' : 'error';
    if (!connection || !state) {
      this._refuse(
        this._trans.__(
          'Open a notebook to start a Dask cluster in its kernel.'
        ),
        options.profiles
      );
      return;
    }
    state.pending.add(op);
    state[key] = null;
    this._changed.emit();
    const messageOf = (reason: unknown): string =>
      reason instanceof Error ? reason.message : String(reason);
    const request = connection.request(op, args, {
      timeoutMs: options.timeoutMs
    });
    const { failure, pending, success } = options;
    if (failure && pending && success) {
      Notification.promise(
        request.then(() => null),
        {
          pending: { message: pending, options: { autoClose: false } },
          success: { message: () => success, options: { autoClose: 5000 } },
          error: { message: reason => failure(messageOf(reason)) }
        }
      );
    }
    try {
      return await request;
    } catch (reason) {
      const message = messageOf(reason);
      state[key] = message;
      if (failure && !pending) {
        Notification.error(failure(message), { autoClose: 5000 });
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
