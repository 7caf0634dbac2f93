/**
 * The greeting: `hello` with the user's settings, and the check that the
 * agent answering speaks this frontend's protocol version.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import { PROTOCOL_VERSION, type IGreeting, type IHello } from '../protocol';
import type { IRequestArgs } from '../protocol';
import { AgentError, type AgentClient } from './client';
import { SHORT_REQUEST_TIMEOUT_MS } from './load';

/**
 * Greet the agent behind `client` with `greeting` (and the kernelspec's
 * `kernelName`, if any); resolve with its answer, or reject with a
 * `protocol` AgentError when it speaks another version.
 */
export async function greet(
  client: AgentClient,
  greeting: IGreeting,
  kernelName: string | undefined,
  trans: TranslationBundle
): Promise<IHello> {
  const args: IRequestArgs['hello'] = {
    ...greeting,
    protocol: PROTOCOL_VERSION
  };
  // The kernelspec's name, as data: a gateway site may use its conda environment.
  if (kernelName) {
    args.kernel_name = kernelName;
  }
  const hello = await client.request('hello', args, {
    timeoutMs: SHORT_REQUEST_TIMEOUT_MS
  });
  if (hello.protocol !== PROTOCOL_VERSION) {
    throw new AgentError(
      'protocol',
      trans.__(
        "The kernel's jupyterlab-dask-clusters %1 speaks protocol %2, not %3: install the same version in the kernel's environment as in JupyterLab.",
        hello.agent_version,
        hello.protocol,
        PROTOCOL_VERSION
      )
    );
  }
  return hello;
}
