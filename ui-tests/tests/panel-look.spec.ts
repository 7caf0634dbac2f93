import { expect, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import { awsTestState, openSidebar, startCluster } from './helpers';

/** The colour `variable` resolves to in the panel, as a computed `color`. */
async function themeColor(panel: Locator, variable: string): Promise<string> {
  return await panel.evaluate((node, variable) => {
    const probe = document.createElement('span');
    probe.style.color = `var(${variable})`;
    node.appendChild(probe);
    const color = getComputedStyle(probe).color;
    probe.remove();
    return color;
  }, variable);
}

const NO_AWS_HINT =
  'No AWS profiles found. Add one to ~/.aws/credentials to give your workers S3 access.';

test.describe("the panel's look", () => {
  test.use({ autoGoto: true, kernels: null });

  test.beforeEach(async ({ page }) => {
    await page.sidebar.setWidth(250, 'left');
  });

  test('no AWS files: a neutral hint, in a section that stays folded after a reload', async ({
    page
  }) => {
    await page.notebook.createNew('aws-hint.ipynb');
    // After a reload, JupyterLab may ask again which kernel the notebook gets.
    await page.addLocatorHandler(
      page.locator('.jp-Dialog').getByRole('button', { name: 'Select Kernel' }),
      async select => await select.click()
    );
    const panel = await openSidebar(page);
    // The kernel first (on a busy machine it takes a while).
    await expect(panel.getByTestId('dask-clusters-agent')).toBeVisible();
    // The test server's AWS files are this kernel's by environment: point it elsewhere.
    await page.evaluate(async () => {
      const app = (window as any).jupyterapp;
      const kernel = app.shell.currentWidget.sessionContext.session.kernel;
      await kernel.requestExecute({
        code: "import os\nos.environ['AWS_SHARED_CREDENTIALS_FILE'] = os.environ['AWS_CONFIG_FILE'] = '/nonexistent/aws'"
      }).done;
    });
    const profiles = panel.getByTestId('dask-profiles');
    await profiles.getByRole('button', { name: 'Reload profiles' }).click();
    const hint = profiles.getByTestId('dask-profiles-hint');
    await expect(hint).toHaveText(NO_AWS_HINT);

    // Not an alert, and said in the theme's neutral text, not its error red.
    await expect(profiles.getByRole('alert')).toHaveCount(0);
    expect(
      await hint.evaluate(node => node.closest('[role="alert"], [aria-live]'))
    ).toBeNull();
    const color = await hint.evaluate(node => getComputedStyle(node).color);
    expect(color).toBe(await themeColor(panel, '--jp-ui-font-color2'));
    expect(color).not.toBe(await themeColor(panel, '--jp-error-color1'));
    // Nothing to choose, apply or clear.
    await expect(profiles.getByRole('combobox')).toHaveCount(0);
    await expect(profiles.getByRole('button', { name: 'Apply' })).toHaveCount(
      0
    );

    // Folded, and still folded after a page reload.
    const toggle = profiles.getByRole('button', { name: 'AWS profile' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    // JupyterLab saves its state database in the workspace, a moment later.
    const saved = page.waitForRequest(
      request =>
        request.url().includes('/api/workspaces') && request.method() === 'PUT'
    );
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await saved;
    await expect(hint).toBeHidden();
    // The browser's own reload: galata's waits for a main-area tab that the
    // kernel dialog may hide.
    await page.evaluate(() => location.reload());
    await page.waitForFunction(() => (window as any).jupyterapp?.started);
    await page.evaluate(() => (window as any).jupyterapp.started);
    // Once the layout is back (restoring it may open or close the sidebar),
    // the panel is open, or not: open it then.
    await page.evaluate(() => (window as any).jupyterapp.restored);
    const restored = page.locator('#jp-dask-clusters-sidebar');
    const again = (
      (await restored.isVisible()) ? restored : await openSidebar(page)
    ).getByTestId('dask-profiles');
    const toggleAgain = again.getByRole('button', { name: 'AWS profile' });
    await expect(toggleAgain).toHaveAttribute('aria-expanded', 'false');
    // Folded: the title and its reload button only.
    await expect(again.locator('p, select, input')).toHaveCount(0);
    await toggleAgain.click();
    await expect(toggleAgain).toHaveAttribute('aria-expanded', 'true');
    await expect(again.locator('p, select').first()).toBeVisible();
  });

  test("the profile picker is JupyterLab's select, whole at 250 px; the endpoint shown once", async ({
    page
  }) => {
    const state = awsTestState();
    await page.notebook.createNew('profiles-look.ipynb');
    const panel = await openSidebar(page);
    const profiles = panel.getByTestId('dask-profiles');
    const picker = profiles.locator('.jp-HTMLSelect');
    await expect(picker.getByLabel('AWS profile')).toBeVisible();
    await expect(picker.locator('svg')).toBeVisible(); // its arrow
    await picker.getByLabel('AWS profile').selectOption(state.profile);

    // The chosen name fits the box: its text is narrower than the room inside it.
    const room = await picker.locator('select').evaluate(node => {
      const select = node as HTMLSelectElement;
      const style = getComputedStyle(select);
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = `${style.fontSize} ${style.fontFamily}`;
      const text = select.selectedOptions[0].text;
      const inner =
        select.clientWidth -
        parseFloat(style.paddingLeft) -
        parseFloat(style.paddingRight);
      return inner - context.measureText(text).width;
    });
    expect(room).toBeGreaterThan(0);

    await expect(profiles.getByText(state.endpoint)).toHaveCount(1);
    await expect(profiles.getByLabel('S3 endpoint')).not.toHaveAttribute(
      'placeholder',
      state.endpoint
    );
  });

  test('a running cluster: how to use it from code, a filterable list of plots', async ({
    page
  }) => {
    await page.notebook.createNew('look-running.ipynb');
    const panel = await openSidebar(page);
    await expect(panel.getByTestId('dask-clusters-agent')).toHaveText(
      /^Kernel helper installed/
    );
    await startCluster(panel, '1');

    const usage = panel.getByTestId('dask-usage');
    await expect(usage.locator('p')).toHaveText(
      'In the kernel: client and cluster.'
    );
    // One line at 250 px: two would be over twice the font size high.
    expect(
      await usage.locator('p').evaluate(node => {
        const fontSize = parseFloat(getComputedStyle(node).fontSize);
        return node.getBoundingClientRect().height / fontSize;
      })
    ).toBeLessThan(2);
    const cells = await page.notebook.getCellCount();
    await usage.getByRole('button', { name: 'Insert cell' }).click();
    await expect(page.locator('.jp-Notebook .jp-Cell')).toHaveCount(cells + 1);

    await panel.getByText(/^Individual plots/).click();
    const list = panel.getByRole('list', { name: 'Individual plots' });
    const names = await list.getByRole('button').allTextContents();
    expect(names).toContain('Task Stream');
    expect(names).toContain('Workers Memory');
    // No GPU in this cluster: no GPU plots.
    expect(names.filter(name => /GPU|RMM/.test(name))).toEqual([]);
    // A short scrolling list: Stop stays in view.
    await expect(panel.getByRole('button', { name: 'Stop' })).toBeInViewport();

    await panel.getByLabel('Filter plots').fill('task');
    await expect(list.getByRole('button')).not.toHaveCount(0);
    for (const name of await list.getByRole('button').allTextContents()) {
      expect(name.toLowerCase()).toContain('task');
    }
    await panel.getByLabel('Filter plots').fill('no such plot');
    await expect(list.getByRole('button')).toHaveCount(0);
    await expect(panel.getByText('No plot matches')).toBeVisible();

    await panel.getByRole('button', { name: 'Stop' }).click();
  });

  test('no notebook: the empty state offers a new one', async ({ page }) => {
    const panel = await openSidebar(page);
    await page.addLocatorHandler(
      page.locator('.jp-Dialog').getByRole('button', { name: 'Select Kernel' }),
      async select => await select.click()
    );
    await panel.getByRole('button', { name: 'New notebook' }).click();
    await expect(panel.getByTestId('dask-clusters-agent')).toBeVisible();
    expect(await page.notebook.isAnyActive()).toBe(true);
  });
});
