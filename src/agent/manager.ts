/**
 * One agent connection per notebook panel.
 */
import type { ITranslator } from '@jupyterlab/translation';
import type { IDisposable } from '@lumino/disposable';

import type { IGreeting } from '../protocol';
import type { KernelHost } from '../tokens';
import { KernelAgentConnection } from './connection';

/**
 * Creates a panel's connection when it is first asked for, and disposes it
 * with the panel.
 */
export class AgentConnectionManager implements IDisposable {
  constructor(options: AgentConnectionManager.IOptions = {}) {
    this._translator = options.translator;
    this._greeting = options.greeting ?? {};
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * What the user's settings add to `hello`, for every connection.
   */
  get greeting(): IGreeting {
    return this._greeting;
  }
  set greeting(value: IGreeting) {
    this._greeting = value;
    for (const connection of this._connections.values()) {
      connection.greeting = value;
    }
  }

  /**
   * The connection to the kernel of `host`.
   */
  connectionFor(host: KernelHost): KernelAgentConnection {
    let connection = this._connections.get(host);
    if (!connection) {
      connection = new KernelAgentConnection({
        sessionContext: host.sessionContext,
        greeting: this._greeting,
        translator: this._translator
      });
      this._connections.set(host, connection);
      host.disposed.connect(this._onHostDisposed, this);
    }
    return connection;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    for (const [host, connection] of this._connections) {
      host.disposed.disconnect(this._onHostDisposed, this);
      connection.dispose();
    }
    this._connections.clear();
  }

  private _onHostDisposed(host: KernelHost): void {
    this._connections.get(host)?.dispose();
    this._connections.delete(host);
  }

  private _translator: ITranslator | undefined;
  private _greeting: IGreeting;
  private _connections = new Map<KernelHost, KernelAgentConnection>();
  private _isDisposed = false;
}

export namespace AgentConnectionManager {
  export interface IOptions {
    translator?: ITranslator;
    greeting?: IGreeting;
  }
}
