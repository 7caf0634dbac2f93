/**
 * The extension's settings, read from the settings registry.
 */
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import {
  isDict,
  isEndpointUrl,
  isSiteSpec,
  type IGreeting,
  type ISiteSpec,
  type ProfileEndpoints,
  type SiteSpecs
} from './protocol';
import type { IDaskClustersSettings } from './tokens';

/**
 * The settings when there is no settings registry. Without sites, the agent
 * uses its built-in ones, which are also the default of `sites` in the schema.
 */
export const DEFAULT_SETTINGS: IDaskClustersSettings = {
  sites: {},
  profileEndpoints: {},
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
  const sites: SiteSpecs = {};
  const specs = validEntries(composite.sites, isSiteSpec, 'site');
  for (const [id, spec] of Object.entries(specs)) {
    sites[id] = completeSiteSpec(spec);
  }
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

/**
 * What `settings` add to `hello`. Empty sites are left out, so that the agent
 * uses its built-in ones; so are empty profile endpoints.
 */
export function greetingOf(settings: IDaskClustersSettings): IGreeting {
  const greeting: IGreeting = {};
  if (Object.keys(settings.sites).length) {
    greeting.sites = settings.sites;
  }
  if (Object.keys(settings.profileEndpoints).length) {
    greeting.profile_endpoints = settings.profileEndpoints;
  }
  return greeting;
}
