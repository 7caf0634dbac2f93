import { expect, test } from '@jupyterlab/galata';
import { execFileSync } from 'child_process';
import * as path from 'path';

import { docsScreenshot, openSidebar } from './helpers';

/**
 * The tallgrass site against a real single-node Slurm (scripts/slurm), driven
 * from the panel: options, job-script preview, a job queued then running, its
 * dashboard through the server's proxy, and an empty queue after Stop.
 */
const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'slurm');

function slurm(command: string): string {
  return execFileSync(SCRIPT, [command], { encoding: 'utf-8' }).trim();
}

function squeue(): string[] {
  const out = execFileSync('squeue', ['--noheader', '--format=%i'], {
    encoding: 'utf-8'
  });
  return out.split('\n').filter(line => line.trim());
}

let partition = '';
let startedHere = false;

test.describe('tallgrass on a real Slurm', () => {
  test.use({ autoGoto: true, kernels: null });

  test.beforeAll(() => {
    try {
      partition = slurm('status').split(' ')[0];
    } catch {
      try {
        partition = slurm('start');
        startedHere = true;
      } catch (reason) {
        if (process.env.CI) {
          throw reason;
        }
      }
    }
  });

  test.afterAll(() => {
    if (startedHere) {
      slurm('stop');
    }
  });

  test('options, preview, a job queued then running, dashboard, stop', async ({
    page
  }) => {
    test.skip(!partition, 'No Slurm here (scripts/slurm start needs root).');
    test.setTimeout(180_000);
    await page.notebook.createNew('slurm.ipynb');
    const panel = await openSidebar(page);
    await panel.getByLabel('Site').selectOption('tallgrass');

    // The options a start would use, before Start: the account is required.
    const options = panel.getByTestId('dask-jobqueue-options');
    const account = options.getByLabel('Account');
    await expect(account).toHaveAttribute('placeholder', 'required');
    await expect(options.getByLabel('Network interface')).toHaveValue('ib0');
    await expect(options.getByLabel('Walltime')).toHaveValue('04:00:00');

    // Without an account Start cannot work: disabled, and the panel says why.
    await panel.getByLabel('Fixed').check();
    await panel.getByLabel('Workers', { exact: true }).fill('1');
    const start = panel.getByRole('button', { name: 'Start' });
    await expect(start).toBeDisabled();
    await expect(start).toHaveAttribute('title', /account/);
    await expect(panel.getByTestId('dask-site-reason')).toContainText(
      'account'
    );
    expect(squeue()).toEqual([]);

    await account.fill('hytest');
    await options.getByLabel('Queue / partition').fill(partition);
    await options.getByLabel('Network interface').fill('lo');
    await options.getByRole('button', { name: 'Preview job script' }).click();
    const script = panel.getByTestId('dask-job-script');
    await expect(script).toContainText('#SBATCH -A hytest');
    await expect(script).toContainText(`#SBATCH -p ${partition}`);
    await expect(script).toContainText('--interface lo');
    expect(squeue()).toEqual([]); // a preview submits nothing

    // A busy node: the job waits in the queue until the blocker goes.
    const blocker = execFileSync(
      'sbatch',
      ['--parsable', '--exclusive', '--wrap', 'sleep 300'],
      { encoding: 'utf-8', cwd: '/tmp' }
    ).trim();
    try {
      await panel.getByRole('button', { name: 'Start' }).click();
      await expect(panel.getByTestId('dask-cluster-status')).toHaveText(
        'running'
      );
      const job = panel.getByTestId('dask-job');
      await expect(job).toHaveCount(1);
      await expect(job.getByTestId('dask-job-state')).toHaveText('queued');
      const jobId = (
        await job.locator('.jp-DaskClusters-jobId').innerText()
      ).trim();
      expect(jobId).toMatch(/^\d+$/);
      expect(squeue()).toContain(jobId);
    } finally {
      execFileSync('scancel', [blocker]);
    }
    await expect(
      panel.getByTestId('dask-job').getByTestId('dask-job-state')
    ).toHaveText('running', { timeout: 60_000 });
    await expect(panel.getByTestId('dask-cluster-workers')).toHaveText(
      /^1 \/ 1 workers/,
      { timeout: 60_000 }
    );
    await docsScreenshot(panel, 'sidebar-slurm');

    // The scheduler's dashboard, through the Jupyter server's proxy.
    const link = panel.getByTestId('dask-cluster-dashboard');
    await expect(link).toHaveAttribute('href', /\/proxy\/\d+\/status$/);
    const href = (await link.getAttribute('href')) as string;
    const dashboard = await page.request.get(new URL(href, page.url()).href);
    expect(dashboard.status()).toBe(200);
    expect(await dashboard.text()).toContain('Dask');

    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect(panel.getByTestId('dask-cluster-status')).toHaveText(
      'stopped'
    );
    await expect(panel.getByTestId('dask-jobs')).toHaveCount(0);
    await expect.poll(squeue, { timeout: 30_000 }).toEqual([]);
  });
});
