import { expect, test } from '@playwright/test';
import { createNotebook } from '../plain-notebook';

/**
 * What a hub on the oldest supported JupyterLab shows, with a kernel from an
 * old shared environment (delivered agent): the panel attaches, starts a
 * local cluster, the status bar shows it, the panel stops it. The page loads
 * our bundle without a version warning and throws nothing.
 */
test('oldest JupyterLab, oldest kernel: panel, local start, status bar, stop', async ({
  page,
  request
}) => {
  // Warnings logged by our own bundle: webpack's shared-module checks run in
  // the consuming remoteEntry, so its URL says whose requirement failed.
  const ours: string[] = [];
  const thrown: string[] = [];
  page.on('console', message => {
    if (
      message.text().includes('Unsatisfied version') &&
      message.location().url.includes('/jupyterlab-dask-clusters/')
    ) {
      ours.push(message.text());
    }
  });
  page.on('pageerror', error => thrown.push(error.message));

  await createNotebook(request, 'oldest.ipynb', 'oldest-dask');

  // A fresh workspace, the notebook open in it.
  await page.goto('/lab/tree/oldest.ipynb?reset');
  await expect(page.locator('.jp-NotebookPanel')).toBeVisible();
  await page
    .locator('.lm-TabBar-tab[data-id="jp-dask-clusters-sidebar"]')
    .click();
  const panel = page.locator('#jp-dask-clusters-sidebar');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('dask-clusters-agent')).toHaveAttribute(
    'data-source',
    'delivered',
    { timeout: 60 * 1000 }
  );
  await expect(panel.getByLabel('Site')).toHaveValue('local');

  await panel.getByLabel('Fixed').check();
  await panel.getByLabel('Workers', { exact: true }).fill('1');
  await panel.getByRole('button', { name: 'Start' }).click();
  await expect(panel.getByTestId('dask-cluster-status')).toHaveText('running');
  const item = page.locator('#jp-main-statusbar .jp-DaskClusters-status');
  await expect(item).toHaveText('Dask: 1 / 1 workers · local');

  await panel.getByRole('button', { name: 'Stop' }).click();
  await expect(panel.getByTestId('dask-cluster-status')).toHaveText('stopped');
  await expect(item).toBeHidden();

  expect(ours).toEqual([]);
  expect(thrown).toEqual([]);
});
