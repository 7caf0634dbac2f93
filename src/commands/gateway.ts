/**
 * The commands on one of the user's clusters on a Dask Gateway: connect to
 * it, shut it down.
 */
import { hasCluster } from '../cluster/status';
import type { Args, CommandGroup } from './command';
import { confirm } from './dialogs';
import { CommandIDs } from './ids';

export const addGatewayCommands: CommandGroup = (add, options) => {
  const { model, trans } = options;
  // A gateway cluster by `site` and `name`: listed in the panel, not in the palette.
  const gatewayCluster = (args: Args) =>
    typeof args.site === 'string' && typeof args.name === 'string'
      ? { site: args.site, name: args.name }
      : null;
  const gatewayFree = () => model.status === 'ready' && !model.busy;
  // Both take the cluster, and show only with it.
  const takes = { site: 'string', name: 'string' } as const;
  const isVisible = (args: Args) => gatewayCluster(args) !== null;

  add(CommandIDs.gatewayConnect, {
    takes,
    label: trans.__('Connect to the Gateway Cluster'),
    caption: trans.__(
      "Make a running gateway cluster this notebook's `cluster` and `client`"
    ),
    isVisible,
    isEnabled: args =>
      isVisible(args) &&
      gatewayFree() &&
      !hasCluster(model.snapshot?.status ?? 'none'),
    execute: async args => {
      const cluster = gatewayCluster(args);
      if (cluster) {
        await model.gateway.connect(cluster.site, cluster.name);
      }
    }
  });

  add(CommandIDs.gatewayShutdown, {
    takes,
    label: trans.__('Shut Down the Gateway Cluster…'),
    caption: trans.__(
      'Stop a cluster on the Dask Gateway, its scheduler and workers (asks first)'
    ),
    isVisible,
    isEnabled: args => isVisible(args) && gatewayFree(),
    execute: async args => {
      const cluster = gatewayCluster(args);
      if (
        cluster &&
        (await confirm({
          title: trans.__('Shut down the gateway cluster?'),
          body: trans.__(
            'The cluster %1 and its workers stop; work running on it is lost.',
            cluster.name
          ),
          accept: trans.__('Shut down'),
          trans
        }))
      ) {
        await model.gateway.shutdown(cluster.site, cluster.name);
      }
    }
  });
};
