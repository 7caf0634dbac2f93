/**
 * The extension's settings, read from the settings registry.
 */
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import { isSiteSpec, type ISiteSpec, type SiteSpecs } from './protocol';
import type { IDaskClustersSettings } from './tokens';

/**
 * The settings when there is no settings registry. Without sites, the agent
 * uses its built-in ones, which are also the default of `sites` in the schema.
 */
export const DEFAULT_SETTINGS: IDaskClustersSettings = {
  sites: {},
  defaultSite: '',
  dashboardProxy: true,
  requestTimeoutSeconds: 120
};

/**
 * A site with every optional key spelled out, as the agent's built-ins are.
 */
function completeSiteSpec(spec: ISiteSpec): ISiteSpec {
  return {
    ...spec,
    options: spec.options ?? {},
    workers: spec.workers ?? null,
    adapt: spec.adapt ?? null,
    detect: spec.detect ?? null,
    env: spec.env ?? {}
  };
}

/**
 * Typed settings from the registry's composite, skipping what is invalid.
 */
export function readSettings(
  composite: ReadonlyPartialJSONObject
): IDaskClustersSettings {
  const sites: SiteSpecs = {};
  const rawSites = composite.sites;
  if (rawSites && typeof rawSites === 'object' && !Array.isArray(rawSites)) {
    for (const [id, spec] of Object.entries(rawSites)) {
      if (isSiteSpec(spec)) {
        sites[id] = completeSiteSpec(spec);
      } else {
        console.warn(
          `jupyterlab-dask-clusters: ignored the invalid site "${id}" in the settings.`
        );
      }
    }
  }
  const { defaultSite, dashboardProxy, requestTimeoutSeconds } = composite;
  return {
    sites,
    defaultSite:
      typeof defaultSite === 'string'
        ? defaultSite
        : DEFAULT_SETTINGS.defaultSite,
    dashboardProxy:
      typeof dashboardProxy === 'boolean'
        ? dashboardProxy
        : DEFAULT_SETTINGS.dashboardProxy,
    requestTimeoutSeconds:
      typeof requestTimeoutSeconds === 'number' && requestTimeoutSeconds > 0
        ? requestTimeoutSeconds
        : DEFAULT_SETTINGS.requestTimeoutSeconds
  };
}
