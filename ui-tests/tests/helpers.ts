import { expect } from '@jupyterlab/galata';
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

/** The Dask Clusters sidebar, opened from its tab in the left area. */
export async function openSidebar(page: IJupyterLabPageFixture) {
  await page.sidebar.openTab('jp-dask-clusters-sidebar');
  const panel = page.locator('#jp-dask-clusters-sidebar');
  await expect(panel).toBeVisible();
  return panel;
}

/** Runs `code` in the last cell of the open notebook, adds an empty cell, returns the output. */
export async function runCell(
  page: IJupyterLabPageFixture,
  code: string
): Promise<string> {
  const index = (await page.notebook.getCellCount()) - 1;
  await page.notebook.setCell(index, 'code', code);
  await page.notebook.runCell(index, true);
  const text = (await page.notebook.getCellTextOutput(index)) ?? [];
  await page.notebook.addCell('code', '');
  return text.join('\n');
}

/**
 * Runs a magic start of one local worker that takes a minute (its worker sleeps as it
 * starts), not waiting for the cell; resolves once the panel says "starting". The
 * returned promise ends with the cell.
 */
export async function slowStart(
  page: IJupyterLabPageFixture,
  panel: Locator
): Promise<{ ran: Promise<void> }> {
  await runCell(page, '%load_ext jupyterlab_dask_clusters');
  const index = (await page.notebook.getCellCount()) - 1;
  await page.notebook.setCell(
    index,
    'code',
    `%dask_cluster start local --workers 1 --set 'preload=["import time; time.sleep(60)"]'`
  );
  const ran = page.notebook.runCell(index).then(() => undefined);
  await expect(panel.getByTestId('dask-cluster-status')).toHaveText('starting');
  return { ran };
}

/** Starts a cluster of `workers` fixed workers from the panel and waits until it runs. */
export async function startCluster(panel: Locator, workers: string) {
  await panel.getByLabel('Fixed').check();
  await panel.getByLabel('Workers', { exact: true }).fill(workers);
  await panel.getByRole('button', { name: 'Start' }).click();
  await expect(panel.getByTestId('dask-cluster-status')).toHaveText('running');
}

/** Restarts the notebook's kernel from the Kernel menu, confirming the dialog. */
export async function restartKernel(page: IJupyterLabPageFixture) {
  await page.menu.clickMenuItem('Kernel>Restart Kernel…');
  await page
    .locator('.jp-Dialog')
    .getByRole('button', { name: 'Confirm Kernel Restart' })
    .click();
}

/**
 * A picture for the docs (docs/images/NAME.png), taken only under `make screenshots`
 * (DOCS_SCREENSHOTS=1): a test run changes no tracked file.
 */
export async function docsScreenshot(target: Locator, name: string) {
  if (!process.env.DOCS_SCREENSHOTS) {
    return;
  }
  await target.screenshot({
    path: path.join(__dirname, '..', '..', 'docs', 'images', `${name}.png`)
  });
}

/** The layout JupyterLab saved for a reload to restore (it saves a moment after a change). */
export async function savedLayout(
  page: IJupyterLabPageFixture
): Promise<string> {
  return page.evaluate(async () => {
    const config = document.getElementById('jupyter-config-data');
    const id = JSON.parse(config!.textContent!).workspace ?? 'default';
    const workspace =
      await window.jupyterapp.serviceManager.workspaces.fetch(id);
    return JSON.stringify(workspace.data['layout-restorer:data'] ?? null);
  });
}

/** Written by test_server.py before JupyterLab started: the S3 endpoint and the canary. */
export interface IAwsTestState {
  endpoint: string;
  profile: string;
  codeLookingProfile: string;
  keyId: string;
  canary: string;
  bucket: string;
  key: string;
  body: string;
}

/** What test_server.py writes for the tests (never read by the page). */
export const CACHE = path.join(__dirname, '..', '.cache');

export function awsTestState(): IAwsTestState {
  return JSON.parse(fs.readFileSync(path.join(CACHE, 'aws-test.json'), 'utf8'));
}
