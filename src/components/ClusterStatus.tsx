import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { sizeText } from '../cluster/size';
import { hasCluster } from '../cluster/status';
import type { ClusterStatus as Status, ISnapshot } from '../protocol';
import { Fact } from './controls';
import { formatBytes } from './format';

export interface IClusterStatusProps {
  /**
   * The kernel's latest snapshot; null when there is none (yet).
   */
  snapshot: ISnapshot | null;
  /**
   * The status to show: the snapshot's, unless it is about another site
   * (cluster/errors.ts `statusShown`); the snapshot's by default.
   */
  status?: Status;
  /**
   * The dashboard URL to open, already mapped for this browser.
   */
  dashboardUrl: string | null;
  trans: TranslationBundle;
}

/**
 * The status words, which are also the protocol's, so tests can read them.
 */
function statusWord(status: Status, trans: TranslationBundle): string {
  const words: { [S in Status]: string } = {
    none: trans.__('no cluster'),
    starting: trans.__('starting'),
    running: trans.__('running'),
    stopping: trans.__('stopping'),
    stopped: trans.__('stopped'),
    failed: trans.__('failed')
  };
  return words[status];
}

/**
 * The cluster in the current notebook's kernel, as its last snapshot says.
 */
export function ClusterStatus(props: IClusterStatusProps): JSX.Element {
  const { snapshot, dashboardUrl, trans } = props;
  const status = props.status ?? snapshot?.status ?? 'none';
  // Numbers only while there is a cluster to count.
  const shown = snapshot && hasCluster(status) ? snapshot : null;
  const { ready, requested } = shown?.workers ?? { ready: 0, requested: 0 };
  const arriving =
    (status === 'starting' || status === 'running') && ready < requested;
  return (
    <section
      className="jp-DaskClusters-cluster"
      aria-label={trans.__('Cluster')}
      title={snapshot?.name ?? undefined}
    >
      <dl className="jp-DaskClusters-facts">
        <Fact
          term={trans.__('Status')}
          data-testid="dask-cluster-status"
          className={`jp-DaskClusters-state jp-mod-${status}`}
        >
          {statusWord(status, trans)}
        </Fact>
        {shown && (
          <Fact term={trans.__('Workers')}>
            <span data-testid="dask-cluster-workers">
              {sizeText(shown, trans)}
            </span>
            {arriving && (
              <progress
                className="jp-DaskClusters-progress"
                value={ready}
                max={requested}
                aria-label={trans.__('Arrived so far')}
              />
            )}
          </Fact>
        )}
        {shown && ready > 0 && (
          <>
            <Fact term={trans.__('Threads')} data-testid="dask-cluster-threads">
              {shown.threads}
            </Fact>
            <Fact term={trans.__('Memory')} data-testid="dask-cluster-memory">
              {/* The agent reports 0 when the workers' memory is unlimited or unknown. */}
              {shown.memory ? formatBytes(shown.memory) : trans.__('unknown')}
            </Fact>
          </>
        )}
        {dashboardUrl && (
          <Fact
            term={trans.__('Dashboard')}
            className="jp-DaskClusters-dashboard"
          >
            <a
              data-testid="dask-cluster-dashboard"
              href={dashboardUrl}
              target="_blank"
              rel="noopener noreferrer"
              title={dashboardUrl}
            >
              {dashboardUrl}
            </a>
          </Fact>
        )}
      </dl>
    </section>
  );
}
