/**
 * The panel's requests to the current notebook's kernel: tracked while they
 * wait, their failures kept for that notebook and notified to the user.
 */
import { Notification } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';

import type { IRequestArgs, IResults, Op } from './protocol';
import type { IAgentConnection } from './agent/types';

/**
 * What a tracker remembers about one notebook.
 */
interface INotebookRequests {
  /**
   * Requests still waiting for the kernel.
   */
  pending: Set<Op>;
  error: string | null;
  /**
   * The request that failed with `error`; null for one refused unsent.
   */
  failed: Op | null;
}

/**
 * What is pending without a notebook.
 */
const NONE_PENDING: ReadonlySet<Op> = new Set();

/**
 * Notify an error for a few seconds.
 */
export function notifyError(message: string): void {
  Notification.error(message, { autoClose: 5000 });
}

/**
 * Sends one kind of the panel's requests (cluster or profiles), each to the
 * kernel of the notebook that is current when it is sent, and remembers per
 * notebook which still wait and why the last one failed.
 */
export class RequestTracker {
  constructor(options: RequestTracker.IOptions) {
    this._connection = options.connection;
    this._trans = options.trans;
    this._onChange = options.onChange;
  }

  /**
   * The current notebook's requests still waiting for the kernel.
   */
  get pending(): ReadonlySet<Op> {
    return this._notebook()?.pending ?? NONE_PENDING;
  }

  /**
   * Why the current notebook's last request failed or was refused.
   */
  get error(): string | null {
    return this._notebook()?.error ?? null;
  }

  /**
   * Which request failed with `error` (null: refused before it was sent).
   */
  get failed(): Op | null {
    return this._notebook()?.failed ?? null;
  }

  /**
   * Forget the current notebook's error: what caused it has changed.
   */
  clearError(): void {
    const notebook = this._notebook();
    if (notebook?.error) {
      notebook.error = null;
      notebook.failed = null;
      this._onChange();
    }
  }

  /**
   * Refuse a request without sending anything: notify `problem`, and keep it
   * as the current notebook's error.
   */
  refuse(problem: string): void {
    const notebook = this._notebook();
    if (notebook) {
      notebook.error = problem;
      notebook.failed = null;
      this._onChange();
    }
    notifyError(problem);
  }

  /**
   * Send one request for the current notebook, tracking it as pending and
   * notifying its outcome; resolve with its result, or undefined when it
   * failed.
   */
  async send<O extends Op>(
    op: O,
    args: IRequestArgs[O],
    options: RequestTracker.ISendOptions = {}
  ): Promise<IResults[O] | undefined> {
    const connection = this._connection();
    const notebook = this._notebook(connection);
    if (!connection || !notebook) {
      this.refuse(
        this._trans.__('Open a notebook to start a Dask cluster in its kernel.')
      );
      return;
    }
    notebook.pending.add(op);
    notebook.error = null;
    notebook.failed = null;
    this._onChange();
    const messageOf = (reason: unknown): string =>
      reason instanceof Error ? reason.message : String(reason);
    const request = connection.request(op, args, {
      timeoutMs: options.timeoutMs
    });
    const { failure, pending, success } = options;
    if (failure && pending && success) {
      Notification.promise(
        request.then(() => null),
        {
          pending: { message: pending, options: { autoClose: false } },
          success: { message: () => success, options: { autoClose: 5000 } },
          error: { message: reason => failure(messageOf(reason)) }
        }
      );
    }
    try {
      return await request;
    } catch (reason) {
      const message = messageOf(reason);
      notebook.error = message;
      notebook.failed = op;
      if (failure && !pending) {
        notifyError(failure(message));
      }
    } finally {
      notebook.pending.delete(op);
      this._onChange();
    }
  }

  private _notebook(
    connection = this._connection()
  ): INotebookRequests | undefined {
    if (!connection) {
      return undefined;
    }
    let notebook = this._notebooks.get(connection);
    if (!notebook) {
      notebook = { pending: new Set(), error: null, failed: null };
      this._notebooks.set(connection, notebook);
    }
    return notebook;
  }

  // For subclasses that keep more per notebook (see ProfilesModel).
  protected _connection: () => IAgentConnection | null;
  protected _trans: TranslationBundle;
  protected _onChange: () => void;
  private _notebooks = new WeakMap<IAgentConnection, INotebookRequests>();
}

export namespace RequestTracker {
  export interface IOptions {
    /**
     * The connection of the current notebook, which the owner follows.
     */
    connection: () => IAgentConnection | null;
    trans: TranslationBundle;
    /**
     * Called whenever `pending` or `error` changes.
     */
    onChange: () => void;
  }

  export interface ISendOptions {
    /**
     * The notification of a failure, from its message; none without it.
     */
    failure?: (message: string) => string;
    /**
     * With `success` and `failure`: notify the request while it waits, then
     * its outcome.
     */
    pending?: string;
    success?: string;
    timeoutMs?: number;
  }
}
