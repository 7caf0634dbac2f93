/**
 * Requests and state pushes over one comm with the agent in one kernel.
 */
import type { Kernel, KernelMessage } from '@jupyterlab/services';
import type { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import type { JSONObject } from '@lumino/coreutils';
import type { IDisposable } from '@lumino/disposable';
import { Signal, type ISignal } from '@lumino/signaling';

import {
  isAgentMessage,
  isRequest,
  isResult,
  type ErrorType,
  type IRequest,
  type IRequestArgs,
  type IResults,
  type ISnapshot,
  type Op
} from '../protocol';
import { loadTranslations } from '../translation';

/**
 * The agent's error types, plus two of the client's own: the agent did not
 * answer in time, or the connection went away before it answered.
 */
export type AgentErrorType = ErrorType | 'timeout' | 'disconnected';

/**
 * A request that did not succeed.
 */
export class AgentError extends Error {
  constructor(
    readonly type: AgentErrorType,
    message: string
  ) {
    super(message);
    this.name = 'AgentError';
  }
}

export interface IRequestOptions {
  /**
   * How long to wait for the response, in milliseconds.
   */
  timeoutMs: number;
}

interface IPendingRequest {
  op: Op;
  resolve: (result: any) => void;
  reject: (error: AgentError) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The browser end of one comm with the agent.
 *
 * The comm must not be opened before the client is constructed, so that no
 * message arrives before the client listens.
 */
export class AgentClient implements IDisposable {
  constructor(options: AgentClient.IOptions) {
    this._comm = options.comm;
    this._trans = loadTranslations(options.translator);
    this._comm.onMsg = msg => this._onMessage(msg);
    this._comm.onClose = () => {
      this._commClosed = true;
      const reason = this._trans.__(
        'The kernel closed the Dask clusters connection.'
      );
      this._closed.emit(reason);
      this.dispose(reason);
    };
  }

  /**
   * The comm this client speaks over.
   */
  get comm(): Kernel.IComm {
    return this._comm;
  }

  /**
   * Emitted with every (valid) snapshot the agent pushes.
   */
  get stateReceived(): ISignal<this, ISnapshot> {
    return this._stateReceived;
  }

  /**
   * Emitted with a reason when the kernel closes the comm.
   */
  get closed(): ISignal<this, string> {
    return this._closed;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Send a request; resolve with the agent's result.
   *
   * Rejects with an `AgentError` when the agent answers with an error, when
   * it does not answer within `timeoutMs`, or when the client is disposed
   * first. A request that fails the protocol's checks is not sent.
   */
  request<O extends Op>(
    op: O,
    args: IRequestArgs[O],
    options: IRequestOptions
  ): Promise<IResults[O]> {
    if (this._isDisposed) {
      return Promise.reject(
        new AgentError('disconnected', this._disposedReason)
      );
    }
    const message: IRequest<O> = {
      type: 'request',
      id: `r-${++this._lastId}`,
      op,
      args
    };
    if (!isRequest(message)) {
      return Promise.reject(
        new AgentError(
          'invalid',
          this._trans.__('Refused to send an invalid "%1" request.', op)
        )
      );
    }
    return new Promise<IResults[O]>((resolve, reject) => {
      const timer = setTimeout(() => {
        // Forget the request: a late answer is ignored like any unknown id.
        this._pending.delete(message.id);
        reject(
          new AgentError(
            'timeout',
            this._trans.__(
              'The kernel did not answer "%1" within %2 s; it may be busy running a cell.',
              op,
              Math.round(options.timeoutMs / 1000)
            )
          )
        );
      }, options.timeoutMs);
      this._pending.set(message.id, { op, resolve, reject, timer });
      try {
        this._comm.send(message as unknown as JSONObject);
      } catch {
        this._settle(message.id)?.reject(
          new AgentError(
            'disconnected',
            this._trans.__('The request could not be sent to the kernel.')
          )
        );
      }
    });
  }

  /**
   * Reject every pending request with `reason` and ignore later messages.
   */
  dispose(reason?: string): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._disposedReason =
      reason ?? this._trans.__('The Dask clusters connection was closed.');
    for (const id of [...this._pending.keys()]) {
      this._settle(id)?.reject(
        new AgentError('disconnected', this._disposedReason)
      );
    }
    this._comm.onMsg = () => undefined;
    this._comm.onClose = () => undefined;
    if (!this._commClosed && !this._comm.isDisposed) {
      try {
        this._comm.close();
      } catch {
        // The kernel is gone: there is nothing left to close.
      }
    }
    Signal.clearData(this);
  }

  private _onMessage(msg: KernelMessage.ICommMsgMsg): void {
    if (this._isDisposed) {
      return;
    }
    const data: unknown = msg.content.data;
    if (!isAgentMessage(data)) {
      // Never log the message itself: it could carry what must not be logged.
      console.warn(
        'jupyterlab-dask-clusters: ignored an invalid message from the kernel agent.'
      );
      return;
    }
    if (data.type === 'state') {
      this._stateReceived.emit(data.state);
      return;
    }
    const pending = this._settle(data.id);
    if (!pending) {
      return;
    }
    if (!data.ok) {
      pending.reject(new AgentError(data.error.type, data.error.message));
    } else if (isResult(pending.op, data.result)) {
      pending.resolve(data.result);
    } else {
      pending.reject(
        new AgentError(
          'protocol',
          this._trans.__(
            'The kernel agent answered "%1" with an invalid result.',
            pending.op
          )
        )
      );
    }
  }

  /**
   * Take the pending request `id` out of the table, stopping its timer.
   */
  private _settle(id: string): IPendingRequest | undefined {
    const pending = this._pending.get(id);
    if (pending) {
      clearTimeout(pending.timer);
      this._pending.delete(id);
    }
    return pending;
  }

  private _comm: Kernel.IComm;
  private _trans: TranslationBundle;
  private _lastId = 0;
  private _pending = new Map<string, IPendingRequest>();
  private _commClosed = false;
  private _isDisposed = false;
  private _disposedReason = '';
  private _stateReceived = new Signal<this, ISnapshot>(this);
  private _closed = new Signal<this, string>(this);
}

export namespace AgentClient {
  export interface IOptions {
    /**
     * A comm to the agent's target, not yet opened.
     */
    comm: Kernel.IComm;
    translator?: ITranslator;
  }
}
