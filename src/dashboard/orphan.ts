/**
 * A gateway cluster that outlives its notebook's kernel: what a dashboard
 * pane remembers of the gateway cluster it showed, to say what is true once
 * that kernel has gone (the cluster still runs on the gateway) rather than
 * "stopped".
 */
import type { IAgentConnection } from '../agent/types';
import type { IGatewayCluster, IHello } from '../protocol';

/**
 * What became of the gateway cluster a pane showed: `running` on the gateway
 * under `name` (listed by the new kernel, or last listed by the old one),
 * `unknown` while not listed at all.
 */
export type Orphan =
  { state: 'running'; name: string; site: string } | { state: 'unknown' };

/**
 * The gateway cluster seen running, by its dashboard link, and the greeting
 * of the kernel that had it.
 */
interface ISeen {
  link: string;
  site: string;
  hello: IHello | null;
}

export class GatewayOrphan {
  constructor(
    private _clustersOf: (
      connection: IAgentConnection,
      site: string
    ) => readonly IGatewayCluster[] | null
  ) {}

  /**
   * Look at `connection` now: null while its kernel holds the gateway cluster
   * seen (or stopped it, or there was none), else what became of it.
   */
  follow(connection: IAgentConnection): Orphan | null {
    const { snapshot, hello } = connection;
    if (
      snapshot?.status === 'running' &&
      snapshot.kind === 'gateway' &&
      snapshot.dashboard_link
    ) {
      this._seen = {
        link: snapshot.dashboard_link,
        site: snapshot.site ?? '',
        hello
      };
      return null;
    }
    const seen = this._seen;
    if (!seen) {
      return null;
    }
    // The same agent says its cluster stopped: a Stop, not a kernel gone.
    const sameKernel = connection.status === 'ready' && hello === seen.hello;
    if (sameKernel && snapshot?.status !== 'running') {
      this._seen = null;
      return null;
    }
    const listed = this._clustersOf(connection, seen.site);
    if (!listed) {
      return { state: 'unknown' };
    }
    // The list holds the user's pending and running clusters only.
    const found = listed.find(c => c.dashboard_link === seen.link);
    if (!found) {
      this._seen = null; // shut down meanwhile
      return null;
    }
    return { state: 'running', name: found.name, site: seen.site };
  }

  private _seen: ISeen | null = null;
}
