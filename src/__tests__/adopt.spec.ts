import { Notification } from '@jupyterlab/apputils';
import { nullTranslator } from '@jupyterlab/translation';
import { Signal } from '@lumino/signaling';

import { AgentConnectionManager } from '../agent/manager';
import { DaskClustersModel } from '../model';
import type { KernelHost } from '../tokens';
import { parseSchedulerAddress } from '../validation';
import {
  FakeAgent,
  FakeKernel,
  FakeSessionContext,
  fakeNotebook,
  running,
  settle
} from './fakes';

const trans = nullTranslator.load('jupyterlab');

async function openModel() {
  const kernel = new FakeKernel();
  const agent = new FakeAgent(kernel);
  const notebook = fakeNotebook(new FakeSessionContext(kernel), 'a.ipynb');
  const notebooks = {
    currentWidget: notebook as KernelHost | null,
    currentChanged: new Signal<unknown, KernelHost | null>({})
  };
  const model = new DaskClustersModel({
    notebooks,
    connections: new AgentConnectionManager()
  });
  await settle();
  return { agent, model };
}

function sent(agent: FakeAgent) {
  return (agent.comm?.sent ?? []).filter(
    r => r.op !== 'hello' && r.op !== 'profiles'
  );
}

describe('a cluster made elsewhere', () => {
  beforeEach(() => {
    jest.spyOn(Notification, 'error');
    jest.spyOn(Notification, 'promise');
  });
  afterEach(() => jest.restoreAllMocks());

  it('offers only the actions the cluster supports', async () => {
    const { agent, model } = await openModel();
    agent.push(
      running(2, {
        site: null,
        kind: null,
        origin: 'connected',
        capabilities: ['stop'],
        other_clients: 1
      })
    );
    await settle();
    expect(model.actions).toEqual({
      start: false,
      scale: false,
      adapt: false,
      stop: true
    });
    expect(model.canConnect).toBe(false);

    agent.push(
      running(3, {
        site: null,
        origin: 'adopted',
        capabilities: ['scale', 'adapt', 'stop']
      })
    );
    await settle();
    expect(model.actions.scale && model.actions.adapt).toBe(true);
  });

  it('connects to a well-formed address only', async () => {
    const { agent, model } = await openModel();
    expect(model.canConnect).toBe(true);
    await model.connectScheduler('tcp://10.0.0.5');
    expect(sent(agent)).toEqual([]);
    expect(model.error).toMatch(/needs a port/);

    await model.connectScheduler(' tcp://10.0.0.5:8786 ');
    expect(sent(agent).map(r => [r.op, r.args])).toEqual([
      ['connect_scheduler', { address: 'tcp://10.0.0.5:8786' }]
    ]);
  });
});

describe('parseSchedulerAddress', () => {
  it.each([
    ['tcp://10.0.0.5:8786', null],
    ['tls://scheduler.example.org:8786', null],
    ['tcp://[::1]:8786', null],
    ['', 'Enter a scheduler address'],
    ['http://10.0.0.5:8786', 'starts with tcp:// or tls://'],
    ['tcp://10.0.0.5', 'needs a port'],
    ['tcp://10.0.0.5:0', 'needs a port'],
    ['tcp://10.0.0.5:99999', 'needs a port'],
    ['tcp://:8786', 'has no host'],
    ['tcp://host:8786/path', 'only a host and a port'],
    ['tcp://host:8786; rm -rf /', 'has no spaces']
  ])('%s', (address, problem) => {
    const parsed = parseSchedulerAddress(address, trans);
    if (problem === null) {
      expect(parsed).toEqual({ ok: true, value: address });
    } else {
      expect(parsed.ok).toBe(false);
      expect(parsed.ok ? '' : parsed.message).toContain(problem);
    }
  });

  it.each([
    ['localhost:8786', 'tcp://localhost:8786'],
    [' 10.0.0.5:8786 ', 'tcp://10.0.0.5:8786'],
    ['[::1]:8786', 'tcp://[::1]:8786']
  ])('reads %s as Client() does', (address, value) => {
    expect(parseSchedulerAddress(address, trans)).toEqual({ ok: true, value });
  });
});
