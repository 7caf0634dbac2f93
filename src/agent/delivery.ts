/**
 * Delivering the agent to a kernel whose environment lacks the package (or
 * holds a copy speaking another protocol version), from this extension's
 * Jupyter server extension: a constant loader, executed as is, registers a
 * comm target; the package's kernel-side modules (a zip) follow over it as
 * data, and the loader installs them only if they are the archive it was
 * written for (its SHA-256).
 *
 * What runs in the kernel is the server's constant for this protocol version
 * (the same bytes for every user and request); nothing of the user's is in it.
 */
import type { Kernel } from '@jupyterlab/services';
import { ServerConnection } from '@jupyterlab/services';
import { URLExt } from '@jupyterlab/coreutils';
import type { TranslationBundle } from '@jupyterlab/translation';

import { PROTOCOL_VERSION } from '../protocol';
import { executeConstant, failedToLoad, notInstalled } from './bootstrap';

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
   * The comm target the loader registers.
   */
  target: string;
  /**
   * Python source to execute: it registers `target`.
   */
  loader: string;
  /**
   * The zip of the kernel-side modules, base64.
   */
  archive: string;
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
    ![payload.target, payload.loader, payload.archive].every(
      value => typeof value === 'string'
    )
  ) {
    throw new Error('unexpected answer');
  }
  return payload;
}

/**
 * Fetch the payload and execute it in `kernel`; the bootstrap then finds the
 * delivered package.
 *
 * @throws AgentUnavailableError when the server cannot provide it, the kernel
 * lacks what the agent needs (`missingModule` names it) or refuses it.
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
    // For whoever runs the server, e.g. an extension that is not enabled.
    console.warn('jupyterlab-dask-clusters: no agent from the server:', reason);
    throw notInstalled(trans);
  }
  await executeConstant(kernel, payload.loader, trans, timeoutMs);
  const result = await sendArchive(kernel, payload, timeoutMs);
  if (result?.ok !== true) {
    throw failedToLoad(trans, 'delivery', result?.error ?? 'no answer');
  }
}

/**
 * Open a comm to the loader's target with the archive; resolve with the data
 * the kernel closes it with (`{ok, error}`), or null on a timeout.
 */
function sendArchive(
  kernel: Kernel.IKernelConnection,
  payload: IAgentPayload,
  timeoutMs: number
): Promise<{ ok?: boolean; error?: string } | null> {
  return new Promise(resolve => {
    const comm = kernel.createComm(payload.target);
    const timer = setTimeout(() => resolve(null), timeoutMs);
    comm.onClose = msg => {
      clearTimeout(timer);
      resolve(msg.content.data as { ok?: boolean; error?: string });
    };
    try {
      comm.open({ archive: payload.archive });
    } catch {
      clearTimeout(timer);
      resolve(null); // the kernel is gone
    }
  });
}
