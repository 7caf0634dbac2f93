/**
 * What the panel shows before a kernel's agent is ready: no notebook, an
 * agent that cannot be had, or the greeting still under way.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import type { CommandRegistry } from '@lumino/commands';
import * as React from 'react';

import { ClusterStatus } from '../components/ClusterStatus';
import { EmptyState } from '../components/EmptyState';
import type { IDaskClusters } from '../tokens';

/**
 * JupyterLab's command that opens a new notebook (the empty state's way out).
 */
const NEW_NOTEBOOK = 'notebook:create-new';

export interface IWaitingProps {
  model: IDaskClusters;
  trans: TranslationBundle;
  commands: CommandRegistry;
}

/**
 * The panel's content while the model is not ready; null once it is.
 */
export function Waiting(props: IWaitingProps): JSX.Element | null {
  const { model, trans, commands } = props;
  switch (model.status) {
    case 'no-notebook':
      return (
        <EmptyState
          message={trans.__(
            'Open a notebook to start a Dask cluster in its kernel.'
          )}
          action={
            commands.hasCommand(NEW_NOTEBOOK)
              ? {
                  label: trans.__('New notebook'),
                  onClick: () => void commands.execute(NEW_NOTEBOOK)
                }
              : undefined
          }
        />
      );
    case 'unavailable':
      return (
        <EmptyState
          message={
            model.statusMessage ??
            trans.__('The Dask clusters agent is not available.')
          }
          action={
            model.connection
              ? {
                  label: trans.__('Retry'),
                  onClick: () => model.connection?.reconnect()
                }
              : undefined
          }
        />
      );
    case 'connecting':
      return (
        <>
          <p className="jp-DaskClusters-note" data-testid="dask-connecting">
            {model.connection?.message ??
              trans.__("Connecting to the notebook's kernel…")}
          </p>
          <ClusterStatus snapshot={null} dashboardUrl={null} trans={trans} />
        </>
      );
    case 'ready':
      return null;
  }
}
