import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type { IHello } from '../protocol';

/**
 * A quiet line saying where the kernel's helper (the agent) comes from, in
 * plain words: installed in the kernel's environment, or brought by
 * JupyterLab to a kernel without it; its version in the tooltip.
 */
export function AgentSource(props: {
  hello: IHello;
  trans: TranslationBundle;
}): JSX.Element {
  const { hello, trans } = props;
  return (
    <p
      className="jp-DaskClusters-agent"
      data-testid="dask-clusters-agent"
      data-source={hello.agent_source}
      title={trans.__('jupyterlab-dask-clusters %1', hello.agent_version)}
    >
      {hello.agent_source === 'delivered'
        ? trans.__('Kernel helper brought by JupyterLab')
        : trans.__('Kernel helper installed')}
    </p>
  );
}
