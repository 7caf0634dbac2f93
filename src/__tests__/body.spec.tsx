import { Notification } from '@jupyterlab/apputils';
import { MessageLoop } from '@lumino/messaging';
import { Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';

import { AgentConnectionManager } from '../kernel/manager';
import { DaskClustersModel } from '../model';
import { DaskClustersBody } from '../sidebar/body';
import type { KernelHost } from '../tokens';
import {
  FakeAgent,
  FakeKernel,
  FakeSessionContext,
  fakeNotebook,
  running,
  settle
} from './fakes';

class FakeNotebooks {
  currentWidget: KernelHost | null = null;
  currentChanged = new Signal<this, KernelHost | null>(this);
}

async function render(body: DaskClustersBody): Promise<void> {
  MessageLoop.sendMessage(body, Widget.Msg.UpdateRequest);
  await settle();
}

function byTestId(body: Widget, id: string): HTMLElement {
  return body.node.querySelector(`[data-testid="${id}"]`) as HTMLElement;
}

function byLabel<T extends HTMLElement>(body: Widget, label: string): T {
  return body.node.querySelector(`[aria-label="${label}"]`) as T;
}

function button(body: Widget, text: string): HTMLButtonElement {
  return Array.from(body.node.querySelectorAll('button')).find(
    b => b.textContent === text
  ) as HTMLButtonElement;
}

/**
 * Type into a React-controlled input.
 */
function type(input: HTMLInputElement, value: string): void {
  const setValue = Object.getOwnPropertyDescriptor(
    HTMLInputElement.prototype,
    'value'
  )!.set!;
  setValue.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('DaskClustersBody', () => {
  let body: DaskClustersBody;
  let notebooks: FakeNotebooks;
  let model: DaskClustersModel;

  beforeEach(() => {
    jest.spyOn(Notification, 'promise');
    jest.spyOn(Notification, 'error');
    notebooks = new FakeNotebooks();
    model = new DaskClustersModel({
      notebooks,
      connections: new AgentConnectionManager(),
      baseUrl: 'http://127.0.0.1:8888/'
    });
    body = new DaskClustersBody({ model });
    Widget.attach(body, document.body);
  });

  afterEach(() => {
    body.dispose();
    model.dispose();
    jest.restoreAllMocks();
  });

  async function open(agent?: (agent: FakeAgent) => void) {
    const kernel = new FakeKernel();
    const fake = new FakeAgent(kernel);
    agent?.(fake);
    notebooks.currentWidget = fakeNotebook(
      new FakeSessionContext(kernel),
      'analysis.ipynb'
    );
    notebooks.currentChanged.emit(notebooks.currentWidget);
    await render(body);
    return fake;
  }

  it('asks for a notebook when none is open', async () => {
    await render(body);
    expect(body.node.textContent).toContain(
      'Open a notebook to start a Dask cluster in its kernel.'
    );
  });

  it('shows the site, the cluster and the form', async () => {
    await open(agent => {
      agent.state = running(1, { workers: { ready: 1, requested: 3 } });
    });
    expect(body.node.textContent).toContain('analysis.ipynb');
    const site = byLabel<HTMLSelectElement>(body, 'Site');
    expect(site.value).toBe('local');
    expect(site.disabled).toBe(true);
    expect(byTestId(body, 'dask-cluster-status').textContent).toBe('running');
    expect(byTestId(body, 'dask-cluster-workers').textContent).toBe(
      '1 / 3 workers'
    );
    expect(body.node.querySelector('progress')?.getAttribute('max')).toBe('3');
    expect(byTestId(body, 'dask-cluster-threads').textContent).toBe('4');
    expect(byTestId(body, 'dask-cluster-memory').textContent).toBe('7.45 GiB');
    const dashboard = byTestId(body, 'dask-cluster-dashboard');
    expect(dashboard.getAttribute('href')).toBe(
      'http://127.0.0.1:8888/proxy/8787/status'
    );
    expect(dashboard.getAttribute('target')).toBe('_blank');
    expect(button(body, 'Start').disabled).toBe(true);
    expect(button(body, 'Scale').disabled).toBe(false);
    expect(button(body, 'Adapt').disabled).toBe(true);
    expect(button(body, 'Stop').disabled).toBe(false);
  });

  it('refuses a bad form with an alert and sends nothing', async () => {
    const agent = await open();
    expect(byTestId(body, 'dask-cluster-status').textContent).toBe(
      'no cluster'
    );
    const fixed = body.node.querySelector(
      'input[type="radio"][value="fixed"]'
    ) as HTMLInputElement;
    expect(fixed.checked).toBe(true);
    expect(byLabel(body, 'Minimum workers')).toBeNull();

    type(byLabel<HTMLInputElement>(body, 'Workers'), '-1');
    await settle();
    button(body, 'Start').click();
    await settle();
    const alert = body.node.querySelector('[role="alert"]');
    expect(alert?.textContent).toBe('Workers cannot be negative.');
    expect(agent.comm?.sent.map(r => r.op)).toEqual(['hello']);

    type(byLabel<HTMLInputElement>(body, 'Workers'), '2');
    await settle();
    expect(alert?.textContent).toBe('');
    button(body, 'Start').click();
    await settle();
    expect(agent.comm?.sent.map(r => [r.op, r.args])).toEqual([
      ['hello', { protocol: 1 }],
      ['start', { site: 'local', workers: 2 }]
    ]);
  });

  it('preselects the adaptive mode for an adaptive site', async () => {
    await open();
    const site = byLabel<HTMLSelectElement>(body, 'Site');
    site.value = 'nebari';
    site.dispatchEvent(new Event('change', { bubbles: true }));
    await render(body);
    const adaptive = body.node.querySelector(
      'input[type="radio"][value="adaptive"]'
    ) as HTMLInputElement;
    expect(adaptive.checked).toBe(true);
    expect(byLabel<HTMLInputElement>(body, 'Minimum workers').value).toBe('2');
    expect(byLabel<HTMLInputElement>(body, 'Maximum workers').value).toBe('30');
    expect(byLabel(body, 'Workers')).toBeNull();
  });
});
