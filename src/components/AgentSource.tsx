import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type { IHello } from '../protocol';

/**
 * A quiet line saying which agent the kernel runs: installed in its
 * environment, or delivered by JupyterLab, and its version.
 */
export function AgentSource(props: {
  hello: IHello;
  trans: TranslationBundle;
}): JSX.Element {
  const { hello, trans } = props;
  return (
    <p className="jp-DaskClusters-agent" data-testid="dask-clusters-agent">
      {hello.agent_source === 'delivered'
        ? trans.__(
            'Agent %1, delivered by JupyterLab (not installed in the kernel)',
            hello.agent_version
          )
        : trans.__('Agent %1, installed in the kernel', hello.agent_version)}
    </p>
  );
}
