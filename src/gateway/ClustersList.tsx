import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { Fact, FormButton, SectionHeader } from '../components/controls';
import type { IGatewayCluster } from '../protocol';

export interface IGatewayClustersProps {
  clusters: readonly IGatewayCluster[] | null;
  /**
   * Whether the kernel has a cluster of its own: then none can be connected.
   */
  kernelHasCluster: boolean;
  busy: boolean;
  trans: TranslationBundle;
  onReload: () => void;
  onConnect: (name: string) => void;
  /**
   * Shut `name` down (the command asks the user first).
   */
  onShutdown: (name: string) => void;
}

/**
 * How long ago, in words.
 */
function age(started: number | null, trans: TranslationBundle): string {
  if (started === null) {
    return trans.__('unknown');
  }
  const seconds = Math.max(0, Math.round(Date.now() / 1000 - started));
  if (seconds < 120) {
    return trans.__('%1 s', seconds);
  }
  if (seconds < 7200) {
    return trans.__('%1 min', Math.floor(seconds / 60));
  }
  return trans.__('%1 h', Math.floor(seconds / 3600));
}

/**
 * The user's pending and running clusters on the gateway, those of other
 * notebooks and of kernels that died included: connect to one, or shut one
 * down (after a confirmation that names it).
 */
export function GatewayClustersList(props: IGatewayClustersProps): JSX.Element {
  const { clusters, busy, trans } = props;
  const title = trans.__('Gateway clusters');
  const reload = trans.__('Reload gateway clusters');

  return (
    <section
      className="jp-DaskClusters-gatewayClusters"
      aria-label={title}
      data-testid="dask-gateway-clusters"
    >
      <SectionHeader
        title={title}
        reloadLabel={reload}
        disabled={busy}
        onReload={props.onReload}
      />
      {clusters?.length === 0 && (
        <p className="jp-DaskClusters-note">
          {trans.__('No pending or running clusters.')}
        </p>
      )}
      <ul className="jp-DaskClusters-clusterList">
        {(clusters ?? []).map(cluster => (
          <li key={cluster.name} data-name={cluster.name}>
            <dl className="jp-DaskClusters-facts">
              <Fact term={trans.__('Name')} title={cluster.name}>
                {cluster.current
                  ? trans.__('%1 (this notebook)', cluster.name)
                  : cluster.name}
              </Fact>
              <Fact
                term={trans.__('Status')}
                className={`jp-DaskClusters-state jp-mod-${cluster.status}`}
              >
                {cluster.status}
              </Fact>
              <Fact term={trans.__('Workers')}>
                {/* The gateway gives no count for a pending cluster, or a dashboard that does not answer. */}
                {cluster.workers ?? trans.__('unknown')}
              </Fact>
              <Fact term={trans.__('Age')}>{age(cluster.started, trans)}</Fact>
              {cluster.dashboard_link && (
                <Fact
                  term={trans.__('Dashboard')}
                  className="jp-DaskClusters-dashboard"
                >
                  <a
                    href={cluster.dashboard_link}
                    target="_blank"
                    rel="noopener noreferrer"
                  >
                    {cluster.dashboard_link}
                  </a>
                </Fact>
              )}
            </dl>
            <div className="jp-DaskClusters-buttons">
              <FormButton
                className="jp-mod-accept"
                disabled={
                  busy || props.kernelHasCluster || cluster.status !== 'running'
                }
                onClick={() => props.onConnect(cluster.name)}
              >
                {trans.__('Connect')}
              </FormButton>
              <FormButton
                className="jp-mod-warn"
                disabled={busy}
                onClick={() => props.onShutdown(cluster.name)}
              >
                {trans.__('Shut down')}
              </FormButton>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
