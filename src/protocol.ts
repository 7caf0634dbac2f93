/**
 * The messages of protocol/PROTOCOL.md (version 1), mirrored by the Python
 * agent in jupyterlab_dask_clusters/protocol.py, with strict runtime
 * validators for both directions.
 *
 * The validators accept exactly the documented keys: a message with an extra
 * key is refused, so that nothing unexpected (a secret above all) travels
 * through the browser unnoticed.
 */
import type { JSONObject, JSONValue } from '@lumino/coreutils';

/**
 * The protocol version this frontend speaks.
 */
export const PROTOCOL_VERSION = 1;

/**
 * The comm target the agent registers in the kernel.
 */
export const COMM_TARGET = 'jupyterlab-dask-clusters';

export type SiteKind = 'local' | 'gateway' | 'jobqueue' | 'class';

/**
 * How the cluster shown came to the kernel: started by the panel or the
 * magic, adopted from a cell, or a client connected to a bare scheduler.
 */
export type ClusterOrigin = 'started' | 'adopted' | 'connected';

/**
 * The actions that make sense on the cluster shown.
 */
export type Capability = 'scale' | 'adapt' | 'stop';

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
  /** Optional: an agent before them omits these three. */
  origin?: ClusterOrigin | null;
  capabilities?: Capability[];
  other_clients?: number;
  /**
   * A live job-queue cluster's batch jobs; null for other kinds.
   */
  jobs?: IJobSummary[] | null;
}

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

/**
 * Where the kernel's agent comes from: its environment, or this extension's
 * server (for kernels lacking the package).
 */
export type AgentSource = 'installed' | 'delivered';

export interface IHello {
  protocol: number;
  agent_version: string;
  sites: ISiteSummary[];
  detected_site: string;
  state: ISnapshot;
  /**
   * The kernel host's name and addresses (absent from older agents).
   */
  host_addresses?: string[];
  /**
   * Added within version 1: older agents do not send it (they are installed).
   */
  agent_source?: AgentSource;
}

export interface IProfiles {
  profiles: IProfileSummary[];
  active: string | null;
  error: string | null;
}

/**
 * The running cluster as standalone Python and as magic lines (`code`).
 */
export interface ICode {
  python: string;
  magic: string;
}

/**
 * What a stop would drop (`work`): results in memory, tasks being computed.
 */
export interface IWork {
  in_memory: number;
  processing: number;
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

export type GatewayOptionType =
  'select' | 'integer' | 'float' | 'bool' | 'string' | 'mapping';

/**
 * One of a Dask Gateway's cluster options, as the gateway describes it.
 */
export interface IGatewayOption {
  name: string;
  label: string;
  type: GatewayOptionType;
  default: JSONValue;
  /** The choices of a `select`; null for other types. */
  choices: string[] | null;
  min: number | null;
  max: number | null;
}

/**
 * A gateway's options, and every option's value as a start would set it.
 */
export interface IGatewayOptions {
  site: string;
  options: IGatewayOption[];
  values: JSONObject;
}

export type GatewayClusterStatus =
  'pending' | 'running' | 'stopping' | 'stopped' | 'failed';

/**
 * One of the user's clusters on a Dask Gateway.
 */
export interface IGatewayCluster {
  name: string;
  status: GatewayClusterStatus;
  workers: number | null;
  /** When it started, in UNIX seconds. */
  started: number | null;
  dashboard_link: string | null;
  options: JSONObject;
  /** Whether it is the cluster of the kernel that listed it. */
  current: boolean;
}

export interface IGatewayClusters {
  site: string;
  clusters: IGatewayCluster[];
}

/**
 * The arguments of a request about one gateway cluster.
 */
export interface IGatewayClusterArgs {
  site: string;
  name: string;
}

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
  /**
   * The notebook's kernelspec name (a gateway site's conda environment).
   */
  kernel_name?: string;
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
  code: NoArgs;
  work: NoArgs;
  connect_scheduler: { address: string };
  gateway_options: { site: string };
  gateway_clusters: { site: string };
  gateway_connect: IGatewayClusterArgs;
  gateway_shutdown: IGatewayClusterArgs;
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
  code: ICode;
  work: IWork;
  connect_scheduler: ISnapshot;
  gateway_options: IGatewayOptions;
  gateway_clusters: IGatewayClusters;
  gateway_connect: ISnapshot;
  gateway_shutdown: IGatewayClusters;
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

/**
 * The most workers a start, scale, adapt or site may ask for (`MAX_WORKERS`
 * of protocol.py): far above what a site runs, far below what would swamp a
 * kernel.
 */
export const MAX_WORKERS = 10000;

/**
 * A number of workers a request or a site may ask for: the one rule of the
 * browser side, which the panel's forms use too.
 */
export const isWorkerCount = (value: unknown): value is number =>
  isCount(value) && (value as number) <= MAX_WORKERS;

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
 * An http(s) URL with a host and no whitespace, as the agent checks a
 * dashboard link (an S3 endpoint has the stricter `isEndpointUrl`).
 */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || !/^https?:\/\/\S+$/i.test(value)) {
    return false;
  }
  try {
    return !!new URL(value).hostname;
  } catch {
    return false;
  }
}

/**
 * The longest S3 endpoint URL accepted.
 */
export const MAX_ENDPOINT = 2048;

/**
 * An S3 endpoint: a plain http(s) URL with a host; no user name or password,
 * query, fragment, whitespace or control character. The one rule for an
 * endpoint, typed or from the settings (`protocol.endpoint_problem` in the
 * agent is the same).
 */
export function isEndpointUrl(value: unknown): value is string {
  if (
    typeof value !== 'string' ||
    value.length > MAX_ENDPOINT ||
    // eslint-disable-next-line no-control-regex
    /[\s\x00-\x1f\x7f@?#]/.test(value) ||
    !/^https?:\/\//i.test(value)
  ) {
    return false;
  }
  try {
    // Throws for a bad port or host; an http(s) URL that parses has a host.
    return !!new URL(value).hostname;
  } catch {
    return false;
  }
}

const isKind = oneOf('local', 'gateway', 'jobqueue', 'class');

/**
 * A cluster manager's import path: `package.module.ClassName`.
 */
const isImportPath: Check = value =>
  typeof value === 'string' &&
  /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(value);

/**
 * The schemes of a scheduler address.
 */
export const SCHEDULER_SCHEMES = ['tcp', 'tls'];

/**
 * What is wrong with a scheduler address (`tcp://host:port`, `tls://…`), or
 * null: the browser's one rule (`validation.ts` words it), as the agent's.
 */
export function schedulerAddressProblem(
  value: unknown
): 'empty' | 'spaces' | 'scheme' | 'form' | 'host' | 'port' | null {
  if (typeof value !== 'string' || !value.trim()) {
    return 'empty';
  }
  if (/\s/.test(value)) {
    return 'spaces';
  }
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/.exec(value);
  if (!match || !SCHEDULER_SCHEMES.includes(match[1].toLowerCase())) {
    return 'scheme';
  }
  // host:port, or [IPv6]:port; a trailing slash alone is allowed.
  const rest = match[2].replace(/\/$/, '');
  const parts = /^(\[[^\]]*\]|[^:/?#@[\]]*)(?::(\d*))?$/.exec(rest);
  if (!parts) {
    return /[/?#@]/.test(rest) ? 'form' : 'port';
  }
  if (!parts[1] || parts[1] === '[]') {
    return 'host';
  }
  const port = Number(parts[2]);
  if (!parts[2] || !Number.isInteger(port) || port < 1 || port > 65535) {
    return 'port';
  }
  return null;
}

const isSchedulerAddress: Check = value =>
  schedulerAddressProblem(value) === null;

const adaptOf = (count: Check): Guard<IAdapt> =>
  both(
    object({ minimum: count, maximum: count }),
    value => (value as IAdapt).minimum <= (value as IAdapt).maximum
  ) as Guard<IAdapt>;

/**
 * Adaptive bounds as a snapshot reports them (an adopted cluster's may be
 * unbounded), and as a request or a site may ask for them.
 */
export const isAdapt = adaptOf(isCount);
const isAdaptRequest = adaptOf(isWorkerCount);

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

export const isSnapshot = object(
  {
    seq: isCount,
    status: oneOf(
      'none',
      'starting',
      'running',
      'stopping',
      'stopped',
      'failed'
    ),
    site: nullable(isString),
    kind: nullable(isKind),
    name: nullable(isString),
    dashboard_link: nullable(isString),
    workers: object({ ready: isCount, requested: isCount }),
    threads: isCount,
    memory: isCount,
    adapt: nullable(isAdapt),
    error: nullable(isString),
    profile: nullable(isProfileSummary)
  },
  {
    origin: nullable(oneOf('started', 'adopted', 'connected')),
    capabilities: listOf(oneOf('scale', 'adapt', 'stop')),
    other_clients: isCount,
    jobs: nullable(listOf(object({ id: nullable(isString), state: isName })))
  }
) as Guard<ISnapshot>;

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

export const isHello = object(
  {
    protocol: isCount,
    agent_version: isString,
    sites: listOf(isSiteSummary),
    detected_site: isString,
    state: isSnapshot
  },
  {
    host_addresses: listOf(isName),
    agent_source: oneOf('installed', 'delivered')
  }
) as Guard<IHello>;

export const isCode = object({
  python: isName,
  magic: isName
}) as Guard<ICode>;

export const isWork = object({
  in_memory: isCount,
  processing: isCount
}) as Guard<IWork>;

export const isProfiles = object({
  profiles: listOf(isProfileSummary),
  active: nullable(isString),
  error: nullable(isString)
}) as Guard<IProfiles>;

const isNumberOrNull = nullable(
  value => typeof value === 'number' && Number.isFinite(value)
);

export const isGatewayOption = both(
  object({
    name: isName,
    label: isName,
    type: oneOf('select', 'integer', 'float', 'bool', 'string', 'mapping'),
    default: isJSONValue,
    choices: nullable(listOf(isString)),
    min: isNumberOrNull,
    max: isNumberOrNull
  }),
  // Choices exactly for a select.
  value => {
    const option = value as IGatewayOption;
    return (option.type === 'select') === (option.choices !== null);
  }
) as Guard<IGatewayOption>;

export const isGatewayOptions = object({
  site: isName,
  options: listOf(isGatewayOption),
  values: isJSONObject
}) as Guard<IGatewayOptions>;

export const isGatewayCluster = object({
  name: isName,
  status: oneOf('pending', 'running', 'stopping', 'stopped', 'failed'),
  workers: nullable(isCount),
  started: isNumberOrNull,
  dashboard_link: nullable(isHttpUrl),
  options: isJSONObject,
  current: oneOf(true, false)
}) as Guard<IGatewayCluster>;

export const isGatewayClusters = object({
  site: isName,
  clusters: listOf(isGatewayCluster)
}) as Guard<IGatewayClusters>;

const gatewaySite = object({ site: isName });

const gatewayCluster = object({ site: isName, name: isName });
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
      profile_endpoints: dictOf(isEndpointUrl),
      kernel_name: isName
    }
  ),
  state: noArgs,
  start: both(
    object(
      { site: isName },
      {
        workers: isWorkerCount,
        adapt: isAdaptRequest,
        options: isJSONObject,
        profile: isName
      }
    ),
    // A start is sized by a fixed count or by adaptive bounds, not both.
    value => !('workers' in (value as Dict) && 'adapt' in (value as Dict))
  ),
  scale: object({ workers: isWorkerCount }),
  adapt: isAdaptRequest,
  stop: noArgs,
  profiles: noArgs,
  use_profile: object({ name: isName }, { endpoint: isEndpointUrl }),
  clear_profile: noArgs,
  code: noArgs,
  work: noArgs,
  connect_scheduler: object({ address: isSchedulerAddress }),
  gateway_options: gatewaySite,
  gateway_clusters: gatewaySite,
  gateway_connect: gatewayCluster,
  gateway_shutdown: gatewayCluster,
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
  code: isCode,
  work: isWork,
  connect_scheduler: isSnapshot,
  gateway_options: isGatewayOptions,
  gateway_clusters: isGatewayClusters,
  gateway_connect: isSnapshot,
  gateway_shutdown: isGatewayClusters,
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
