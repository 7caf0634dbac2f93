import { expect, test } from '@jupyterlab/galata';
import { openSidebar, runCell, slowStart } from './helpers';

test.describe('never stuck, nothing half-started', () => {
  test.use({ autoGoto: true, kernels: null });

  test('Stop while a start is under way cancels it and leaves no worker process', async ({
    page
  }) => {
    await page.notebook.createNew('stop-while-starting.ipynb');
    const panel = await openSidebar(page);
    const status = panel.getByTestId('dask-cluster-status');
    await expect(status).toHaveText(/no cluster/);

    // Each worker process sleeps while it starts: the start takes a minute.
    await slowStart(page, panel);
    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect(status).toHaveText('failed', { timeout: 20_000 });
    await expect(panel.locator('.jp-DaskClusters-error')).toHaveText(
      'The start was interrupted.'
    );
    // Nothing of the half-built cluster is left: no worker process, no cluster variable.
    await page.notebook.addCell('code', '');
    const left = await runCell(
      page,
      [
        'import psutil, time',
        'time.sleep(2)',
        'me = psutil.Process()',
        'print("left:", [p.pid for p in me.children(recursive=True) if "resource_tracker" not in " ".join(p.cmdline())], "cluster" in dir())'
      ].join('\n')
    );
    expect(left).toContain('left: [] False');
    // The panel is usable at once: a real start works.
    await panel.getByLabel('Fixed').check();
    await panel.getByLabel('Workers', { exact: true }).fill('1');
    await panel.getByRole('button', { name: 'Start' }).click();
    await expect(status).toHaveText('running', { timeout: 60_000 });
    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect(status).toHaveText('stopped');
  });

  test('a busy kernel is shown as busy, and the panel works once the cell ends', async ({
    page
  }) => {
    await page.notebook.createNew('busy-kernel.ipynb');
    const panel = await openSidebar(page);
    const status = panel.getByTestId('dask-cluster-status');
    await expect(status).toHaveText(/no cluster/);

    // A long cell runs; then a second view of the notebook makes the panel look
    // at the kernel for the first time while it is busy.
    await page.notebook.setCell(0, 'code', 'import time; time.sleep(20)');
    void page.notebook.runCell(0);
    // The kernel says it is busy with the cell (not merely asked to run it).
    await page.waitForFunction(
      () =>
        (window as any).jupyterapp.shell.currentWidget?.sessionContext?.session
          ?.kernel?.status === 'busy'
    );
    await page.evaluate(async () => {
      await (window as any).jupyterapp.commands.execute('docmanager:clone');
    });
    await expect(panel.getByTestId('dask-connecting')).toHaveText(
      'The kernel is busy: waiting for the running cell to finish…'
    );
    // Longer than the request time-out would be without the busy rule: no error.
    await expect(status).toHaveText(/no cluster/, { timeout: 40_000 });
    await expect(panel.getByText(/did not answer/)).toHaveCount(0);
    await panel.getByLabel('Fixed').check();
    await panel.getByLabel('Workers', { exact: true }).fill('1');
    await panel.getByRole('button', { name: 'Start' }).click();
    await expect(status).toHaveText('running', { timeout: 60_000 });
    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect(status).toHaveText('stopped');
  });
});
