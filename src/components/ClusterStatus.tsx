import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type { ClusterStatus as Status, ISnapshot } from '../protocol';
import { formatBytes } from './format';

export interface IClusterStatusProps {
  /**
   * The kernel's latest snapshot; null when there is none (yet).
   */
  snapshot: ISnapshot | null;
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
  const status = snapshot?.status ?? 'none';
  const { ready, requested } = snapshot?.workers ?? {
    ready: 0,
    requested: 0
  };
  const arriving =
    (status === 'starting' || status === 'running') && ready < requested;
  return (
    <section
      className="jp-DaskClusters-cluster"
      aria-label={trans.__('Cluster')}
      title={snapshot?.name ?? undefined}
    >
      <dl className="jp-DaskClusters-facts">
        <dt>{trans.__('Status')}</dt>
        <dd
          data-testid="dask-cluster-status"
          className={`jp-DaskClusters-state jp-mod-${status}`}
        >
          {statusWord(status, trans)}
        </dd>
        <dt>{trans.__('Workers')}</dt>
        <dd>
          <span data-testid="dask-cluster-workers">
            {trans.__('%1 / %2 workers', ready, requested)}
          </span>
          {arriving && (
            <progress
              className="jp-DaskClusters-progress"
              value={ready}
              max={requested}
              aria-label={trans.__('Arrived so far')}
            />
          )}
        </dd>
        {snapshot?.adapt && (
          <>
            <dt>{trans.__('Adaptive')}</dt>
            <dd>
              {trans.__(
                '%1 to %2',
                snapshot.adapt.minimum,
                snapshot.adapt.maximum
              )}
            </dd>
          </>
        )}
        <dt>{trans.__('Threads')}</dt>
        <dd data-testid="dask-cluster-threads">{snapshot?.threads ?? 0}</dd>
        <dt>{trans.__('Memory')}</dt>
        <dd data-testid="dask-cluster-memory">
          {/* The agent reports 0 when the workers' memory is unlimited or unknown. */}
          {ready > 0 && !snapshot?.memory
            ? trans.__('unknown')
            : formatBytes(snapshot?.memory ?? 0)}
        </dd>
        {dashboardUrl && (
          <>
            <dt>{trans.__('Dashboard')}</dt>
            <dd className="jp-DaskClusters-dashboard">
              <a
                data-testid="dask-cluster-dashboard"
                href={dashboardUrl}
                target="_blank"
                rel="noopener noreferrer"
                title={dashboardUrl}
              >
                {dashboardUrl}
              </a>
            </dd>
          </>
        )}
      </dl>
      {snapshot?.error && (
        <p className="jp-DaskClusters-error">{snapshot.error}</p>
      )}
    </section>
  );
}
