import { MessageLoop } from '@lumino/messaging';
import { Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';

import { BOOTSTRAP_CODE } from '../kernel/bootstrap';
import { KernelAgentConnection } from '../kernel/connection';
import type { IAgentPayload } from '../kernel/delivery';
import { AgentConnectionManager } from '../kernel/manager';
import { DaskClustersModel } from '../model';
import { isHello, isResult } from '../protocol';
import { DaskClustersBody } from '../sidebar/body';
import type { KernelHost } from '../tokens';
import {
  FakeAgent,
  FakeKernel,
  FakeSessionContext,
  fakeNotebook,
  hello,
  settle
} from './fakes';

const PAYLOAD: IAgentPayload = {
  version: '0.1.0',
  protocol: 1,
  code: 'def _jdc_deliver(archive_base64): ...\n_jdc_deliver("UEsDBA==")\ndel _jdc_deliver\n'
};

function noModule(name: string) {
  return {
    status: 'error' as const,
    ename: 'ModuleNotFoundError',
    evalue: `No module named '${name}'`,
    traceback: []
  };
}

/**
 * A kernel whose environment lacks the package until the payload has run,
 * as in a shared conda environment on a hub.
 */
class KernelWithoutPackage extends FakeKernel {
  delivered = false;
  /**
   * What executing the payload answers (a kernel lacking `distributed`
   * refuses it).
   */
  deliveryReply: FakeKernel['executeReply'] = { status: 'ok' };

  requestExecute(content: { code: string }): unknown {
    super.requestExecute(content);
    let reply = this.executeReply;
    if (content.code === PAYLOAD.code) {
      reply = this.deliveryReply;
      this.delivered = reply.status === 'ok';
    } else if (content.code === BOOTSTRAP_CODE && !this.delivered) {
      reply = noModule('jupyterlab_dask_clusters');
    }
    return { done: Promise.resolve({ content: reply }) };
  }

  get codes(): string[] {
    return this.executed.map(content => content.code);
  }
}

function setUp(kernel: FakeKernel, payload: () => Promise<IAgentPayload>) {
  const agent = new FakeAgent(kernel);
  const fetchPayload = jest.fn(payload);
  const connection = new KernelAgentConnection({
    sessionContext: new FakeSessionContext(kernel).asSessionContext(),
    fetchPayload
  });
  return { agent, connection, fetchPayload };
}

describe('delivering the agent', () => {
  it('brings the agent to a kernel lacking the package', async () => {
    const kernel = new KernelWithoutPackage();
    const { agent, connection, fetchPayload } = setUp(
      kernel,
      async () => PAYLOAD
    );
    agent.answers.hello = () => ({ ...hello(), agent_source: 'delivered' });
    await settle();

    expect(fetchPayload).toHaveBeenCalledTimes(1);
    // The bootstrap, the server's constant as is, the bootstrap again.
    expect(kernel.codes).toEqual([
      BOOTSTRAP_CODE,
      PAYLOAD.code,
      BOOTSTRAP_CODE
    ]);
    for (const content of kernel.executed) {
      expect(content).toMatchObject({ silent: true, store_history: false });
    }
    expect(connection.status).toBe('ready');
    expect(connection.hello?.agent_source).toBe('delivered');
    expect(kernel.comms).toHaveLength(1);
  });

  it('uses the installed agent without asking the server', async () => {
    const kernel = new FakeKernel();
    const { connection, fetchPayload } = setUp(kernel, async () => PAYLOAD);
    await settle();
    expect(connection.status).toBe('ready');
    expect(fetchPayload).not.toHaveBeenCalled();
    expect(kernel.executed.map(content => content.code)).toEqual([
      BOOTSTRAP_CODE
    ]);
  });

  it('names the missing module when the kernel lacks distributed', async () => {
    const kernel = new KernelWithoutPackage();
    kernel.deliveryReply = noModule('distributed');
    const { connection } = setUp(kernel, async () => PAYLOAD);
    await settle();

    expect(connection.status).toBe('unavailable');
    expect(connection.message).toContain('distributed');
    expect(connection.message).toContain('pip install distributed');
    expect(connection.message).toContain('conda install');
    expect(connection.message).not.toContain('jupyterlab-dask-clusters');
    expect(kernel.codes).toEqual([BOOTSTRAP_CODE, PAYLOAD.code]);
    expect(kernel.comms).toHaveLength(0);
  });

  it('asks for an install when the server cannot provide the agent', async () => {
    const kernel = new KernelWithoutPackage();
    const { connection } = setUp(kernel, () =>
      Promise.reject(new Error('HTTP 404'))
    );
    await settle();

    expect(connection.status).toBe('unavailable');
    expect(connection.message).toContain('HTTP 404');
    expect(connection.message).toContain(
      'pip install jupyterlab-dask-clusters'
    );
    expect(kernel.codes).toEqual([BOOTSTRAP_CODE]);
  });

  it('replaces an installed agent speaking another protocol version', async () => {
    const kernel = new FakeKernel();
    const { agent, connection } = setUp(kernel, async () => PAYLOAD);
    agent.answers.hello = () => ({ ...hello(), protocol: 2 });
    kernel.onComm = comm => {
      // The first comm reaches the installed agent, later ones the delivered one.
      const first = kernel.comms.length === 1;
      comm.onSend = request => {
        void Promise.resolve().then(() =>
          first
            ? agent.fail(
                request,
                'protocol',
                'Protocol version 1 is not supported; this kernel speaks version 2.'
              )
            : agent.respond(request, { ...hello(), agent_source: 'delivered' })
        );
      };
      agent.comm = comm;
    };
    await settle();

    expect(kernel.executed.map(content => content.code)).toEqual([
      BOOTSTRAP_CODE,
      PAYLOAD.code,
      BOOTSTRAP_CODE
    ]);
    expect(kernel.comms).toHaveLength(2);
    expect(kernel.comms[0].closed).toBe(true);
    expect(connection.status).toBe('ready');
    expect(connection.hello?.agent_source).toBe('delivered');
  });

  it('gives one message naming both versions if the delivered agent disagrees too', async () => {
    const kernel = new FakeKernel();
    const { agent, connection } = setUp(kernel, async () => PAYLOAD);
    agent.answers.hello = () => ({
      ...hello(),
      protocol: 2,
      agent_version: '9.0.0'
    });
    await settle();

    expect(kernel.comms).toHaveLength(2);
    expect(connection.status).toBe('unavailable');
    expect(connection.message).toContain('9.0.0');
    expect(connection.message).toMatch(/protocol 2, not 1/);
  });

  it('executes nothing in a kernel that is not Python', async () => {
    const kernel = new FakeKernel('R');
    const { connection, fetchPayload } = setUp(kernel, async () => PAYLOAD);
    await settle();
    expect(connection.status).toBe('unavailable');
    expect(connection.message).toContain('need a Python kernel');
    expect(kernel.executed).toHaveLength(0);
    expect(fetchPayload).not.toHaveBeenCalled();
  });
});

describe('hello.agent_source', () => {
  it('is optional within protocol 1 and has two values', () => {
    expect(isHello(hello())).toBe(true);
    expect(isResult('hello', { ...hello(), agent_source: 'installed' })).toBe(
      true
    );
    expect(isResult('hello', { ...hello(), agent_source: 'delivered' })).toBe(
      true
    );
    expect(isResult('hello', { ...hello(), agent_source: 'downloaded' })).toBe(
      false
    );
  });
});

class FakeNotebooks {
  currentWidget: KernelHost | null = null;
  currentChanged = new Signal<this, KernelHost | null>(this);
}

describe('the quiet agent line', () => {
  async function panelFor(agentSource?: 'installed' | 'delivered') {
    const kernel = new FakeKernel();
    const agent = new FakeAgent(kernel);
    agent.answers.hello = () =>
      agentSource ? { ...hello(), agent_source: agentSource } : hello();
    const notebooks = new FakeNotebooks();
    const model = new DaskClustersModel({
      notebooks,
      connections: new AgentConnectionManager(),
      baseUrl: 'http://127.0.0.1:8888/'
    });
    const body = new DaskClustersBody({ model });
    Widget.attach(body, document.body);
    notebooks.currentWidget = fakeNotebook(new FakeSessionContext(kernel));
    notebooks.currentChanged.emit(notebooks.currentWidget);
    await settle();
    MessageLoop.sendMessage(body, Widget.Msg.UpdateRequest);
    await settle();
    const text =
      body.node.querySelector('[data-testid="dask-clusters-agent"]')
        ?.textContent ?? null;
    body.dispose();
    model.dispose();
    return text;
  }

  it('says whether the agent is installed or delivered, and its version', async () => {
    expect(await panelFor('delivered')).toBe(
      'Agent 0.1.0, delivered by JupyterLab (not installed in the kernel)'
    );
    expect(await panelFor('installed')).toBe(
      'Agent 0.1.0, installed in the kernel'
    );
    // An agent released before agent_source existed is an installed one.
    expect(await panelFor()).toBe('Agent 0.1.0, installed in the kernel');
  });
});
