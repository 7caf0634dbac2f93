import { Notification } from '@jupyterlab/apputils';
import { MessageLoop } from '@lumino/messaging';
import { Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';

import { AgentConnectionManager } from '../agent/manager';
import { DaskClustersModel } from '../model';
import {
  isGatewayCluster,
  isGatewayOption,
  isRequest,
  type IGatewayCluster,
  type IGatewayOptions,
  type IRequest
} from '../protocol';
import { DaskClustersBody } from '../sidebar/body';
import type { KernelHost } from '../tokens';
import {
  commandsFor,
  FakeAgent,
  FakeKernel,
  fakeNotebook,
  FakeSessionContext,
  running,
  settle,
  snapshot
} from './fakes';

const OPTIONS: IGatewayOptions = {
  site: 'nebari',
  options: [
    {
      name: 'conda_environment',
      label: 'Environment',
      type: 'select',
      default: 'global/global-pangeo',
      choices: ['global/global-pangeo', 'users/users-pangeo'],
      min: null,
      max: null
    },
    {
      name: 'profile',
      label: 'Profile',
      type: 'select',
      default: 'Small Worker',
      choices: ['Small Worker', 'Medium Worker'],
      min: null,
      max: null
    },
    {
      name: 'environment_vars',
      label: 'Environment variables',
      type: 'mapping',
      default: {},
      choices: null,
      min: null,
      max: null
    },
    {
      name: 'worker_threads',
      label: 'Threads per worker',
      type: 'integer',
      default: 1,
      choices: null,
      min: 1,
      max: 4
    },
    {
      name: 'spot',
      label: 'Spot instances',
      type: 'bool',
      default: false,
      choices: null,
      min: null,
      max: null
    },
    {
      name: 'note',
      label: 'Note',
      type: 'string',
      default: '',
      choices: null,
      min: null,
      max: null
    }
  ],
  values: {
    conda_environment: 'users/users-pangeo',
    profile: 'Medium Worker',
    environment_vars: {},
    worker_threads: 1,
    spot: false,
    note: ''
  }
};

const CLUSTER: IGatewayCluster = {
  name: 'abc123',
  status: 'running',
  workers: 2,
  started: Date.now() / 1000 - 300,
  dashboard_link: 'https://hub.example.org/gateway/clusters/abc123/status',
  options: { profile: 'Small Worker' },
  current: false
};

class FakeNotebooks {
  currentWidget: KernelHost | null = null;
  currentChanged = new Signal<this, KernelHost | null>(this);
}

/**
 * An agent on a Nebari-like kernel: nebari detected, a gateway that answers.
 */
function gatewayAgent(kernel: FakeKernel): FakeAgent {
  const agent = new FakeAgent(kernel);
  let clusters = [CLUSTER];
  agent.answers.hello = () => ({
    protocol: 1,
    agent_version: '0.1.0',
    sites: [
      {
        id: 'nebari',
        label: 'Nebari (Dask Gateway)',
        kind: 'gateway',
        options: {},
        workers: null,
        adapt: { minimum: 2, maximum: 30 },
        available: true,
        reason: null
      }
    ],
    detected_site: 'nebari',
    state: agent.state
  });
  agent.answers.gateway_options = () => OPTIONS;
  agent.answers.gateway_clusters = () => ({ site: 'nebari', clusters });
  agent.answers.gateway_connect = () => {
    agent.state = running(5, { site: 'nebari', kind: 'gateway' });
    return agent.state;
  };
  agent.answers.gateway_shutdown = request => {
    clusters = clusters.filter(c => c.name !== (request.args as any).name);
    return { site: 'nebari', clusters };
  };
  agent.answers.start = request => {
    const options = (request.args as any).options;
    if (options?.profile === 'Large Worker') {
      return new Error(
        "The gateway refused 'profile': 'Large Worker' is not a valid option for profile."
      );
    }
    return running(3, { site: 'nebari', kind: 'gateway' });
  };
  return agent;
}

async function render(body: DaskClustersBody): Promise<void> {
  MessageLoop.sendMessage(body, Widget.Msg.UpdateRequest);
  await settle();
}

function byLabel<T extends HTMLElement>(body: Widget, label: string): T {
  return body.node.querySelector(`[aria-label="${label}"]`) as T;
}

function button(node: Element, text: string): HTMLButtonElement {
  return Array.from(node.querySelectorAll('button')).find(
    b => b.textContent === text
  ) as HTMLButtonElement;
}

function type(input: HTMLInputElement, value: string): void {
  const setValue = Object.getOwnPropertyDescriptor(
    HTMLInputElement.prototype,
    'value'
  )!.set!;
  setValue.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Press `label` in the open dialog; return the dialog's text.
 */
function answerDialog(label: string): string {
  const dialog = document.querySelector('.jp-Dialog') as HTMLElement;
  const text = dialog.textContent ?? '';
  const buttons = Array.from(dialog.querySelectorAll('button'));
  buttons.find(b => b.textContent?.includes(label))!.click();
  return text;
}

function sent(agent: FakeAgent, op: string): IRequest[] {
  return (agent.comm?.sent ?? []).filter(r => r.op === op);
}

describe('gateway sites', () => {
  let body: DaskClustersBody;
  let model: DaskClustersModel;
  let agent: FakeAgent;

  beforeEach(async () => {
    jest.spyOn(Notification, 'promise');
    jest.spyOn(Notification, 'error');
    const notebooks = new FakeNotebooks();
    model = new DaskClustersModel({
      notebooks,
      connections: new AgentConnectionManager(),
      baseUrl: 'http://127.0.0.1:8888/'
    });
    body = new DaskClustersBody({ model, commands: commandsFor(model) });
    Widget.attach(body, document.body);
    const kernel = new FakeKernel();
    kernel.name = 'conda-env-users-users-pangeo-py';
    agent = gatewayAgent(kernel);
    notebooks.currentWidget = fakeNotebook(
      new FakeSessionContext(kernel),
      'nebari.ipynb'
    );
    notebooks.currentChanged.emit(notebooks.currentWidget);
    await render(body);
    await render(body);
  });

  afterEach(() => {
    body.dispose();
    model.dispose();
    jest.restoreAllMocks();
  });

  it("sends the kernel's name and asks the gateway once shown", () => {
    expect(sent(agent, 'hello')[0].args).toMatchObject({
      kernel_name: 'conda-env-users-users-pangeo-py'
    });
    expect(sent(agent, 'gateway_options').map(r => r.args)).toEqual([
      { site: 'nebari' }
    ]);
    expect(sent(agent, 'gateway_clusters')).toHaveLength(1);
  });

  it("builds the form from the gateway's answer", () => {
    const profile = byLabel<HTMLSelectElement>(body, 'Profile');
    expect(Array.from(profile.options).map(o => o.value)).toEqual([
      'Small Worker',
      'Medium Worker'
    ]);
    expect(profile.value).toBe('Medium Worker');
    expect(byLabel<HTMLSelectElement>(body, 'Environment').value).toBe(
      'users/users-pangeo'
    );
    const threads = byLabel<HTMLInputElement>(body, 'Threads per worker');
    expect([threads.type, threads.min, threads.max]).toEqual([
      'number',
      '1',
      '4'
    ]);
    expect(byLabel<HTMLInputElement>(body, 'Spot instances').type).toBe(
      'checkbox'
    );
    expect(byLabel<HTMLInputElement>(body, 'Note').type).toBe('text');
    expect(byLabel(body, 'Environment variables')).not.toBeNull();
  });

  it("starts with the form's values, as JSON", async () => {
    const profile = byLabel<HTMLSelectElement>(body, 'Profile');
    profile.value = 'Small Worker';
    profile.dispatchEvent(new Event('change', { bubbles: true }));
    type(byLabel<HTMLInputElement>(body, 'Threads per worker'), '3');
    const mapping = byLabel(body, 'Environment variables');
    button(mapping, 'Add a variable').click();
    await render(body);
    type(byLabel<HTMLInputElement>(body, 'Environment variables name 1'), 'A');
    type(byLabel<HTMLInputElement>(body, 'Environment variables value 1'), '1');
    await render(body);
    button(body.node, 'Start').click();
    await render(body);
    const [start] = sent(agent, 'start');
    expect(isRequest(start)).toBe(true);
    expect(start.args).toEqual({
      site: 'nebari',
      adapt: { minimum: 2, maximum: 30 },
      options: {
        ...OPTIONS.values,
        profile: 'Small Worker',
        worker_threads: 3,
        environment_vars: { A: '1' }
      }
    });
  });

  it("shows the gateway's refusal", async () => {
    const profile = byLabel<HTMLSelectElement>(body, 'Profile');
    // A value the gateway no longer offers (the list was older than the gateway).
    profile.append(new Option('Large Worker', 'Large Worker'));
    profile.value = 'Large Worker';
    profile.dispatchEvent(new Event('change', { bubbles: true }));
    button(body.node, 'Start').click();
    await render(body);
    await render(body);
    expect(body.node.textContent).toContain(
      "The gateway refused 'profile': 'Large Worker' is not a valid option for profile."
    );
    expect(model.snapshot?.status).toBe('none');
  });

  it('lists the clusters; connects and shuts down after asking', async () => {
    const list = body.node.querySelector(
      '[data-testid="dask-gateway-clusters"]'
    ) as HTMLElement;
    const item = list.querySelector('li[data-name="abc123"]') as HTMLElement;
    expect(item.textContent).toContain('running');
    expect(item.textContent).toContain('5 min');
    expect(item.querySelector('a')?.getAttribute('href')).toBe(
      CLUSTER.dashboard_link
    );

    button(item, 'Shut down').click();
    await settle();
    expect(answerDialog('Cancel')).toContain(
      'The cluster abc123 and its workers stop; work running on it is lost.'
    );
    await render(body);
    expect(sent(agent, 'gateway_shutdown')).toHaveLength(0);

    button(item, 'Connect').click();
    await render(body);
    expect(sent(agent, 'gateway_connect')[0].args).toEqual({
      site: 'nebari',
      name: 'abc123'
    });
    expect(model.snapshot?.status).toBe('running');
    expect(model.snapshot?.site).toBe('nebari');

    const again = body.node.querySelector(
      'li[data-name="abc123"]'
    ) as HTMLElement;
    button(again, 'Shut down').click();
    await settle();
    answerDialog('Shut down');
    await render(body);
    await render(body);
    expect(sent(agent, 'gateway_shutdown')[0].args).toEqual({
      site: 'nebari',
      name: 'abc123'
    });
    expect(body.node.textContent).toContain('No pending or running clusters.');
  });
  it("lists the clusters again when the kernel's own settles at a new size or status, and says an unknown count in words", async () => {
    let reported: number | null = null; // the gateway's count for the kernel's cluster
    agent.answers.gateway_clusters = () => ({
      site: 'nebari',
      clusters: [{ ...CLUSTER, current: true, workers: reported }]
    });
    const gateway = (seq: number, ready: number) =>
      running(seq, {
        site: 'nebari',
        kind: 'gateway',
        workers: { ready, requested: 1 }
      });
    const shownWorkers = () => {
      const item = body.node.querySelector('li[data-name="abc123"]');
      const terms = Array.from(item?.querySelectorAll('dt') ?? []);
      const term = terms.find(dt => dt.textContent === 'Workers');
      return term?.nextElementSibling?.textContent ?? '';
    };
    const listings = () => sent(agent, 'gateway_clusters').length;
    const before = listings();
    // Starting: the kernel is busy with it, nothing is asked meanwhile.
    agent.push(snapshot({ seq: 1, status: 'starting', site: 'nebari' }));
    await render(body);
    expect(listings()).toBe(before);

    agent.push(gateway(2, 0));
    await render(body);
    expect(listings()).toBe(before + 1);
    expect(shownWorkers()).toBe('unknown');

    reported = 1;
    agent.push(gateway(3, 1));
    await render(body);
    expect(listings()).toBe(before + 2);
    expect(shownWorkers()).toBe('1');

    // A push that changes nothing the list shows asks nothing.
    agent.push({ ...gateway(4, 1), memory: 1 });
    await render(body);
    expect(listings()).toBe(before + 2);
  });
});

describe('gateway validators', () => {
  it('refuse what the agent never sends', () => {
    expect(isGatewayCluster(CLUSTER)).toBe(true);
    expect(
      isGatewayCluster({ ...CLUSTER, dashboard_link: 'javascript:alert(1)' })
    ).toBe(false);
    expect(isGatewayCluster({ ...CLUSTER, status: 'exploded' })).toBe(false);
    expect(isGatewayCluster({ ...CLUSTER, secret: 'x' })).toBe(false);
    const select = OPTIONS.options[0];
    expect(isGatewayOption(select)).toBe(true);
    expect(isGatewayOption({ ...select, choices: null })).toBe(false);
    expect(isGatewayOption({ ...select, type: 'integer' })).toBe(false);
    expect(isGatewayOption({ ...select, type: 'color' })).toBe(false);
  });
});
