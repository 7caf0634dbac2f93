// Time from pressing "Open Dask Dashboard" in the panel to the first Bokeh plot drawn in the pane,
// against loading the same proxied dashboard URL in a fresh page; same cluster, same run, the
// browser cache off for both. Prints one JSON object.
// Usage: node bench/dashboard_open.mjs LAB_URL NOTEBOOK_PATH REPEATS
import { createRequire } from 'module';
const require = createRequire(new URL('../ui-tests/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [labUrl, notebook, repeatsArg] = process.argv.slice(2);
const repeats = Number(repeatsArg || 5);
const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const browser = await chromium.launch(require('./chromium.js'));
const context = await browser.newContext();
const page = await context.newPage();
async function withoutCache(target) {
  const cdp = await target.context().newCDPSession(target);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
}
await withoutCache(page);

const url = new URL(labUrl);
url.pathname = url.pathname.replace(/\/lab\/?$/, '') + `/lab/tree/${notebook}`;
await page.goto(url.toString());
await page.locator('.jp-Notebook').waitFor({ timeout: 120_000 });
const panel = page.locator('#jp-dask-clusters-sidebar');
if (!(await panel.isVisible())) {
  await page.locator('[data-id="jp-dask-clusters-sidebar"]').click();
}
// The panel is ready once the kernel answered, which takes longer on a loaded machine.
await panel.getByLabel('Fixed').check({ timeout: 120_000 });
await panel.getByLabel('Workers', { exact: true }).fill('1');
await panel.getByRole('button', { name: 'Start' }).click();
await panel.getByTestId('dask-cluster-workers').filter({ hasText: /^1 \/ 1/ }).waitFor({ timeout: 120_000 });
const open = panel.getByRole('button', { name: 'Open Dask Dashboard' });
await open.waitFor();

/** Bokeh's first canvas in `frame` (a page or a frame locator) is visible. */
const drawn = frame => frame.locator('canvas').first().waitFor({ state: 'visible', timeout: 120_000 });

const paneMs = [];
const rawMs = [];
let dashboardUrl = null;
for (let i = 0; i < repeats; i++) {
  // In the pane, from the button.
  let start = performance.now();
  await open.click();
  const pane = page.locator('.jp-DaskDashboard[data-state="running"]');
  await drawn(pane.frameLocator('iframe'));
  paneMs.push(performance.now() - start);
  dashboardUrl = await pane.locator('iframe').getAttribute('src');
  // Close it, so that the next press opens a new pane.
  await page.locator('.lm-TabBar-tab', { hasText: 'Dask Dashboard' }).locator('.lm-TabBar-tabCloseIcon').click();
  await pane.waitFor({ state: 'detached' });

  // The same URL in a fresh page of a fresh context (the lab's cookies, nothing else).
  const fresh = await browser.newContext({ storageState: await context.storageState() });
  const raw = await fresh.newPage();
  await withoutCache(raw);
  start = performance.now();
  await raw.goto(dashboardUrl);
  await drawn(raw);
  rawMs.push(performance.now() - start);
  await fresh.close();
}

await panel.getByRole('button', { name: 'Stop' }).click();
await panel.getByTestId('dask-cluster-status').filter({ hasText: 'stopped' }).waitFor();
await browser.close();
console.log(
  JSON.stringify({
    repeats,
    dashboardUrl,
    paneMs: Math.round(median(paneMs)),
    rawMs: Math.round(median(rawMs)),
    ratio: median(paneMs) / median(rawMs),
    allPaneMs: paneMs.map(Math.round),
    allRawMs: rawMs.map(Math.round)
  })
);
