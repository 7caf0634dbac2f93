import * as React from 'react';

import { FormButton } from './controls';

export interface IEmptyStateProps {
  /**
   * Why there is nothing to show, and what to do about it.
   */
  message: string;
  /**
   * An optional way out, e.g. a new notebook, retrying a connection.
   */
  action?: { label: string; onClick: () => void };
}

/**
 * A message in place of the panel's content.
 */
export function EmptyState(props: IEmptyStateProps): JSX.Element {
  const { message, action } = props;
  return (
    <div className="jp-DaskClusters-empty">
      <p className="jp-DaskClusters-emptyMessage">{message}</p>
      {action && (
        <FormButton className="jp-mod-accept" onClick={action.onClick}>
          {action.label}
        </FormButton>
      )}
    </div>
  );
}
