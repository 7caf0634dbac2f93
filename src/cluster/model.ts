/**
 * The cluster part of the panel's model, which owns it: the current
 * notebook's sites and the one shown, the requests that start, scale, adapt,
 * stop or connect its cluster, and what the cluster shown lets the panel do.
 */
import { Notification } from '@jupyterlab/apputils';
import type { JSONObject } from '@lumino/coreutils';

import {
  MAX_WORKERS,
  type Capability,
  type IAdapt,
  type IStartArgs,
  type ISiteSummary,
  type ISnapshot
} from '../protocol';
import type { IAgentConnection } from '../agent/types';
import { RequestTracker } from '../requests';
import type { IClusterActions, ISizingDefaults, Sizing } from '../tokens';
import {
  checkBounds,
  checkCount,
  checkSizing,
  parseSchedulerAddress
} from '../validation';
import { hasCluster } from './status';

const DEFAULT_WORKERS = 2;
const DEFAULT_ADAPT: IAdapt = { minimum: 1, maximum: 4 };

/**
 * The tracker of the cluster requests, with what they need of the panel.
 */
export class ClusterModel extends RequestTracker {
  constructor(options: ClusterModel.IOptions) {
    super(options);
    this._options = options;
  }

  get snapshot(): ISnapshot | null {
    return this._connection()?.snapshot ?? null;
  }

  get sites(): readonly ISiteSummary[] {
    return this._connection()?.hello?.sites ?? [];
  }

  get detectedSite(): string | null {
    return this._connection()?.hello?.detected_site ?? null;
  }

  /**
   * The site shown: the cluster's own, else the one the user picked for this
   * notebook, else the settings' default, the detected one, or the first.
   */
  get selectedSite(): string | null {
    const connection = this._connection();
    const snapshot = connection?.snapshot;
    if (snapshot?.site && hasCluster(snapshot.status)) {
      return snapshot.site;
    }
    const known = (id: string | null | undefined): id is string =>
      !!id && !!this.site(id);
    const candidates = [
      connection && this._picked.get(connection),
      this._options.defaultSite(),
      this.detectedSite
    ];
    return candidates.find(known) ?? this.sites[0]?.id ?? null;
  }

  /**
   * The site of this id, if the kernel has it.
   */
  site(id: string | null): ISiteSummary | undefined {
    return this.sites.find(site => site.id === id);
  }

  /**
   * Remember `site` as the user's pick for the current notebook; whether
   * that changed anything.
   */
  pick(site: string): boolean {
    const connection = this._connection();
    if (!connection || this._picked.get(connection) === site) {
      return false;
    }
    this._picked.set(connection, site);
    return true;
  }

  /**
   * The site the current notebook's last start was for.
   */
  get startSite(): string | null {
    const connection = this._connection();
    return (connection && this._startSites.get(connection)) ?? null;
  }

  /**
   * What the sizing form starts from: the cluster's own sizing while there
   * is one, else `site`'s.
   */
  sizingDefaults(site: ISiteSummary | undefined): ISizingDefaults {
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
    return {
      mode: site?.adapt ? 'adaptive' : 'fixed',
      workers: site?.workers ?? DEFAULT_WORKERS,
      ...(site?.adapt ?? DEFAULT_ADAPT)
    };
  }

  /**
   * The actions on the cluster, while the panel is `busy` or not, and the
   * selected site is `available` or not.
   */
  actions(busy: boolean, available: boolean): IClusterActions {
    const pending = this.pending;
    const cluster = this.snapshot?.status ?? 'none';
    const ready = this._connection()?.status === 'ready';
    const idle = ready && !busy;
    // What the cluster shown supports (an agent before `capabilities`: all).
    const can = (action: Capability): boolean =>
      this.snapshot?.capabilities?.includes(action) ?? true;
    return {
      start: idle && !hasCluster(cluster) && available,
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

  canConnect(busy: boolean): boolean {
    const cluster = this.snapshot?.status ?? 'none';
    return (
      this._connection()?.status === 'ready' && !busy && !hasCluster(cluster)
    );
  }

  async start(site: string, sizing?: Sizing): Promise<void> {
    const problem = sizing ? checkSizing(sizing, this._trans) : null;
    if (problem) {
      return this.refuse(problem);
    }
    const args: IStartArgs = { site };
    if (sizing?.mode === 'fixed') {
      args.workers = sizing.workers;
    } else if (sizing?.mode === 'adaptive') {
      args.adapt = { minimum: sizing.minimum, maximum: sizing.maximum };
    }
    const options = this._options.startOptions(site);
    if (options) {
      args.options = options;
    }
    const label = this.site(site)?.label ?? site;
    const trans = this._trans;
    const connection = this._connection();
    if (connection) {
      this._startSites.set(connection, site);
    }
    const started = await this.send('start', args, {
      timeoutMs: this._options.timeoutMs(),
      pending: trans.__('Starting a Dask cluster on %1…', label),
      success: trans.__('The Dask cluster on %1 started.', label),
      failure: message =>
        trans.__('The Dask cluster on %1 did not start: %2', label, message)
    });
    // A failed start left nothing on the gateway: its list has not changed.
    if (started) {
      this._options.changedOn(site);
    }
  }

  async scale(workers: number): Promise<void> {
    const trans = this._trans;
    const problem = checkCount(workers, trans.__('Workers'), trans);
    if (problem) {
      return this.refuse(problem);
    }
    await this.send(
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
      return this.refuse(problem);
    }
    await this.send(
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
        await this._connection()?.interrupt();
      } catch (reason) {
        Notification.error(
          trans.__('Cancelling the start failed: %1', String(reason))
        );
      }
      return;
    }
    await this.send(
      'stop',
      {},
      {
        failure: message =>
          trans.__('Stopping the Dask cluster failed: %1', message)
      }
    );
    this._options.changedOn();
  }

  async connectScheduler(address: string): Promise<void> {
    const trans = this._trans;
    const parsed = parseSchedulerAddress(address, trans);
    if (!parsed.ok) {
      return this.refuse(parsed.message);
    }
    await this.send(
      'connect_scheduler',
      { address: parsed.value },
      {
        pending: trans.__('Connecting to %1…', parsed.value),
        success: trans.__('Connected to %1.', parsed.value),
        failure: message => trans.__('Connecting failed: %1', message)
      }
    );
  }

  private _options: ClusterModel.IOptions;
  /**
   * The site the user picked, by notebook.
   */
  private _picked = new WeakMap<IAgentConnection, string>();
  /**
   * The site of each notebook's last start.
   */
  private _startSites = new WeakMap<IAgentConnection, string>();
}

export namespace ClusterModel {
  export interface IOptions extends RequestTracker.IOptions {
    defaultSite: () => string;
    /**
     * The options a start of `site` sends, which its kind's part of the
     * panel keeps (a gateway's form, a job queue's overrides).
     */
    startOptions: (site: string) => JSONObject | undefined;
    /**
     * How long a start may take.
     */
    timeoutMs: () => number;
    /**
     * Called after a start on `site` or a stop (on the site selected then),
     * whatever its outcome.
     */
    changedOn: (site?: string) => void;
  }
}
