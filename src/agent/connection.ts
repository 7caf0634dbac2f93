/**
 * The connection to the agent in one notebook's kernel, across kernel
 * restarts and changes.
 */
import type { ISessionContext } from '@jupyterlab/apputils';
import type { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import { Signal } from '@lumino/signaling';

import {
  COMM_TARGET,
  isSnapshot,
  type IGreeting,
  type IRequestArgs,
  type IResults,
  type ISnapshot,
  type Op
} from '../protocol';
import type { IAgentConnection } from './types';
import { loadTranslations } from '../translation';
import { AgentClient, AgentError } from './client';
import { fetchAgentPayload, type PayloadFetcher } from './delivery';
import { greet } from './greet';
import { readyKernel, SHORT_REQUEST_TIMEOUT_MS } from './load';
import { RestartWatch } from './restart';
import { AgentState } from './state';

/**
 * Follows one session context: loads the agent whenever a Python kernel is
 * ready, opens a comm and keeps the agent's latest hello and snapshot.
 */
export class KernelAgentConnection
  extends AgentState
  implements IAgentConnection
{
  constructor(options: KernelAgentConnection.IOptions) {
    super();
    this.sessionContext = options.sessionContext;
    this._greeting = options.greeting ?? {};
    this._translator = options.translator;
    this._trans = loadTranslations(options.translator);
    this._fetchPayload = options.fetchPayload ?? fetchAgentPayload;

    const { sessionContext } = this;
    sessionContext.kernelChanged.connect(this.reconnect, this);
    this._restarts = new RestartWatch(sessionContext, {
      restarting: () => {
        this._reset(this._trans.__('The kernel restarted.'));
        this._setStatus('connecting');
      },
      died: () => {
        this._reset(this._trans.__('The kernel died.'));
        this._setStatus(
          'unavailable',
          this._trans.__('The kernel died. Restart it to use Dask clusters.')
        );
      },
      restarted: () => void this._connect()
    });
    void this._connect();
    if (!sessionContext.isReady) {
      // Without a kernel, say so only once the session has settled.
      sessionContext.ready
        .then(() => {
          if (!this.isDisposed && !sessionContext.session?.kernel) {
            void this._connect();
          }
        })
        .catch(() => undefined);
    }
  }

  readonly sessionContext: ISessionContext;

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * What the user's settings add to `hello`; changing it greets the agent
   * again.
   */
  get greeting(): IGreeting {
    return this._greeting;
  }
  set greeting(value: IGreeting) {
    const changed = JSON.stringify(value) !== JSON.stringify(this._greeting);
    this._greeting = value;
    const client = this._client;
    if (changed && client) {
      void this._greet(client, this._attempt);
    }
  }

  async request<O extends Op>(
    op: O,
    args: IRequestArgs[O],
    options: { timeoutMs?: number } = {}
  ): Promise<IResults[O]> {
    const client = this._client;
    if (!client || this._status !== 'ready') {
      throw new AgentError(
        'disconnected',
        this._message ??
          this._trans.__("The notebook's kernel is not connected yet.")
      );
    }
    const result = await client.request(op, args, {
      timeoutMs: options.timeoutMs ?? SHORT_REQUEST_TIMEOUT_MS
    });
    if (client === this._client && isSnapshot(result)) {
      this._accept(result);
    }
    return result;
  }

  reconnect(): void {
    void this._connect();
  }

  async interrupt(): Promise<void> {
    await this.sessionContext.session?.kernel?.interrupt();
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._reset(this._trans.__('The notebook was closed.'));
    this._restarts.dispose();
    Signal.clearData(this);
  }

  /**
   * Load the agent into the current kernel and greet it, replacing any
   * earlier connection. A newer attempt makes this one give up. With
   * `mismatch` (why the kernel's own agent cannot be used: it speaks another
   * protocol version), the agent is delivered even though the kernel has one.
   */
  private async _connect(mismatch?: string): Promise<void> {
    if (this._isDisposed) {
      return;
    }
    this._reset(this._trans.__('The kernel changed.'));
    this._restarts.clear();
    this._delivered = false;
    const attempt = this._attempt;
    const kernel = this.sessionContext.session?.kernel;
    if (!kernel) {
      if (this.sessionContext.isReady) {
        this._setStatus(
          'unavailable',
          this._trans.__(
            'This notebook has no kernel. Select a Python kernel to start a Dask cluster.'
          )
        );
      } else {
        this._setStatus('connecting');
      }
      return;
    }
    this._setStatus('connecting');
    try {
      const ready = await readyKernel(kernel, {
        trans: this._trans,
        fetchPayload: this._fetchPayload,
        mismatch,
        current: () => attempt === this._attempt,
        setStatus: (status, message) => this._setStatus(status, message)
      });
      if (!ready || attempt !== this._attempt) {
        return;
      }
      this._delivered = ready.delivered;
      const client = new AgentClient({
        comm: kernel.createComm(COMM_TARGET),
        translator: this._translator
      });
      this._client = client;
      client.stateReceived.connect(this._onStatePushed, this);
      client.closed.connect(this._onClientClosed, this);
      client.comm.open();
      await this._greet(client, attempt);
    } catch (reason) {
      if (attempt === this._attempt) {
        this._fail(reason);
      }
    }
  }

  /**
   * Send `hello` with the user's settings and keep the answer.
   */
  private async _greet(client: AgentClient, attempt: number): Promise<void> {
    const kernelName = this.sessionContext.session?.kernel?.name;
    try {
      const hello = await greet(
        client,
        this._greeting,
        kernelName,
        this._trans
      );
      if (attempt !== this._attempt) {
        return;
      }
      this._greeted(hello);
    } catch (reason) {
      if (attempt !== this._attempt) {
        return;
      }
      const isFirst = this._hello === null;
      if (
        isFirst &&
        !this._delivered &&
        reason instanceof AgentError &&
        reason.type === 'protocol'
      ) {
        // The kernel's own copy speaks another protocol version: bring ours.
        void this._connect(reason.message);
        return;
      }
      this._fail(reason);
    }
  }

  private _onStatePushed(client: AgentClient, snapshot: ISnapshot): void {
    if (client === this._client) {
      this._accept(snapshot);
    }
  }

  private _onClientClosed(client: AgentClient, reason: string): void {
    if (client === this._client) {
      this._reset(reason);
      this._setStatus('unavailable', reason);
    }
  }

  private _fail(reason: unknown): void {
    const message =
      reason instanceof Error ? reason.message : String(reason ?? '');
    this._reset(message);
    this._setStatus(
      'unavailable',
      message || this._trans.__('The Dask clusters agent could not be reached.')
    );
  }

  /**
   * Drop the client (rejecting its pending requests with `reason`), forget
   * the cluster and make any connection attempt in flight give up.
   */
  private _reset(reason: string): void {
    this._attempt++;
    const client = this._client;
    this._client = null;
    client?.dispose(reason);
    this._forget();
  }

  private _translator: ITranslator | undefined;
  private _trans: TranslationBundle;
  private _fetchPayload: PayloadFetcher;
  /**
   * Whether this attempt delivered the agent.
   */
  private _delivered = false;
  private _greeting: IGreeting;
  private _client: AgentClient | null = null;
  private _attempt = 0;
  private _restarts: RestartWatch;
  private _isDisposed = false;
}

export namespace KernelAgentConnection {
  export interface IOptions {
    sessionContext: ISessionContext;
    /**
     * What the user's settings add to `hello`.
     */
    greeting?: IGreeting;
    translator?: ITranslator;
    /**
     * How to get the delivered agent (default: this extension's route).
     */
    fetchPayload?: PayloadFetcher;
  }
}
