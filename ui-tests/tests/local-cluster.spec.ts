import { expect, test } from '@jupyterlab/galata';
import { docsScreenshot, openSidebar, restartKernel, runCell } from './helpers';

test.describe('local cluster from the sidebar', () => {
  // galata's kernel-tracking mock answers every POST under /api/kernels with 201,
  // which JupyterLab rejects for a restart (it expects 200): use the real API.
  test.use({ autoGoto: true, kernels: null });

  test('start, compute, scale, stop by magic, restart the kernel, start again', async ({
    page
  }) => {
    await page.notebook.createNew('local-cluster.ipynb');
    const panel = await openSidebar(page);

    const site = panel.getByLabel('Site');
    await expect(site).toHaveValue('local');
    await expect(panel.getByTestId('dask-cluster-status')).toHaveText(
      /no cluster/
    );

    // A refused form cannot be sent: marked as typed, Start disabled.
    await panel.getByLabel('Fixed').check();
    await panel.getByLabel('Workers', { exact: true }).fill('-1');
    await expect(panel.getByLabel('Workers', { exact: true })).toHaveAttribute(
      'aria-invalid',
      'true'
    );
    await expect(panel.getByRole('button', { name: 'Start' })).toBeDisabled();
    await expect(panel.getByTestId('dask-cluster-status')).toHaveText(
      /no cluster/
    );

    await panel.getByLabel('Workers', { exact: true }).fill('2');
    await panel.getByRole('button', { name: 'Start' }).click();
    await expect(panel.getByTestId('dask-cluster-status')).toHaveText(
      'running'
    );
    await expect(panel.getByTestId('dask-cluster-workers')).toHaveText(
      /^2 \/ 2 workers/
    );
    await expect(panel.getByTestId('dask-cluster-dashboard')).toHaveAttribute(
      'href',
      /\/proxy\/\d+\/status$/
    );

    // The docs' pictures: the light theme, and one in the dark theme.
    await docsScreenshot(panel, 'sidebar-running');
    if (process.env.DOCS_SCREENSHOTS) {
      await page.theme.setDarkTheme();
      await docsScreenshot(panel, 'sidebar-dark');
      await page.theme.setLightTheme();
    }

    // `cluster` and `client` are ordinary variables in the notebook's namespace.
    expect(
      await runCell(page, 'client.submit(sum, [1, 2]).result()')
    ).toContain('3');

    await panel.getByLabel('Workers', { exact: true }).fill('1');
    await panel.getByRole('button', { name: 'Apply size' }).click();
    await expect(panel.getByTestId('dask-cluster-workers')).toHaveText(
      /^1 \/ 1 workers/
    );

    // The magic changes the same cluster, and the panel follows at once.
    await runCell(
      page,
      '%load_ext jupyterlab_dask_clusters\n%dask_cluster stop'
    );
    await expect(panel.getByTestId('dask-cluster-status')).toHaveText(
      'stopped'
    );

    // A kernel restart: the panel notices, shows no cluster and works again without a reload.
    await restartKernel(page);
    await expect(panel.getByTestId('dask-cluster-status')).toHaveText(
      /no cluster/
    );
    await panel.getByLabel('Workers', { exact: true }).fill('1');
    await panel.getByRole('button', { name: 'Start' }).click();
    await expect(panel.getByTestId('dask-cluster-status')).toHaveText(
      'running'
    );
    await expect(panel.getByTestId('dask-cluster-workers')).toHaveText(
      /^1 \/ 1 workers/
    );
    expect(
      await runCell(page, 'client.submit(sum, [1, 2]).result()')
    ).toContain('3');

    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect(panel.getByTestId('dask-cluster-status')).toHaveText(
      'stopped'
    );
  });

  test('with no notebook open the panel says what to do', async ({ page }) => {
    const panel = await openSidebar(page);
    await expect(panel).toContainText('Open a notebook');
  });
});
