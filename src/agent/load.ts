/**
 * Readying one kernel for the agent's comm: a Python kernel, with the agent
 * of its environment loaded, or the one the server extension delivers.
 */
import type { Kernel } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';

import { PROTOCOL_VERSION } from '../protocol';
import type { ConnectionStatus } from './types';
import { AgentUnavailableError, canImportAgent, loadAgent } from './bootstrap';
import { deliverAgent, type PayloadFetcher } from './delivery';

/**
 * How long requests other than `start` may take: they return at once in the
 * agent, unless the kernel is busy running a cell.
 */
export const SHORT_REQUEST_TIMEOUT_MS = 30_000;

export interface IReadyOptions {
  trans: TranslationBundle;
  fetchPayload: PayloadFetcher;
  /**
   * Why the kernel's own agent cannot be used (it speaks another protocol
   * version): the agent is delivered even though the kernel has one.
   */
  mismatch?: string;
  /**
   * Whether the attempt still counts: a newer one makes it give up.
   */
  current: () => boolean;
  /**
   * Show the connection's status while the kernel is readied.
   */
  setStatus: (status: ConnectionStatus, message?: string) => void;
}

/**
 * Ready `kernel` for the agent's comm; resolve with whether the agent was
 * delivered, or with null when the attempt gave up (not current any more,
 * or not a Python kernel: its status says so).
 */
export async function readyKernel(
  kernel: Kernel.IKernelConnection,
  options: IReadyOptions
): Promise<{ delivered: boolean } | null> {
  const { trans, mismatch } = options;
  const info = await kernel.info;
  if (!options.current()) {
    return null;
  }
  const language = info.language_info.name;
  if (language.toLowerCase() !== 'python') {
    options.setStatus(
      'unavailable',
      trans.__(
        "Dask clusters need a Python kernel; this notebook's kernel runs %1.",
        language
      )
    );
    return null;
  }
  if (kernel.status === 'busy') {
    // The agent loads when the running cell ends (requests wait their turn).
    options.setStatus(
      'connecting',
      trans.__('The kernel is busy: waiting for the running cell to finish…')
    );
  }
  try {
    const delivered = await loadOrDeliver(kernel, !!mismatch, options);
    return { delivered };
  } catch (reason) {
    // The user needs to hear why the kernel's own agent would not do.
    throw mismatch
      ? new Error(
          trans.__(
            "The kernel's jupyterlab-dask-clusters does not speak protocol %1 (%2), and JupyterLab could not bring its own: install the same version in the kernel's environment as in JupyterLab.",
            PROTOCOL_VERSION,
            mismatch
          )
        )
      : reason;
  }
}

/**
 * Load the agent: the installed one, else (or with `deliver`) the one
 * delivered by the server extension; resolve with whether it was delivered.
 */
async function loadOrDeliver(
  kernel: Kernel.IKernelConnection,
  deliver: boolean,
  options: IReadyOptions
): Promise<boolean> {
  const { trans, fetchPayload } = options;
  const timeoutMs = SHORT_REQUEST_TIMEOUT_MS;
  // A kernel that says it cannot import the package gets it at once.
  if (!deliver && (await canImportAgent(kernel, trans, timeoutMs)) === false) {
    deliver = true;
  }
  if (!deliver) {
    try {
      await loadAgent(kernel, trans, timeoutMs);
      return false;
    } catch (reason) {
      if (!(reason instanceof AgentUnavailableError && reason.lacksAgent)) {
        throw reason;
      }
    }
  }
  await deliverAgent(kernel, fetchPayload, trans, timeoutMs);
  await loadAgent(kernel, trans, timeoutMs);
  return true;
}
