import { expect, test } from '@playwright/test';
import { createNotebook } from '../plain-notebook';

test('Notebook 7: open the panel, start from the Dask menu, stop from the panel', async ({
  page,
  request
}) => {
  await createNotebook(request, 'nb7.ipynb', 'python3', 'Python 3');
  await page.goto('/notebooks/nb7.ipynb');
  await expect(page.locator('.jp-NotebookPanel')).toBeVisible();
  // The panel, from the Dask menu's first command.
  await page.getByRole('menuitem', { name: 'Dask' }).click();
  await page
    .getByRole('menuitem', { name: /Show Dask Clusters Panel/ })
    .click();
  const panel = page.locator('#jp-dask-clusters-sidebar');
  await expect(panel).toBeVisible();
  // The kernel is up and its agent answered: the detected site shows.
  await expect(panel.getByLabel('Site')).toHaveValue('local', {
    timeout: 60 * 1000
  });

  // Start with the panel's size, from the menu.
  await panel.getByLabel('Fixed').check();
  await panel.getByLabel('Workers', { exact: true }).fill('1');
  await page.getByRole('menuitem', { name: 'Dask' }).click();
  await page.getByRole('menuitem', { name: 'Start Dask Cluster' }).click();
  await expect(panel.getByTestId('dask-cluster-status')).toHaveText('running');
  await expect(panel.getByTestId('dask-cluster-workers')).toHaveText(
    /^1 \/ 1 workers/
  );
  // No status bar in Notebook 7: the cluster shows in the top area.
  const item = page.locator('.jp-DaskClusters-status');
  await expect(item).toHaveText('Dask: 1 / 1 workers · local');

  // Stop from the panel's button (the same command).
  await panel.getByRole('button', { name: 'Stop' }).click();
  await expect(panel.getByTestId('dask-cluster-status')).toHaveText('stopped');
  await expect(item).toBeHidden();
});
