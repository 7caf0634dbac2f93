/**
 * A local size beyond the machine: more threads or memory, over all the
 * workers a size asks for, than the kernel's host has. The panel says so
 * quietly before Start; the start is still the user's to make.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import { formatBytes } from '../components/format';
import type { IMachine, IWorkerSize } from '../protocol';
import type { Sizing } from '../tokens';

/**
 * What `sizing` would take beyond `machine`, one sentence each (none when
 * it fits, or when the site or the agent does not say what a worker takes).
 */
export function beyondMachine(
  sizing: Sizing,
  size: IWorkerSize | undefined,
  machine: IMachine | undefined,
  trans: TranslationBundle
): string[] {
  if (!size || !machine) {
    return [];
  }
  // An adaptive cluster may grow to its maximum.
  const workers = sizing.mode === 'fixed' ? sizing.workers : sizing.maximum;
  const found: string[] = [];
  if (size.threads !== null && workers * size.threads > machine.cpus) {
    found.push(
      trans._n(
        '%1 worker × %2 threads is more than the %3 cores of this machine: they would compete for them.',
        '%1 workers × %2 threads is more than the %3 cores of this machine: they would compete for them.',
        workers,
        size.threads,
        machine.cpus
      )
    );
  }
  if (
    size.memory !== null &&
    machine.memory !== null &&
    workers * size.memory > machine.memory
  ) {
    found.push(
      trans._n(
        '%1 worker × %2 is more memory than this machine has (%3).',
        '%1 workers × %2 is more memory than this machine has (%3).',
        workers,
        formatBytes(size.memory),
        formatBytes(machine.memory)
      )
    );
  }
  return found;
}
