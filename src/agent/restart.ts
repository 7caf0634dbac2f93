/**
 * Following one session context's kernel through restarts: the old process
 * goes (the connection drops what it had), then the new one answers (the
 * connection connects again).
 */
import type { ISessionContext } from '@jupyterlab/apputils';
import type { Kernel } from '@jupyterlab/services';
import { Signal } from '@lumino/signaling';

export class RestartWatch {
  constructor(
    sessionContext: ISessionContext,
    handlers: RestartWatch.IHandlers
  ) {
    this._handlers = handlers;
    sessionContext.statusChanged.connect(this._onKernelStatus, this);
    sessionContext.connectionStatusChanged.connect(
      this._onConnectionStatus,
      this
    );
  }

  /**
   * Stop waiting for a restart to end: the connection connects anyway.
   */
  clear(): void {
    this._awaitingRestart = false;
  }

  dispose(): void {
    Signal.clearData(this);
  }

  private _onKernelStatus(_: ISessionContext, status: Kernel.Status): void {
    switch (status) {
      case 'restarting':
      case 'autorestarting':
        // Wait for the new process: anything sent now goes to the old one.
        this._awaitingRestart = true;
        this._handlers.restarting();
        break;
      case 'starting':
        // The first word of a new kernel process (its later idle/busy after
        // kernel_info are not reported). Requests sent from here on are held
        // by the kernel connection until the new process answers.
        this._awaitingRestart = true;
        this._connectAfterRestart();
        break;
      case 'dead':
        // Restarting a dead kernel starts a new one: kernelChanged follows.
        this._awaitingRestart = false;
        this._handlers.died();
        break;
      default:
        break;
    }
  }

  private _onConnectionStatus(
    _: ISessionContext,
    status: Kernel.ConnectionStatus
  ): void {
    // Status messages about the kernel's first requests may be filtered out,
    // so the reconnected websocket is also a sign that the restart is over.
    if (status === 'connected') {
      this._connectAfterRestart();
    }
  }

  private _connectAfterRestart(): void {
    if (this._awaitingRestart) {
      this._awaitingRestart = false;
      this._handlers.restarted();
    }
  }

  private _handlers: RestartWatch.IHandlers;
  private _awaitingRestart = false;
}

export namespace RestartWatch {
  export interface IHandlers {
    /**
     * The old process goes: drop what it had; the watch waits for the new one.
     */
    restarting(): void;
    /**
     * The kernel died: drop what it had.
     */
    died(): void;
    /**
     * The new process answers: connect to it.
     */
    restarted(): void;
  }
}
