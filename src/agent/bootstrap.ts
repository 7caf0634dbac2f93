/**
 * Loading the agent into a kernel.
 *
 * What the extension executes in a kernel: the probe, the bootstrap and, for
 * kernels lacking the package, the server's loader (delivery.ts). All are
 * constants: parameters travel as JSON over the comm, never as Python source.
 */
import type { Kernel, KernelMessage } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';

/**
 * Import the agent and register its comm target, leaving no name behind in
 * the user's namespace.
 */
export const BOOTSTRAP_CODE =
  'import jupyterlab_dask_clusters.agent as _jdc_agent; _jdc_agent.load(); del _jdc_agent';

/**
 * The Python package of the agent.
 */
export const AGENT_PACKAGE = 'jupyterlab_dask_clusters';

/**
 * Whether the kernel can import the package, asked as a user expression of
 * an empty execution: a kernel lacking it answers at once, where a failing
 * bootstrap would make it format a traceback (about 150 ms).
 */
export const PROBE_EXPRESSION =
  "__import__('importlib.util').util.find_spec('jupyterlab_dask_clusters') is not None";

/**
 * Why the agent could not be loaded, in words for the user.
 */
export class AgentUnavailableError extends Error {
  constructor(
    message: string,
    /**
     * The module the kernel could not import, if that is why.
     */
    readonly missingModule: string | null = null
  ) {
    super(message);
    this.name = 'AgentUnavailableError';
  }

  /**
   * Whether the kernel lacks the agent's package itself (it can be
   * delivered), rather than something the agent needs.
   */
  get lacksAgent(): boolean {
    return isAgentModule(this.missingModule);
  }
}

/**
 * The kernel cannot import the package, and it cannot be delivered.
 */
export function notInstalled(
  trans: TranslationBundle,
  missing: string | null = AGENT_PACKAGE
): AgentUnavailableError {
  return new AgentUnavailableError(
    trans.__(
      "This notebook's kernel cannot import jupyterlab_dask_clusters. Install it in the kernel's environment with `pip install jupyterlab-dask-clusters`, then restart the kernel."
    ),
    missing
  );
}

/**
 * Loading or installing the agent raised `name: detail` in the kernel.
 */
export function failedToLoad(
  trans: TranslationBundle,
  name: string,
  detail: string
): AgentUnavailableError {
  return new AgentUnavailableError(
    trans.__(
      "The Dask clusters agent failed to load in the kernel (%1: %2). Try `pip install jupyterlab-dask-clusters` in the kernel's environment.",
      name,
      detail
    )
  );
}

/**
 * The kernel is older than the agent supports: the agent's message (see
 * `supported.py`) reads `needs NAME>=MINIMUM; this kernel has VERSION`.
 */
export function tooOld(
  trans: TranslationBundle,
  evalue: string
): AgentUnavailableError {
  const found = /^needs (\S+)>=(\S+); this kernel has (\S+)$/.exec(evalue);
  if (!found) {
    return failedToLoad(trans, 'UnsupportedKernelError', evalue);
  }
  const [, name, minimum, has] = found;
  return new AgentUnavailableError(
    name === 'Python'
      ? trans.__(
          "Dask clusters need Python %1 or newer in the notebook's kernel, which runs Python %2. Choose a kernel with a newer Python.",
          minimum,
          has
        )
      : trans.__(
          "Dask clusters need %1 %2 or newer in the notebook's kernel, which has %3. Upgrade it in the kernel's environment (`pip install '%1>=%2'` or `conda install -c conda-forge '%1>=%2'`), then restart the kernel.",
          name,
          minimum,
          has
        )
  );
}

function isAgentModule(name: string | null): boolean {
  return name === AGENT_PACKAGE || !!name?.startsWith(`${AGENT_PACKAGE}.`);
}

/**
 * Run constant `code` in `kernel`, silently: the user sees nothing of it, in
 * the notebook or its history.
 *
 * @throws AgentUnavailableError when the kernel answers with an error.
 */
export async function executeConstant(
  kernel: Kernel.IKernelConnection,
  code: string,
  trans: TranslationBundle,
  timeoutMs: number,
  userExpressions: { [name: string]: string } = {}
): Promise<KernelMessage.IExecuteReplyMsg['content']> {
  const future = kernel.requestExecute({
    code,
    silent: true,
    store_history: false,
    user_expressions: userExpressions,
    allow_stdin: false,
    // A failing bootstrap must not abort the cells the user queued after it.
    stop_on_error: false
  });
  // A request sent while a kernel restarts can be lost: never wait forever.
  // A kernel running a cell is busy, not broken: the request waits its turn.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    const arm = () => {
      timer = setTimeout(() => {
        if (kernel.status === 'busy') {
          arm();
          return;
        }
        reject(
          new AgentUnavailableError(
            trans.__(
              'The kernel did not answer while loading the Dask clusters agent. Restart the kernel to try again.'
            )
          )
        );
      }, timeoutMs);
    };
    arm();
  });
  let reply: Awaited<typeof future.done>;
  try {
    reply = await Promise.race([future.done, timedOut]);
  } finally {
    clearTimeout(timer);
  }
  const content = reply.content;
  if (content.status === 'ok') {
    return content;
  }
  if (content.status === 'error') {
    if (content.ename === 'UnsupportedKernelError') {
      throw tooOld(trans, content.evalue);
    }
    const missing =
      content.ename === 'ModuleNotFoundError'
        ? (/^No module named '([^']+)'/.exec(content.evalue)?.[1] ?? null)
        : null;
    if (missing && !isAgentModule(missing)) {
      const top = missing.split('.')[0];
      throw new AgentUnavailableError(
        trans.__(
          "Dask clusters need the Python module %1, which this notebook's kernel cannot import. Install it in the kernel's environment (`pip install %1` or `conda install -c conda-forge %1`), then restart the kernel.",
          top
        ),
        top
      );
    }
    if (missing || content.ename === 'ImportError') {
      throw notInstalled(trans, missing);
    }
    throw failedToLoad(trans, content.ename, content.evalue);
  }
  throw new AgentUnavailableError(
    trans.__('The kernel aborted loading the Dask clusters agent. Try again.')
  );
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
  await executeConstant(kernel, BOOTSTRAP_CODE, trans, timeoutMs);
}

/**
 * Whether the kernel can import the package: true, false, or null when it
 * did not say (the bootstrap will tell).
 */
export async function canImportAgent(
  kernel: Kernel.IKernelConnection,
  trans: TranslationBundle,
  timeoutMs: number
): Promise<boolean | null> {
  const content = await executeConstant(kernel, '', trans, timeoutMs, {
    installed: PROBE_EXPRESSION
  });
  const answer = (content as KernelMessage.IExecuteReply).user_expressions
    ?.installed as { status?: string; data?: { 'text/plain'?: string } };
  if (answer?.status !== 'ok') {
    return null;
  }
  const text = answer.data?.['text/plain'];
  return text === 'True' ? true : text === 'False' ? false : null;
}
