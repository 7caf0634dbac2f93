/**
 * The agent's greeting: the protocol version and comm target, what the
 * user's settings add to `hello`, and what the agent answers.
 */
import { listOf, nullable, object, oneOf } from './checks';
import type { Guard } from './checks';
import { isCount, isName, isString } from './values';
import type { ProfileEndpoints } from './profiles';
import { isSiteSummary } from './sites';
import type { ISiteSummary, SiteSpecs } from './sites';
import { isSnapshot } from './snapshot';
import type { ISnapshot } from './snapshot';

/**
 * The protocol version this frontend speaks.
 */
export const PROTOCOL_VERSION = 1;

/**
 * The comm target the agent registers in the kernel.
 */
export const COMM_TARGET = 'jupyterlab-dask-clusters';

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
  /**
   * The kernel host's cores and memory in bytes (null: unknown); added
   * within version 1.
   */
  machine?: IMachine;
}

export interface IMachine {
  cpus: number;
  memory: number | null;
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
    agent_source: oneOf('installed', 'delivered'),
    machine: object({ cpus: isCount, memory: nullable(isCount) })
  }
) as Guard<IHello>;
