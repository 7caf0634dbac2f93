/**
 * The connection to the agent in one notebook's kernel, across kernel
 * restarts and changes.
 */
import type { ISessionContext } from '@jupyterlab/apputils';
import type { Kernel } from '@jupyterlab/services';
import type { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import { Signal, type ISignal } from '@lumino/signaling';

import {
  COMM_TARGET,
  PROTOCOL_VERSION,
  isSnapshot,
  type IGreeting,
  type IHello,
  type IRequestArgs,
  type IResults,
  type ISnapshot,
  type Op
} from '../protocol';
import type { ConnectionStatus, IAgentConnection } from '../tokens';
import { loadTranslations } from '../translation';
import { AgentUnavailableError, canImportAgent, loadAgent } from './bootstrap';
import { AgentClient, AgentError } from './client';
import {
  deliverAgent,
  fetchAgentPayload,
  type PayloadFetcher
} from './delivery';

/**
 * How long requests other than `start` may take: they return at once in the
 * agent, unless the kernel is busy running a cell.
 */
export const SHORT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * Follows one session context: loads the agent whenever a Python kernel is
 * ready, opens a comm and keeps the agent's latest hello and snapshot.
 */
export class KernelAgentConnection implements IAgentConnection {
  constructor(options: KernelAgentConnection.IOptions) {
    this.sessionContext = options.sessionContext;
    this._greeting = options.greeting ?? {};
    this._translator = options.translator;
    this._trans = loadTranslations(options.translator);
    this._fetchPayload = options.fetchPayload ?? fetchAgentPayload;

    const { sessionContext } = this;
    sessionContext.kernelChanged.connect(this.reconnect, this);
    sessionContext.statusChanged.connect(this._onKernelStatus, this);
    sessionContext.connectionStatusChanged.connect(
      this._onConnectionStatus,
      this
    );
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
    Signal.clearData(this);
  }

  private _onKernelStatus(_: ISessionContext, status: Kernel.Status): void {
    switch (status) {
      case 'restarting':
      case 'autorestarting':
        // Wait for the new process: anything sent now goes to the old one.
        this._reset(this._trans.__('The kernel restarted.'));
        this._awaitingRestart = true;
        this._setStatus('connecting');
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
        this._reset(this._trans.__('The kernel died.'));
        this._awaitingRestart = false;
        this._setStatus(
          'unavailable',
          this._trans.__('The kernel died. Restart it to use Dask clusters.')
        );
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
      void this._connect();
    }
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
    this._awaitingRestart = false;
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
      const info = await kernel.info;
      if (attempt !== this._attempt) {
        return;
      }
      const language = info.language_info.name;
      if (language.toLowerCase() !== 'python') {
        this._setStatus(
          'unavailable',
          this._trans.__(
            "Dask clusters need a Python kernel; this notebook's kernel runs %1.",
            language
          )
        );
        return;
      }
      if (kernel.status === 'busy') {
        // The agent loads when the running cell ends (requests wait their turn).
        this._setStatus(
          'connecting',
          this._trans.__(
            'The kernel is busy: waiting for the running cell to finish…'
          )
        );
      }
      try {
        await this._loadAgent(kernel, !!mismatch);
      } catch (reason) {
        // The user needs to hear why the kernel's own agent would not do.
        throw mismatch
          ? new Error(
              this._trans.__(
                "The kernel's jupyterlab-dask-clusters does not speak protocol %1 (%2), and JupyterLab could not bring its own: install the same version in the kernel's environment as in JupyterLab.",
                PROTOCOL_VERSION,
                mismatch
              )
            )
          : reason;
      }
      if (attempt !== this._attempt) {
        return;
      }
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
   * Load the agent: the installed one, else (or with `deliver`) the one
   * delivered by the server extension.
   */
  private async _loadAgent(
    kernel: Kernel.IKernelConnection,
    deliver: boolean
  ): Promise<void> {
    const timeoutMs = SHORT_REQUEST_TIMEOUT_MS;
    // A kernel that says it cannot import the package gets it at once.
    if (
      !deliver &&
      (await canImportAgent(kernel, this._trans, timeoutMs)) === false
    ) {
      deliver = true;
    }
    if (!deliver) {
      try {
        await loadAgent(kernel, this._trans, timeoutMs);
        return;
      } catch (reason) {
        if (!(reason instanceof AgentUnavailableError && reason.lacksAgent)) {
          throw reason;
        }
      }
    }
    this._delivered = true;
    await deliverAgent(kernel, this._fetchPayload, this._trans, timeoutMs);
    await loadAgent(kernel, this._trans, timeoutMs);
  }

  /**
   * Send `hello` with the user's settings and keep the answer.
   */
  private async _greet(client: AgentClient, attempt: number): Promise<void> {
    const args: IRequestArgs['hello'] = {
      ...this._greeting,
      protocol: PROTOCOL_VERSION
    };
    // The kernelspec's name, as data: a gateway site may use its conda environment.
    const kernelName = this.sessionContext.session?.kernel?.name;
    if (kernelName) {
      args.kernel_name = kernelName;
    }
    try {
      const hello = await client.request('hello', args, {
        timeoutMs: SHORT_REQUEST_TIMEOUT_MS
      });
      if (attempt !== this._attempt) {
        return;
      }
      if (hello.protocol !== PROTOCOL_VERSION) {
        throw new AgentError(
          'protocol',
          this._trans.__(
            "The kernel's jupyterlab-dask-clusters %1 speaks protocol %2, not %3: install the same version in the kernel's environment as in JupyterLab.",
            hello.agent_version,
            hello.protocol,
            PROTOCOL_VERSION
          )
        );
      }
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

  /**
   * Show `snapshot` unless one as new or newer is shown.
   */
  private _accept(snapshot: ISnapshot, notify = true): void {
    if (this._snapshot && snapshot.seq <= this._snapshot.seq) {
      return;
    }
    this._snapshot = snapshot;
    if (notify) {
      this._changed.emit();
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
    if (this._hello || this._snapshot) {
      this._hello = null;
      this._snapshot = null;
      this._changed.emit();
    }
  }

  private _setStatus(status: ConnectionStatus, message?: string): void {
    const next = message ?? null;
    if (this._status === status && this._message === next) {
      return;
    }
    this._status = status;
    this._message = next;
    this._changed.emit();
  }

  private _translator: ITranslator | undefined;
  private _trans: TranslationBundle;
  private _fetchPayload: PayloadFetcher;
  /**
   * Whether this attempt delivered the agent.
   */
  private _delivered = false;
  private _greeting: IGreeting;
  private _status: ConnectionStatus = 'connecting';
  private _message: string | null = null;
  private _hello: IHello | null = null;
  private _snapshot: ISnapshot | null = null;
  private _client: AgentClient | null = null;
  private _attempt = 0;
  private _awaitingRestart = false;
  private _isDisposed = false;
  private _changed = new Signal<this, void>(this);
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
