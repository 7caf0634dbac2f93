import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { hasCluster } from '../cluster/status';
import { CommandIDs } from '../commands/ids';
import type { IDaskClusters } from '../tokens';
import { GatewayClustersList } from './ClustersList';
import { GatewayOptionsForm } from './OptionsForm';

/**
 * What a gateway site adds to the panel: the gateway's options form (while
 * no cluster runs) and the user's clusters on the gateway.
 */
export function GatewaySection(props: {
  model: IDaskClusters;
  site: string;
  trans: TranslationBundle;
  /**
   * Run one of the extension's commands (connect and shut down are commands).
   */
  run: (id: string, args: { site: string; name: string }) => void;
}): JSX.Element {
  const { model, site, trans, run } = props;
  const gateway = model.gateway;
  const state = gateway.state(site);
  const kernelHasCluster = hasCluster(model.snapshot?.status ?? 'none');
  return (
    <>
      {!kernelHasCluster && state.options && (
        <GatewayOptionsForm
          // Start the form over when the kernel answers anew.
          key={`${model.notebook?.id}:${site}:${state.options === null}`}
          options={state.options.options}
          values={state.values}
          disabled={model.busy}
          trans={trans}
          onChange={(name, value) => gateway.setValue(site, name, value)}
        />
      )}
      {state.loading && !state.options && (
        <p className="jp-DaskClusters-note">
          {trans.__('Asking the gateway for its options…')}
        </p>
      )}
      {state.error && (
        <p role="alert" className="jp-DaskClusters-error">
          {state.error}
        </p>
      )}
      <GatewayClustersList
        clusters={state.clusters}
        kernelHasCluster={kernelHasCluster}
        busy={state.busy || model.busy}
        trans={trans}
        onReload={() => void gateway.reload(site)}
        onConnect={name => run(CommandIDs.gatewayConnect, { site, name })}
        onShutdown={name => run(CommandIDs.gatewayShutdown, { site, name })}
      />
    </>
  );
}
