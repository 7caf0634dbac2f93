import { Notification } from '@jupyterlab/apputils';
import { MessageLoop } from '@lumino/messaging';
import { Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';

import { AgentConnectionManager } from '../agent/manager';
import { DaskClustersModel } from '../model';
import { DaskClustersBody } from '../sidebar/body';
import type { KernelHost } from '../tokens';
import {
  commandsFor,
  FakeAgent,
  FakeKernel,
  fakeNotebook,
  FakeSessionContext,
  PROFILES,
  running,
  settle,
  withProfiles
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

function button(body: Widget | Element, text: string): HTMLButtonElement {
  const node = body instanceof Widget ? body.node : body;
  return Array.from(node.querySelectorAll('button')).find(
    b => b.textContent === text
  ) as HTMLButtonElement;
}

/**
 * Choose an option of a React-controlled select.
 */
function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
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
    // The buttons run the extension's commands, registered as the plugin does.
    body = new DaskClustersBody({ model, commands: commandsFor(model) });
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
    // One primary button, which applies a size other than the cluster's.
    expect(button(body, 'Start')).toBeUndefined();
    expect(button(body, 'Scale')).toBeUndefined();
    expect(button(body, 'Apply size').disabled).toBe(true);
    type(byLabel<HTMLInputElement>(body, 'Workers'), '2');
    await settle();
    expect(button(body, 'Apply size').disabled).toBe(false);
    expect(button(body, 'Stop').disabled).toBe(false);
  });

  it('marks a bad count as it is typed, disables Start and sends nothing', async () => {
    const agent = await open();
    expect(byTestId(body, 'dask-cluster-status').textContent).toBe(
      'no cluster'
    );
    const fixed = body.node.querySelector(
      'input[type="radio"][value="fixed"]'
    ) as HTMLInputElement;
    expect(fixed.checked).toBe(true);
    expect(byLabel(body, 'Minimum workers')).toBeNull();

    const workers = byLabel<HTMLInputElement>(body, 'Workers');
    type(workers, '-1');
    await settle();
    // Checked while typing: the field is marked, its message tied to it.
    expect(workers.getAttribute('aria-invalid')).toBe('true');
    const message = body.node.querySelector(
      `[id="${workers.getAttribute('aria-describedby')}"]`
    );
    expect(message?.textContent).toBe('Workers cannot be negative.');
    expect(button(body, 'Start').disabled).toBe(true);
    button(body, 'Start').click();
    await settle();
    expect(agent.comm?.sent.map(r => r.op)).toEqual(['hello', 'profiles']);

    type(workers, '2');
    await settle();
    expect(workers.hasAttribute('aria-invalid')).toBe(false);
    expect(workers.hasAttribute('aria-describedby')).toBe(false);
    button(body, 'Start').click();
    await settle();
    expect(agent.comm?.sent.map(r => [r.op, r.args])).toEqual([
      ['hello', { protocol: 1 }],
      ['profiles', {}],
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

  describe('AWS profile section', () => {
    function section() {
      const node = byTestId(body, 'dask-profiles');
      const get = <T extends Element>(selector: string) =>
        node.querySelector(selector) as T;
      return {
        node,
        picker: get<HTMLSelectElement>('select[aria-label="AWS profile"]'),
        endpoint: get<HTMLInputElement>('input[aria-label="S3 endpoint"]'),
        reload: get<HTMLButtonElement>('button[aria-label="Reload profiles"]'),
        active: get<HTMLElement>('[data-testid="dask-active-profile"]'),
        details: get<HTMLElement>('[data-testid="dask-profile-details"]'),
        alert: get<HTMLElement>('[role="alert"]'),
        apply: button(node, 'Apply'),
        clear: button(node, 'Clear')
      };
    }

    const ops = (agent: FakeAgent) => agent.comm!.sent.map(r => [r.op, r.args]);

    it('lists the profiles, shows the chosen one and applies it', async () => {
      const agent = await open(withProfiles);
      let view = section();
      expect(Array.from(view.picker.options).map(o => o.value)).toEqual([
        '',
        'osn',
        "x'); import os#"
      ]);
      expect(view.picker.value).toBe('');
      expect(view.active.textContent).toBe('none');
      expect(view.details).toBeNull();
      expect(view.apply.disabled).toBe(true);
      expect(view.clear.disabled).toBe(true);
      expect(view.alert.textContent).toBe('');

      choose(view.picker, 'osn');
      await render(body);
      view = section();
      expect(view.details.textContent).toBe(
        'Endpointhttps://usgs.osn.mghpcc.orgRegionus-east-1Key IDAKIA…WXYZ'
      );
      // The endpoint is said once, in the details, not again in the field.
      expect(view.endpoint.placeholder).toBe('https://…');
      expect(view.apply.disabled).toBe(false);

      view.apply.click();
      await render(body);
      view = section();
      expect(ops(agent).slice(2)).toEqual([
        ['use_profile', { name: 'osn' }],
        ['profiles', {}]
      ]);
      expect(view.active.textContent).toBe('osn');
      expect(view.picker.value).toBe('osn');
      expect(view.clear.disabled).toBe(false);
      expect(byTestId(body, 'dask-profile-reach').textContent).toBe(
        'Applied in the kernel; a cluster started now gets it.'
      );

      // The code-looking name is a name: only the details of a profile show.
      choose(view.picker, "x'); import os#");
      await render(body);
      expect(section().details.textContent).toBe(
        'EndpointAWS defaultRegionnot setKey IDnone'
      );
    });

    it('refuses an endpoint that is not an http(s) URL, then sends the one typed', async () => {
      const agent = await open(withProfiles);
      let view = section();
      choose(view.picker, 'osn');
      type(view.endpoint, 's3.example.org');
      await render(body);
      section().apply.click();
      await render(body);
      view = section();
      expect(view.alert.textContent).toBe(
        'The S3 endpoint must be an http:// or https:// URL.'
      );
      // The cluster form's alert is another one.
      expect(
        byTestId(body, 'dask-cluster-form').querySelector('[role="alert"]')
      ).toBeNull();
      expect(ops(agent).map(([op]) => op)).toEqual(['hello', 'profiles']);

      type(view.endpoint, 'http://127.0.0.1:5555');
      await render(body);
      expect(section().alert.textContent).toBe('');
      // Enter submits the form, as Apply does.
      section().node.dispatchEvent(
        new Event('submit', { bubbles: true, cancelable: true })
      );
      await render(body);
      expect(ops(agent)[2]).toEqual([
        'use_profile',
        { name: 'osn', endpoint: 'http://127.0.0.1:5555' }
      ]);
      view = section();
      expect(view.active.textContent).toBe('osn');
      expect(view.details.textContent).toContain('http://127.0.0.1:5555');
      // The form starts over from the applied profile.
      expect(view.endpoint.value).toBe('');
    });

    it('clears the profile and reloads the list', async () => {
      const agent = await open(agent => {
        withProfiles(agent).state = running(1, { profile: PROFILES[0] });
      });
      const success = jest.spyOn(Notification, 'success');
      let view = section();
      expect(view.active.textContent).toBe('osn');
      expect(view.picker.value).toBe('osn');
      // Apply and Clear restart no worker, and the panel says where it is.
      expect(byTestId(body, 'dask-profile-reach').textContent).toBe(
        'Applied in the kernel and its 2 workers.'
      );

      view.clear.click();
      await render(body);
      view = section();
      expect(view.active.textContent).toBe('none');
      expect(view.picker.value).toBe('');
      expect(byTestId(body, 'dask-profile-reach')).toBeNull();
      expect(success).toHaveBeenCalledWith(
        "AWS profile cleared from the kernel and the cluster's 2 workers, without restarting them.",
        { autoClose: 5000 }
      );
      success.mockRestore();

      view.reload.click();
      await render(body);
      expect(ops(agent).map(([op]) => op)).toEqual([
        'hello',
        'profiles',
        'clear_profile',
        'profiles',
        'profiles'
      ]);
    });

    it('says no AWS files as a neutral hint, not an alert', async () => {
      await open(agent => {
        agent.profiles = { profiles: [], active: null, error: null };
      });
      const view = section();
      expect(byTestId(body, 'dask-profiles-hint').textContent).toBe(
        'No AWS profiles found. Add one to ~/.aws/credentials to give your workers S3 access.'
      );
      expect(view.node.querySelector('[role="alert"]')).toBeNull();
      expect(view.picker).toBeNull();
      expect(view.apply).toBeUndefined();

      // Its title folds the section.
      const toggle = button(view.node, 'AWS profile');
      expect(toggle.getAttribute('aria-expanded')).toBe('true');
      toggle.click();
      await render(body);
      expect(byTestId(body, 'dask-profiles-hint')).toBeNull();
      expect(
        button(section().node, 'AWS profile').getAttribute('aria-expanded')
      ).toBe('false');
    });

    it('shows why there is no profile, and kernel errors', async () => {
      const message =
        'No AWS profiles: there is no credentials file at /home/u/.aws/credentials and there is no config file at /home/u/.aws/config.';
      const agent = await open(agent => {
        agent.profiles = { profiles: [], active: null, error: message };
      });
      let view = section();
      expect(view.alert.textContent).toBe(message);
      expect(view.picker.options).toHaveLength(1);
      expect(view.apply.disabled).toBe(true);

      withProfiles(agent);
      view.reload.click();
      await render(body);
      view = section();
      expect(view.alert.textContent).toBe('');
      agent.answers.use_profile = () =>
        new Error('The S3 endpoint of the profile "osn" is not usable.');
      choose(view.picker, 'osn');
      await render(body);
      section().apply.click();
      await render(body);
      expect(section().alert.textContent).toBe(
        'The S3 endpoint of the profile "osn" is not usable.'
      );
      expect(Notification.error).toHaveBeenCalledWith(
        'Applying the AWS profile "osn" failed: The S3 endpoint of the profile "osn" is not usable.',
        expect.anything()
      );
    });

    it('never renders what is not a profile summary', async () => {
      await open(agent => {
        agent.profiles = {
          profiles: [
            {
              ...PROFILES[0],
              aws_secret_access_key: 'CANARY-SECRET'
            } as any
          ],
          active: null,
          error: null
        };
      });
      const view = section();
      expect(view.picker.options).toHaveLength(1);
      expect(view.alert.textContent).toBe(
        'The kernel agent answered "profiles" with an invalid result.'
      );
      expect(body.node.innerHTML).not.toContain('CANARY');
    });
  });
});
