import { MessageLoop } from '@lumino/messaging';
import { Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';

import { BOOTSTRAP_CODE, PROBE_EXPRESSION } from '../agent/bootstrap';
import { KernelAgentConnection } from '../agent/connection';
import type { IAgentPayload } from '../agent/delivery';
import { AgentConnectionManager } from '../agent/manager';
import { DaskClustersModel } from '../model';
import { isHello, isResult } from '../protocol';
import { DaskClustersBody } from '../sidebar/body';
import type { KernelHost } from '../tokens';
import {
  commandsFor,
  FakeAgent,
  FakeComm,
  FakeKernel,
  fakeNotebook,
  FakeSessionContext,
  hello,
  settle
} from './fakes';

const PAYLOAD: IAgentPayload = {
  version: '0.1.0',
  protocol: 1,
  target: 'jupyterlab-dask-clusters-delivery',
  loader:
    'def _jdc_deliver(digest, target): ...\n_jdc_deliver("0f1e", "jupyterlab-dask-clusters-delivery")\ndel _jdc_deliver\n',
  archive: 'UEsDBA=='
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
 * A kernel in which the loader's comm target answers as the real one does:
 * it closes the comm with `{ok}` once it has the archive.
 */
class DeliveringKernel extends FakeKernel {
  delivered = false;
  archives: unknown[] = [];
  archiveReply: { ok: boolean; error?: string } = { ok: true };

  createComm(targetName: string): FakeComm {
    const comm = super.createComm(targetName);
    if (targetName === PAYLOAD.target) {
      comm.open = (data?: unknown) => {
        this.archives.push(data);
        void Promise.resolve().then(() => {
          this.delivered = this.archiveReply.ok;
          comm.onClose({
            content: { comm_id: comm.commId, data: this.archiveReply }
          });
        });
        return {};
      };
    }
    return comm;
  }
}

/**
 * A kernel whose environment lacks the package until it is delivered, as in
 * a shared conda environment on a hub.
 */
class KernelWithoutPackage extends DeliveringKernel {
  /**
   * Whether the kernel answers the probe (an unexpected answer makes the
   * connection try the bootstrap).
   */
  answersProbe = true;
  /**
   * What executing the loader answers (a kernel lacking `distributed`
   * refuses it).
   */
  loaderReply: FakeKernel['executeReply'] = { status: 'ok' };

  requestExecute(content: {
    code: string;
    user_expressions?: { [name: string]: string };
  }): unknown {
    super.requestExecute(content);
    let reply = this.executeReply;
    if (content.code === '' && this.answersProbe) {
      const installed = this.delivered ? 'True' : 'False';
      reply = {
        status: 'ok',
        user_expressions: {
          installed: { status: 'ok', data: { 'text/plain': installed } }
        }
      } as any;
    } else if (content.code === PAYLOAD.loader) {
      reply = this.loaderReply;
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
    // The probe, the server's constant as is, the bootstrap.
    expect(kernel.codes).toEqual(['', PAYLOAD.loader, BOOTSTRAP_CODE]);
    expect(kernel.archives).toEqual([{ archive: PAYLOAD.archive }]);
    expect(kernel.executed[0].user_expressions).toEqual({
      installed: PROBE_EXPRESSION
    });
    for (const content of kernel.executed) {
      expect(content).toMatchObject({ silent: true, store_history: false });
    }
    expect(connection.status).toBe('ready');
    expect(connection.hello?.agent_source).toBe('delivered');
    // The loader's comm, then the agent's.
    expect(kernel.comms.map(comm => comm.targetName)).toEqual([
      PAYLOAD.target,
      'jupyterlab-dask-clusters'
    ]);
  });

  it('says so when the kernel refuses the archive', async () => {
    const kernel = new KernelWithoutPackage();
    kernel.archiveReply = { ok: false, error: 'ValueError: not this one' };
    const { connection } = setUp(kernel, async () => PAYLOAD);
    await settle();
    expect(connection.status).toBe('unavailable');
    expect(connection.message).toContain('ValueError: not this one');
  });

  it('delivers after a failing bootstrap when the probe gets no answer', async () => {
    const kernel = new KernelWithoutPackage();
    kernel.answersProbe = false;
    const { connection } = setUp(kernel, async () => PAYLOAD);
    await settle();
    expect(kernel.codes).toEqual([
      '',
      BOOTSTRAP_CODE,
      PAYLOAD.loader,
      BOOTSTRAP_CODE
    ]);
    expect(connection.status).toBe('ready');
  });

  it('uses the installed agent without asking the server', async () => {
    const kernel = new FakeKernel();
    const { connection, fetchPayload } = setUp(kernel, async () => PAYLOAD);
    await settle();
    expect(connection.status).toBe('ready');
    expect(fetchPayload).not.toHaveBeenCalled();
    expect(kernel.executed.map(content => content.code)).toEqual([
      '',
      BOOTSTRAP_CODE
    ]);
  });

  it('names the missing module when the kernel lacks distributed', async () => {
    const kernel = new KernelWithoutPackage();
    kernel.loaderReply = noModule('distributed');
    const { connection } = setUp(kernel, async () => PAYLOAD);
    await settle();

    expect(connection.status).toBe('unavailable');
    expect(connection.message).toContain('distributed');
    expect(connection.message).toContain('pip install distributed');
    expect(connection.message).toContain('conda install');
    expect(connection.message).not.toContain('jupyterlab-dask-clusters');
    expect(kernel.codes).toEqual(['', PAYLOAD.loader]);
    expect(kernel.comms).toHaveLength(0);
    expect(kernel.archives).toHaveLength(0);
  });

  it('asks for an install when the server cannot provide the agent', async () => {
    const kernel = new KernelWithoutPackage();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const { connection } = setUp(kernel, () =>
      Promise.reject(new Error('HTTP 404'))
    );
    await settle();

    expect(connection.status).toBe('unavailable');
    expect(String(warn.mock.calls[0])).toContain('HTTP 404');
    warn.mockRestore();
    expect(connection.message).toContain(
      'pip install jupyterlab-dask-clusters'
    );
    expect(kernel.codes).toEqual(['']);
  });

  it('replaces an installed agent speaking another protocol version', async () => {
    const kernel = new DeliveringKernel();
    const { agent, connection } = setUp(kernel, async () => PAYLOAD);
    agent.answers.hello = () => ({ ...hello(), protocol: 2 });
    kernel.onComm = comm => {
      // The first comm reaches the installed agent, later ones the delivered one.
      const first = !kernel.delivered;
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
      '',
      BOOTSTRAP_CODE,
      PAYLOAD.loader,
      BOOTSTRAP_CODE
    ]);
    expect(kernel.comms).toHaveLength(3);
    expect(kernel.comms[0].closed).toBe(true);
    expect(kernel.archives).toHaveLength(1);
    expect(connection.status).toBe('ready');
    expect(connection.hello?.agent_source).toBe('delivered');
  });

  it('names both versions when an agent of another protocol cannot be replaced', async () => {
    const kernel = new FakeKernel();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const { agent, connection } = setUp(kernel, () =>
      Promise.reject(new Error('HTTP 404'))
    );
    agent.answers.hello = () => ({ ...hello(), protocol: 2 });
    await settle();
    warn.mockRestore();

    expect(connection.status).toBe('unavailable');
    expect(connection.message).toContain('does not speak protocol 1');
    expect(connection.message).toMatch(/protocol 2, not 1/);
  });

  it('gives one message naming both versions if the delivered agent disagrees too', async () => {
    const kernel = new DeliveringKernel();
    const { agent, connection } = setUp(kernel, async () => PAYLOAD);
    agent.answers.hello = () => ({
      ...hello(),
      protocol: 2,
      agent_version: '9.0.0'
    });
    await settle();

    expect(kernel.comms).toHaveLength(3);
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
    const body = new DaskClustersBody({ model, commands: commandsFor(model) });
    Widget.attach(body, document.body);
    notebooks.currentWidget = fakeNotebook(new FakeSessionContext(kernel));
    notebooks.currentChanged.emit(notebooks.currentWidget);
    await settle();
    MessageLoop.sendMessage(body, Widget.Msg.UpdateRequest);
    await settle();
    const line = body.node.querySelector<HTMLElement>(
      '[data-testid="dask-clusters-agent"]'
    );
    const text = line ? `${line.textContent} (${line.title})` : null;
    body.dispose();
    model.dispose();
    return text;
  }

  it('says in plain words whether the kernel helper is installed or brought by JupyterLab, its version in the tooltip', async () => {
    expect(await panelFor('delivered')).toBe(
      'Kernel helper brought by JupyterLab (jupyterlab-dask-clusters 0.1.0)'
    );
    expect(await panelFor('installed')).toBe(
      'Kernel helper installed (jupyterlab-dask-clusters 0.1.0)'
    );
    // An agent released before agent_source existed is an installed one.
    expect(await panelFor()).toBe(
      'Kernel helper installed (jupyterlab-dask-clusters 0.1.0)'
    );
  });
});
