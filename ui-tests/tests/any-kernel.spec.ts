import { expect, test } from '@jupyterlab/galata';
import { openSidebar, restartKernel, runCell, startCluster } from './helpers';

/**
 * Kernels whose environment lacks jupyterlab-dask-clusters (test_server.py
 * registers them): the panel delivers its agent from the server extension.
 */
test.describe('any Python kernel with distributed', () => {
  test.use({ autoGoto: true, kernels: null });

  test('a kernel with only ipykernel and distributed gets the delivered agent', async ({
    page
  }) => {
    await page.notebook.createNew('bare-kernel.ipynb', { kernel: 'bare-dask' });
    const panel = await openSidebar(page);

    await expect(panel.getByTestId('dask-clusters-agent')).toHaveText(
      'Kernel helper brought by JupyterLab'
    );
    // The package really is not installed in that environment.
    expect(
      await runCell(
        page,
        "import importlib.util, sys\nprint(sys.executable, importlib.util.find_spec('jupyterlab_dask_clusters').origin)"
      )
    ).toMatch(/\.venv-kernels\/bare-dask\/bin\/python \(delivered\)\//);

    await expect(panel.getByLabel('Site')).toHaveValue('local');
    await startCluster(panel, '2');
    await expect(panel.getByTestId('dask-cluster-workers')).toHaveText(
      /^2 \/ 2 workers/
    );
    expect(
      await runCell(page, 'client.submit(sum, [1, 2]).result()')
    ).toContain('3');

    // The magic works there too, headless-style.
    expect(
      await runCell(
        page,
        '%load_ext jupyterlab_dask_clusters\n%dask_cluster status'
      )
    ).toContain('2 / 2 workers');

    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect(panel.getByTestId('dask-cluster-status')).toHaveText(
      'stopped'
    );

    // A restarted kernel is a new process: the panel delivers the agent again.
    await restartKernel(page);
    await expect(panel.getByTestId('dask-cluster-status')).toHaveText(
      /no cluster/
    );
    await expect(panel.getByTestId('dask-clusters-agent')).toHaveText(
      'Kernel helper brought by JupyterLab'
    );
  });

  test('a kernel without distributed says which module is missing', async ({
    page
  }) => {
    await page.notebook.createNew('no-dask.ipynb', { kernel: 'no-dask' });
    const panel = await openSidebar(page);
    await expect(panel).toContainText(
      'Dask clusters need the Python module distributed'
    );
    await expect(panel).toContainText('pip install distributed');
    await expect(panel.getByRole('button', { name: 'Start' })).toHaveCount(0);
  });

  test('the installed agent says so', async ({ page }) => {
    await page.notebook.createNew('installed.ipynb', { kernel: 'python3' });
    const panel = await openSidebar(page);
    await expect(panel.getByTestId('dask-clusters-agent')).toHaveText(
      'Kernel helper installed'
    );
  });
});
