import { expect } from '@jupyterlab/galata';
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';

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
