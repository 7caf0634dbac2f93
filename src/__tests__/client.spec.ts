import { AgentClient, AgentError } from '../agent/client';
import type { ISnapshot } from '../protocol';
import { FakeComm, hello, running, settle } from './fakes';

const TIMEOUT = { timeoutMs: 1000 };

function setUp() {
  const comm = new FakeComm('jupyterlab-dask-clusters');
  const client = new AgentClient({ comm: comm.asComm() });
  return { comm, client };
}

describe('AgentClient', () => {
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('sends requests with unique ids and matches responses by id', async () => {
    const { comm, client } = setUp();
    const first = client.request('state', {}, TIMEOUT);
    const second = client.request('scale', { workers: 3 }, TIMEOUT);
    expect(comm.sent).toHaveLength(2);
    const [a, b] = comm.sent;
    expect(a).toEqual({ type: 'request', id: a.id, op: 'state', args: {} });
    expect(b.op).toBe('scale');
    expect(a.id).not.toEqual(b.id);

    // Answered out of order.
    comm.receive({ type: 'response', id: b.id, ok: true, result: running(2) });
    comm.receive({ type: 'response', id: a.id, ok: true, result: running(1) });
    expect((await first).seq).toBe(1);
    expect((await second).seq).toBe(2);
  });

  it('ignores responses with unknown ids', async () => {
    const { comm, client } = setUp();
    const request = client.request('state', {}, TIMEOUT);
    comm.receive({
      type: 'response',
      id: 'r-999',
      ok: true,
      result: running(9)
    });
    comm.receive({
      type: 'response',
      id: '',
      ok: false,
      error: { type: 'protocol', message: 'A request must be a JSON object.' }
    });
    comm.receive({
      type: 'response',
      id: comm.sent[0].id,
      ok: true,
      result: running(1)
    });
    expect((await request).seq).toBe(1);
  });

  it('rejects with an AgentError carrying the agent error type and message', async () => {
    const { comm, client } = setUp();
    const request = client.request(
      'adapt',
      { minimum: 1, maximum: 2 },
      TIMEOUT
    );
    comm.receive({
      type: 'response',
      id: comm.sent[0].id,
      ok: false,
      error: { type: 'conflict', message: 'There is no cluster to adapt.' }
    });
    await expect(request).rejects.toBeInstanceOf(AgentError);
    await expect(request).rejects.toMatchObject({
      type: 'conflict',
      message: 'There is no cluster to adapt.'
    });
  });

  it('rejects a result of the wrong shape', async () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { comm, client } = setUp();
    const request = client.request('hello', { protocol: 1 }, TIMEOUT);
    comm.receive({
      type: 'response',
      id: comm.sent[0].id,
      ok: true,
      result: running(1)
    });
    await expect(request).rejects.toMatchObject({ type: 'protocol' });
    const greeting = client.request('hello', { protocol: 1 }, TIMEOUT);
    comm.receive({
      type: 'response',
      id: comm.sent[1].id,
      ok: true,
      result: hello()
    });
    expect((await greeting).detected_site).toBe('local');
  });

  it('times out with a clear message and forgets the request', async () => {
    jest.useFakeTimers();
    const { comm, client } = setUp();
    const request = client.request('stop', {}, { timeoutMs: 30_000 });
    jest.advanceTimersByTime(30_000);
    await expect(request).rejects.toMatchObject({
      type: 'timeout',
      message: expect.stringContaining('did not answer "stop" within 30 s')
    });
    // A late answer changes nothing.
    expect(() =>
      comm.receive({
        type: 'response',
        id: comm.sent[0].id,
        ok: true,
        result: running(1)
      })
    ).not.toThrow();
  });

  it('refuses to send an invalid request', async () => {
    const { comm, client } = setUp();
    await expect(
      client.request('scale', { workers: -1 }, TIMEOUT)
    ).rejects.toMatchObject({ type: 'invalid' });
    await expect(
      client.request('adapt', { minimum: 4, maximum: 2 }, TIMEOUT)
    ).rejects.toMatchObject({ type: 'invalid' });
    expect(comm.sent).toHaveLength(0);
  });

  it('rejects every pending request on dispose and ignores later responses', async () => {
    const { comm, client } = setUp();
    const start = client.request('start', { site: 'local' }, TIMEOUT);
    const state = client.request('state', {}, TIMEOUT);
    const pushes: ISnapshot[] = [];
    client.stateReceived.connect((_, s) => pushes.push(s));

    client.dispose('The kernel restarted.');
    await expect(start).rejects.toMatchObject({
      type: 'disconnected',
      message: 'The kernel restarted.'
    });
    await expect(state).rejects.toMatchObject({ type: 'disconnected' });
    expect(comm.closed).toBe(true);

    comm.receive({
      type: 'response',
      id: comm.sent[0].id,
      ok: true,
      result: running(1)
    });
    comm.receive({ type: 'state', state: running(2) });
    expect(pushes).toHaveLength(0);
    await expect(client.request('state', {}, TIMEOUT)).rejects.toMatchObject({
      type: 'disconnected',
      message: 'The kernel restarted.'
    });
  });

  it('emits valid state pushes and ignores invalid messages', async () => {
    const warn = jest
      .spyOn(console, 'warn')
      .mockImplementation(() => undefined);
    const { comm, client } = setUp();
    const pushes: ISnapshot[] = [];
    client.stateReceived.connect((_, s) => pushes.push(s));

    comm.receive({ type: 'state', state: running(1) });
    comm.receive({
      type: 'state',
      state: {
        ...running(2),
        profile: {
          name: 'osn',
          source: 'both',
          endpoint: null,
          region: null,
          key_id: null,
          aws_secret_access_key: 'canary'
        }
      }
    });
    comm.receive({ type: 'gossip' });
    comm.receive('not even an object');

    expect(pushes.map(s => s.seq)).toEqual([1]);
    expect(warn).toHaveBeenCalledTimes(3);
    // Nothing of the message is logged.
    expect(JSON.stringify(warn.mock.calls)).not.toContain('canary');
  });

  it('reports when the kernel closes the comm', async () => {
    const { comm, client } = setUp();
    const closed: string[] = [];
    client.closed.connect((_, reason) => closed.push(reason));
    const request = client.request('state', {}, TIMEOUT);
    comm.kernelCloses();
    await expect(request).rejects.toMatchObject({ type: 'disconnected' });
    expect(closed).toHaveLength(1);
    expect(client.isDisposed).toBe(true);
    // The kernel's side is already closed: nothing to send back.
    expect(comm.closed).toBe(false);
  });

  it('rejects a request that cannot be sent', async () => {
    const { comm, client } = setUp();
    comm.failSend = true;
    await expect(client.request('state', {}, TIMEOUT)).rejects.toMatchObject({
      type: 'disconnected'
    });
    await settle();
  });
});
