/**
 * The extension's settings, read from the settings registry.
 */
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import {
  isDict,
  isEndpointUrl,
  isSiteSpec,
  type IGreeting,
  type ProfileEndpoints,
  type SiteSpecs
} from './protocol';
import { readDashboardProxy } from './dashboard/url';
import type { IDaskClustersSettings } from './tokens';

/**
 * The settings when there is no settings registry: the agent's built-in sites
 * (the only copy of them) as they are.
 */
export const DEFAULT_SETTINGS: IDaskClustersSettings = {
  sites: {},
  profileEndpoints: {},
  defaultSite: '',
  dashboardProxy: 'auto',
  requestTimeoutSeconds: 120
};

/**
 * The entries of the object `raw` that pass `check`, warning of the others.
 */
function validEntries<T>(
  raw: unknown,
  check: (value: unknown) => value is T,
  what: string
): { [key: string]: T } {
  const valid: { [key: string]: T } = {};
  if (isDict(raw)) {
    for (const [key, value] of Object.entries(raw)) {
      if (check(value)) {
        valid[key] = value;
      } else {
        console.warn(
          `jupyterlab-dask-clusters: ignored the invalid ${what} "${key}" in the settings.`
        );
      }
    }
  }
  return valid;
}

/**
 * Typed settings from the registry's composite, skipping what is invalid.
 */
export function readSettings(
  composite: ReadonlyPartialJSONObject
): IDaskClustersSettings {
  // As the user wrote them: an entry for a built-in site changes only the
  // fields it gives, which the agent merges into its own copy.
  const sites: SiteSpecs = validEntries(composite.sites, isSiteSpec, 'site');
  const profileEndpoints: ProfileEndpoints = validEntries(
    composite.profileEndpoints,
    isEndpointUrl,
    'profile endpoint'
  );
  const { defaultSite, dashboardProxy, requestTimeoutSeconds } = composite;
  return {
    sites,
    profileEndpoints,
    defaultSite:
      typeof defaultSite === 'string'
        ? defaultSite
        : DEFAULT_SETTINGS.defaultSite,
    dashboardProxy: readDashboardProxy(dashboardProxy),
    requestTimeoutSeconds:
      typeof requestTimeoutSeconds === 'number' && requestTimeoutSeconds > 0
        ? requestTimeoutSeconds
        : DEFAULT_SETTINGS.requestTimeoutSeconds
  };
}

/**
 * What `settings` add to `hello`: always both, so that an entry the user
 * removed is gone from the kernel too.
 */
export function greetingOf(settings: IDaskClustersSettings): IGreeting {
  return {
    sites: settings.sites,
    profile_endpoints: settings.profileEndpoints
  };
}
