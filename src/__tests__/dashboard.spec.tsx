import { MainAreaWidget, Notification } from '@jupyterlab/apputils';
import { PageConfig } from '@jupyterlab/coreutils';
import { nullTranslator } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';
import { MessageLoop } from '@lumino/messaging';
import { Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';

import { dashboardPlugin } from '../dashboard';
import { OPEN_DASHBOARD } from '../dashboard/ids';
import type { DashboardFrame } from '../dashboard/pane';
import { AgentConnectionManager } from '../agent/manager';
import { DaskClustersModel } from '../model';
import { DaskClustersBody } from '../sidebar/body';
import type { IGatewayCluster } from '../protocol';
import type { KernelHost } from '../tokens';
import {
  FakeAgent,
  FakeKernel,
  FakeSessionContext,
  fakeNotebook,
  hello,
  running,
  settle,
  snapshot
} from './fakes';

const BASE = PageConfig.getBaseUrl();
const PLOTS = {
  'Individual Task Stream': '/individual-task-stream',
  'Individual Progress': '/individual-progress'
};

/**
 * The notebook tracker as the dashboard plugin uses it.
 */
class FakeNotebooks {
  currentWidget: KernelHost | null = null;
  currentChanged = new Signal<this, KernelHost | null>(this);
  widgetAdded = new Signal<this, KernelHost>(this);
  widgets: KernelHost[] = [];
  find(test: (widget: any) => boolean) {
    return this.widgets.find(test);
  }
}

function notebookAt(path: string, kernel: FakeKernel): KernelHost {
  const notebook = fakeNotebook(new FakeSessionContext(kernel), path);
  (notebook as any).context = { path, pathChanged: new Signal(notebook) };
  return notebook;
}

/**
 * Answers like a Dask dashboard behind jupyter-server-proxy on any port.
 */
function serveDashboards(): void {
  (globalThis as any).fetch = jest.fn(async (url: string) => ({
    status: url.endsWith('/individual-plots.json') ? 200 : 404,
    ok: url.endsWith('/individual-plots.json'),
    json: async () => PLOTS
  }));
}

function button(root: Element, text: string): HTMLButtonElement {
  return Array.from(root.querySelectorAll('button')).find(
    b => b.textContent === text
  ) as HTMLButtonElement;
}

describe('the dashboard command, its sidebar buttons and its panes', () => {
  let commands: CommandRegistry;
  let notebooks: FakeNotebooks;
  let model: DaskClustersModel;
  let body: DaskClustersBody;
  let added: { widget: MainAreaWidget<DashboardFrame>; options: any }[];

  beforeEach(() => {
    serveDashboards();
    jest.spyOn(Notification, 'error');
    commands = new CommandRegistry();
    notebooks = new FakeNotebooks();
    model = new DaskClustersModel({
      notebooks,
      connections: new AgentConnectionManager()
    });
    added = [];
    const app = {
      commands,
      shell: {
        add: (widget: any, area: string, options: any) => {
          Widget.attach(widget, document.body);
          added.push({ widget, options });
        },
        activateById: jest.fn()
      }
    };
    void dashboardPlugin.activate(
      app as any,
      model,
      notebooks,
      nullTranslator,
      null,
      null
    );
    body = new DaskClustersBody({ model, commands });
    Widget.attach(body, document.body);
  });

  afterEach(() => {
    body.dispose();
    for (const { widget } of added) {
      widget.dispose();
    }
    model.dispose();
    jest.restoreAllMocks();
    delete (globalThis as any).fetch;
  });

  async function open(path: string, state = running(1)) {
    const kernel = new FakeKernel();
    const agent = new FakeAgent(kernel);
    agent.state = state;
    const notebook = notebookAt(path, kernel);
    notebooks.widgets.push(notebook);
    notebooks.currentWidget = notebook;
    notebooks.currentChanged.emit(notebook);
    await render();
    return { agent, notebook };
  }

  async function render() {
    await settle();
    MessageLoop.sendMessage(body, Widget.Msg.UpdateRequest);
    await settle();
  }

  it('is enabled when the current notebook has a running dashboard', async () => {
    expect(commands.isEnabled(OPEN_DASHBOARD)).toBe(false);
    const { agent } = await open('a.ipynb', snapshot());
    expect(commands.isEnabled(OPEN_DASHBOARD)).toBe(false);
    expect(button(body.node, 'Open Dask Dashboard')).toBeUndefined();
    agent.push(running(2));
    await render();
    expect(commands.isEnabled(OPEN_DASHBOARD)).toBe(true);
    expect(commands.label(OPEN_DASHBOARD)).toBe('Open Dask Dashboard');
    expect(commands.caption(OPEN_DASHBOARD)).toMatch(/beside the notebook/);
  });

  it("opens the dashboard and its plots beside the notebook from the panel's buttons", async () => {
    const { notebook } = await open('work/a.ipynb');
    button(body.node, 'Open Dask Dashboard').click();
    await settle();
    expect(added).toHaveLength(1);
    const [status] = added;
    expect(status.options).toEqual({ mode: 'split-right', ref: notebook.id });
    expect(status.widget.title.label).toBe(
      'Dask Dashboard — a.ipynb (Local machine)'
    );
    expect(status.widget.content.node.dataset.state).toBe('running');
    expect(status.widget.content.url).toBe(`${BASE}proxy/8787/status`);

    // The plots, from individual-plots.json, each in a pane below the last.
    await render();
    const plots = body.node.querySelector('[aria-label="Individual plots"]')!;
    expect(
      Array.from(plots.querySelectorAll('button')).map(b => b.textContent)
    ).toEqual(['Progress', 'Task Stream']);
    button(plots, 'Task Stream').click();
    await settle();
    expect(added).toHaveLength(2);
    expect(added[1].options).toEqual({
      mode: 'split-bottom',
      ref: status.widget.id
    });
    expect(added[1].widget.content.url).toBe(
      `${BASE}proxy/8787/individual-task-stream`
    );
    expect(added[1].widget.title.label).toBe(
      'Task Stream — a.ipynb (Local machine)'
    );

    // The same again activates the open pane.
    button(plots, 'Task Stream').click();
    await settle();
    expect(added).toHaveLength(2);
  });

  it('refuses a dashboard link that is not http(s)', async () => {
    const { agent } = await open(
      'a.ipynb',
      running(1, { dashboard_link: 'javascript:alert(1)' })
    );
    expect(commands.isEnabled(OPEN_DASHBOARD)).toBe(true);
    await commands.execute(OPEN_DASHBOARD);
    expect(added).toHaveLength(0);
    expect(Notification.error).toHaveBeenCalledWith(
      expect.stringContaining('is not an http(s) URL'),
      expect.anything()
    );

    // An open pane whose cluster comes back with such a link shows none.
    agent.push(running(2));
    await settle();
    await commands.execute(OPEN_DASHBOARD);
    await settle();
    const pane = added[0].widget.content;
    expect(pane.node.dataset.state).toBe('running');
    agent.push(running(3, { dashboard_link: 'file:///etc/passwd' }));
    await settle();
    expect(pane.node.dataset.state).toBe('stopped');
    expect(pane.node.textContent).toContain('is not an http(s) URL');
    expect(pane.node.querySelector('iframe')!.hasAttribute('src')).toBe(false);
    // Pressing the button again says so too, and opens nothing more.
    await commands.execute(OPEN_DASHBOARD);
    expect(added).toHaveLength(1);
    expect(Notification.error).toHaveBeenCalledTimes(2);
  });

  it('says when the cluster stopped, and shows the next one', async () => {
    const { agent } = await open('a.ipynb');
    await commands.execute(OPEN_DASHBOARD);
    await settle();
    const pane = added[0].widget.content;
    expect(pane.node.dataset.state).toBe('running');

    agent.push(snapshot({ seq: 2, status: 'stopped' }));
    await settle();
    expect(pane.node.dataset.state).toBe('stopped');
    expect(pane.node.textContent).toContain(
      'The Dask cluster of a.ipynb stopped.'
    );
    expect(pane.node.querySelector('iframe')!.hasAttribute('src')).toBe(false);

    agent.push(running(3, { dashboard_link: 'http://127.0.0.1:40123/status' }));
    await settle();
    expect(pane.node.dataset.state).toBe('running');
    expect(pane.url).toBe(`${BASE}proxy/40123/status`);
  });

  it("uses a gateway's link as given, and says its cluster still runs when the kernel has gone", async () => {
    // A gateway on loopback: its own proxy, not one for jupyter-server-proxy.
    const link = 'http://127.0.0.1:8000/clusters/abc123/status';
    const cluster: IGatewayCluster = {
      name: 'abc123',
      status: 'running',
      workers: 1,
      started: null,
      dashboard_link: link,
      options: {},
      current: false
    };
    const onGateway = (agent: FakeAgent) => {
      agent.answers.hello = () => ({
        ...hello(agent.state),
        detected_site: 'nebari'
      });
      agent.answers.gateway_options = () => ({
        site: 'nebari',
        options: [],
        values: {}
      });
      agent.answers.gateway_clusters = () => ({
        site: 'nebari',
        clusters: [{ ...cluster, current: agent.state.status === 'running' }]
      });
      return agent;
    };
    const gateway = (seq: number) =>
      running(seq, { site: 'nebari', kind: 'gateway', dashboard_link: link });
    const kernel = new FakeKernel();
    onGateway(new FakeAgent(kernel)).state = gateway(1);
    const notebook = notebookAt('nebari.ipynb', kernel);
    notebooks.widgets.push(notebook);
    notebooks.currentWidget = notebook;
    notebooks.currentChanged.emit(notebook);
    await render();
    await commands.execute(OPEN_DASHBOARD);
    await settle();
    const pane = added[0].widget.content;
    expect(pane.node.dataset.state).toBe('running');
    expect(pane.url).toBe(link);

    // The kernel dies; JupyterLab starts another, which has no cluster.
    const next = new FakeKernel();
    const agent = onGateway(new FakeAgent(next));
    (notebook.sessionContext as any).changeKernel(next);
    await render();
    await render();
    expect(pane.node.dataset.state).toBe('orphaned');
    expect(pane.node.textContent).toContain(
      'The kernel of nebari.ipynb has gone; the gateway cluster abc123 is still running.'
    );
    expect(pane.node.querySelector('iframe')!.hasAttribute('src')).toBe(false);

    // The new kernel connects to it: its dashboard again.
    agent.push(gateway(2));
    await settle();
    expect(pane.node.dataset.state).toBe('running');
    expect(pane.url).toBe(link);

    // Shut down from there: stopped, in the same kernel.
    agent.push(snapshot({ seq: 3, status: 'stopped' }));
    await settle();
    expect(pane.node.dataset.state).toBe('stopped');
  });

  it('shows what is wrong with a dashboard that does not answer', async () => {
    (globalThis as any).fetch = jest.fn(async () => ({
      status: 500,
      ok: false,
      json: async () => null
    }));
    await open('a.ipynb');
    await commands.execute(OPEN_DASHBOARD);
    await settle();
    const pane = added[0].widget.content;
    expect(pane.node.dataset.state).toBe('failed');
    expect(pane.node.textContent).toContain('not reachable (HTTP 500)');
    expect(pane.node.querySelector('iframe')!.hasAttribute('src')).toBe(false);
    expect(Notification.error).toHaveBeenCalled();
  });

  it('restores a pane by notebook path, waiting for the notebook to open', async () => {
    // The restorer runs the command with the saved arguments.
    await commands.execute(OPEN_DASHBOARD, {
      path: 'b.ipynb',
      plot: '/individual-progress'
    });
    const pane = added[0].widget.content;
    expect(pane.node.dataset.state).toBe('detached');
    const { notebook } = await open('b.ipynb');
    notebooks.widgetAdded.emit(notebook);
    await settle();
    expect(pane.node.dataset.state).toBe('running');
    expect(pane.url).toBe(`${BASE}proxy/8787/individual-progress`);
  });
});
