/**
 * Delivering the agent to a kernel whose environment lacks the package (or
 * holds a copy speaking another protocol version): the package's kernel-side
 * code, served by this extension's Jupyter server extension, executed as is.
 *
 * What runs in the kernel is the server's constant for this protocol version
 * (the same bytes for every user and request); nothing of the user's is in it.
 */
import type { Kernel } from '@jupyterlab/services';
import { ServerConnection } from '@jupyterlab/services';
import { URLExt } from '@jupyterlab/coreutils';
import type { TranslationBundle } from '@jupyterlab/translation';

import { PROTOCOL_VERSION } from '../protocol';
import { AgentUnavailableError, executeConstant } from './bootstrap';

/**
 * The server extension's route, under the server's base URL.
 */
export const AGENT_ROUTE = `dask-clusters/agent/${PROTOCOL_VERSION}`;

/**
 * What the route answers.
 */
export interface IAgentPayload {
  /**
   * The package version the code comes from.
   */
  version: string;
  protocol: number;
  /**
   * Python source that makes `import jupyterlab_dask_clusters` work in the
   * kernel.
   */
  code: string;
}

/**
 * Gets the payload from a server.
 */
export type PayloadFetcher = (
  settings: ServerConnection.ISettings
) => Promise<IAgentPayload>;

const payloads = new Map<string, Promise<IAgentPayload>>();

/**
 * The payload of the server behind `settings`, fetched once per page: it
 * does not change while the server runs.
 */
export const fetchAgentPayload: PayloadFetcher = settings => {
  const url = URLExt.join(settings.baseUrl, AGENT_ROUTE);
  let payload = payloads.get(url);
  if (!payload) {
    payload = requestPayload(url, settings);
    payloads.set(url, payload);
    // A failure is not kept: the next kernel asks again.
    payload.catch(() => payloads.delete(url));
  }
  return payload;
};

async function requestPayload(
  url: string,
  settings: ServerConnection.ISettings
): Promise<IAgentPayload> {
  // 'no-cache': revalidated (the server's ETag), and no cache-busting query.
  const response = await ServerConnection.makeRequest(
    url,
    { cache: 'no-cache' },
    settings
  );
  if (!response.ok) {
    throw new Error(`HTTP ${response.status}`);
  }
  const payload = (await response.json()) as IAgentPayload;
  if (
    payload?.protocol !== PROTOCOL_VERSION ||
    typeof payload.code !== 'string'
  ) {
    throw new Error('unexpected answer');
  }
  return payload;
}

/**
 * Fetch the payload and execute it in `kernel`; the bootstrap then finds the
 * delivered package.
 *
 * @throws AgentUnavailableError when the server cannot provide it, or the
 * kernel lacks what the agent needs (`missingModule` names it).
 */
export async function deliverAgent(
  kernel: Kernel.IKernelConnection,
  fetchPayload: PayloadFetcher,
  trans: TranslationBundle,
  timeoutMs: number
): Promise<void> {
  let payload: IAgentPayload;
  try {
    payload = await fetchPayload(kernel.serverSettings);
  } catch (reason) {
    throw new AgentUnavailableError(
      trans.__(
        "This notebook's kernel cannot import jupyterlab_dask_clusters, and JupyterLab's server could not provide it (%1). Install it in the kernel's environment with `pip install jupyterlab-dask-clusters`, then restart the kernel.",
        reason instanceof Error ? reason.message : String(reason)
      )
    );
  }
  await executeConstant(kernel, payload.code, trans, timeoutMs);
}
