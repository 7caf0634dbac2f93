/**
 * Just enough of a kernel, a comm and a session context for the client, the
 * connection and the model; the real ones are covered by the galata tests.
 */
import { nullTranslator } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';
import { Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';

import type { ISessionContext } from '@jupyterlab/apputils';
import type { Kernel } from '@jupyterlab/services';

import type {
  IHello,
  IProfileSummary,
  IProfiles,
  IRequest,
  IRequestArgs,
  ISiteSummary,
  ISnapshot
} from '../protocol';
import { registerCommands } from '../commands/registry';
import type { IDaskClusters, KernelHost } from '../tokens';

/**
 * Let pending promise callbacks and timers of 0 ms run.
 */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise(resolve => setTimeout(resolve, 0));
  }
}

export function snapshot(overrides: Partial<ISnapshot> = {}): ISnapshot {
  return {
    seq: 0,
    status: 'none',
    site: null,
    kind: null,
    name: null,
    dashboard_link: null,
    workers: { ready: 0, requested: 0 },
    threads: 0,
    memory: 0,
    adapt: null,
    error: null,
    profile: null,
    jobs: null,
    ...overrides
  };
}

export function running(
  seq: number,
  overrides: Partial<ISnapshot> = {}
): ISnapshot {
  return snapshot({
    seq,
    status: 'running',
    site: 'local',
    kind: 'local',
    name: 'LocalCluster(1a2b)',
    dashboard_link: 'http://127.0.0.1:8787/status',
    workers: { ready: 2, requested: 2 },
    threads: 4,
    memory: 8_000_000_000,
    ...overrides
  });
}

/** The built-in local site's summary, with `overrides`. */
export function siteSummary(
  overrides: Partial<ISiteSummary> = {}
): ISiteSummary {
  return {
    id: 'local',
    label: 'Local machine',
    kind: 'local',
    options: {},
    workers: null,
    adapt: null,
    available: true,
    reason: null,
    ...overrides
  };
}

export const SITES: ISiteSummary[] = [
  siteSummary(),
  {
    id: 'nebari',
    label: 'Nebari (Dask Gateway)',
    kind: 'gateway',
    options: { profile: 'Medium Worker' },
    workers: null,
    adapt: { minimum: 2, maximum: 30 },
    available: true,
    reason: null
  },
  {
    id: 'tallgrass',
    label: 'Tallgrass (Slurm)',
    kind: 'jobqueue',
    options: {},
    workers: null,
    adapt: { minimum: 2, maximum: 30 },
    available: false,
    reason: 'dask_jobqueue is not installed in the kernel.'
  }
];

export const PROFILES: IProfileSummary[] = [
  {
    name: 'osn',
    source: 'both',
    endpoint: 'https://usgs.osn.mghpcc.org',
    region: 'us-east-1',
    key_id: 'AKIA…WXYZ'
  },
  {
    name: "x'); import os#",
    source: 'credentials',
    endpoint: null,
    region: null,
    key_id: null
  }
];

export function hello(state: ISnapshot = snapshot()): IHello {
  return {
    protocol: 1,
    agent_version: '0.1.0',
    sites: SITES,
    detected_site: 'local',
    state
  };
}

/**
 * A comm that records what the browser sends.
 */
export class FakeComm {
  constructor(readonly targetName: string) {}

  readonly commId = `comm-${++FakeComm.count}`;
  isDisposed = false;
  opened = false;
  closed = false;
  sent: IRequest[] = [];
  /**
   * Throw on send, like a dead kernel does.
   */
  failSend = false;
  /**
   * Called with every request sent, e.g. by a fake agent.
   */
  onSend: ((request: IRequest) => void) | null = null;

  onMsg: (msg: any) => void = () => undefined;
  onClose: (msg: any) => void = () => undefined;

  open(): unknown {
    this.opened = true;
    return {};
  }

  send(data: unknown): unknown {
    if (this.failSend) {
      throw new Error('Kernel is dead');
    }
    this.sent.push(data as IRequest);
    this.onSend?.(data as IRequest);
    return {};
  }

  close(): unknown {
    this.closed = true;
    return {};
  }

  dispose(): void {
    this.isDisposed = true;
  }

  /**
   * Deliver `data` as a comm message from the kernel.
   */
  receive(data: unknown): void {
    this.onMsg({ content: { comm_id: this.commId, data } });
  }

  /**
   * The kernel closes the comm.
   */
  kernelCloses(): void {
    this.onClose({ content: { comm_id: this.commId, data: {} } });
  }

  asComm(): Kernel.IComm {
    return this as unknown as Kernel.IComm;
  }

  static count = 0;
}

type ExecuteReply =
  | { status: 'ok' }
  | { status: 'error'; ename: string; evalue: string; traceback: string[] }
  | { status: 'aborted' };

/**
 * A kernel that answers the bootstrap and creates fake comms.
 */
export class FakeKernel {
  constructor(language = 'python') {
    this.info = Promise.resolve({ language_info: { name: language } });
  }

  info: Promise<unknown>;
  /**
   * The kernelspec's name, which the frontend sends with hello (none by default).
   */
  name?: string;
  executeReply: ExecuteReply = { status: 'ok' };
  executed: any[] = [];
  comms: FakeComm[] = [];
  /**
   * Called with every comm created, e.g. to attach a fake agent.
   */
  onComm: ((comm: FakeComm) => void) | null = null;

  /**
   * What JupyterLab last heard of the kernel: 'busy' while a cell runs.
   */
  status: Kernel.Status = 'idle';
  /**
   * How often the kernel was interrupted; `onInterrupt` plays what the
   * interrupt does (e.g. a fake agent answering the request it works on).
   */
  interrupts = 0;
  onInterrupt: (() => void) | null = null;

  async interrupt(): Promise<void> {
    this.interrupts++;
    this.onInterrupt?.();
  }

  requestExecute(content: unknown): unknown {
    this.executed.push(content);
    const reply = { content: this.executeReply };
    if (!this._held) {
      return { done: Promise.resolve(reply) };
    }
    // Queued behind the running cell, as a real kernel does.
    return {
      done: new Promise(resolve => this._held!.push(() => resolve(reply)))
    };
  }

  /**
   * Hold every execution's reply from now on until the returned function is
   * called (the running cell ends).
   */
  holdExecutes(): () => void {
    const held: (() => void)[] = (this._held = []);
    return () => {
      this._held = null;
      held.forEach(answer => answer());
    };
  }

  private _held: (() => void)[] | null = null;

  createComm(targetName: string): FakeComm {
    const comm = new FakeComm(targetName);
    this.comms.push(comm);
    this.onComm?.(comm);
    return comm;
  }

  get lastComm(): FakeComm {
    return this.comms[this.comms.length - 1];
  }
}

/**
 * A session context whose kernel the test changes and restarts.
 */
export class FakeSessionContext {
  constructor(kernel: FakeKernel | null) {
    this.session = { kernel };
  }

  session: { kernel: FakeKernel | null } | null;
  isReady = true;
  ready = Promise.resolve();
  kernelChanged = new Signal<this, unknown>(this);
  statusChanged = new Signal<this, Kernel.Status>(this);
  connectionStatusChanged = new Signal<this, Kernel.ConnectionStatus>(this);

  get kernel(): FakeKernel | null {
    return this.session?.kernel ?? null;
  }

  changeKernel(kernel: FakeKernel | null): void {
    const oldValue = this.kernel;
    this.session = { kernel };
    this.kernelChanged.emit({ name: 'kernel', oldValue, newValue: kernel });
  }

  asSessionContext(): ISessionContext {
    return this as unknown as ISessionContext;
  }
}

/**
 * An agent in a fake kernel: answers requests with the given handler.
 */
export class FakeAgent {
  constructor(kernel: FakeKernel) {
    kernel.onComm = comm => {
      this.comm = comm;
      comm.onSend = request => this._handle(comm, request);
    };
    // As the real agent: the request being worked on fails, a start is undone.
    kernel.onInterrupt = () => {
      for (const request of this.held.splice(0)) {
        if (request.op === 'start') {
          this.push({
            ...this.state,
            seq: this.state.seq + 1,
            status: 'failed',
            error: 'The start was interrupted.'
          });
        }
        this.fail(request, 'failed', 'The operation was interrupted.');
      }
    };
  }

  comm: FakeComm | null = null;
  state: ISnapshot = snapshot();
  helloSites: unknown[] = [];
  /**
   * Requests by op that get no answer until the test sends one.
   */
  hold = new Set<string>();
  held: IRequest[] = [];
  /**
   * What `profiles` returns by default.
   */
  profiles: IProfiles = { profiles: [], active: null, error: null };
  /**
   * Answers by op; by default `hello` and `profiles` return the above and
   * every other op returns the state.
   */
  answers: { [op: string]: (request: IRequest) => unknown } = {};

  /**
   * Push a new snapshot, as the agent does after every change.
   */
  push(state: ISnapshot): void {
    this.state = state;
    this.comm?.receive({ type: 'state', state });
  }

  respond(request: IRequest, result: unknown): void {
    this.comm?.receive({
      type: 'response',
      id: request.id,
      ok: true,
      result
    });
  }

  fail(request: IRequest, type: string, message: string): void {
    this.comm?.receive({
      type: 'response',
      id: request.id,
      ok: false,
      error: { type, message }
    });
  }

  private _handle(comm: FakeComm, request: IRequest): void {
    if (request.op === 'hello') {
      this.helloSites.push((request.args as any).sites);
    }
    if (this.hold.has(request.op)) {
      this.held.push(request);
      return;
    }
    const answer = this.answers[request.op];
    const result = answer
      ? answer(request)
      : request.op === 'hello'
        ? hello(this.state)
        : request.op === 'profiles'
          ? this.profiles
          : this.state;
    // Answer asynchronously, as a kernel does.
    void Promise.resolve().then(() => {
      if (result instanceof Error) {
        this.fail(request, 'failed', result.message);
      } else {
        this.respond(request, result);
      }
    });
  }
}

/**
 * Make `agent` list PROFILES and apply and clear them as the real one does:
 * the snapshot carries the applied profile, with the endpoint typed if any.
 */
export function withProfiles(agent: FakeAgent): FakeAgent {
  agent.profiles = { profiles: PROFILES, active: null, error: null };
  const change = (profile: IProfileSummary | null) => {
    agent.state = { ...agent.state, seq: agent.state.seq + 1, profile };
    agent.profiles = { ...agent.profiles, active: profile?.name ?? null };
    return agent.state;
  };
  agent.answers.use_profile = request => {
    const { name, endpoint } = request.args as IRequestArgs['use_profile'];
    const listed = PROFILES.find(profile => profile.name === name);
    if (!listed) {
      return new Error(`There is no AWS profile named "${name}".`);
    }
    return change({ ...listed, endpoint: endpoint ?? listed.endpoint });
  };
  agent.answers.clear_profile = () => change(null);
  return agent;
}

/**
 * A notebook panel stand-in: a widget with a session context.
 */
export function fakeNotebook(
  sessionContext: FakeSessionContext,
  label = 'Untitled.ipynb'
): KernelHost {
  const widget = new Widget();
  widget.title.label = label;
  (widget as any).sessionContext = sessionContext.asSessionContext();
  return widget as KernelHost;
}

/**
 * The extension's commands on `model`, registered as the plugin does, for a
 * sidebar body whose buttons run them.
 */
export function commandsFor(model: IDaskClusters): CommandRegistry {
  const commands = new CommandRegistry();
  registerCommands(commands, {
    model,
    trans: nullTranslator.load('jupyterlab_dask_clusters'),
    showPanel: () => undefined,
    insertCell: () => undefined,
    copy: () => undefined
  });
  return commands;
}
