// Counts kernel websocket messages between the page and the kernel while a local cluster runs
// and nothing changes, with the Dask Clusters panel open. Prints one JSON object.
// Usage: node bench/idle_messages.mjs LAB_URL NOTEBOOK_PATH SECONDS
import { createRequire } from 'module';
const require = createRequire(new URL('../ui-tests/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [labUrl, notebook, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg || 60);

/** Decodes a kernel websocket frame (v1 binary protocol or legacy JSON) to {channel, msgType}. */
function decode(payload) {
  if (typeof payload === 'string') {
    const msg = JSON.parse(payload);
    return { channel: msg.channel, msgType: msg.header?.msg_type ?? msg.msg_type };
  }
  const buf = Buffer.from(payload);
  const n = Number(buf.readBigUInt64LE(0));
  const offsets = [];
  for (let i = 0; i < n; i++) {
    offsets.push(Number(buf.readBigUInt64LE(8 * (i + 1))));
  }
  const part = i => buf.subarray(offsets[i], offsets[i + 1] ?? buf.length).toString('utf8');
  return { channel: part(0), msgType: JSON.parse(part(1)).msg_type };
}

const browser = await chromium.launch(require('./chromium.js'));
const page = await browser.newPage();
let counting = false;
// Frames before the measured window prove that the capture works at all.
let beforeWindow = 0;
const counts = { toKernel: 0, fromKernel: 0, byType: {} };
function record(direction, payload) {
  if (!counting) {
    beforeWindow += 1;
    return;
  }
  const { channel, msgType } = decode(payload);
  counts[direction] += 1;
  const key = `${direction} ${channel}/${msgType}`;
  counts.byType[key] = (counts.byType[key] ?? 0) + 1;
}
page.on('websocket', ws => {
  if (!ws.url().includes('/api/kernels/')) {
    return;
  }
  ws.on('framesent', f => record('toKernel', f.payload));
  ws.on('framereceived', f => record('fromKernel', f.payload));
});

const url = new URL(labUrl);
url.pathname = url.pathname.replace(/\/lab\/?$/, '') + `/lab/tree/${notebook}`;
await page.goto(url.toString());
await page.locator('.jp-Notebook').waitFor({ timeout: 120_000 });
await page.locator('.jp-mod-idle, [data-status="idle"]').first().waitFor({ timeout: 120_000 }).catch(() => {});
const panel = page.locator('#jp-dask-clusters-sidebar');
if (!(await panel.isVisible())) {
  await page.locator('[data-id="jp-dask-clusters-sidebar"]').click();
}
// The panel is ready once the kernel answered, which takes longer on a loaded machine.
await panel.getByLabel('Fixed').check({ timeout: 120_000 });
await panel.getByLabel('Workers', { exact: true }).fill('2');
await panel.getByRole('button', { name: 'Start' }).click();
await panel.getByTestId('dask-cluster-workers').filter({ hasText: /^2 \/ 2/ }).waitFor({ timeout: 120_000 });
// Let start-up chatter settle before measuring the steady state.
await page.waitForTimeout(5_000);
counting = true;
await page.waitForTimeout(seconds * 1000);
counting = false;
const perMinute = n => Math.round((n * 60) / seconds);
console.log(
  JSON.stringify({
    seconds,
    toKernelPerMinute: perMinute(counts.toKernel),
    fromKernelPerMinute: perMinute(counts.fromKernel),
    beforeWindow,
    byType: counts.byType
  })
);
await panel.getByRole('button', { name: 'Stop' }).click();
await panel.getByTestId('dask-cluster-status').filter({ hasText: 'stopped' }).waitFor();
await browser.close();
