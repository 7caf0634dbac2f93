import { Notification } from '@jupyterlab/apputils';
import { Signal } from '@lumino/signaling';

import { AgentConnectionManager } from '../agent/manager';
import { DaskClustersModel } from '../model';
import { MAX_WORKERS } from '../protocol';
import { DEFAULT_SETTINGS } from '../settings';
import type { KernelHost } from '../tokens';
import {
  FakeAgent,
  FakeKernel,
  FakeSessionContext,
  PROFILES,
  fakeNotebook,
  running,
  settle,
  snapshot,
  withProfiles
} from './fakes';

const BASE = 'http://127.0.0.1:8888/';

class FakeNotebooks {
  currentWidget: KernelHost | null = null;
  currentChanged = new Signal<this, KernelHost | null>(this);

  activate(notebook: KernelHost | null): void {
    this.currentWidget = notebook;
    this.currentChanged.emit(notebook);
  }
}

function openNotebook(label: string) {
  const kernel = new FakeKernel();
  const agent = new FakeAgent(kernel);
  const notebook = fakeNotebook(new FakeSessionContext(kernel), label);
  return { kernel, agent, notebook };
}

function setUp() {
  const notebooks = new FakeNotebooks();
  const connections = new AgentConnectionManager();
  const model = new DaskClustersModel({
    notebooks,
    connections,
    baseUrl: BASE
  });
  return { notebooks, model };
}

/**
 * The requests the agent received, greetings and profile listings aside.
 */
function requests(agent: FakeAgent) {
  return (agent.comm?.sent ?? []).filter(
    r => r.op !== 'hello' && r.op !== 'profiles'
  );
}

describe('DaskClustersModel', () => {
  beforeEach(() => {
    jest.spyOn(Notification, 'error');
    jest.spyOn(Notification, 'promise');
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('says to open a notebook when there is none', () => {
    const { model } = setUp();
    expect(model.status).toBe('no-notebook');
    expect(model.snapshot).toBeNull();
    expect(model.actions).toEqual({
      start: false,
      scale: false,
      adapt: false,
      stop: false
    });
  });

  it('follows the current notebook', async () => {
    const { notebooks, model } = setUp();
    const first = openNotebook('first.ipynb');
    const second = openNotebook('second.ipynb');
    first.agent.state = running(3, { workers: { ready: 3, requested: 3 } });
    second.agent.state = running(8, {
      site: 'nebari',
      kind: 'gateway',
      dashboard_link: 'https://nebari.example.org/gateway/clusters/x/status'
    });
    let changes = 0;
    model.changed.connect(() => changes++);

    notebooks.activate(first.notebook);
    expect(model.status).toBe('connecting');
    await settle();
    expect(model.status).toBe('ready');
    expect(model.notebook).toBe(first.notebook);
    expect(model.snapshot?.workers.ready).toBe(3);
    expect(model.dashboardUrl).toBe(`${BASE}proxy/8787/status`);

    notebooks.activate(second.notebook);
    await settle();
    expect(model.snapshot?.seq).toBe(8);
    expect(model.selectedSite).toBe('nebari');
    expect(model.dashboardUrl).toBe(
      'https://nebari.example.org/gateway/clusters/x/status'
    );

    // The other notebook's pushes do not show, but are kept for later.
    first.agent.push(running(4, { workers: { ready: 1, requested: 1 } }));
    expect(model.snapshot?.seq).toBe(8);
    notebooks.activate(first.notebook);
    expect(model.snapshot?.seq).toBe(4);

    notebooks.activate(null);
    expect(model.status).toBe('no-notebook');
    expect(changes).toBeGreaterThan(0);
  });

  it('shows snapshot updates as they arrive', async () => {
    const { notebooks, model } = setUp();
    const { agent, notebook } = openNotebook('a.ipynb');
    notebooks.activate(notebook);
    await settle();
    let changes = 0;
    model.changed.connect(() => changes++);
    agent.push(
      running(1, { status: 'starting', workers: { ready: 0, requested: 2 } })
    );
    expect(model.snapshot?.status).toBe('starting');
    agent.push(running(2));
    expect(model.snapshot?.workers).toEqual({ ready: 2, requested: 2 });
    expect(changes).toBe(2);
  });

  it('preselects the detected site and keeps the choice per notebook', async () => {
    const { notebooks, model } = setUp();
    const first = openNotebook('first.ipynb');
    const second = openNotebook('second.ipynb');
    notebooks.activate(first.notebook);
    await settle();
    expect(model.detectedSite).toBe('local');
    expect(model.selectedSite).toBe('local');
    expect(model.sizingDefaults).toEqual({
      mode: 'fixed',
      workers: 2,
      minimum: 1,
      maximum: 4
    });

    model.selectSite('nebari');
    expect(model.selectedSite).toBe('nebari');
    // The site's adaptive default preselects the adaptive mode.
    expect(model.sizingDefaults).toEqual({
      mode: 'adaptive',
      workers: 2,
      minimum: 2,
      maximum: 30
    });

    notebooks.activate(second.notebook);
    await settle();
    expect(model.selectedSite).toBe('local');
    notebooks.activate(first.notebook);
    expect(model.selectedSite).toBe('nebari');

    // A site unavailable in the kernel cannot start.
    model.selectSite('tallgrass');
    expect(model.actions.start).toBe(false);

    // The settings' default site wins over the detected one.
    notebooks.activate(second.notebook);
    model.settings = { ...DEFAULT_SETTINGS, defaultSite: 'nebari' };
    expect(model.selectedSite).toBe('nebari');
  });

  it('starts with the chosen sizing and tracks the request', async () => {
    const { notebooks, model } = setUp();
    const { agent, notebook } = openNotebook('a.ipynb');
    notebooks.activate(notebook);
    await settle();
    expect(model.actions).toEqual({
      start: true,
      scale: false,
      adapt: false,
      stop: false
    });

    agent.hold.add('start');
    const start = model.start('local', { mode: 'fixed', workers: 2 });
    await settle();
    expect(requests(agent)).toEqual([
      expect.objectContaining({
        op: 'start',
        args: { site: 'local', workers: 2 }
      })
    ]);
    expect(model.busy).toBe(true);
    expect(model.actions.start).toBe(false);
    expect(Notification.promise).toHaveBeenCalledTimes(1);

    agent.push(
      running(1, { status: 'starting', workers: { ready: 0, requested: 2 } })
    );
    // A start under way can be stopped.
    expect(model.actions.stop).toBe(true);

    agent.hold.clear();
    agent.respond(agent.held[0], running(2));
    await start;
    expect(model.busy).toBe(false);
    expect(model.snapshot?.status).toBe('running');
    expect(model.actions).toEqual({
      start: false,
      scale: true,
      adapt: true,
      stop: true
    });
    expect(model.sizingDefaults).toMatchObject({ mode: 'fixed', workers: 2 });
    // An adopted cluster adapting without a maximum: the form offers what a
    // request may ask, not a number it would refuse.
    agent.push(running(3, { adapt: { minimum: 0, maximum: 2147483647 } }));
    await settle();
    expect(model.sizingDefaults).toMatchObject({
      mode: 'adaptive',
      minimum: 0,
      maximum: MAX_WORKERS
    });

    await model.start('local', { mode: 'adaptive', minimum: 1, maximum: 3 });
    expect(requests(agent)[1].args).toEqual({
      site: 'local',
      adapt: { minimum: 1, maximum: 3 }
    });
    await model.start('local');
    expect(requests(agent)[2].args).toEqual({ site: 'local' });
  });

  it('cancels a start by interrupting the kernel, never by a queued stop', async () => {
    const { notebooks, model } = setUp();
    const { agent, notebook, kernel } = openNotebook('a.ipynb');
    notebooks.activate(notebook);
    await settle();
    agent.hold.add('start');
    const start = model.start('local', { mode: 'fixed', workers: 2 });
    await settle();
    agent.push(
      running(1, { status: 'starting', workers: { ready: 0, requested: 2 } })
    );
    expect(model.actions.stop).toBe(true);

    await model.stop();
    await start;
    await settle();
    // No stop request waits behind the start to tear down what it builds.
    expect(requests(agent).map(r => r.op)).toEqual(['start']);
    expect(kernel.interrupts).toBe(1);
    expect(model.snapshot?.status).toBe('failed');
    expect(model.snapshot?.error).toBe('The start was interrupted.');
    expect(model.actions.start).toBe(true);
  });

  it('sends scale, adapt and stop', async () => {
    const { notebooks, model } = setUp();
    const { agent, notebook } = openNotebook('a.ipynb');
    agent.state = running(1);
    notebooks.activate(notebook);
    await settle();
    await model.scale(4);
    await model.adapt(0, 5);
    await model.stop();
    expect(requests(agent).map(r => [r.op, r.args])).toEqual([
      ['scale', { workers: 4 }],
      ['adapt', { minimum: 0, maximum: 5 }],
      ['stop', {}]
    ]);
    expect(Notification.error).not.toHaveBeenCalled();
  });

  it('refuses invalid numbers without sending anything', async () => {
    const { notebooks, model } = setUp();
    const { agent, notebook } = openNotebook('a.ipynb');
    agent.state = running(1);
    notebooks.activate(notebook);
    await settle();

    await model.scale(-1);
    expect(model.error).toBe('Workers cannot be negative.');
    await model.scale(1.5);
    expect(model.error).toBe('Workers must be a whole number.');
    await model.scale(NaN);
    expect(model.error).toBe('Workers must be a number.');
    await model.adapt(5, 2);
    expect(model.error).toBe('The minimum (5) is larger than the maximum (2).');
    await model.start('local', { mode: 'fixed', workers: -3 });
    await model.start('local', { mode: 'adaptive', minimum: 2, maximum: 1 });

    expect(requests(agent)).toEqual([]);
    expect(Notification.error).toHaveBeenCalledTimes(6);
  });

  it('shows the agent errors', async () => {
    const { notebooks, model } = setUp();
    const { agent, notebook } = openNotebook('a.ipynb');
    notebooks.activate(notebook);
    await settle();
    agent.answers.scale = () => new Error('There is no cluster to scale.');
    await model.scale(2);
    expect(model.error).toBe('There is no cluster to scale.');
    expect(Notification.error).toHaveBeenCalledWith(
      'Scaling the Dask cluster failed: There is no cluster to scale.',
      expect.anything()
    );
    expect(model.busy).toBe(false);
  });

  it('forgets the cluster when the kernel restarts', async () => {
    const { notebooks, model } = setUp();
    const { agent, notebook } = openNotebook('a.ipynb');
    agent.state = running(5);
    notebooks.activate(notebook);
    await settle();
    expect(model.snapshot?.status).toBe('running');
    agent.hold.add('scale');
    const scale = model.scale(3);
    await settle();

    const session = (notebook as any).sessionContext as FakeSessionContext;
    session.statusChanged.emit('restarting');
    await scale;
    expect(model.error).toBe('The kernel restarted.');
    expect(model.snapshot).toBeNull();
    expect(model.status).toBe('connecting');

    agent.hold.clear();
    agent.state = snapshot();
    session.statusChanged.emit('starting');
    await settle();
    expect(model.status).toBe('ready');
    expect(model.snapshot?.status).toBe('none');
  });
});

describe('DaskClustersModel profiles', () => {
  beforeEach(() => {
    jest.spyOn(Notification, 'error');
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  async function ready(configure?: (agent: FakeAgent) => void) {
    const setup = setUp();
    const opened = openNotebook('a.ipynb');
    withProfiles(opened.agent);
    configure?.(opened.agent);
    setup.notebooks.activate(opened.notebook);
    await settle();
    const sent = () => opened.agent.comm?.sent ?? [];
    return { ...setup, ...opened, sent };
  }

  it('lists the profiles when the connection is ready', async () => {
    const { model, agent, sent } = await ready(agent => {
      agent.hold.add('profiles');
    });
    expect(sent().map(r => r.op)).toEqual(['hello', 'profiles']);
    expect(model.profiles).toMatchObject({ loading: true, busy: true });
    // Listing profiles does not hold back the cluster.
    expect(model.busy).toBe(false);
    expect(model.actions.start).toBe(true);

    agent.respond(agent.held[0], agent.profiles);
    await settle();
    expect(model.profiles).toEqual({
      list: PROFILES,
      active: null,
      workers: null,
      error: null,
      listed: true,
      loading: false,
      busy: false
    });
  });

  it('sends the profile endpoints of the settings in hello, and lists again when they change', async () => {
    const { model, notebooks } = setUp();
    const endpoints = { osn: 'https://s3.example.org' };
    model.settings = { ...DEFAULT_SETTINGS, profileEndpoints: endpoints };
    const { agent, notebook } = openNotebook('a.ipynb');
    notebooks.activate(notebook);
    await settle();
    const sent = () => agent.comm!.sent.map(r => [r.op, r.args]);
    expect(sent()).toEqual([
      ['hello', { protocol: 1, sites: {}, profile_endpoints: endpoints }],
      ['profiles', {}]
    ]);

    // The same settings again (another setting changed): no new greeting.
    model.settings = { ...model.settings, dashboardProxy: 'never' };
    await settle();
    expect(sent()).toHaveLength(2);

    // No endpoints at all: the kernel forgets them too.
    model.settings = { ...model.settings, profileEndpoints: {} };
    await settle();
    expect(sent().slice(2)).toEqual([
      ['hello', { protocol: 1, sites: {}, profile_endpoints: {} }],
      ['profiles', {}]
    ]);
  });

  it('applies a profile by name, with an endpoint only if one was typed', async () => {
    const { model, agent, sent } = await ready();
    await model.useProfile('osn');
    expect(model.profiles.active).toEqual(PROFILES[0]);
    await model.useProfile('osn', '   ');
    await model.useProfile('osn', ' http://127.0.0.1:5555 ');
    expect(model.profiles.active?.endpoint).toBe('http://127.0.0.1:5555');
    expect(sent().map(r => [r.op, r.args])).toEqual([
      ['hello', { protocol: 1 }],
      ['profiles', {}],
      ['use_profile', { name: 'osn' }],
      ['profiles', {}],
      ['use_profile', { name: 'osn' }],
      ['profiles', {}],
      ['use_profile', { name: 'osn', endpoint: 'http://127.0.0.1:5555' }],
      ['profiles', {}]
    ]);
    expect(agent.profiles.active).toBe('osn');
    expect(Notification.error).not.toHaveBeenCalled();
  });

  it('refuses an endpoint that is not an http(s) URL without sending anything', async () => {
    const { model, sent } = await ready();
    await model.useProfile('osn', 'file:///etc/passwd');
    expect(model.profiles.error).toBe(
      'The S3 endpoint must be an http:// or https:// URL.'
    );
    await model.useProfile('osn', 'https://me:hunter2@s3.example.org');
    expect(model.profiles.error).not.toContain('hunter2');
    expect(sent().map(r => r.op)).toEqual(['hello', 'profiles']);
    expect(Notification.error).toHaveBeenCalledTimes(2);
    // The cluster's own error is another matter.
    expect(model.error).toBeNull();
  });

  it('clears the profile', async () => {
    const { model, sent } = await ready();
    await model.useProfile('osn');
    await model.clearProfile();
    expect(model.profiles.active).toBeNull();
    expect(sent().slice(-2)).toMatchObject([
      { op: 'clear_profile', args: {} },
      { op: 'profiles', args: {} }
    ]);
  });

  it('shows the active profile of the latest snapshot, whoever applied it', async () => {
    const { model, agent } = await ready();
    expect(model.profiles.active).toBeNull();
    // e.g. `%dask_cluster profile osn` in a cell.
    agent.push(snapshot({ seq: 5, profile: PROFILES[1] }));
    expect(model.profiles.active).toEqual(PROFILES[1]);
    agent.push(snapshot({ seq: 6 }));
    expect(model.profiles.active).toBeNull();
  });

  it('shows why the kernel lists no profile', async () => {
    const message =
      'No AWS profiles: there is no credentials file at /home/u/.aws/credentials and there is no config file at /home/u/.aws/config.';
    const { model } = await ready(agent => {
      agent.profiles = { profiles: [], active: null, error: message };
    });
    expect(model.profiles.list).toEqual([]);
    expect(model.profiles.error).toBe(message);
    expect(Notification.error).not.toHaveBeenCalled();
  });

  it('shows a failed listing in the section only', async () => {
    const { model } = await ready(agent => {
      agent.answers.profiles = () =>
        new Error('The AWS credentials file is malformed.');
    });
    expect(model.profiles.error).toBe('The AWS credentials file is malformed.');
    expect(Notification.error).not.toHaveBeenCalled();
  });

  it('notifies the kernel refusing a profile and keeps the error', async () => {
    const { model, agent, sent } = await ready();
    agent.hold.add('use_profile');
    const applying = model.useProfile('nope');
    await settle();
    expect(model.profiles.busy).toBe(true);
    // Starting a cluster waits for the credentials.
    expect(model.actions.start).toBe(false);
    agent.fail(agent.held[0], 'invalid', 'There is no AWS profile "nope".');
    await applying;
    expect(model.profiles.error).toBe('There is no AWS profile "nope".');
    expect(model.profiles.busy).toBe(false);
    expect(Notification.error).toHaveBeenCalledWith(
      'Applying the AWS profile "nope" failed: There is no AWS profile "nope".',
      expect.anything()
    );
    // A failed apply is not followed by a listing.
    expect(sent().map(r => r.op)).toEqual(['hello', 'profiles', 'use_profile']);

    // The next request starts afresh.
    await model.reloadProfiles();
    expect(model.profiles.error).toBeNull();
  });

  it('refuses a listing that carries a secret', async () => {
    const { model } = await ready(agent => {
      agent.profiles = {
        profiles: [{ ...PROFILES[0], aws_secret_access_key: 'CANARY' } as any],
        active: null,
        error: null
      };
    });
    expect(model.profiles.list).toEqual([]);
    expect(model.profiles.error).toBe(
      'The kernel agent answered "profiles" with an invalid result.'
    );
    expect(JSON.stringify(model.profiles)).not.toContain('CANARY');
  });
});
