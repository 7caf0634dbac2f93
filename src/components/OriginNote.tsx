import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type { ISnapshot } from '../protocol';

/**
 * Where the cluster shown comes from, when the panel did not start it, and
 * whether the kernel has other clients.
 */
export function OriginNote(props: {
  snapshot: ISnapshot | null;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { snapshot, trans } = props;
  const origin = snapshot?.origin;
  const others = snapshot?.other_clients ?? 0;
  const lines: string[] = [];
  if (origin === 'adopted') {
    lines.push(trans.__('Made in the notebook.'));
  } else if (origin === 'connected') {
    lines.push(
      trans.__('A scheduler without a cluster manager: Stop disconnects.')
    );
  }
  if (others > 0) {
    lines.push(
      trans._n(
        'The default client; %1 other client in this kernel.',
        'The default client; %1 other clients in this kernel.',
        others
      )
    );
  }
  if (!lines.length) {
    return null;
  }
  return (
    <div className="jp-DaskClusters-origin" data-testid="dask-cluster-origin">
      {lines.map(line => (
        <p key={line} className="jp-DaskClusters-note">
          {line}
        </p>
      ))}
    </div>
  );
}
