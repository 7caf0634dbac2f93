/**
 * The Dask Gateway part of the panel: the gateway's options form and the
 * user's clusters on it, for the current notebook's kernel.
 */
import type { JSONObject, JSONValue } from '@lumino/coreutils';

import type {
  IGatewayCluster,
  IGatewayClusters,
  IGatewayOptions,
  IHello
} from '../protocol';
import { RequestTracker } from '../requests';
import type { IAgentConnection } from '../agent/types';

/**
 * What the panel shows of a gateway site.
 */
export interface IGatewayState {
  /**
   * The gateway's options, as it described them; null until they arrive.
   */
  readonly options: IGatewayOptions | null;
  /**
   * The form's values: where the kernel said a start begins, with the user's
   * changes on top.
   */
  readonly values: JSONObject;
  /**
   * The user's clusters on the gateway; null until listed.
   */
  readonly clusters: readonly IGatewayCluster[] | null;
  /**
   * Why the last gateway request failed (unreachable, credentials refused…).
   */
  readonly error: string | null;
  readonly loading: boolean;
  /**
   * Whether a gateway request waits, or the kernel is not connected.
   */
  readonly busy: boolean;
}

/**
 * What one notebook's kernel told about one gateway site.
 */
interface ISiteListing {
  options: IGatewayOptions | null;
  values: JSONObject;
  clusters: IGatewayCluster[] | null;
}

/**
 * Requests about gateway sites, tracked apart from the cluster's and the
 * profiles' so that a slow gateway holds nothing else back.
 */
export class GatewayModel extends RequestTracker {
  /**
   * The state of `site` for the current notebook.
   */
  state(site: string | null): IGatewayState {
    const listing = site ? this._listing(site) : undefined;
    const pending = this.pending;
    return {
      options: listing?.options ?? null,
      values: listing?.values ?? {},
      clusters: listing?.clusters ?? null,
      error: this.error,
      loading:
        pending.has('gateway_options') || pending.has('gateway_clusters'),
      busy: this._connection()?.status !== 'ready' || pending.size > 0
    };
  }

  /**
   * The values a start on `site` sends as its options, once the form shows.
   */
  startOptions(site: string): JSONObject | undefined {
    const listing = this._listing(site);
    return listing?.options ? listing.values : undefined;
  }

  /**
   * Load the options and the clusters of a gateway `site` when the section
   * shows for a new greeting (a connection, a restart, new settings).
   */
  show(site: string): void {
    const connection = this._connection();
    const hello = connection?.hello;
    if (!connection || !hello || connection.status !== 'ready') {
      return;
    }
    const shown = this._shownAfter.get(connection);
    if (shown?.hello === hello && shown.site === site) {
      return;
    }
    this._shownAfter.set(connection, { hello, site });
    void this.reload(site);
  }

  /**
   * Ask the gateway again for its options and the user's clusters.
   */
  async reload(site: string): Promise<void> {
    const connection = this._connection();
    const options = await this.send('gateway_options', { site });
    if (connection && options) {
      this._store(connection, site, { options, values: { ...options.values } });
      await this.reloadClusters(site);
    }
  }

  async reloadClusters(site: string): Promise<void> {
    const connection = this._connection();
    if (this.pending.has('gateway_clusters')) {
      // One listing at a time; the last change asks once more after it.
      this._listAgain.add(site);
      return;
    }
    this._keepClusters(
      connection,
      site,
      await this.send('gateway_clusters', { site })
    );
    if (this._listAgain.delete(site)) {
      await this.reloadClusters(site);
    }
  }

  /**
   * The gateway clusters listed for `connection` (a notebook's kernel, current
   * or not) on `site`; null until listed.
   */
  clustersOf(
    connection: IAgentConnection | null,
    site: string
  ): readonly IGatewayCluster[] | null {
    return (
      (connection && this._listings.get(connection)?.get(site)?.clusters) ??
      null
    );
  }

  /**
   * The current kernel's state changed: once its cluster settles at a new size
   * or status, list the clusters again (the section then says what the panel
   * says; no timer, the kernel's pushes are what ask).
   */
  followCluster(site: string): void {
    const connection = this._connection();
    const snapshot = connection?.snapshot;
    if (!connection || !snapshot || connection.status !== 'ready') {
      return;
    }
    const { status, name, workers } = snapshot;
    if (status === 'starting' || status === 'stopping') {
      return; // the kernel is busy with it: ask once it is done
    }
    const seen = [status, name, workers.ready, workers.requested].join('|');
    const before = this._followed.get(connection);
    this._followed.set(connection, seen);
    if (
      before !== undefined &&
      before !== seen &&
      this._listing(site)?.clusters
    ) {
      void this.reloadClusters(site);
    }
  }

  setValue(site: string, name: string, value: JSONValue): void {
    const connection = this._connection();
    const listing = connection && this._listings.get(connection)?.get(site);
    if (listing) {
      listing.values = { ...listing.values, [name]: value };
      this._onChange();
    }
  }

  /**
   * Make the gateway cluster `name` the kernel's cluster.
   */
  async connect(site: string, name: string): Promise<void> {
    const trans = this._trans;
    const connected = await this.send(
      'gateway_connect',
      { site, name },
      {
        failure: message =>
          trans.__(
            'Connecting to the gateway cluster %1 failed: %2',
            name,
            message
          )
      }
    );
    if (connected) {
      await this.reloadClusters(site);
    }
  }

  /**
   * Shut the gateway cluster `name` down (the caller has asked the user).
   */
  async shutdown(site: string, name: string): Promise<void> {
    const trans = this._trans;
    const connection = this._connection();
    const listing = await this.send(
      'gateway_shutdown',
      { site, name },
      {
        failure: message =>
          trans.__(
            'Shutting down the gateway cluster %1 failed: %2',
            name,
            message
          )
      }
    );
    this._keepClusters(connection, site, listing);
  }

  private _keepClusters(
    connection: IAgentConnection | null,
    site: string,
    listing: IGatewayClusters | undefined
  ): void {
    if (connection && listing) {
      this._store(connection, site, { clusters: listing.clusters });
    }
  }

  private _store(
    connection: IAgentConnection,
    site: string,
    changes: Partial<ISiteListing>
  ): void {
    let sites = this._listings.get(connection);
    if (!sites) {
      sites = new Map();
      this._listings.set(connection, sites);
    }
    const old = sites.get(site) ?? {
      options: null,
      values: {},
      clusters: null
    };
    sites.set(site, { ...old, ...changes });
    this._onChange();
  }

  private _listing(site: string): ISiteListing | undefined {
    const connection = this._connection();
    return connection ? this._listings.get(connection)?.get(site) : undefined;
  }

  private _listings = new WeakMap<
    IAgentConnection,
    Map<string, ISiteListing>
  >();
  /**
   * The kernel's cluster as last followed: status, name and sizes.
   */
  private _followed = new WeakMap<IAgentConnection, string>();
  private _listAgain = new Set<string>();
  private _shownAfter = new WeakMap<
    IAgentConnection,
    { hello: IHello; site: string }
  >();
}
