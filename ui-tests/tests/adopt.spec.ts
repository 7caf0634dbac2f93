import { expect, test } from '@jupyterlab/galata';
import { openSidebar, runCell } from './helpers';

test.describe('a cluster made in a cell', () => {
  test.use({ autoGoto: true, kernels: null });

  test('shows in the panel without a click and stops from it', async ({
    page
  }) => {
    await page.notebook.createNew('adopt.ipynb');
    const panel = await openSidebar(page);
    const status = panel.getByTestId('dask-cluster-status');
    await expect(status).toHaveText(/no cluster/);

    // A malformed scheduler address is refused in the panel; nothing is sent.
    await panel.getByText('Connect to a scheduler').click();
    await panel.getByLabel('Scheduler address').fill('tcp://10.0.0.5');
    await panel.getByRole('button', { name: 'Connect' }).click();
    await expect(
      panel.getByTestId('dask-connect').getByRole('alert')
    ).toContainText('port');
    await expect(status).toHaveText(/no cluster/);

    await runCell(
      page,
      [
        'from distributed import Client, LocalCluster',
        "cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=':0')",
        'client = Client(cluster)'
      ].join('\n')
    );
    await expect(status).toHaveText('running');
    await expect(panel.getByTestId('dask-cluster-workers')).toHaveText(
      /^2 \/ 2 workers/
    );
    await expect(panel.getByTestId('dask-cluster-origin')).toContainText(
      'Made in the notebook'
    );
    await expect(panel.getByTestId('dask-cluster-dashboard')).toHaveAttribute(
      'href',
      /\/proxy\/\d+\/status$/
    );

    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect(status).toHaveText('stopped');
    expect(await runCell(page, "print('cluster' in dir())")).toContain('False');
  });
});
