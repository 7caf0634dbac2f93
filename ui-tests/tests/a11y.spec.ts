import { expect, test } from '@jupyterlab/galata';
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as fs from 'fs';
import { openSidebar, startCluster } from './helpers';
import { axeViolations, contrastOf, IMPACTS, panelSize } from './a11y-helpers';

/**
 * The panel in light and dark theme, with no cluster and with a running one:
 * axe-core finds no serious or critical violation, every enabled button shows
 * a focus ring that stands out, disabled buttons and error text are readable.
 * With A11Y_REPORT=file (bench/panel_a11y.py), the measures are written there.
 */
const THEMES = ['light', 'dark'] as const;
const rows: Record<string, string | number>[] = [];

async function setTheme(page: IJupyterLabPageFixture, theme: string) {
  if (theme === 'dark') {
    await page.theme.setDarkTheme();
  } else {
    await page.theme.setLightTheme();
  }
}

/** Focus `button` from the keyboard (Tab), as `:focus-visible` needs. */
async function tabTo(page: IJupyterLabPageFixture, button: Locator) {
  await button.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await expect(button).toBeFocused();
}

async function measure(
  page: IJupyterLabPageFixture,
  panel: Locator,
  state: string
) {
  for (const theme of THEMES) {
    await setTheme(page, theme);
    const found = await axeViolations(page);
    const row: Record<string, string | number> = { state, theme };
    for (const impact of IMPACTS) {
      row[impact] = found[impact].length;
    }
    row.elements = await panelSize(page);
    const buttons = panel.locator('button:visible');
    const contrasts = { disabled: [] as number[], rings: [] as number[] };
    for (const button of await buttons.all()) {
      if (await button.isDisabled()) {
        contrasts.disabled.push(await contrastOf(button));
      } else {
        await tabTo(page, button);
        contrasts.rings.push(await contrastOf(button, 'outline'));
      }
    }
    row.disabledMin = contrasts.disabled.length
      ? Math.min(...contrasts.disabled)
      : '';
    row.ringMin = Math.min(...contrasts.rings);
    rows.push(row);
    // What axe calls serious or critical, by name, in the failure message.
    expect([...found.critical, ...found.serious], `${state}, ${theme}`).toEqual(
      []
    );
    expect(
      row.ringMin,
      `focus rings, ${state}, ${theme}`
    ).toBeGreaterThanOrEqual(3);
    for (const ratio of contrasts.disabled) {
      expect(
        ratio,
        `disabled buttons, ${state}, ${theme}`
      ).toBeGreaterThanOrEqual(4.5);
    }
  }
  await setTheme(page, 'light');
}

test.describe('the panel is accessible', () => {
  test.use({ autoGoto: true, kernels: null });

  test.afterAll(() => {
    if (process.env.A11Y_REPORT) {
      fs.writeFileSync(process.env.A11Y_REPORT, JSON.stringify(rows));
    }
  });

  test('no cluster, a running cluster, an error: light and dark', async ({
    page
  }) => {
    await page.notebook.createNew('a11y.ipynb');
    const panel = await openSidebar(page);
    await page.sidebar.setWidth(250, 'left');
    await expect(panel.getByTestId('dask-clusters-agent')).toBeVisible();
    await measure(page, panel, 'no cluster');

    // An error of the panel's own (an address nothing answers at).
    await panel.getByText('Connect to a scheduler').click();
    await panel.getByLabel('Scheduler address').fill('tcp://127.0.0.1:9');
    await panel.getByRole('button', { name: 'Connect' }).click();
    const error = panel.locator('.jp-DaskClusters-error, [role="alert"]', {
      hasText: /./
    });
    await expect(error.first()).toBeVisible();
    for (const theme of THEMES) {
      await setTheme(page, theme);
      const ratio = await contrastOf(error.first());
      rows.push({ state: 'error text', theme, contrast: ratio });
      expect(ratio, `error text, ${theme}`).toBeGreaterThanOrEqual(4.5);
    }
    await setTheme(page, 'light');

    await startCluster(panel, '1');
    await measure(page, panel, 'running');
    await panel.getByRole('button', { name: 'Stop' }).click();
  });
});
