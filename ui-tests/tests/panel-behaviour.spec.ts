import { expect, test } from '@jupyterlab/galata';
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

import {
  openSidebar,
  runCell,
  savedLayout,
  slowStart,
  startCluster
} from './helpers';

/**
 * How the panel behaves as a user notices it (issue #17, UX.md): messages next
 * to their cause and only while true, Start only where a start can work, one
 * primary button, one size text everywhere, focus after an action.
 */

/** Starts a local cluster from a cell whose workers take a minute, then stops it from the panel: the kernel's state is "failed" for the local site. */
async function failLocalStart(page: IJupyterLabPageFixture, panel: Locator) {
  const { ran } = await slowStart(page, panel);
  const status = panel.getByTestId('dask-cluster-status');
  await panel.getByRole('button', { name: 'Stop' }).click();
  await expect(status).toHaveText('failed', { timeout: 20_000 });
  await ran; // the interrupted cell has ended
}

test.describe('the panel as a user meets it', () => {
  test.use({ autoGoto: true, kernels: null });

  test('a failed start says so once, under Start, for its site only; a reload keeps only what the kernel says', async ({
    page
  }) => {
    // Not renamed: galata renames the file but not the kernel's session, which a reload
    // would then not find.
    await page.notebook.createNew();
    const panel = await openSidebar(page);
    const site = panel.getByLabel('Site', { exact: true });
    await expect(site).toHaveValue('local');
    await failLocalStart(page, panel);

    const message = 'The start was interrupted.';
    await expect(panel.getByText(message)).toHaveCount(1);
    const error = panel.getByTestId('dask-action-error');
    await expect(error).toHaveText(message);
    await expect(error).toHaveAttribute('role', 'alert');
    // The message sits under the primary button, the control that caused it.
    const start = panel.getByRole('button', { name: 'Start' });
    const below =
      (await error.boundingBox())!.y > (await start.boundingBox())!.y;
    expect(below).toBe(true);

    // Another site: the failure was not its own.
    await site.selectOption('denali');
    await expect(panel.getByText(message)).toHaveCount(0);
    await expect(panel.getByTestId('dask-cluster-status')).toHaveText(
      'no cluster'
    );

    // A reload shows the kernel's state: failed for the local site only.
    await expect
      .poll(() => savedLayout(page), { timeout: 30_000 })
      .toContain('Untitled.ipynb');
    await page.reload({ waitForIsReady: false });
    await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
    const again = await openSidebar(page);
    await expect(
      again.getByText('In the kernel of Untitled.ipynb')
    ).toBeVisible();
    await expect(again.getByLabel('Site', { exact: true })).toHaveValue(
      'local'
    );
    await expect(again.getByTestId('dask-action-error')).toHaveText(message);
    await again.getByLabel('Site', { exact: true }).selectOption('denali');
    await expect(again.getByText(message)).toHaveCount(0);
    // The next start that works clears it for good.
    await again.getByLabel('Site', { exact: true }).selectOption('local');
    await startCluster(again, '1');
    await expect(again.getByText(message)).toHaveCount(0);
    await again.getByRole('button', { name: 'Stop' }).click();
    await expect(again.getByTestId('dask-cluster-status')).toHaveText(
      'stopped'
    );
  });

  test('Start only where a start can work: nebari without a gateway, tallgrass without an account', async ({
    page
  }) => {
    await page.notebook.createNew('availability.ipynb');
    const panel = await openSidebar(page);
    const site = panel.getByLabel('Site', { exact: true });
    await expect(site).toHaveValue('local');
    // The detected site comes first, marked by a badge, not in its label.
    await expect(site.locator('option').first()).toHaveText('Local machine');
    await expect(panel.getByTestId('dask-site-badge')).toHaveText('detected');
    const start = panel.getByRole('button', { name: 'Start' });
    await expect(start).toBeEnabled();

    await site.selectOption('nebari');
    const reason = panel.getByTestId('dask-site-reason');
    await expect(reason).toContainText('The Dask Gateway is not configured');
    await expect(start).toBeDisabled();
    await expect(start).toHaveAttribute('title', await reason.innerText());
    await expect(panel.getByTestId('dask-site-badge')).toHaveText(
      'unavailable'
    );
    // Unavailable sites are marked in the list as such.
    await expect(
      site.locator('optgroup', { has: page.locator('option[value="nebari"]') })
    ).toHaveAttribute('label', /not available/i);

    await site.selectOption('tallgrass');
    await expect(reason).toContainText('account');
    await expect(start).toBeDisabled();
    await expect(start).toHaveAttribute('title', /account/);
    const account = panel
      .getByTestId('dask-jobqueue-options')
      .getByLabel('Account');
    await account.fill('hytest');
    await expect(reason).toHaveCount(0);
    await expect(start).toBeEnabled();
    await account.fill('');
    await expect(start).toBeDisabled();

    // At the default 250 px the picker shows its whole label.
    const select = site;
    const fits = await select.evaluate(
      (el: HTMLSelectElement) => el.scrollWidth <= el.clientWidth
    );
    expect(fits).toBe(true);
  });

  test('one primary button, counts checked while typing, one size text, focus after each action', async ({
    page
  }) => {
    await page.notebook.createNew('sizing.ipynb');
    const panel = await openSidebar(page);
    await expect(panel.getByTestId('dask-cluster-status')).toHaveText(
      'no cluster'
    );
    // No cluster: no numbers that mean nothing.
    await expect(panel.getByTestId('dask-cluster-workers')).toHaveCount(0);
    await expect(panel.getByTestId('dask-cluster-threads')).toHaveCount(0);
    await expect(panel.getByTestId('dask-cluster-memory')).toHaveCount(0);
    await expect(panel.getByRole('button', { name: 'Apply size' })).toHaveCount(
      0
    );
    await expect(panel.getByRole('button', { name: 'Scale' })).toHaveCount(0);
    await expect(panel.getByRole('button', { name: 'Adapt' })).toHaveCount(0);

    const start = panel.getByRole('button', { name: 'Start' });
    await panel.getByLabel('Fixed').check();
    const workers = panel.getByLabel('Workers', { exact: true });
    await expect(workers).toHaveAttribute('type', 'number');
    for (const typed of ['-1', '2.5']) {
      await workers.fill(typed);
      await expect(workers).toHaveAttribute('aria-invalid', 'true');
      await expect(start).toBeDisabled();
      const described = await workers.getAttribute('aria-describedby');
      await expect(panel.locator(`[id="${described}"]`)).toHaveText(/./);
    }
    await workers.fill('');
    await workers.pressSequentially('abc');
    await expect(workers).toHaveAttribute('aria-invalid', 'true');
    await expect(start).toBeDisabled();
    await panel.getByLabel('Adaptive').check();
    await panel.getByLabel('Minimum workers').fill('5');
    const maximum = panel.getByLabel('Maximum workers');
    await maximum.fill('2');
    await expect(maximum).toHaveAttribute('aria-invalid', 'true');
    await expect(start).toBeDisabled();
    await maximum.fill('6');
    await expect(maximum).not.toHaveAttribute('aria-invalid', 'true');

    // The local site's worker takes every core: one fits, two are beyond the
    // machine. A quiet note says so; Start is still the user's to press.
    await panel.getByLabel('Fixed').check();
    const beyond = panel.getByTestId('dask-size-warning');
    await workers.fill('1');
    await expect(beyond).toHaveCount(0);
    await workers.fill('3');
    await expect(beyond).toHaveText(
      /^3 workers × \d+ threads is more than the \d+ cores of this machine/
    );
    // Quiet: not an alert, nor in a live region.
    expect(
      await beyond.evaluate(node => node.closest('[role="alert"], [aria-live]'))
    ).toBeNull();
    await expect(start).toBeEnabled();

    // Start: focus stays in the panel, on a control that acts on the cluster.
    await workers.fill('2');
    await start.click();
    const status = panel.getByTestId('dask-cluster-status');
    await expect(status).toHaveText('running');
    const focusInPanel = () =>
      page.evaluate(
        () =>
          document.activeElement !== document.body &&
          !!document.activeElement?.closest('#jp-dask-clusters-sidebar')
      );
    expect(await focusInPanel()).toBe(true);

    // The same size text in the panel and the status bar.
    const size = panel.getByTestId('dask-cluster-workers');
    await expect(size).toHaveText('2 / 2 workers');
    const item = page.locator('.jp-DaskClusters-status');
    await expect(item).toContainText('2 / 2 workers');

    // On a running cluster the one primary button applies a new size.
    const apply = panel.getByRole('button', { name: 'Apply size' });
    await expect(panel.getByRole('button', { name: 'Start' })).toHaveCount(0);
    await expect(apply).toBeDisabled(); // the value is the current size
    await workers.fill('1');
    await expect(apply).toBeEnabled();
    await apply.click();
    await expect(size).toHaveText('1 / 1 workers');
    await expect(item).toContainText('1 / 1 workers');
    await panel.getByLabel('Adaptive').check();
    await panel.getByLabel('Minimum workers').fill('1');
    await panel.getByLabel('Maximum workers').fill('3');
    await apply.click();
    await expect(size).toHaveText(/^\d+ \(1–3\) workers$/);
    expect((await item.innerText()).includes(await size.innerText())).toBe(
      true
    );

    // The inserted cell says what the site says: no internal marker.
    await page.evaluate(async () => {
      await (window as any).jupyterapp.commands.execute(
        'dask-clusters:insert-code'
      );
    });
    const cells = page.locator('.jp-Notebook .jp-Cell .jp-InputArea');
    await expect(cells.filter({ hasText: '%dask_cluster start' })).toHaveCount(
      1
    );
    const inserted = await cells
      .filter({ hasText: '%dask_cluster start' })
      .innerText();
    expect(inserted).toContain('%dask_cluster start local --adapt 1 3');
    expect(inserted).not.toContain('$');
    expect(inserted).not.toContain('--set');

    // Stop: the form keeps what the user chose; focus stays in the panel.
    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect(status).toHaveText('stopped');
    await expect(panel.getByLabel('Adaptive')).toBeChecked();
    await expect(panel.getByLabel('Maximum workers')).toHaveValue('3');
    expect(await focusInPanel()).toBe(true);
    await expect(panel.getByTestId('dask-cluster-workers')).toHaveCount(0);
  });

  test('connect: what Client() accepts, progress, one sentence about the address; Ctrl+Alt+D', async ({
    page
  }) => {
    await page.notebook.createNew('connect.ipynb');
    const panel = await openSidebar(page);
    await expect(panel.getByTestId('dask-cluster-status')).toHaveText(
      'no cluster'
    );
    const form = panel.getByTestId('dask-connect');
    await form.locator('summary').click();
    const address = form.getByLabel('Scheduler address');
    // Nothing listens on port 1.
    await address.fill('localhost:1');
    await form.getByRole('button', { name: 'Connect' }).click();
    await expect(form.getByTestId('dask-connect-progress')).toContainText(
      'tcp://localhost:1'
    );
    const error = form.getByTestId('dask-action-error');
    await expect(error).toHaveText(
      /^Could not reach tcp:\/\/localhost:1 within \d+ s\.$/,
      { timeout: 20_000 }
    );
    await expect(panel.getByText(/Could not reach/)).toHaveCount(1);
    await address.fill('tls://localhost:1');
    await expect(error).toHaveCount(0);

    // Ctrl+Alt+D shows the panel and moves focus into it.
    await page.notebook.activate('connect.ipynb');
    await page.sidebar.close('left');
    await page.keyboard.press('Control+Alt+d');
    await expect(panel).toBeVisible();
    await expect
      .poll(() =>
        page.evaluate(
          () => !!document.activeElement?.closest('#jp-dask-clusters-sidebar')
        )
      )
      .toBe(true);
  });
});
