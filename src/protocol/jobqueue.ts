/**
 * dask-jobqueue's messages: a job-queue cluster's batch jobs (in the
 * snapshot), and the previews of a start (`site_options`, `job_script`).
 */
import type { JSONObject } from '@lumino/coreutils';

import { both, dictOf, listOf, nullable, object, oneOf } from './checks';
import type { Guard } from './checks';
import { isJSONObject, isName, isString } from './values';

/**
 * A batch job of a job-queue cluster: its queue id (null until submitted)
 * and state (`submitting`, `queued`, `submitted`, `running`, `ending`,
 * `ended`, or the queue's own word).
 */
export interface IJobSummary {
  id: string | null;
  state: string;
}

/**
 * Where an option's value comes from.
 */
export type OptionSource = 'request' | 'site' | 'dask config' | 'unset';

/**
 * The options a start of `site` would use, before it starts.
 */
export interface ISiteOptions {
  site: string;
  options: JSONObject;
  sources: { [name: string]: OptionSource };
  /**
   * Required options with no value anywhere: a start is refused.
   */
  missing: string[];
}

/**
 * What a job-queue site's submit command would receive.
 */
export interface IJobScript {
  site: string;
  job_script: string;
}

/**
 * The arguments of `site_options` and `job_script`.
 */
export interface ISiteOptionsArgs {
  site: string;
  options?: JSONObject;
}

export const isJobSummary = object({
  id: nullable(isString),
  state: isName
}) as Guard<IJobSummary>;

export const isSiteOptions = both(
  object({
    site: isName,
    options: isJSONObject,
    sources: dictOf(oneOf('request', 'site', 'dask config', 'unset')),
    missing: listOf(isString)
  }),
  // One source for each option, and only options are missing.
  value => {
    const { options, sources, missing } = value as ISiteOptions;
    const names = Object.keys(options);
    return (
      names.length === Object.keys(sources).length &&
      names.every(name => name in sources) &&
      missing.every(name => name in options)
    );
  }
) as Guard<ISiteOptions>;

export const isJobScript = object({
  site: isName,
  job_script: isName
}) as Guard<IJobScript>;

export const siteOptionsArgs = object(
  { site: isName },
  { options: isJSONObject }
);
