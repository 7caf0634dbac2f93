/**
 * What the rest of the panel knows of a connection to the agent (connection.ts
 * is the one): its status, the agent's answers, its requests.
 */
import type { ISignal } from '@lumino/signaling';

import type {
  IHello,
  IRequestArgs,
  IResults,
  ISnapshot,
  Op
} from '../protocol';

/**
 * How far the connection to the agent in one kernel has come.
 */
export type ConnectionStatus = 'connecting' | 'ready' | 'unavailable';

/**
 * The connection to the agent in one notebook's kernel.
 */
export interface IAgentConnection {
  readonly status: ConnectionStatus;
  /**
   * Why the agent is unavailable, in words for the user.
   */
  readonly message: string | null;
  /**
   * The agent's latest answer to `hello`.
   */
  readonly hello: IHello | null;
  /**
   * The newest snapshot of the kernel's cluster.
   */
  readonly snapshot: ISnapshot | null;
  /**
   * Emitted when any of the above changes.
   */
  readonly changed: ISignal<IAgentConnection, void>;
  /**
   * Send a request to the agent; snapshots it returns update `snapshot`.
   */
  request<O extends Op>(
    op: O,
    args: IRequestArgs[O],
    options?: { timeoutMs?: number }
  ): Promise<IResults[O]>;
  /**
   * Connect anew, e.g. after installing the agent in the kernel.
   */
  reconnect(): void;
  /**
   * Interrupt the kernel: what it is doing (a start, say) stops, and the
   * agent closes what it made.
   */
  interrupt(): Promise<void>;
}
