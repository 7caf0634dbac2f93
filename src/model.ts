/**
 * The state of the Dask clusters panel: the current notebook's connection,
 * its cluster, and the actions on it.
 */
import { Notification } from '@jupyterlab/apputils';
import { PageConfig } from '@jupyterlab/coreutils';
import type { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import type { IDisposable } from '@lumino/disposable';
import { Signal, type ISignal } from '@lumino/signaling';

import { hasCluster } from './cluster/status';
import { dashboardUrl } from './dashboard/url';
import { GatewayModel } from './gateway/model';
import { JobqueueModel } from './jobqueue/model';
import type { KernelAgentConnection } from './agent/connection';
import type { AgentConnectionManager } from './agent/manager';
import { ProfilesModel } from './profiles/model';
import {
  MAX_WORKERS,
  type Capability,
  type IAdapt,
  type IStartArgs,
  type ISiteSummary,
  type ISnapshot
} from './protocol';
import { RequestTracker } from './requests';
import { DEFAULT_SETTINGS, greetingOf } from './settings';
import type {
  IAgentConnection,
  IClusterActions,
  IDaskClusters,
  IDaskClustersSettings,
  IProfilesState,
  ISizingDefaults,
  KernelHost,
  PanelStatus,
  Sizing
} from './tokens';
import { loadTranslations } from './translation';
import {
  checkBounds,
  checkCount,
  checkSizing,
  parseSchedulerAddress,
  type ISizingForm
} from './validation';

const DEFAULT_WORKERS = 2;
const DEFAULT_ADAPT: IAdapt = { minimum: 1, maximum: 4 };

export class DaskClustersModel implements IDaskClusters, IDisposable {
  constructor(options: DaskClustersModel.IOptions) {
    this._notebooks = options.notebooks;
    this._connections = options.connections;
    this._trans = loadTranslations(options.translator);
    this._baseUrl = options.baseUrl ?? PageConfig.getBaseUrl();
    // Cluster and profile requests are tracked apart, so that listing the
    // profiles does not hold back a cluster; both for the current notebook.
    const followed = {
      connection: () => this._connection,
      trans: this._trans,
      onChange: () => this._changed.emit()
    };
    this._requests = new RequestTracker(followed);
    this._profiles = new ProfilesModel(followed);
    this._gateway = new GatewayModel(followed);
    this._jobqueue = new JobqueueModel(followed);
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
    this._connections.greeting = greetingOf(value);
    this._changed.emit();
  }

  get sizingForm(): ISizingForm | null {
    return this._sizingForm;
  }
  set sizingForm(value: ISizingForm | null) {
    this._sizingForm = value; // the form shows it already: nothing to re-render
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
    if (snapshot?.site && hasCluster(snapshot.status)) {
      return snapshot.site;
    }
    const known = (id: string | null | undefined): id is string =>
      !!id && !!this._site(id);
    const candidates = [
      this._connection && this._pickedSites.get(this._connection),
      this._settings.defaultSite,
      this.detectedSite
    ];
    return candidates.find(known) ?? this.sites[0]?.id ?? null;
  }

  get snapshot(): ISnapshot | null {
    return this._connection?.snapshot ?? null;
  }

  get dashboardUrl(): string | null {
    return this.dashboardUrlOf(this._connection);
  }

  connectionFor(notebook: KernelHost): KernelAgentConnection {
    return this._connections.connectionFor(notebook);
  }

  dashboardUrlOf(connection: IAgentConnection | null): string | null {
    return dashboardUrl(connection?.snapshot?.dashboard_link ?? null, {
      proxy: this._settings.dashboardProxy,
      baseUrl: this._baseUrl,
      hostAddresses: connection?.hello?.host_addresses
    });
  }

  /**
   * Whether a cluster request is pending, or one applying or clearing a
   * profile: the cluster should get the profile's credentials.
   */
  get busy(): boolean {
    return this._requests.pending.size > 0 || this._profiles.changing;
  }

  get error(): string | null {
    return this._requests.error;
  }

  get sizingDefaults(): ISizingDefaults {
    const snapshot = this.snapshot;
    if (snapshot && hasCluster(snapshot.status)) {
      const adapt = snapshot.adapt;
      return {
        mode: adapt ? 'adaptive' : 'fixed',
        workers: Math.min(snapshot.workers.requested, MAX_WORKERS),
        minimum: Math.min((adapt ?? DEFAULT_ADAPT).minimum, MAX_WORKERS),
        // An adopted cluster may adapt without a maximum: offer the most a request may ask.
        maximum: Math.min((adapt ?? DEFAULT_ADAPT).maximum, MAX_WORKERS)
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
    return this._profiles.state;
  }

  /**
   * The options and clusters of gateway sites.
   */
  get gateway(): GatewayModel {
    return this._gateway;
  }

  /**
   * A job-queue site's options before Start, and its job-script preview.
   */
  get jobqueue(): JobqueueModel {
    return this._jobqueue;
  }

  get actions(): IClusterActions {
    const pending = this._requests.pending;
    const cluster = this.snapshot?.status ?? 'none';
    const ready = this.status === 'ready';
    const idle = ready && !this.busy;
    // What the cluster shown supports (an agent before `capabilities`: all).
    const can = (action: Capability): boolean =>
      this.snapshot?.capabilities?.includes(action) ?? true;
    return {
      start:
        idle &&
        !hasCluster(cluster) &&
        !!this._site(this.selectedSite)?.available,
      scale: idle && cluster === 'running' && can('scale'),
      adapt: idle && cluster === 'running' && can('adapt'),
      // Stopping may interrupt a start, ours included.
      stop:
        ready &&
        !pending.has('stop') &&
        (cluster === 'starting' || cluster === 'running') &&
        can('stop')
    };
  }

  get canConnect(): boolean {
    const cluster = this.snapshot?.status ?? 'none';
    return this.status === 'ready' && !this.busy && !hasCluster(cluster);
  }

  selectSite(site: string): void {
    const connection = this._connection;
    if (connection && this._pickedSites.get(connection) !== site) {
      this._pickedSites.set(connection, site);
      this._changed.emit();
      this._showGateway();
    }
  }

  async start(site: string, sizing?: Sizing): Promise<void> {
    const problem = sizing ? checkSizing(sizing, this._trans) : null;
    if (problem) {
      return this._requests.refuse(problem);
    }
    const args: IStartArgs = { site };
    if (sizing?.mode === 'fixed') {
      args.workers = sizing.workers;
    } else if (sizing?.mode === 'adaptive') {
      args.adapt = { minimum: sizing.minimum, maximum: sizing.maximum };
    }
    const kind = this._site(site)?.kind;
    const options =
      kind === 'gateway'
        ? this._gateway.startOptions(site)
        : kind === 'jobqueue'
          ? this._jobqueue.overrides(site)
          : undefined;
    if (options) {
      args.options = options;
    }
    const label = this._site(site)?.label ?? site;
    const trans = this._trans;
    await this._requests.send('start', args, {
      timeoutMs: this._settings.requestTimeoutSeconds * 1000,
      pending: trans.__('Starting a Dask cluster on %1…', label),
      success: trans.__('The Dask cluster on %1 started.', label),
      failure: message =>
        trans.__('The Dask cluster on %1 did not start: %2', label, message)
    });
    this._reloadGatewayClusters(site);
  }

  async scale(workers: number): Promise<void> {
    const trans = this._trans;
    const problem = checkCount(workers, trans.__('Workers'), trans);
    if (problem) {
      return this._requests.refuse(problem);
    }
    await this._requests.send(
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
      return this._requests.refuse(problem);
    }
    await this._requests.send(
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
    if (this.snapshot?.status === 'starting') {
      // The kernel is busy with the start: a stop request would wait behind it,
      // then tear down the cluster the user just saw start. Cancel the start
      // instead; the agent closes what it had made.
      try {
        await this._connection?.interrupt();
      } catch (reason) {
        Notification.error(
          trans.__('Cancelling the start failed: %1', String(reason))
        );
      }
      return;
    }
    await this._requests.send(
      'stop',
      {},
      {
        failure: message =>
          trans.__('Stopping the Dask cluster failed: %1', message)
      }
    );
    this._reloadGatewayClusters(this.selectedSite);
  }

  async connectScheduler(address: string): Promise<void> {
    const trans = this._trans;
    const parsed = parseSchedulerAddress(address, trans);
    if (!parsed.ok) {
      return this._requests.refuse(parsed.message);
    }
    await this._requests.send(
      'connect_scheduler',
      { address: parsed.value },
      {
        pending: trans.__('Connecting to %1…', parsed.value),
        success: trans.__('Connected to %1.', parsed.value),
        failure: message => trans.__('Connecting failed: %1', message)
      }
    );
  }

  reloadProfiles(): Promise<void> {
    return this._profiles.reload();
  }

  useProfile(name: string, endpoint?: string): Promise<void> {
    return this._profiles.use(name, endpoint);
  }

  clearProfile(): Promise<void> {
    return this._profiles.clear();
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._connection = null;
    // Disconnects from the notebooks and the connection too.
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
   * Show what changed, then let the profiles follow a new greeting.
   */
  private _onConnectionChanged(): void {
    this._changed.emit();
    this._profiles.listAfterGreeting();
    this._showGateway();
  }

  /**
   * Load a gateway site's options and clusters when its section shows.
   */
  private _showGateway(): void {
    const site = this.selectedSite;
    if (site && this._site(site)?.kind === 'gateway') {
      this._gateway.show(site);
    }
  }

  private _reloadGatewayClusters(site: string | null): void {
    if (site && this._site(site)?.kind === 'gateway') {
      void this._gateway.reloadClusters(site);
    }
  }

  private _site(id: string | null): ISiteSummary | undefined {
    return this.sites.find(site => site.id === id);
  }

  private _notebooks: DaskClustersModel.INotebooks;
  private _connections: AgentConnectionManager;
  private _trans: TranslationBundle;
  private _baseUrl: string;
  private _settings: IDaskClustersSettings = DEFAULT_SETTINGS;
  private _sizingForm: ISizingForm | null = null;
  private _notebook: KernelHost | null = null;
  private _connection: KernelAgentConnection | null = null;
  /**
   * The site the user picked, by notebook.
   */
  private _pickedSites = new WeakMap<KernelAgentConnection, string>();
  private _requests: RequestTracker;
  private _profiles: ProfilesModel;
  private _gateway: GatewayModel;
  private _jobqueue: JobqueueModel;
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
