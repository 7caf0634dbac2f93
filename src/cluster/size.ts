/**
 * A cluster's size in words: the one form the panel, the status bar and the
 * notifications use (the kernel's `cluster/size.py` writes the same for the
 * magic). Fixed: `2 / 2 workers` (ready / requested); adaptive: `1 (1–4)
 * workers` (ready, then the bounds).
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import type { ISnapshot } from '../protocol';

/**
 * What a snapshot reports as the maximum of a cluster adapting without one.
 */
export const UNBOUNDED = 2147483647;

export function sizeText(
  snapshot: Pick<ISnapshot, 'workers' | 'adapt'>,
  trans: TranslationBundle
): string {
  const { workers, adapt } = snapshot;
  if (adapt) {
    const maximum = adapt.maximum >= UNBOUNDED ? '∞' : String(adapt.maximum);
    return trans.__(
      '%1 (%2–%3) workers',
      workers.ready,
      adapt.minimum,
      maximum
    );
  }
  return trans.__('%1 / %2 workers', workers.ready, workers.requested);
}
