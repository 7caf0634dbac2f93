/**
 * Dask Gateway's messages: the gateway's cluster options, the user's
 * clusters on it, and the arguments of a request about one of them.
 */
import type { JSONObject, JSONValue } from '@lumino/coreutils';

import { both, listOf, nullable, object, oneOf } from './checks';
import type { Guard } from './checks';
import { isCount, isHttpUrl, isJSONObject, isJSONValue, isName, isNumberOrNull, isString } from './values';

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

export const gatewaySite = object({ site: isName });

export const gatewayCluster = object({ site: isName, name: isName });
