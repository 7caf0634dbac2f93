/**
 * Whether a start can work on a site, and the order the picker lists sites.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import type { ISiteSummary } from '../protocol';

/**
 * Why a start of `site` cannot work now, in words for the user, or null: the
 * kernel says it is unavailable (no gateway, no `sbatch`, a package missing),
 * or a required option has no value (`missing`, less what the user typed in
 * `edits`).
 */
export function siteProblem(
  site: ISiteSummary | undefined,
  missing: readonly string[],
  edits: { readonly [name: string]: unknown },
  trans: TranslationBundle
): string | null {
  if (!site) {
    return null;
  }
  if (!site.available) {
    return (
      site.reason ?? trans.__('%1 is not available in this kernel.', site.label)
    );
  }
  const needed = missing.filter(name => {
    const value = edits[name];
    return value === undefined || value === null || value === '';
  });
  return needed.length
    ? trans.__(
        '%1 needs a value for %2: type it under Job options.',
        site.label,
        needed.join(', ')
      )
    : null;
}

/**
 * The sites as the picker lists them: the detected one first, then the
 * others available, then those that are not.
 */
export function pickerOrder(
  sites: readonly ISiteSummary[],
  detected: string | null
): ISiteSummary[] {
  const rank = (site: ISiteSummary) =>
    site.id === detected ? 0 : site.available ? 1 : 2;
  // Array.prototype.sort is stable: the kernel's order within each rank.
  return [...sites].sort((a, b) => rank(a) - rank(b));
}
