import type { TranslationBundle } from '@jupyterlab/translation';

import type { ISnapshot } from '../protocol';

/**
 * The status bar's words for a cluster, e.g. "Dask: 4/30 · nebari" (ready
 * workers of the adaptive maximum, else of those requested); null when the
 * kernel has no cluster.
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
      const { workers, adapt, site } = snapshot;
      const of = adapt ? adapt.maximum : workers.requested;
      return trans.__('Dask: %1/%2 · %3', workers.ready, of, site ?? '');
    }
    default:
      return null;
  }
}
