import type { TranslationBundle } from '@jupyterlab/translation';
import { addBelowIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

import { FormButton } from './controls';

/**
 * How to use the running cluster from code, in one line: the names it has in
 * the kernel, and a button that inserts a cell starting the same cluster.
 */
export function UsageNote(props: {
  trans: TranslationBundle;
  /**
   * The insert-cell command's (`dask-clusters:insert-code`) state and action.
   */
  canInsert: boolean;
  onInsert: () => void;
}): JSX.Element {
  const { trans } = props;
  // The translated sentence, with the two names set as code where it puts them.
  const names: { [mark: string]: string } = { '%1': 'client', '%2': 'cluster' };
  const sentence = trans
    .__('In the kernel: %1 and %2.', '%1', '%2')
    .split(/(%[12])/)
    .map((part, i) =>
      names[part] ? <code key={i}>{names[part]}</code> : part
    );
  return (
    <div className="jp-DaskClusters-usage" data-testid="dask-usage">
      <p>{sentence}</p>
      <FormButton
        className="jp-DaskClusters-neutral"
        title={trans.__(
          'Insert a cell below that starts the same cluster, in JupyterLab and headless'
        )}
        disabled={!props.canInsert}
        onClick={props.onInsert}
      >
        <addBelowIcon.react tag="span" />
        {trans.__('Insert cell')}
      </FormButton>
    </div>
  );
}
