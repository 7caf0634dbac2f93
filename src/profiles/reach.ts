/**
 * Where an applied AWS profile's variables are: said in the panel and in the
 * notifications of Apply and Clear, neither of which restarts a worker.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import type { ISnapshot } from '../protocol';

/**
 * The running cluster's number of workers, or null without a running one.
 */
export function runningWorkers(snapshot: ISnapshot | null): number | null {
  return snapshot?.status === 'running' ? snapshot.workers.ready : null;
}

/**
 * Where the applied profile's variables are set, for `workers` running
 * workers (null: no running cluster).
 */
export function profileReach(
  workers: number | null,
  trans: TranslationBundle
): string {
  if (workers === null) {
    return trans.__('the kernel; a cluster started now gets them');
  }
  return workers === 0
    ? trans.__("the kernel; the cluster's workers get them as they start")
    : trans._n(
        "the kernel and the cluster's %1 worker (not restarted); new workers get them too",
        "the kernel and the cluster's %1 workers (none restarted); new workers get them too",
        workers
      );
}

/**
 * The panel's one short sentence on where the applied profile's variables
 * are, for `workers` running workers (null: no running cluster).
 */
export function appliedTo(
  workers: number | null,
  trans: TranslationBundle
): string {
  if (workers === null) {
    return trans.__('Applied in the kernel; a cluster started now gets it.');
  }
  return workers === 0
    ? trans.__('Applied in the kernel; workers get it as they start.')
    : trans._n(
        'Applied in the kernel and its %1 worker.',
        'Applied in the kernel and its %1 workers.',
        workers
      );
}

/**
 * The notification of a profile applied (`name`) or cleared (null).
 */
export function profileChanged(
  name: string | null,
  snapshot: ISnapshot,
  trans: TranslationBundle
): string {
  const workers = runningWorkers(snapshot);
  if (name !== null) {
    return trans.__(
      'AWS profile "%1" applied: its variables are in %2.',
      name,
      profileReach(workers, trans)
    );
  }
  return !workers
    ? trans.__('AWS profile cleared from the kernel.')
    : trans._n(
        "AWS profile cleared from the kernel and the cluster's %1 worker, without restarting it.",
        "AWS profile cleared from the kernel and the cluster's %1 workers, without restarting them.",
        workers
      );
}
