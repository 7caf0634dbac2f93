import { expect, test } from '@jupyterlab/galata';
import {
  awsTestState,
  CACHE,
  type IAwsTestState,
  openSidebar,
  runCell,
  startCluster
} from './helpers';
import * as fs from 'fs';
import * as path from 'path';

/** A worker reads the object with s3fs and no arguments: credentials and endpoint from the environment. */
function readOnWorker(state: IAwsTestState): string {
  // One line per statement: the editor would indent a typed function body.
  const path = `${state.bucket}/${state.key}`;
  return [
    'import s3fs',
    `client.submit(lambda: s3fs.S3FileSystem(skip_instance_cache=True).cat("${path}").decode(), pure=False).result()`
  ].join('\n');
}

test.describe('AWS profiles', () => {
  test.use({ autoGoto: true, kernels: null });

  test('a profile reaches the kernel and the workers, and its secret reaches nothing else', async ({
    page,
    tmpPath
  }) => {
    const state = awsTestState();
    // Every websocket frame the page receives (kernel messages, comm messages included).
    const received: string[] = [];
    page.on('websocket', ws => {
      ws.on('framereceived', frame => {
        received.push(
          typeof frame.payload === 'string'
            ? frame.payload
            : Buffer.from(frame.payload).toString('utf8')
        );
      });
    });

    await page.notebook.createNew('aws.ipynb');
    const panel = await openSidebar(page);
    const profiles = panel.getByTestId('dask-profiles');
    const picker = profiles.getByLabel('AWS profile');

    // Listed with endpoint and masked key id; a name that looks like code is just a name.
    await expect(
      picker.locator(`option[value="${state.profile}"]`)
    ).toHaveCount(1);
    await expect(
      picker.locator('option').filter({ hasText: state.codeLookingProfile })
    ).toHaveCount(1);
    await picker.selectOption(state.profile);
    const details = profiles.getByTestId('dask-profile-details');
    await expect(details).toContainText(state.endpoint);
    await expect(details).toContainText(
      `${state.keyId.slice(0, 4)}…${state.keyId.slice(-4)}`
    );
    await expect(profiles.getByTestId('dask-active-profile')).toHaveText(
      'none'
    );

    // A cluster already running when the profile is applied.
    await startCluster(panel, '1');

    await profiles.getByRole('button', { name: 'Apply' }).click();
    await expect(profiles.getByTestId('dask-active-profile')).toHaveText(
      state.profile
    );
    // No worker restarts, and the panel says which ones have the variables.
    await expect(profiles.getByTestId('dask-profile-reach')).toHaveText(
      'Applied in the kernel and its 1 worker.'
    );
    await expect(panel.getByTestId('dask-cluster-workers')).toHaveText(
      /^1 \/ 1 workers/
    );
    expect(
      await runCell(page, 'import os\nos.environ["AWS_ENDPOINT_URL_S3"]')
    ).toContain(state.endpoint);
    expect(await runCell(page, readOnWorker(state))).toContain(state.body);

    // A cluster started after the profile was applied.
    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect(panel.getByTestId('dask-cluster-status')).toHaveText(
      'stopped'
    );
    await panel.getByRole('button', { name: 'Start' }).click();
    await expect(panel.getByTestId('dask-cluster-status')).toHaveText(
      'running'
    );
    expect(await runCell(page, readOnWorker(state))).toContain(state.body);

    // Clear puts the kernel's environment back.
    await profiles.getByRole('button', { name: 'Clear' }).click();
    await expect(profiles.getByTestId('dask-active-profile')).toHaveText(
      'none'
    );
    expect(
      await runCell(page, '"AWS_SECRET_ACCESS_KEY" in os.environ')
    ).toContain('False');
    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect(panel.getByTestId('dask-cluster-status')).toHaveText(
      'stopped'
    );

    await page.notebook.save();

    // The canary is nowhere the browser, the notebook or the server's log could keep it.
    const notebook = await page.request.get(
      `/api/contents/${tmpPath}/aws.ipynb?content=1`
    );
    expect(notebook.ok()).toBeTruthy();
    const savedNotebook = await notebook.text();
    expect(savedNotebook).toContain(state.body); // the outputs were saved
    const settings = await (await page.request.get('/lab/api/settings')).text();
    const localStorage = await page.evaluate(() =>
      JSON.stringify({ ...window.localStorage })
    );
    const messages = received.join('\n');
    expect(messages).toContain(state.profile); // the comm messages were captured
    const serverLog = fs.readFileSync(path.join(CACHE, 'server.log'), 'utf8');

    for (const [where, text] of Object.entries({
      savedNotebook,
      settings,
      localStorage,
      messages,
      serverLog
    })) {
      expect(text.includes(state.canary), `canary found in ${where}`).toBe(
        false
      );
    }
  });
});
