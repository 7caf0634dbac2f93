import { expect, test } from '@jupyterlab/galata';
import { docsScreenshot, openSidebar, runCell, startCluster } from './helpers';
import * as fs from 'fs';
import * as path from 'path';

/** Written by test_server.py: the kernelspec whose kernels reach the test gateway. */
interface IGatewayTestState {
  kernel: string;
  address: string;
}

function gatewayTestState(): IGatewayTestState {
  return JSON.parse(
    fs.readFileSync(
      path.join(__dirname, '..', '.cache', 'gateway-test.json'),
      'utf8'
    )
  );
}

/** What the gateway itself says of this user's clusters: `name|profile` lines. */
const ON_THE_GATEWAY = [
  'from dask_gateway import Gateway',
  'print("\\n".join(f"{r.name}|{r.options[\'profile\']}" for r in Gateway().list_clusters()) or "none")'
].join('\n');

test.describe('Nebari: a Dask Gateway site', () => {
  // galata's kernel-tracking mock answers every POST under /api/kernels with 201: use the real API.
  test.use({ autoGoto: true, kernels: null });

  // Leave no gateway kernel running for later specs (test_server.py names the gateway's
  // kernelspec so that new notebooks get the default Python kernel, as the other specs expect).
  test.afterEach(async ({ page }) => {
    const kernels = await (await page.request.get('/api/kernels')).json();
    for (const kernel of kernels) {
      await page.request.delete(`/api/kernels/${kernel.id}`);
    }
  });

  test("the gateway's options, a start, a killed kernel's cluster found again and shut down", async ({
    page
  }) => {
    const { kernel } = gatewayTestState();
    await page.notebook.createNew('nebari.ipynb', { kernel });
    const panel = await openSidebar(page);

    // Detected from the kernel's dask config; the form is the gateway's own.
    await expect(panel.getByLabel('Site')).toHaveValue('nebari');
    const form = panel.getByTestId('dask-gateway-options');
    const profile = form.getByLabel('profile', { exact: true });
    await expect(profile.locator('option')).toHaveText([
      'Small Worker',
      'Medium Worker'
    ]);
    await expect(profile).toHaveValue('Medium Worker');
    // The kernel's own conda environment, from its kernelspec name.
    await expect(form.getByLabel('Environment', { exact: true })).toHaveValue(
      'global/global-pangeo'
    );
    await expect(form.getByLabel('Threads per worker')).toHaveAttribute(
      'max',
      '4'
    );
    const clusters = panel.getByTestId('dask-gateway-clusters');
    await expect(clusters).toContainText('No pending or running clusters.');

    await profile.selectOption('Small Worker');
    await startCluster(panel, '1');
    await expect(panel.getByTestId('dask-cluster-workers')).toHaveText(
      /^1 \/ 1 workers/
    );
    const [name, onGateway] = (await runCell(page, ON_THE_GATEWAY))
      .trim()
      .split('|');
    expect(onGateway).toBe('Small Worker');
    await expect(clusters.locator(`li[data-name="${name}"]`)).toContainText(
      '(this notebook)'
    );
    await docsScreenshot(panel, 'sidebar-gateway');

    // The kernel dies without any clean-up: its cluster stays on the gateway. JupyterLab
    // starts a new kernel for the notebook, and the panel greets it.
    const pid = Number(
      (await runCell(page, 'import os; print(os.getpid())')).trim()
    );
    process.kill(pid, 'SIGKILL');
    await page
      .locator('.jp-Dialog', { hasText: 'appears to have died' })
      .getByRole('button', { name: 'Ok' })
      .click();
    await expect(panel.getByTestId('dask-cluster-status')).toHaveText(
      /no cluster/
    );
    const found = clusters.locator(`li[data-name="${name}"]`);
    await expect(found).toContainText('running');
    await expect(found).not.toContainText('(this notebook)');
    expect(await runCell(page, 'import os; print(os.getpid())')).not.toContain(
      String(pid)
    );

    await found.getByRole('button', { name: 'Shut down' }).click();
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText(name);
    await dialog.getByRole('button', { name: 'Shut down' }).click();
    await expect(clusters).toContainText('No pending or running clusters.');
    expect((await runCell(page, ON_THE_GATEWAY)).trim()).toBe('none');
  });
  test("a dashboard pane: the gateway's link as given; its cluster named when the kernel has gone, shown again once connected", async ({
    page
  }) => {
    const { kernel } = gatewayTestState();
    await page.notebook.createNew('nebari-pane.ipynb', { kernel });
    const panel = await openSidebar(page);
    await expect(panel.getByLabel('Site')).toHaveValue('nebari');
    await startCluster(panel, '1');
    // Read before a pane takes the focus from the notebook.
    const [name, link, pid] = (
      await runCell(
        page,
        'import os; print(cluster.name); print(cluster.dashboard_link); print(os.getpid())'
      )
    )
      .trim()
      .split('\n');
    // The test gateway's public address is on loopback, the kernel's own host.
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/clusters\//);

    await panel.getByRole('button', { name: 'Open Dask Dashboard' }).click();
    const pane = page.locator('.jp-DaskDashboard');
    await expect(pane).toHaveAttribute('data-state', 'running');
    await expect(pane.locator('iframe')).toHaveAttribute('src', link);

    // The kernel dies; its cluster stays on the gateway, and the pane says so.
    expect(Number(pid)).toBeGreaterThan(1); // never 0: that signals this process group
    process.kill(Number(pid), 'SIGKILL');
    await page
      .locator('.jp-Dialog', { hasText: 'appears to have died' })
      .getByRole('button', { name: 'Ok' })
      .click();
    await expect(pane).toHaveAttribute('data-state', 'orphaned');
    await expect(pane).toContainText(
      `The kernel of nebari-pane.ipynb has gone; the gateway cluster ${name} is still running.`
    );

    // The new kernel connects to it: the pane shows its dashboard again.
    const found = panel
      .getByTestId('dask-gateway-clusters')
      .locator(`li[data-name="${name}"]`);
    await found.getByRole('button', { name: 'Connect' }).click();
    await expect(pane).toHaveAttribute('data-state', 'running');
    await expect(pane.locator('iframe')).toHaveAttribute('src', link);

    // Stop shuts it down (the kernel owns it now).
    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect(pane).toHaveAttribute('data-state', 'stopped');
    await expect(panel.getByTestId('dask-gateway-clusters')).toContainText(
      'No pending or running clusters.'
    );
    // dask-gateway's clean-up of the stopped cluster, once collected, prints nothing into a
    // later cell (it failed with "Exception ignored in Gateway.__del__" there).
    await page
      .locator('.lm-TabBar-tab', { hasText: 'Dask Dashboard' })
      .locator('.lm-TabBar-tabCloseIcon')
      .click();
    await page.notebook.activate('nebari-pane.ipynb');
    const collected = await runCell(
      page,
      'import gc; gc.collect(); print("collected")'
    );
    expect(collected.trim()).toBe('collected');
  });
});
