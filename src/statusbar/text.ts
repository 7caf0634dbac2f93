import type { TranslationBundle } from '@jupyterlab/translation';

import { sizeText } from '../cluster/size';
import type { ISnapshot } from '../protocol';

/**
 * The status bar's words for a cluster, e.g. "Dask: 4 (2–30) workers ·
 * nebari", its size as the panel says it; null when the kernel has no
 * cluster.
 */
export function statusText(
  snapshot: ISnapshot | null,
  trans: TranslationBundle
): string | null {
  switch (snapshot?.status) {
    case 'starting':
      return trans.__('Dask: starting…');
    case 'stopping':
      return trans.__('Dask: stopping…');
    case 'running': {
      const size = sizeText(snapshot, trans);
      return snapshot.site
        ? trans.__('Dask: %1 · %2', size, snapshot.site)
        : trans.__('Dask: %1', size);
    }
    default:
      return null;
  }
}
