/**
 * Sites: as the user's settings write them, and as the agent resolved them
 * in the kernel (in `hello`).
 */
import type { JSONObject } from '@lumino/coreutils';

import { anyOf, dictOf, listOf, nullable, object, oneOf } from './checks';
import type { Check, Guard } from './checks';
import { isCount, isJSONObject, isName, isString } from './values';
import { isAdapt, isAdaptRequest, isKind, isWorkerCount } from './cluster';
import type { IAdapt, SiteKind } from './cluster';

export type SiteDetection =
  { env: { [name: string]: string[] } } | { dask_config: string };

/**
 * A site as written in the settings; see PROTOCOL.md for the meaning of each
 * key. Every key is optional: an entry for a built-in site changes only the
 * fields it gives; the agent requires `label` and `kind` of a new site.
 */
export interface ISiteSpec {
  label?: string;
  kind?: SiteKind;
  jobqueue?: string;
  class?: string;
  options?: JSONObject;
  workers?: number | null;
  adapt?: IAdapt | null;
  detect?: SiteDetection | null;
  env?: { [name: string]: string };
}

export type SiteSpecs = { [id: string]: ISiteSpec };

/**
 * A site as the agent resolved it in the kernel.
 */
export interface ISiteSummary {
  id: string;
  label: string;
  kind: SiteKind;
  options: JSONObject;
  workers: number | null;
  adapt: IAdapt | null;
  available: boolean;
  reason: string | null;
  /**
   * Required options without a value in the kernel (a job queue's account):
   * the user must give them before a start can work. Added within version 1:
   * older agents do not send it.
   */
  missing?: string[];
  /**
   * A local site's threads and memory (bytes) per worker; null where
   * LocalCluster shares the machine out itself. Local kinds only; added
   * within version 1.
   */
  worker_size?: IWorkerSize;
}

export interface IWorkerSize {
  threads: number | null;
  memory: number | null;
}

/**
 * A cluster manager's import path: `package.module.ClassName`.
 */
const isImportPath: Check = value =>
  typeof value === 'string' &&
  /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(value);

export const isSiteSpec = object(
  {},
  {
    label: isName,
    kind: isKind,
    jobqueue: isName,
    class: isImportPath,
    options: isJSONObject,
    workers: nullable(isWorkerCount),
    adapt: nullable(isAdaptRequest),
    detect: nullable(
      anyOf(
        object({ env: dictOf(listOf(isString)) }),
        object({ dask_config: isName })
      )
    ),
    env: dictOf(isString)
  }
) as Guard<ISiteSpec>;

export const isSiteSummary = object(
  {
    id: isName,
    label: isString,
    kind: isKind,
    options: isJSONObject,
    workers: nullable(isCount),
    adapt: nullable(isAdapt),
    available: oneOf(true, false),
    reason: nullable(isString)
  },
  {
    missing: listOf(isName),
    worker_size: object({
      threads: nullable(isCount),
      memory: nullable(isCount)
    })
  }
) as Guard<ISiteSummary>;
