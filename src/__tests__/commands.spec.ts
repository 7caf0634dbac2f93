import { Notification } from '@jupyterlab/apputils';
import { nullTranslator } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';
import { Signal } from '@lumino/signaling';

import { CommandIDs } from '../commands/ids';
import { registerCommands } from '../commands/registry';
import { AgentConnectionManager } from '../agent/manager';
import { DaskClustersModel } from '../model';
import type { IRequest } from '../protocol';
import { statusText } from '../statusbar/text';
import { sizeText } from '../cluster/size';
import type { KernelHost } from '../tokens';
import {
  FakeAgent,
  FakeKernel,
  FakeSessionContext,
  fakeNotebook,
  running,
  settle,
  snapshot,
  withProfiles
} from './fakes';

const trans = nullTranslator.load('jupyterlab_dask_clusters');

class FakeNotebooks {
  currentWidget: KernelHost | null = null;
  currentChanged = new Signal<this, KernelHost | null>(this);
}

const CODE = {
  python: 'import os\n\nfrom distributed import Client, LocalCluster\n',
  magic: '%load_ext jupyterlab_dask_clusters\n%dask_cluster start local\n'
};

/**
 * The open dialog's buttons and fields (JupyterLab's real Dialog).
 */
function dialog() {
  const node = document.querySelector('.jp-Dialog') as HTMLElement | null;
  const buttons = Array.from(node?.querySelectorAll('button') ?? []);
  return {
    node,
    inputs: Array.from(node?.querySelectorAll('input, select') ?? []) as (
      HTMLInputElement | HTMLSelectElement
    )[],
    alert: node?.querySelector('[role="alert"]')?.textContent ?? null,
    text: node?.textContent ?? '',
    accept: () => buttons[buttons.length - 1].click(),
    cancel: () => buttons[0].click()
  };
}

describe('commands', () => {
  let commands: CommandRegistry;
  let notebooks: FakeNotebooks;
  let model: DaskClustersModel;
  let inserted: string[];
  let copied: string[];
  let shown: number;

  beforeEach(() => {
    jest.spyOn(Notification, 'error');
    jest.spyOn(Notification, 'success');
    jest.spyOn(Notification, 'promise');
    notebooks = new FakeNotebooks();
    model = new DaskClustersModel({
      notebooks,
      connections: new AgentConnectionManager()
    });
    commands = new CommandRegistry();
    inserted = [];
    copied = [];
    shown = 0;
    registerCommands(commands, {
      model,
      trans,
      showPanel: () => shown++,
      insertCell: source => inserted.push(source),
      copy: text => copied.push(text)
    });
  });

  afterEach(async () => {
    while (dialog().node) {
      dialog().cancel();
      await settle();
    }
    model.dispose();
    jest.restoreAllMocks();
  });

  async function open(setUp?: (agent: FakeAgent) => void): Promise<FakeAgent> {
    const kernel = new FakeKernel();
    const agent = new FakeAgent(kernel);
    setUp?.(agent);
    notebooks.currentWidget = fakeNotebook(new FakeSessionContext(kernel));
    notebooks.currentChanged.emit(notebooks.currentWidget);
    await settle();
    return agent;
  }

  const ops = (agent: FakeAgent) =>
    agent.comm!.sent.map((r: IRequest) => [r.op, r.args]);

  it('have labels and captions, and are disabled without a notebook', () => {
    for (const id of Object.values(CommandIDs)) {
      expect(commands.label(id)).not.toBe('');
      expect(commands.caption(id)).not.toBe('');
    }
    expect(commands.isEnabled(CommandIDs.showPanel)).toBe(true);
    for (const id of Object.values(CommandIDs).filter(
      id => id !== CommandIDs.showPanel
    )) {
      expect(commands.isEnabled(id)).toBe(false);
    }
  });

  it('follow the cluster: start without one, the others with one', async () => {
    const agent = await open();
    expect(commands.isEnabled(CommandIDs.start)).toBe(true);
    expect(commands.isEnabled(CommandIDs.stop)).toBe(false);
    expect(commands.isEnabled(CommandIDs.copyCode)).toBe(false);
    agent.push(running(1));
    expect(commands.isEnabled(CommandIDs.start)).toBe(false);
    for (const id of [
      CommandIDs.stop,
      CommandIDs.scale,
      CommandIDs.adapt,
      CommandIDs.copyCode,
      CommandIDs.insertCode
    ]) {
      expect(commands.isEnabled(id)).toBe(true);
    }
  });

  it('are disabled while a request is in flight', async () => {
    const agent = await open(a => a.hold.add('scale'));
    agent.push(running(1));
    void commands.execute(CommandIDs.scale, { workers: 3 });
    await settle();
    expect(commands.isEnabled(CommandIDs.scale)).toBe(false);
    expect(commands.isEnabled(CommandIDs.insertCode)).toBe(false);
    agent.respond(
      agent.held[0],
      running(2, { workers: { ready: 2, requested: 3 } })
    );
    await settle();
    expect(commands.isEnabled(CommandIDs.scale)).toBe(true);
  });

  it("start on the panel's site and size", async () => {
    const agent = await open();
    model.sizingForm = {
      mode: 'fixed',
      workers: '5',
      minimum: '',
      maximum: ''
    };
    await commands.execute(CommandIDs.start);
    expect(ops(agent)[2]).toEqual(['start', { site: 'local', workers: 5 }]);
  });

  it("refuse the panel's form when it is not a size", async () => {
    const agent = await open();
    model.sizingForm = {
      mode: 'fixed',
      workers: 'many',
      minimum: '',
      maximum: ''
    };
    await commands.execute(CommandIDs.start);
    expect(Notification.error).toHaveBeenCalledWith(
      'Workers must be a number, not "many".',
      expect.anything()
    );
    expect(ops(agent).map(([op]) => op)).toEqual(['hello', 'profiles']);
  });

  it('scale from a dialog: an invalid number, then a valid one', async () => {
    const agent = await open();
    agent.push(running(1));
    const done = commands.execute(CommandIDs.scale);
    await settle();
    dialog().inputs[0].value = '-2';
    dialog().accept();
    await settle();
    expect(dialog().alert).toBe('Workers cannot be negative.');
    expect(dialog().inputs[0].value).toBe('-2');
    dialog().inputs[0].value = '3';
    dialog().accept();
    await done;
    expect(ops(agent).pop()).toEqual(['scale', { workers: 3 }]);
  });

  it('adapt from a dialog with the panel rules', async () => {
    const agent = await open();
    agent.push(running(1));
    const done = commands.execute(CommandIDs.adapt);
    await settle();
    const [minimum, maximum] = dialog().inputs;
    minimum.value = '5';
    maximum.value = '2';
    dialog().accept();
    await settle();
    expect(dialog().alert).toBe(
      'The minimum (5) is larger than the maximum (2).'
    );
    dialog().inputs[1].value = '8';
    dialog().accept();
    await done;
    expect(ops(agent).pop()).toEqual(['adapt', { minimum: 5, maximum: 8 }]);
  });

  it('stop at once when the cluster holds no work', async () => {
    const agent = await open(a => {
      a.answers.work = () => ({ in_memory: 0, processing: 0 });
    });
    agent.push(running(1));
    await commands.execute(CommandIDs.stop);
    expect(ops(agent).slice(-2)).toEqual([
      ['work', {}],
      ['stop', {}]
    ]);
  });

  it('ask before stopping a cluster that holds work', async () => {
    const agent = await open(a => {
      a.answers.work = () => ({ in_memory: 12, processing: 3 });
    });
    agent.push(running(1));
    let done = commands.execute(CommandIDs.stop);
    await settle();
    expect(dialog().text).toContain(
      'The cluster holds 12 results in memory and 3 tasks being computed.'
    );
    dialog().cancel();
    await done;
    expect(ops(agent).pop()).toEqual(['work', {}]);

    // Counted as people count: one result, no tasks.
    agent.answers.work = () => ({ in_memory: 1, processing: 0 });
    done = commands.execute(CommandIDs.stop);
    await settle();
    expect(dialog().text).toContain(
      'The cluster holds 1 result in memory. Stopping it drops this work.'
    );
    dialog().cancel();
    await done;

    done = commands.execute(CommandIDs.stop);
    await settle();
    dialog().accept();
    await done;
    expect(ops(agent).pop()).toEqual(['stop', {}]);
  });

  it('apply a profile from a dialog, refusing a bad endpoint', async () => {
    const agent = await open(withProfiles);
    const done = commands.execute(CommandIDs.applyProfile);
    await settle();
    const [name, endpoint] = dialog().inputs;
    expect(
      Array.from((name as HTMLSelectElement).options).map(o => o.value)
    ).toEqual(['osn', "x'); import os#"]);
    name.value = 'osn';
    endpoint.value = 'ftp://s3.example.org';
    dialog().accept();
    await settle();
    expect(dialog().alert).toBe(
      'The S3 endpoint must be an http:// or https:// URL.'
    );
    dialog().inputs[1].value = '';
    dialog().accept();
    await done;
    expect(ops(agent).filter(([op]) => op === 'use_profile')).toEqual([
      ['use_profile', { name: 'osn' }]
    ]);
    expect(commands.isEnabled(CommandIDs.clearProfile)).toBe(true);
    await commands.execute(CommandIDs.clearProfile);
    expect(ops(agent)).toContainEqual(['clear_profile', {}]);
  });

  it('copy and insert the code the kernel writes', async () => {
    const agent = await open(a => {
      a.answers.code = () => CODE;
    });
    agent.push(running(1));
    await commands.execute(CommandIDs.copyCode);
    await commands.execute(CommandIDs.insertCode);
    expect(copied).toEqual([CODE.python]);
    expect(inserted).toEqual([CODE.magic]); // with its own %load_ext
  });

  it("notify the kernel's refusal to write code", async () => {
    const agent = await open(a => {
      a.answers.code = () =>
        new Error('There is no running cluster to write code for.');
    });
    agent.push(running(1));
    await commands.execute(CommandIDs.insertCode);
    expect(inserted).toEqual([]);
    expect(Notification.error).toHaveBeenCalledWith(
      expect.stringContaining('There is no running cluster to write code for.'),
      expect.anything()
    );
  });

  it('connect to a scheduler from a dialog, refusing a bad address', async () => {
    const agent = await open();
    expect(commands.isEnabled(CommandIDs.connectScheduler)).toBe(true);
    const done = commands.execute(CommandIDs.connectScheduler);
    await settle();
    dialog().inputs[0].value = 'http://10.0.0.5:8786';
    dialog().accept();
    await settle();
    expect(dialog().alert).toContain('tcp://');
    expect(ops(agent).map(([op]) => op)).not.toContain('connect_scheduler');
    dialog().inputs[0].value = 'tcp://10.0.0.5:8786';
    dialog().accept();
    await done;
    expect(ops(agent).pop()).toEqual([
      'connect_scheduler',
      { address: 'tcp://10.0.0.5:8786' }
    ]);
    // With a cluster shown there is nothing to connect.
    agent.push(running(5));
    expect(commands.isEnabled(CommandIDs.connectScheduler)).toBe(false);
  });

  it('show the panel', async () => {
    await commands.execute(CommandIDs.showPanel);
    expect(shown).toBe(1);
  });
});

describe('statusText', () => {
  it('shows the size as the panel does, and the site', () => {
    expect(
      statusText(
        running(1, {
          site: 'nebari',
          workers: { ready: 4, requested: 6 },
          adapt: { minimum: 2, maximum: 30 }
        }),
        trans
      )
    ).toBe('Dask: 4 (2–30) workers · nebari');
    expect(
      statusText(running(1, { workers: { ready: 1, requested: 3 } }), trans)
    ).toBe('Dask: 1 / 3 workers · local');
    // The panel's words: one function for both.
    const shrinking = running(1, {
      workers: { ready: 5, requested: 4 },
      adapt: { minimum: 1, maximum: 4 }
    });
    expect(statusText(shrinking, trans)).toBe(
      `Dask: ${sizeText(shrinking, trans)} · local`
    );
    expect(statusText(snapshot({ status: 'starting' }), trans)).toBe(
      'Dask: starting…'
    );
  });

  it('is nothing without a cluster', () => {
    expect(statusText(null, trans)).toBeNull();
    for (const status of ['none', 'stopped', 'failed'] as const) {
      expect(statusText(snapshot({ status }), trans)).toBeNull();
    }
  });
});
