import { Notification } from '@jupyterlab/apputils';
import { MessageLoop } from '@lumino/messaging';
import { Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';

import { AgentConnectionManager } from '../agent/manager';
import { DaskClustersModel } from '../model';
import type { IRequest, ISiteOptions } from '../protocol';
import { isSiteOptions } from '../protocol';
import { DaskClustersBody } from '../sidebar/body';
import type { KernelHost } from '../tokens';
import {
  commandsFor,
  FakeAgent,
  FakeKernel,
  fakeNotebook,
  FakeSessionContext,
  hello,
  running,
  settle,
  SITES
} from './fakes';

class FakeNotebooks {
  currentWidget: KernelHost | null = null;
  currentChanged = new Signal<this, KernelHost | null>(this);
}

const OPTIONS: ISiteOptions = {
  site: 'tallgrass',
  options: {
    account: null,
    queue: 'short',
    cores: 1,
    walltime: '04:00:00',
    interface: 'ib0',
    job_extra_directives: ['--hint=multithread', '--exclusive=user']
  },
  sources: {
    account: 'unset',
    queue: 'dask config',
    cores: 'site',
    walltime: 'site',
    interface: 'site',
    job_extra_directives: 'site'
  },
  missing: ['account']
};

const SCRIPT = '#!/usr/bin/env bash\n#SBATCH -A hytest\n';

/**
 * An agent whose tallgrass site is available and answers the job-queue ops.
 */
function slurmAgent(agent: FakeAgent): void {
  const sites = SITES.map(site =>
    site.id === 'tallgrass' ? { ...site, available: true, reason: null } : site
  );
  agent.answers.hello = () => ({ ...hello(agent.state), sites });
  agent.answers.site_options = () => OPTIONS;
  agent.answers.job_script = () => ({ site: 'tallgrass', job_script: SCRIPT });
}

function label<T extends HTMLElement>(body: Widget, text: string): T {
  return body.node.querySelector(`[aria-label="${text}"]`) as T;
}

function type(input: HTMLInputElement | HTMLTextAreaElement, value: string) {
  const proto = Object.getPrototypeOf(input);
  Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function sent(agent: FakeAgent, op: string): IRequest[] {
  return (agent.comm?.sent ?? []).filter(r => r.op === op);
}

describe('job-queue sites in the panel', () => {
  let body: DaskClustersBody;
  let notebooks: FakeNotebooks;
  let model: DaskClustersModel;

  async function render(): Promise<void> {
    MessageLoop.sendMessage(body, Widget.Msg.UpdateRequest);
    await settle();
  }

  async function open(setup: (agent: FakeAgent) => void): Promise<FakeAgent> {
    const kernel = new FakeKernel();
    const agent = new FakeAgent(kernel);
    setup(agent);
    notebooks.currentWidget = fakeNotebook(
      new FakeSessionContext(kernel),
      'slurm.ipynb'
    );
    notebooks.currentChanged.emit(notebooks.currentWidget);
    await render();
    return agent;
  }

  beforeEach(() => {
    jest.spyOn(Notification, 'promise');
    jest.spyOn(Notification, 'error');
    notebooks = new FakeNotebooks();
    model = new DaskClustersModel({
      notebooks,
      connections: new AgentConnectionManager(),
      baseUrl: 'http://127.0.0.1:8888/'
    });
    body = new DaskClustersBody({ model, commands: commandsFor(model) });
    Widget.attach(body, document.body);
  });

  afterEach(() => {
    body.dispose();
    model.dispose();
    jest.restoreAllMocks();
  });

  it('shows the options a start would use, edits them, previews, starts with them', async () => {
    const agent = await open(slurmAgent);
    model.selectSite('tallgrass');
    await render();
    await render();
    expect(sent(agent, 'site_options')).toHaveLength(1);

    const account = label<HTMLInputElement>(body, 'Account');
    expect(account.value).toBe('');
    expect(account.placeholder).toBe('required');
    expect(label<HTMLInputElement>(body, 'Queue / partition').value).toBe(
      'short'
    );
    expect(body.node.textContent).toContain('(from dask config)');
    const directives = label<HTMLTextAreaElement>(
      body,
      'Extra directives (one per line)'
    );
    expect(directives.value).toBe('--hint=multithread\n--exclusive=user');

    type(account, 'hytest');
    type(label<HTMLInputElement>(body, 'Cores per job'), '4');
    type(directives, '--exclusive=user\n');
    await render();
    expect(model.jobqueue.overrides('tallgrass')).toEqual({
      account: 'hytest',
      cores: 4,
      job_extra_directives: ['--exclusive=user']
    });

    const preview = Array.from(body.node.querySelectorAll('button')).find(
      b => b.textContent === 'Preview job script'
    )!;
    preview.click();
    await render();
    expect(sent(agent, 'job_script')[0].args).toEqual({
      site: 'tallgrass',
      options: {
        account: 'hytest',
        cores: 4,
        job_extra_directives: ['--exclusive=user']
      }
    });
    expect(
      body.node.querySelector('[data-testid="dask-job-script"]')?.textContent
    ).toBe(SCRIPT);

    await model.start('tallgrass', { mode: 'fixed', workers: 1 });
    expect(sent(agent, 'start')[0].args).toEqual({
      site: 'tallgrass',
      workers: 1,
      options: {
        account: 'hytest',
        cores: 4,
        job_extra_directives: ['--exclusive=user']
      }
    });
  });

  it('lists the jobs of a running job-queue cluster, queued then running', async () => {
    const agent = await open(a => {
      slurmAgent(a);
      a.state = running(0, {
        site: 'tallgrass',
        kind: 'jobqueue',
        jobs: [{ id: '41', state: 'queued' }]
      });
    });
    const states = () =>
      Array.from(
        body.node.querySelectorAll('[data-testid="dask-job"]'),
        li => li.textContent
      );
    expect(states()).toEqual(['41queued']);
    // Before Start only: no options form while the cluster runs.
    expect(label(body, 'Account')).toBeNull();
    agent.push(
      running(1, {
        site: 'tallgrass',
        kind: 'jobqueue',
        jobs: [{ id: '41', state: 'running' }]
      })
    );
    await render();
    expect(states()).toEqual(['41running']);
  });

  it('checks site options results strictly', () => {
    expect(isSiteOptions(OPTIONS)).toBe(true);
    expect(isSiteOptions({ ...OPTIONS, sources: { account: 'unset' } })).toBe(
      false
    );
    expect(isSiteOptions({ ...OPTIONS, missing: ['nope'] })).toBe(false);
  });
});
