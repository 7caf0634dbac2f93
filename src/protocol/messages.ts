/**
 * The envelopes of protocol/PROTOCOL.md (version 1): each operation's
 * arguments and result, the request, the responses and the state push, with
 * the validators of both directions.
 */
import type { JSONObject } from '@lumino/coreutils';

import { anyOf, both, dictOf, isDict, object, oneOf } from './checks';
import type { Check, Dict, Guard } from './checks';
import { isJSONObject, isName, isString } from './values';
import { isHello, PROTOCOL_VERSION } from './agent';
import type { IGreeting, IHello } from './agent';
import {
  isAdaptRequest,
  isCode,
  isSchedulerAddress,
  isWork,
  isWorkerCount
} from './cluster';
import type { IAdapt, ICode, IStartArgs, IWork } from './cluster';
import {
  gatewayCluster,
  gatewaySite,
  isGatewayClusters,
  isGatewayOptions
} from './gateway';
import type {
  IGatewayClusterArgs,
  IGatewayClusters,
  IGatewayOptions
} from './gateway';
import { isJobScript, isSiteOptions, siteOptionsArgs } from './jobqueue';
import type { IJobScript, ISiteOptions, ISiteOptionsArgs } from './jobqueue';
import { isEndpointUrl, isProfiles } from './profiles';
import type { IProfiles } from './profiles';
import { isSiteSpec } from './sites';
import { isSnapshot } from './snapshot';
import type { ISnapshot } from './snapshot';

export type ErrorType = 'protocol' | 'invalid' | 'conflict' | 'failed';

type NoArgs = Record<string, never>;

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

const noArgs = object({});

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
