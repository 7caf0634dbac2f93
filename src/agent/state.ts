/**
 * What a connection to the agent shows: its status (with a message for the
 * user), the agent's latest hello and snapshot, and the signal of changes.
 * The connection (connection.ts) sets them as it follows its kernel.
 */
import { Signal, type ISignal } from '@lumino/signaling';

import type { IHello, ISnapshot } from '../protocol';
import type { ConnectionStatus } from './types';

export abstract class AgentState {
  get status(): ConnectionStatus {
    return this._status;
  }

  get message(): string | null {
    return this._message;
  }

  get hello(): IHello | null {
    return this._hello;
  }

  get snapshot(): ISnapshot | null {
    return this._snapshot;
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * Keep the agent's answer to `hello`, and be ready.
   */
  protected _greeted(hello: IHello): void {
    const first = this._hello === null;
    this._hello = hello;
    if (first) {
      // The greeting sets the baseline: the agent may have been reloaded.
      this._snapshot = hello.state;
    } else {
      this._accept(hello.state, false);
    }
    if (this._status === 'ready') {
      this._changed.emit();
    } else {
      this._setStatus('ready');
    }
  }

  /**
   * Show `snapshot` unless one as new or newer is shown.
   */
  protected _accept(snapshot: ISnapshot, notify = true): void {
    if (this._snapshot && snapshot.seq <= this._snapshot.seq) {
      return;
    }
    this._snapshot = snapshot;
    if (notify) {
      this._changed.emit();
    }
  }

  /**
   * Forget the agent's hello and the cluster.
   */
  protected _forget(): void {
    if (this._hello || this._snapshot) {
      this._hello = null;
      this._snapshot = null;
      this._changed.emit();
    }
  }

  protected _setStatus(status: ConnectionStatus, message?: string): void {
    const next = message ?? null;
    if (this._status === status && this._message === next) {
      return;
    }
    this._status = status;
    this._message = next;
    this._changed.emit();
  }

  protected _status: ConnectionStatus = 'connecting';
  protected _message: string | null = null;
  protected _hello: IHello | null = null;
  protected _snapshot: ISnapshot | null = null;
  protected _changed = new Signal<this, void>(this);
}
