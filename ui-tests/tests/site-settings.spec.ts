import { expect, test } from '@jupyterlab/galata';
import { openSidebar, runCell, startCluster } from './helpers';

const PLUGIN = 'jupyterlab-dask-clusters:sidebar';

test.describe('sites in the settings', () => {
  test.use({ autoGoto: true, kernels: null });

  test('a change to a built-in site keeps its other options; an incomplete new site is refused', async ({
    page
  }) => {
    await page.notebook.createNew('site-settings.ipynb');
    const panel = await openSidebar(page);
    const picker = panel.getByLabel('Site', { exact: true });
    await expect(picker.locator('option[value="local"]')).toHaveText(
      'Local machine'
    );

    // What the Settings Editor saves: only the fields the user changes.
    const setSites = (sites: unknown) =>
      page.evaluate(
        async ([plugin, sites]) => {
          const registry = (await window.galata.getPlugin(
            '@jupyterlab/apputils-extension:settings'
          )) as any;
          try {
            await registry.set(plugin, 'sites', sites);
            return 'saved';
          } catch (reason) {
            return `refused: ${reason instanceof Error ? reason.message : JSON.stringify(reason)}`;
          }
        },
        [PLUGIN, sites] as const
      );
    expect(
      await setSites({
        local: { label: 'My laptop', options: { processes: false } }
      })
    ).toBe('saved');
    await expect(picker.locator('option[value="local"]')).toHaveText(
      'My laptop'
    );

    // The changed option and the built-in one it kept (threads_per_worker: the CPUs).
    await startCluster(panel, '1');
    expect(
      await runCell(
        page,
        'import os\nprint(cluster.scheduler_address.split(":")[0], list(client.nthreads().values()) == [os.cpu_count()])'
      )
    ).toContain('inproc True');
    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect(panel.getByTestId('dask-cluster-status')).toHaveText(
      'stopped'
    );

    // A new job-queue site that does not say which queue: refused where it is typed.
    const refused = await setSites({ hpc: { label: 'HPC', kind: 'jobqueue' } });
    expect(refused).toBe(
      `refused: ${PLUGIN} failed to validate; check console.`
    );
    await expect(picker.locator('option[value="hpc"]')).toHaveCount(0);
    await expect(picker.locator('option[value="local"]')).toHaveText(
      'My laptop'
    );
    // Once it names its queue it is saved, and listed (PBS is not on this machine).
    expect(
      await setSites({
        hpc: { label: 'HPC', kind: 'jobqueue', jobqueue: 'pbs' }
      })
    ).toBe('saved');
    await expect(picker.locator('option[value="hpc"]')).toHaveText('HPC');
    // The change to the local site is gone from the settings: from the kernel too.
    await expect(picker.locator('option[value="local"]')).toHaveText(
      'Local machine'
    );
  });
});
