/**
 * The state of the Dask clusters panel: the current notebook's connection,
 * its cluster, and the actions on it.
 */
import { PageConfig } from '@jupyterlab/coreutils';
import type { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import type { IDisposable } from '@lumino/disposable';
import { Signal, type ISignal } from '@lumino/signaling';

import {
  ShownErrors,
  type ErrorPlace,
  type IShownError
} from './cluster/errors';
import { SizingForms } from './cluster/form';
import { ClusterModel } from './cluster/model';
import { dashboardSource, dashboardUrl } from './dashboard/url';
import type { GatewayModel } from './gateway/model';
import type { JobqueueModel } from './jobqueue/model';
import { KindParts } from './kinds';
import type { KernelAgentConnection } from './agent/connection';
import type { AgentConnectionManager } from './agent/manager';
import { ProfilesModel } from './profiles/model';
import type { ISiteSummary, ISnapshot } from './protocol';
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
import type { ISizingForm } from './tokens';

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
    this._cluster = new ClusterModel({
      ...followed,
      defaultSite: () => this._settings.defaultSite,
      startOptions: site => this._kinds.startOptions(site),
      timeoutMs: () => this._settings.requestTimeoutSeconds * 1000,
      changedOn: site => this._kinds.changedOn(site ?? this.selectedSite)
    });
    this._errors = new ShownErrors({ ...followed, source: this._cluster });
    this._profiles = new ProfilesModel(followed);
    this._kinds = new KindParts({
      ...followed,
      site: id => this._cluster.site(id)
    });
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
    return this._forms.get(this.selectedSite);
  }
  set sizingForm(value: ISizingForm | null) {
    this._forms.set(this.selectedSite, value); // shown already: no render
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
    const connection = this._connection;
    return connection?.status === 'unavailable' ? connection.message : null;
  }

  get sites(): readonly ISiteSummary[] {
    return this._cluster.sites;
  }

  get detectedSite(): string | null {
    return this._cluster.detectedSite;
  }

  get selectedSite(): string | null {
    return this._cluster.selectedSite;
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
    const snapshot = connection?.snapshot;
    return dashboardUrl(snapshot?.dashboard_link ?? null, {
      proxy: this._settings.dashboardProxy,
      source: dashboardSource(snapshot?.kind),
      baseUrl: this._baseUrl,
      hostAddresses: connection?.hello?.host_addresses
    });
  }

  // A profile being applied or cleared holds back the cluster (for its keys).
  get busy(): boolean {
    return this._cluster.pending.size > 0 || this._profiles.changing;
  }

  get error(): string | null {
    return this._cluster.error;
  }

  get shownError(): IShownError | null {
    return this._errors.shown(this.selectedSite);
  }

  dismissError(place: ErrorPlace): void {
    this._errors.dismiss(place, this.selectedSite);
  }

  get startProblem(): string | null {
    return this._kinds.startProblem(this.selectedSite);
  }

  get sizingDefaults(): ISizingDefaults {
    return this._cluster.sizingDefaults(this._cluster.site(this.selectedSite));
  }

  get profiles(): IProfilesState {
    return this._profiles.state;
  }

  get gateway(): GatewayModel {
    return this._kinds.gateway;
  }

  get jobqueue(): JobqueueModel {
    return this._kinds.jobqueue;
  }

  get actions(): IClusterActions {
    const startable = !!this.selectedSite && !this.startProblem;
    return this._cluster.actions(this.busy, startable);
  }

  get canConnect(): boolean {
    return this._cluster.canConnect(this.busy);
  }

  selectSite(site: string): void {
    this.dismissError('start'); // it was about the site left
    if (this._cluster.pick(site)) {
      this._changed.emit();
      this._kinds.show(this.selectedSite);
    }
  }

  start(site: string, sizing?: Sizing): Promise<void> {
    return this._cluster.start(site, sizing);
  }

  scale(workers: number): Promise<void> {
    return this._cluster.scale(workers);
  }

  adapt(minimum: number, maximum: number): Promise<void> {
    return this._cluster.adapt(minimum, maximum);
  }

  stop(): Promise<void> {
    return this._cluster.stop();
  }

  connectScheduler(address: string): Promise<void> {
    return this._cluster.connectScheduler(address);
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
    this._kinds.show(this.selectedSite);
    this._kinds.changedOn(this.selectedSite);
  }

  private _notebooks: DaskClustersModel.INotebooks;
  private _connections: AgentConnectionManager;
  private _trans: TranslationBundle;
  private _baseUrl: string;
  private _settings: IDaskClustersSettings = DEFAULT_SETTINGS;
  private _forms = new SizingForms(() => this._connection);
  private _notebook: KernelHost | null = null;
  private _connection: KernelAgentConnection | null = null;
  private _cluster: ClusterModel;
  private _errors: ShownErrors;
  private _profiles: ProfilesModel;
  private _kinds: KindParts;
  private _isDisposed = false;
  private _changed = new Signal<this, void>(this);
}

export namespace DaskClustersModel {
  /** What the model needs of a notebook tracker. */
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
