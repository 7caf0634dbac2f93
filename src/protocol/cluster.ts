/**
 * The cluster's own words: its status, kind, origin and capabilities, how
 * many workers a request may ask for, and the arguments and results of the
 * cluster's operations (start, code, work, connect to a scheduler).
 */
import type { JSONObject } from '@lumino/coreutils';

import { both, object, oneOf } from './checks';
import type { Check, Guard } from './checks';
import { isCount, isName } from './values';

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

export interface IAdapt {
  minimum: number;
  maximum: number;
}

export interface IWorkerCounts {
  ready: number;
  requested: number;
}

export interface IStartArgs {
  site: string;
  workers?: number;
  adapt?: IAdapt;
  options?: JSONObject;
  profile?: string;
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

export const isKind = oneOf('local', 'gateway', 'jobqueue', 'class');

/**
 * The most workers a start, scale, adapt or site may ask for (`MAX_WORKERS`
 * of protocol/checks.py): far above what a site runs, far below what would
 * swamp a kernel.
 */
export const MAX_WORKERS = 10000;

/**
 * A number of workers a request or a site may ask for: the one rule of the
 * browser side, which the panel's forms use too.
 */
export const isWorkerCount = (value: unknown): value is number =>
  isCount(value) && (value as number) <= MAX_WORKERS;

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
export const isAdaptRequest = adaptOf(isWorkerCount);

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

export const isSchedulerAddress: Check = value =>
  schedulerAddressProblem(value) === null;

export const isCode = object({
  python: isName,
  magic: isName
}) as Guard<ICode>;

export const isWork = object({
  in_memory: isCount,
  processing: isCount
}) as Guard<IWork>;
