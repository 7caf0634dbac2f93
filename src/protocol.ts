/**
 * The messages of protocol/PROTOCOL.md (version 1), mirrored by the Python
 * agent in jupyterlab_dask_clusters/protocol.py, with strict runtime
 * validators for both directions.
 *
 * The validators accept exactly the documented keys: a message with an extra
 * key is refused, so that nothing unexpected (a secret above all) travels
 * through the browser unnoticed.
 */
import type { JSONObject } from '@lumino/coreutils';

/**
 * The protocol version this frontend speaks.
 */
export const PROTOCOL_VERSION = 1;

/**
 * The comm target the agent registers in the kernel.
 */
export const COMM_TARGET = 'jupyterlab-dask-clusters';

export type SiteKind = 'local' | 'gateway' | 'jobqueue';

export type ClusterStatus =
  'none' | 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

export type ErrorType = 'protocol' | 'invalid' | 'conflict' | 'failed';

export type ProfileSource = 'credentials' | 'config' | 'both';

export interface IAdapt {
  minimum: number;
  maximum: number;
}

export interface IWorkerCounts {
  ready: number;
  requested: number;
}

/**
 * What the browser may know of an AWS profile: never a secret.
 */
export interface IProfileSummary {
  name: string;
  source: ProfileSource;
  endpoint: string | null;
  region: string | null;
  key_id: string | null;
}

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
 * The state of the cluster in one kernel.
 */
export interface ISnapshot {
  seq: number;
  status: ClusterStatus;
  site: string | null;
  kind: SiteKind | null;
  name: string | null;
  dashboard_link: string | null;
  workers: IWorkerCounts;
  threads: number;
  memory: number;
  adapt: IAdapt | null;
  error: string | null;
  profile: IProfileSummary | null;
  /**
   * A live job-queue cluster's batch jobs; null for other kinds.
   */
  jobs: IJobSummary[] | null;
}

export type SiteDetection =
  { env: { [name: string]: string[] } } | { dask_config: string };

/**
 * A site as written in the settings; see PROTOCOL.md for the meaning of each
 * key. Only `label` and `kind` are required.
 */
export interface ISiteSpec {
  label: string;
  kind: SiteKind;
  jobqueue?: string;
  options?: JSONObject;
  workers?: number | null;
  adapt?: IAdapt | null;
  detect?: SiteDetection | null;
  env?: { [name: string]: string };
}

export type SiteSpecs = { [id: string]: ISiteSpec };

/**
 * The user's S3 endpoint (an http(s) URL) for some AWS profiles, by name.
 */
export type ProfileEndpoints = { [profile: string]: string };

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
}

export interface IHello {
  protocol: number;
  agent_version: string;
  sites: ISiteSummary[];
  detected_site: string;
  state: ISnapshot;
}

export interface IProfiles {
  profiles: IProfileSummary[];
  active: string | null;
  error: string | null;
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

type NoArgs = Record<string, never>;

export interface IStartArgs {
  site: string;
  workers?: number;
  adapt?: IAdapt;
  options?: JSONObject;
  profile?: string;
}

/**
 * What the user's settings add to `hello`.
 */
export interface IGreeting {
  sites?: SiteSpecs;
  profile_endpoints?: ProfileEndpoints;
}

/**
 * The arguments of each operation.
 */
export interface IRequestArgs {
  hello: IGreeting & { protocol: number };
  state: NoArgs;
  start: IStartArgs;
  scale: { workers: number };
  adapt: IAdapt;
  stop: NoArgs;
  profiles: NoArgs;
  use_profile: { name: string; endpoint?: string };
  clear_profile: NoArgs;
  site_options: ISiteOptionsArgs;
  job_script: ISiteOptionsArgs;
}

/**
 * The result of each operation.
 */
export interface IResults {
  hello: IHello;
  state: ISnapshot;
  start: ISnapshot;
  scale: ISnapshot;
  adapt: ISnapshot;
  stop: ISnapshot;
  profiles: IProfiles;
  use_profile: ISnapshot;
  clear_profile: ISnapshot;
  site_options: ISiteOptions;
  job_script: IJobScript;
}

export type Op = keyof IRequestArgs;

export interface IRequest<O extends Op = Op> {
  type: 'request';
  id: string;
  op: O;
  args: IRequestArgs[O];
}

export interface ISuccessResponse {
  type: 'response';
  id: string;
  ok: true;
  /** Validated against the request's op by `isResult`. */
  result: JSONObject;
}

export interface IErrorResponse {
  type: 'response';
  id: string;
  ok: false;
  error: { type: ErrorType; message: string };
}

export interface IStatePush {
  type: 'state';
  state: ISnapshot;
}

/**
 * Any message the agent sends to the browser.
 */
export type AgentMessage = ISuccessResponse | IErrorResponse | IStatePush;

// ---------------------------------------------------------------------------
// Validators

/**
 * A check of one value. The validators below combine checks, so that each
 * reads like the shape it checks.
 */
type Check = (value: unknown) => boolean;

/**
 * A check that tells TypeScript what it checked: the exported validators.
 */
type Guard<T> = (value: unknown) => value is T;

type Dict = { [key: string]: unknown };

/**
 * Whether `value` is a plain object: not null, not an array.
 */
export function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An object with all the `required` keys, some `optional` ones and no others.
 */
function object(
  required: { [key: string]: Check },
  optional: { [key: string]: Check } = {}
): Check {
  const checks = new Map([
    ...Object.entries(optional),
    ...Object.entries(required)
  ]);
  const needed = Object.keys(required);
  return value =>
    isDict(value) &&
    needed.every(key => key in value) &&
    Object.entries(value).every(([key, item]) => !!checks.get(key)?.(item));
}

const both =
  (...checks: Check[]): Check =>
  value =>
    checks.every(check => check(value));

const anyOf =
  (...checks: Check[]): Check =>
  value =>
    checks.some(check => check(value));

const nullable =
  (check: Check): Check =>
  value =>
    value === null || check(value);

const oneOf =
  (...values: unknown[]): Check =>
  value =>
    values.includes(value);

const listOf =
  (check: Check): Check =>
  value =>
    Array.isArray(value) && value.every(check);

const dictOf =
  (check: Check): Check =>
  value =>
    isDict(value) && Object.values(value).every(check);

const isString: Check = value => typeof value === 'string';

const isName: Check = value => typeof value === 'string' && value.length > 0;

/**
 * A non-negative integer (booleans are not numbers here).
 */
const isCount: Check = value =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

const isJSONValue: Check = value =>
  value === null ||
  typeof value === 'string' ||
  typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value)) ||
  isJSONList(value) ||
  isJSONObject(value);

const isJSONList = listOf(isJSONValue);

const isJSONObject = dictOf(isJSONValue);

/**
 * An http(s) URL with a host and no whitespace, as the agent checks it.
 */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || !/^https?:\/\/\S+$/i.test(value)) {
    return false;
  }
  try {
    // An http(s) URL that parses has a host.
    return !!new URL(value);
  } catch {
    return false;
  }
}

const isKind = oneOf('local', 'gateway', 'jobqueue');

export const isAdapt = both(
  object({ minimum: isCount, maximum: isCount }),
  value => (value as IAdapt).minimum <= (value as IAdapt).maximum
) as Guard<IAdapt>;

/**
 * Whether `value` is what the browser may know of an AWS profile.
 */
export const isProfileSummary = object({
  name: isString,
  source: oneOf('credentials', 'config', 'both'),
  endpoint: nullable(isString),
  region: nullable(isString),
  key_id: nullable(isString)
}) as Guard<IProfileSummary>;

export const isSnapshot = object({
  seq: isCount,
  status: oneOf('none', 'starting', 'running', 'stopping', 'stopped', 'failed'),
  site: nullable(isString),
  kind: nullable(isKind),
  name: nullable(isString),
  dashboard_link: nullable(isString),
  workers: object({ ready: isCount, requested: isCount }),
  threads: isCount,
  memory: isCount,
  adapt: nullable(isAdapt),
  error: nullable(isString),
  profile: nullable(isProfileSummary),
  jobs: nullable(listOf(object({ id: nullable(isString), state: isName })))
}) as Guard<ISnapshot>;

export const isSiteSpec = both(
  object(
    { label: isString, kind: isKind },
    {
      jobqueue: isName,
      options: isJSONObject,
      workers: nullable(isCount),
      adapt: nullable(isAdapt),
      detect: nullable(
        anyOf(
          object({ env: dictOf(listOf(isString)) }),
          object({ dask_config: isName })
        )
      ),
      env: dictOf(isString)
    }
  ),
  // `jobqueue` names the dask_jobqueue cluster class: jobqueue sites only.
  value => {
    const site = value as Dict;
    const hasJobqueue = 'jobqueue' in site;
    return site.kind === 'jobqueue' ? hasJobqueue : !hasJobqueue;
  }
) as Guard<ISiteSpec>;

export const isSiteSummary = object({
  id: isName,
  label: isString,
  kind: isKind,
  options: isJSONObject,
  workers: nullable(isCount),
  adapt: nullable(isAdapt),
  available: oneOf(true, false),
  reason: nullable(isString)
}) as Guard<ISiteSummary>;

export const isHello = object({
  protocol: isCount,
  agent_version: isString,
  sites: listOf(isSiteSummary),
  detected_site: isString,
  state: isSnapshot
}) as Guard<IHello>;

export const isProfiles = object({
  profiles: listOf(isProfileSummary),
  active: nullable(isString),
  error: nullable(isString)
}) as Guard<IProfiles>;

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

const noArgs = object({});

const siteOptionsArgs = object({ site: isName }, { options: isJSONObject });

/**
 * The arguments of each op, as the agent checks them.
 */
const ARGS: { [O in Op]: Check } = {
  hello: object(
    { protocol: oneOf(PROTOCOL_VERSION) },
    {
      sites: dictOf(isSiteSpec),
      profile_endpoints: dictOf(isHttpUrl)
    }
  ),
  state: noArgs,
  start: both(
    object(
      { site: isName },
      {
        workers: isCount,
        adapt: isAdapt,
        options: isJSONObject,
        profile: isName
      }
    ),
    // A start is sized by a fixed count or by adaptive bounds, not both.
    value => !('workers' in (value as Dict) && 'adapt' in (value as Dict))
  ),
  scale: object({ workers: isCount }),
  adapt: isAdapt,
  stop: noArgs,
  profiles: noArgs,
  use_profile: object({ name: isName }, { endpoint: isHttpUrl }),
  clear_profile: noArgs,
  site_options: siteOptionsArgs,
  job_script: siteOptionsArgs
};

const RESULTS: { [O in Op]: Check } = {
  hello: isHello,
  state: isSnapshot,
  start: isSnapshot,
  scale: isSnapshot,
  adapt: isSnapshot,
  stop: isSnapshot,
  profiles: isProfiles,
  use_profile: isSnapshot,
  clear_profile: isSnapshot,
  site_options: isSiteOptions,
  job_script: isJobScript
};

export function isOp(value: unknown): value is Op {
  return (
    typeof value === 'string' &&
    Object.prototype.hasOwnProperty.call(ARGS, value)
  );
}

const isRequestEnvelope = object({
  type: oneOf('request'),
  id: isName,
  op: isOp,
  args: isDict
});

/**
 * Whether `value` is a request the agent accepts (browser → kernel).
 */
export function isRequest(value: unknown): value is IRequest {
  return (
    isRequestEnvelope(value) &&
    ARGS[(value as IRequest).op]((value as IRequest).args)
  );
}

/**
 * Whether `value` is a well-formed message from the agent (kernel → browser).
 *
 * A success response's `result` depends on the op of the request it answers:
 * check it with `isResult`.
 */
export const isAgentMessage = anyOf(
  object({ type: oneOf('state'), state: isSnapshot }),
  object({
    type: oneOf('response'),
    id: isString,
    ok: oneOf(true),
    result: isJSONObject
  }),
  object({
    type: oneOf('response'),
    id: isString,
    ok: oneOf(false),
    error: object({
      type: oneOf('protocol', 'invalid', 'conflict', 'failed'),
      message: isString
    })
  })
) as Guard<AgentMessage>;

/**
 * Whether `result` is what a successful `op` returns.
 */
export function isResult<O extends Op>(
  op: O,
  result: unknown
): result is IResults[O] {
  return RESULTS[op](result);
}
