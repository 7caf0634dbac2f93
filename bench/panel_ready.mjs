// Opens notebooks on an installed-agent kernel (python3) and a delivered-agent kernel
// (bare-dask), alternating, and times each from the open command to the panel's agent line.
// Prints one JSON object. Usage: node bench/panel_ready.mjs LAB_URL ROUNDS
import { createRequire } from 'module';
const require = createRequire(new URL('../ui-tests/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [labUrl, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg || 5);

const browser = await chromium.launch(require('../ui-tests/chromium.js'));
const page = await browser.newPage();

let httpBytes = 0;
page.on('response', async response => {
  if (response.url().includes('/dask-clusters/agent/')) {
    httpBytes = (await response.body()).length;
  }
});
// The largest frames of each kind the page sends to kernels: the loader's execute_request
// and the comm_open carrying the archive.
const largest = { execute_request: 0, comm_open: 0 };
page.on('websocket', ws => {
  ws.on('framesent', frame => {
    const bytes = Buffer.from(frame.payload);
    for (const type of Object.keys(largest)) {
      if (bytes.includes(`"${type}"`)) {
        largest[type] = Math.max(largest[type], bytes.length);
      }
    }
  });
});

await page.goto(labUrl);
await page.waitForFunction(() => window.jupyterapp?.started !== undefined);
await page.evaluate(() => window.jupyterapp.started);
await page.evaluate(() => window.jupyterapp.shell.activateById('jp-dask-clusters-sidebar'));

/** Opens `path`, returns ms from the open command to kernel ready and to the agent line. */
async function openAndTime(path) {
  return await page.evaluate(async path => {
    const app = window.jupyterapp;
    const t0 = performance.now();
    const seen = new Promise(resolve => {
      const look = () => document.querySelector('[data-testid="dask-clusters-agent"]');
      const observer = new MutationObserver(() => {
        if (look()) {
          observer.disconnect();
          resolve(performance.now());
        }
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
    const widget = await app.commands.execute('docmanager:open', { path });
    await widget.sessionContext.ready;
    await widget.sessionContext.session.kernel.info;
    const kernelReady = performance.now();
    const ready = await seen;
    const text = document.querySelector('[data-testid="dask-clusters-agent"]').dataset.source;
    await widget.sessionContext.shutdown();
    widget.dispose();
    await new Promise(resolve => setTimeout(resolve, 500));
    return { open: ready - t0, kernel: ready - kernelReady, text };
  }, path);
}

const result = { rounds: [] };
for (let i = 0; i <= rounds; i++) {
  // Delivered first in round 0: the page's first (uncached) fetch of the payload.
  for (const kind of ['delivered', 'installed']) {
    const timing = await openAndTime(`${kind}-${i}.ipynb`);
    if (!timing.text.includes(kind)) {
      throw new Error(`expected a ${kind} agent, the panel says it is ${timing.text}`);
    }
    result.rounds.push({ kind, ...timing });
  }
}
result.httpBytes = httpBytes;
result.loaderBytes = largest.execute_request;
result.archiveBytes = largest.comm_open;
console.log(JSON.stringify(result));
await browser.close();
