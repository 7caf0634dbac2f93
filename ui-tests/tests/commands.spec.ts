import { expect, test } from '@jupyterlab/galata';
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { runCell } from './helpers';

const COMMANDS = [
  'Show Dask Clusters Panel',
  'Start Dask Cluster',
  'Stop Dask Cluster',
  'Scale Dask Cluster…',
  'Make Dask Cluster Adaptive…',
  'Apply AWS Profile…',
  'Clear AWS Profile',
  'Copy Reproducible Dask Code',
  'Insert Dask Cluster Cell Below'
];

/** Opens the command palette and types `query`; returns the palette. */
async function palette(page: IJupyterLabPageFixture, query: string) {
  const input = page.locator('.lm-CommandPalette-input');
  // A notebook that is still opening takes the focus back, closing the palette: retry.
  await expect(async () => {
    if (!(await input.isVisible())) {
      await page.keyboard.press('Control+Shift+C');
    }
    await expect(input).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30000 });
  await input.fill(query);
  return page.locator('#command-palette');
}

/** Runs the palette item labelled `label`. */
async function runFromPalette(page: IJupyterLabPageFixture, label: string) {
  const found = await palette(page, label);
  await found
    .locator('.lm-CommandPalette-item:not(.lm-mod-disabled)', {
      hasText: label
    })
    .first()
    .click();
}

test.describe('commands, status bar and magic agree', () => {
  test.use({ autoGoto: true, kernels: null });

  test('palette start, dialog scale, magic status, palette stop', async ({
    page
  }) => {
    await page.notebook.createNew('commands.ipynb');
    // Once a cell ran, the kernel is up and the notebook no longer takes the focus.
    await runCell(page, '1');
    const status = page.locator('.jp-DaskClusters-status');

    // The palette lists every command under "Dask Clusters".
    const found = await palette(page, '');
    const header = found.locator('.lm-CommandPalette-header', {
      hasText: /^Dask Clusters$/
    });
    await expect(header).toHaveCount(1);
    for (const label of COMMANDS) {
      await expect(
        found.locator('.lm-CommandPalette-item', { hasText: label })
      ).toHaveCount(1);
    }
    await page.keyboard.press('Escape');
    await expect(status).toBeHidden(); // nothing without a cluster

    // Start from the palette: the panel's site and size (the local site, 2 workers).
    await runFromPalette(page, 'Start Dask Cluster');
    // The keyboard shortcut shows the panel.
    const panel = page.locator('#jp-dask-clusters-sidebar');
    await page.keyboard.press('Control+Alt+D');
    await expect(panel).toBeVisible();
    await expect(panel.getByTestId('dask-cluster-status')).toHaveText(
      'running'
    );
    await expect(status).toHaveText(/^Dask: \d+ \/ \d+ workers · local$/);

    // Scale from its dialog: a refused number first, then a valid one.
    await runFromPalette(page, 'Scale Dask Cluster…');
    const dialog = page.locator('.jp-Dialog');
    await dialog.getByLabel('Workers').fill('two');
    await dialog.getByRole('button', { name: 'Scale' }).click();
    await expect(dialog.getByRole('alert')).toHaveText(
      'Workers must be a number, not "two".'
    );
    await dialog.getByLabel('Workers').fill('1');
    await dialog.getByRole('button', { name: 'Scale' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(panel.getByTestId('dask-cluster-workers')).toHaveText(
      /^1 \/ 1 workers/
    );
    await expect(status).toHaveText('Dask: 1 / 1 workers · local');

    // The magic sees the same cluster.
    const said = await runCell(
      page,
      '%load_ext jupyterlab_dask_clusters\n%dask_cluster status'
    );
    expect(said).toContain(
      "Dask cluster on site 'local' (local): running, 1 / 1 workers"
    );

    // Insert reproducible code: a cell that starts the same cluster, with its %load_ext.
    const before = await page.notebook.getCellCount();
    await runFromPalette(page, 'Insert Dask Cluster Cell Below');
    await expect
      .poll(async () => page.notebook.getCellCount())
      .toBe(before + 1);
    const sources = await page.evaluate(() =>
      window.jupyterapp.shell.currentWidget.content.widgets.map((cell: any) =>
        cell.model.sharedModel.getSource()
      )
    );
    expect(sources).toContainEqual(
      expect.stringMatching(
        // What the site says is not repeated: no option, no internal marker.
        /^%load_ext jupyterlab_dask_clusters\n%dask_cluster start local --workers 1\s*$/
      )
    );

    // Work in memory: the palette's stop asks first; cancel keeps the cluster.
    await runCell(page, 'kept = client.scatter(list(range(10)))');
    await runFromPalette(page, 'Stop Dask Cluster');
    await expect(dialog).toContainText('results in memory');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(status).toHaveText('Dask: 1 / 1 workers · local');

    await runFromPalette(page, 'Stop Dask Cluster');
    await dialog.getByRole('button', { name: 'Stop' }).click();
    await expect(panel.getByTestId('dask-cluster-status')).toHaveText(
      'stopped'
    );
    await expect(status).toBeHidden();
  });
});
