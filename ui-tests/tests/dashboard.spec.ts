import { expect, test } from '@jupyterlab/galata';
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as net from 'net';
import { openSidebar, runCell, savedLayout, startCluster } from './helpers';

/** The dashboard frame of the pane whose tab is titled `title…`. */
async function frameOf(page: IJupyterLabPageFixture, title: string) {
  const tab = page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab', {
    hasText: title
  });
  await expect(tab).toHaveCount(1);
  const id = (await tab.getAttribute('data-id'))!;
  return page.locator(`#${id} .jp-DaskDashboard`);
}

/**
 * Opens the individual plot `name` from the panel's list. A click that races a
 * re-render of the sidebar is tried again (opening a plot twice only shows its
 * pane).
 */
async function openPlot(
  page: IJupyterLabPageFixture,
  panel: Locator,
  name: string
) {
  const tab = page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab', {
    hasText: `${name} — Untitled.ipynb`
  });
  await expect(async () => {
    const plots = panel.getByRole('list', { name: 'Individual plots' });
    if (!(await plots.isVisible())) {
      await panel.getByText(/^Individual plots \(\d+\)$/).click();
    }
    await plots
      .getByRole('button', { name, exact: true })
      .click({ timeout: 5_000 });
    await expect(tab).toHaveCount(1, { timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
}

/** Bokeh has drawn into `frame`'s iframe: a canvas with a size. */
async function expectDrawn(frame: Locator) {
  await expect(frame).toHaveAttribute('data-state', 'running');
  const canvas = frame.frameLocator('iframe').locator('canvas').first();
  await expect(canvas).toBeVisible({ timeout: 60_000 });
}

/** Runs `code` in the kernel of the open notebook `name` (its cells may be out of view). */
async function executeIn(
  page: IJupyterLabPageFixture,
  name: string,
  code: string
) {
  const status = await page.evaluate(
    async ([name, code]) => {
      for (const widget of window.jupyterapp.shell.widgets('main')) {
        const notebook = widget as any;
        if (notebook.context?.path.endsWith(name)) {
          const kernel = notebook.sessionContext.session.kernel;
          const reply = await kernel.requestExecute({ code }).done;
          return reply.content.status;
        }
      }
      return 'no such notebook';
    },
    [name, code]
  );
  expect(status).toBe('ok');
}

/** The main area's layout as the workspace saved it, as JSON. */
test.describe('dashboard panes', () => {
  test.use({ autoGoto: true, kernels: null });

  test('status page and two plots in panes, restored after a reload, stopped and reconnected', async ({
    page
  }) => {
    // Not renamed: galata renames the file but not the kernel's session, which a reload
    // would then not find.
    await page.notebook.createNew();
    const panel = await openSidebar(page);
    await startCluster(panel, '1');

    // The panel's button runs the command: a pane beside the notebook.
    await panel.getByRole('button', { name: 'Open Dask Dashboard' }).click();
    const status = await frameOf(page, 'Dask Dashboard — Untitled.ipynb');
    await expect(status.locator('iframe')).toHaveAttribute(
      'src',
      /^http:\/\/127\.0\.0\.1:\d+\/proxy\/\d+\/status$/
    );
    await expectDrawn(status);

    // Individual plots, listed from individual-plots.json, each in its own pane.
    await openPlot(page, panel, 'Task Stream');
    await openPlot(page, panel, 'Progress');
    const taskStream = await frameOf(page, 'Task Stream — Untitled.ipynb');
    const progress = await frameOf(page, 'Progress — Untitled.ipynb');
    await expect(taskStream.locator('iframe')).toHaveAttribute(
      'src',
      /\/proxy\/\d+\/individual-task-stream$/
    );
    await expectDrawn(taskStream);
    await expectDrawn(progress);
    const firstSrc = await status.locator('iframe').getAttribute('src');

    // A reload restores the three panes, attached to the notebook's cluster, once
    // the layout that holds them is saved (JupyterLab saves it a moment later).
    // (galata's own wait expects a Launcher, which a restored layout lacks.)
    await expect
      .poll(() => savedLayout(page), { timeout: 30_000 })
      .toMatch(/(?=.*individual-task-stream)(?=.*individual-progress)/);
    await page.reload({ waitForIsReady: false });
    await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
    for (const title of [
      'Dask Dashboard — Untitled.ipynb',
      'Task Stream — Untitled.ipynb',
      'Progress — Untitled.ipynb'
    ]) {
      await expectDrawn(await frameOf(page, title));
    }

    // The cluster stops: every pane says so instead of showing a broken frame.
    const panelAgain = await openSidebar(page);
    await panelAgain.getByRole('button', { name: 'Stop' }).click();
    await expect(panelAgain.getByTestId('dask-cluster-status')).toHaveText(
      'stopped'
    );
    for (const title of ['Dask Dashboard', 'Task Stream', 'Progress']) {
      const frame = await frameOf(page, `${title} — Untitled.ipynb`);
      await expect(frame).toHaveAttribute('data-state', 'stopped');
      await expect(frame.getByRole('status')).toContainText('stopped');
      await expect(frame.locator('iframe')).not.toHaveAttribute('src', /./);
    }

    // A new cluster on a new port (the old one is taken now): the panes show its dashboard.
    const oldPort = /\/proxy\/(\d+)\//.exec(firstSrc!)![1];
    const taken = net.createServer();
    await new Promise<void>(resolve => taken.listen(Number(oldPort), resolve));
    try {
      await startCluster(panelAgain, '1');
      const again = await frameOf(page, 'Dask Dashboard — Untitled.ipynb');
      await expect(again.locator('iframe')).toHaveAttribute(
        'src',
        /\/proxy\/\d+\/status$/
      );
      await expect(again.locator('iframe')).not.toHaveAttribute(
        'src',
        firstSrc!
      );
      await expectDrawn(again);
      await expectDrawn(await frameOf(page, 'Task Stream — Untitled.ipynb'));
    } finally {
      taken.close();
    }

    await panelAgain.getByRole('button', { name: 'Stop' }).click();
    await expect(panelAgain.getByTestId('dask-cluster-status')).toHaveText(
      'stopped'
    );
  });

  test('a relative distributed.dashboard.link (as on JupyterHub) opens a working pane; a javascript: one is refused', async ({
    page
  }) => {
    await page.notebook.createNew('relative-link.ipynb');
    // What a hub's dask config says; the hub sets the prefix, here the server's base URL.
    await runCell(
      page,
      [
        'import os, dask',
        'os.environ["JUPYTERHUB_SERVICE_PREFIX"] = "/"',
        'dask.config.set({"distributed.dashboard.link": "{JUPYTERHUB_SERVICE_PREFIX}proxy/{port}/status"})',
        'print("configured")'
      ].join('\n')
    );
    const panel = await openSidebar(page);
    await startCluster(panel, '1');
    expect(await runCell(page, 'print(cluster.dashboard_link)')).toMatch(
      /^\/proxy\/\d+\/status/
    );

    await page.evaluate(() =>
      window.jupyterapp.commands.execute('dask-clusters:open-dashboard')
    );
    const status = await frameOf(page, 'Dask Dashboard — relative-link.ipynb');
    await expect(status.locator('iframe')).toHaveAttribute(
      'src',
      /^http:\/\/127\.0\.0\.1:\d+\/proxy\/\d+\/status$/
    );
    await expectDrawn(status);

    // A link that is not http(s) is never loaded: the pane says so, the button refuses.
    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect(panel.getByTestId('dask-cluster-status')).toHaveText(
      'stopped'
    );
    await executeIn(
      page,
      'relative-link.ipynb',
      'dask.config.set({"distributed.dashboard.link": "javascript:alert({port})"})'
    );
    await startCluster(panel, '1');
    await expect(status).toHaveAttribute('data-state', 'stopped');
    await expect(status.getByRole('status')).toContainText('javascript:alert(');
    await expect(status.locator('iframe')).not.toHaveAttribute('src', /./);
    await panel.getByRole('button', { name: 'Open Dask Dashboard' }).click();
    await expect(
      page.locator('.Toastify__toast', { hasText: 'is not an http(s) URL' })
    ).toBeVisible();
    await expect(page.locator('.jp-DaskDashboard')).toHaveCount(1);

    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect(panel.getByTestId('dask-cluster-status')).toHaveText(
      'stopped'
    );
  });
});
