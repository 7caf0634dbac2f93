/**
 * The sites of the current notebook's kernel, and which one the panel shows:
 * the cluster's own, else the one the user picked for that notebook, else
 * the settings' default, the detected one, or the first.
 */
import type { ISiteSummary } from '../protocol';
import type { IAgentConnection } from '../agent/types';
import { hasCluster } from './status';

export class SiteSelection {
  constructor(options: SiteSelection.IOptions) {
    this._connection = options.connection;
    this._defaultSite = options.defaultSite;
  }

  get sites(): readonly ISiteSummary[] {
    return this._connection()?.hello?.sites ?? [];
  }

  get detected(): string | null {
    return this._connection()?.hello?.detected_site ?? null;
  }

  get selected(): string | null {
    const connection = this._connection();
    const snapshot = connection?.snapshot;
    if (snapshot?.site && hasCluster(snapshot.status)) {
      return snapshot.site;
    }
    const known = (id: string | null | undefined): id is string =>
      !!id && !!this.site(id);
    const candidates = [
      connection && this._picked.get(connection),
      this._defaultSite(),
      this.detected
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

  private _connection: () => IAgentConnection | null;
  private _defaultSite: () => string;
  /**
   * The site the user picked, by notebook.
   */
  private _picked = new WeakMap<IAgentConnection, string>();
}

export namespace SiteSelection {
  export interface IOptions {
    /**
     * The connection of the current notebook, which the owner follows.
     */
    connection: () => IAgentConnection | null;
    defaultSite: () => string;
  }
}
