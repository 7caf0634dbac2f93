import { Widget } from '@lumino/widgets';

import { BOOTSTRAP_CODE, PROBE_EXPRESSION } from '../agent/bootstrap';
import { KernelAgentConnection } from '../agent/connection';
import { AgentConnectionManager } from '../agent/manager';
import type { SiteSpecs } from '../protocol';
import {
  FakeAgent,
  FakeKernel,
  FakeSessionContext,
  fakeNotebook,
  running,
  settle,
  snapshot
} from './fakes';

const SITES: SiteSpecs = {
  local: {
    label: 'Local machine',
    kind: 'local',
    options: {},
    workers: null,
    adapt: null,
    detect: null,
    env: {}
  }
};

function bootstraps(kernel: FakeKernel) {
  return kernel.executed.filter(content => content.code === BOOTSTRAP_CODE);
}

function setUp(kernel = new FakeKernel()) {
  const agent = new FakeAgent(kernel);
  const session = new FakeSessionContext(kernel);
  const connection = new KernelAgentConnection({
    sessionContext: session.asSessionContext(),
    greeting: { sites: SITES }
  });
  return { kernel, agent, session, connection };
}

describe('KernelAgentConnection', () => {
  it('loads the agent with the constant bootstrap, opens a comm and says hello', async () => {
    const { kernel, agent, connection } = setUp();
    expect(connection.status).toBe('connecting');
    await settle();

    // First whether the kernel can import the package, then the bootstrap.
    expect(kernel.executed).toEqual([
      expect.objectContaining({
        code: '',
        silent: true,
        user_expressions: { installed: PROBE_EXPRESSION }
      }),
      expect.objectContaining({
        code: BOOTSTRAP_CODE,
        silent: true,
        store_history: false
      })
    ]);
    expect(BOOTSTRAP_CODE).toBe(
      'import jupyterlab_dask_clusters.agent as _jdc_agent; _jdc_agent.load(); del _jdc_agent'
    );
    const comm = kernel.lastComm;
    expect(comm.targetName).toBe('jupyterlab-dask-clusters');
    expect(comm.opened).toBe(true);
    expect(comm.sent[0]).toMatchObject({
      op: 'hello',
      args: { protocol: 1, sites: SITES }
    });
    expect(agent.helloSites).toEqual([SITES]);
    expect(connection.status).toBe('ready');
    expect(connection.hello?.detected_site).toBe('local');
    expect(connection.snapshot?.status).toBe('none');
  });

  it('keeps the newest snapshot and drops older ones', async () => {
    const { agent, connection } = setUp();
    await settle();
    let changes = 0;
    connection.changed.connect(() => changes++);

    agent.push(running(5));
    expect(connection.snapshot?.seq).toBe(5);
    agent.push(running(3, { workers: { ready: 1, requested: 2 } }));
    agent.push(running(5));
    expect(connection.snapshot?.seq).toBe(5);
    expect(connection.snapshot?.workers.ready).toBe(2);
    expect(changes).toBe(1);

    // A response's snapshot counts too, if it is newer.
    agent.answers.scale = () =>
      running(7, { workers: { ready: 2, requested: 4 } });
    await connection.request('scale', { workers: 4 });
    expect(connection.snapshot?.seq).toBe(7);
    agent.answers.state = () => running(6);
    await connection.request('state', {});
    expect(connection.snapshot?.seq).toBe(7);
  });

  it('reports an agent missing from the kernel with the pip command', async () => {
    const kernel = new FakeKernel();
    kernel.executeReply = {
      status: 'error',
      ename: 'ModuleNotFoundError',
      evalue: "No module named 'jupyterlab_dask_clusters'",
      traceback: []
    };
    const { connection } = setUp(kernel);
    await settle();
    expect(connection.status).toBe('unavailable');
    expect(connection.message).toContain(
      'pip install jupyterlab-dask-clusters'
    );
    expect(kernel.comms).toHaveLength(0);
    await expect(connection.request('state', {})).rejects.toMatchObject({
      type: 'disconnected'
    });
  });

  it.each([
    [
      'needs distributed>=2022.12; this kernel has 2022.6.0',
      "Dask clusters need distributed 2022.12 or newer in the notebook's kernel, which has 2022.6.0. Upgrade it in the kernel's environment (`pip install 'distributed>=2022.12'` or `conda install -c conda-forge 'distributed>=2022.12'`), then restart the kernel."
    ],
    [
      'needs Python>=3.9; this kernel has 3.8.18',
      "Dask clusters need Python 3.9 or newer in the notebook's kernel, which runs Python 3.8.18. Choose a kernel with a newer Python."
    ]
  ])(
    'names the version an older kernel needs (%s)',
    async (evalue, message) => {
      const kernel = new FakeKernel();
      kernel.executeReply = {
        status: 'error',
        ename: 'UnsupportedKernelError',
        evalue,
        traceback: []
      };
      const { connection } = setUp(kernel);
      await settle();
      expect(connection.status).toBe('unavailable');
      expect(connection.message).toBe(message);
      expect(kernel.comms).toHaveLength(0);
    }
  );

  it('waits for a busy kernel instead of calling it unresponsive', async () => {
    jest.useFakeTimers();
    try {
      const kernel = new FakeKernel();
      kernel.status = 'busy'; // a long cell runs when the panel first looks
      const cellEnds = kernel.holdExecutes();
      const { connection } = setUp(kernel);
      await jest.advanceTimersByTimeAsync(0);
      expect(connection.status).toBe('connecting');
      expect(connection.message).toBe(
        'The kernel is busy: waiting for the running cell to finish…'
      );
      // Far past the request time-out: still waiting, not "did not answer".
      await jest.advanceTimersByTimeAsync(5 * 60_000);
      expect(connection.status).toBe('connecting');

      kernel.status = 'idle';
      cellEnds();
      await jest.advanceTimersByTimeAsync(0);
      expect(connection.status).toBe('ready');
      expect(connection.message).toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });

  it('calls a kernel that does not answer and is not busy unresponsive', async () => {
    jest.useFakeTimers();
    try {
      const kernel = new FakeKernel();
      kernel.holdExecutes(); // a request lost, e.g. during a restart
      const { connection } = setUp(kernel);
      await jest.advanceTimersByTimeAsync(31_000);
      expect(connection.status).toBe('unavailable');
      expect(connection.message).toContain('The kernel did not answer');
    } finally {
      jest.useRealTimers();
    }
  });

  it('needs a Python kernel', async () => {
    const { kernel, connection } = setUp(new FakeKernel('R'));
    await settle();
    expect(connection.status).toBe('unavailable');
    expect(connection.message).toContain('Python');
    expect(kernel.executed).toHaveLength(0);
  });

  it('says when the notebook has no kernel', async () => {
    const session = new FakeSessionContext(null);
    const connection = new KernelAgentConnection({
      sessionContext: session.asSessionContext()
    });
    await settle();
    expect(connection.status).toBe('unavailable');
    expect(connection.message).toContain('no kernel');
  });

  it('survives a kernel restart in the middle of a request', async () => {
    const { kernel, agent, session, connection } = setUp();
    await settle();
    agent.push(running(4));
    agent.hold.add('start');
    const oldComm = kernel.lastComm;
    const start = connection.request('start', { site: 'local' });
    await settle();
    const pending = agent.held[0];

    session.statusChanged.emit('restarting');
    await expect(start).rejects.toMatchObject({
      type: 'disconnected',
      message: 'The kernel restarted.'
    });
    expect(connection.status).toBe('connecting');
    expect(connection.snapshot).toBeNull();

    // The old kernel's late answer and pushes change nothing.
    oldComm.receive({
      type: 'response',
      id: pending.id,
      ok: true,
      result: running(9)
    });
    oldComm.receive({ type: 'state', state: running(10) });
    expect(connection.snapshot).toBeNull();

    // The old process's last busy/idle must not load the agent into it.
    agent.hold.clear();
    agent.state = snapshot({ seq: 0 });
    session.statusChanged.emit('busy');
    session.statusChanged.emit('idle');
    await settle();
    expect(bootstraps(kernel)).toHaveLength(1);
    expect(connection.status).toBe('connecting');

    // The new process says 'starting': load the agent again, without a reload.
    session.statusChanged.emit('starting');
    await settle();
    expect(bootstraps(kernel)).toHaveLength(2);
    expect(kernel.comms).toHaveLength(2);
    expect(connection.status).toBe('ready');
    expect(connection.snapshot?.status).toBe('none');
    // A new kernel starts counting again.
    agent.push(running(1));
    expect(connection.snapshot?.seq).toBe(1);
  });

  it('follows a change of kernel', async () => {
    const { kernel, session, connection } = setUp();
    await settle();
    const other = new FakeKernel();
    const otherAgent = new FakeAgent(other);
    otherAgent.state = running(2);
    session.changeKernel(other as any);
    expect(connection.snapshot).toBeNull();
    await settle();
    expect(kernel.lastComm.closed).toBe(true);
    expect(other.comms).toHaveLength(1);
    expect(connection.status).toBe('ready');
    expect(connection.snapshot?.seq).toBe(2);
  });

  it('is unavailable when the kernel dies or closes the comm, and can retry', async () => {
    const { kernel, session, connection } = setUp();
    await settle();
    kernel.lastComm.kernelCloses();
    expect(connection.status).toBe('unavailable');
    connection.reconnect();
    await settle();
    expect(connection.status).toBe('ready');
    session.statusChanged.emit('dead');
    expect(connection.status).toBe('unavailable');
    expect(connection.message).toContain('died');
  });

  it('greets the agent again when the sites change', async () => {
    const { agent, connection } = setUp();
    await settle();
    const more: SiteSpecs = {
      ...SITES,
      pbs: { label: 'PBS', kind: 'jobqueue', jobqueue: 'pbs' }
    };
    connection.greeting = { sites: more };
    await settle();
    expect(agent.helloSites).toEqual([SITES, more]);
    expect(connection.status).toBe('ready');
  });

  it('sends the profile endpoints in hello, and greets again only on change', async () => {
    const { agent, connection } = setUp();
    await settle();
    const endpoints = { osn: 'https://s3.example.org' };
    connection.greeting = { sites: SITES, profile_endpoints: endpoints };
    await settle();
    const hellos = () =>
      agent.comm!.sent.filter(r => r.op === 'hello').map(r => r.args);
    expect(hellos()).toEqual([
      { protocol: 1, sites: SITES },
      { protocol: 1, sites: SITES, profile_endpoints: endpoints }
    ]);

    // Equal settings (another setting changed) do not greet again.
    connection.greeting = { sites: { ...SITES }, profile_endpoints: endpoints };
    await settle();
    expect(hellos()).toHaveLength(2);
    connection.greeting = {};
    await settle();
    expect(hellos()[2]).toEqual({ protocol: 1 });
    expect(connection.status).toBe('ready');
  });

  it('rejects pending requests when disposed', async () => {
    const { agent, connection } = setUp();
    await settle();
    agent.hold.add('stop');
    const stop = connection.request('stop', {});
    connection.dispose();
    await expect(stop).rejects.toMatchObject({ type: 'disconnected' });
  });
});

describe('AgentConnectionManager', () => {
  it('gives one connection per notebook, disposed with the notebook', async () => {
    const manager = new AgentConnectionManager({
      greeting: { sites: SITES }
    });
    const first = fakeNotebook(new FakeSessionContext(new FakeKernel()));
    const second = fakeNotebook(new FakeSessionContext(new FakeKernel()));
    const a = manager.connectionFor(first);
    expect(manager.connectionFor(first)).toBe(a);
    const b = manager.connectionFor(second);
    expect(b).not.toBe(a);
    expect(a.greeting).toEqual({ sites: SITES });

    const greeting = { profile_endpoints: { osn: 'https://s3.example.org' } };
    manager.greeting = greeting;
    expect(a.greeting).toBe(greeting);
    expect(b.greeting).toBe(greeting);

    first.dispose();
    expect(a.isDisposed).toBe(true);
    expect(b.isDisposed).toBe(false);
    manager.dispose();
    expect(b.isDisposed).toBe(true);
    expect(second).toBeInstanceOf(Widget);
    await settle();
  });
});
