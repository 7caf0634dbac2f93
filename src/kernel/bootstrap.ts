/**
 * Loading the agent into a kernel.
 *
 * This is the only code the extension ever executes in a kernel. It is a
 * constant: parameters travel as JSON over the comm, never as Python source.
 */
import type { Kernel } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';

/**
 * Import the agent and register its comm target, leaving no name behind in
 * the user's namespace.
 */
export const BOOTSTRAP_CODE =
  'import jupyterlab_dask_clusters.agent as _jdc_agent; _jdc_agent.load(); del _jdc_agent';

/**
 * Why the agent could not be loaded, in words for the user.
 */
export class AgentUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AgentUnavailableError';
  }
}

/**
 * Run the bootstrap in `kernel`.
 *
 * @throws AgentUnavailableError when the kernel answers with an error.
 */
export async function loadAgent(
  kernel: Kernel.IKernelConnection,
  trans: TranslationBundle,
  timeoutMs: number
): Promise<void> {
  const future = kernel.requestExecute({
    code: BOOTSTRAP_CODE,
    silent: true,
    store_history: false,
    allow_stdin: false,
    // A failing bootstrap must not abort the cells the user queued after it.
    stop_on_error: false
  });
  // A request sent while a kernel restarts can be lost: never wait forever.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new AgentUnavailableError(
          trans.__(
            'The kernel did not answer while loading the Dask clusters agent. Restart the kernel to try again.'
          )
        )
      );
    }, timeoutMs);
  });
  let reply: Awaited<typeof future.done>;
  try {
    reply = await Promise.race([future.done, timedOut]);
  } finally {
    clearTimeout(timer);
  }
  const content = reply.content;
  if (content.status === 'ok') {
    return;
  }
  if (content.status === 'error') {
    if (
      content.ename === 'ModuleNotFoundError' ||
      content.ename === 'ImportError'
    ) {
      throw new AgentUnavailableError(
        trans.__(
          "This notebook's kernel cannot import jupyterlab_dask_clusters. Install it in the kernel's environment with `pip install jupyterlab-dask-clusters`, then restart the kernel."
        )
      );
    }
    throw new AgentUnavailableError(
      trans.__(
        "The Dask clusters agent failed to load in the kernel (%1: %2). Try `pip install jupyterlab-dask-clusters` in the kernel's environment.",
        content.ename,
        content.evalue
      )
    );
  }
  throw new AgentUnavailableError(
    trans.__('The kernel aborted loading the Dask clusters agent. Try again.')
  );
}
