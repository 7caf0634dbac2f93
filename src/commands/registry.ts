/**
 * The commands on the current notebook's cluster. Each is enabled only when
 * it can apply (a notebook, a cluster, no request in flight), from the same
 * model the sidebar renders.
 */
import { Notification } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import {
  addBelowIcon,
  copyIcon,
  runIcon,
  stopIcon
} from '@jupyterlab/ui-components';
import type { CommandRegistry } from '@lumino/commands';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import { hasCluster } from '../cluster/status';
import { daskClustersIcon } from '../icons';
import type { ICode } from '../protocol';
import { notifyError } from '../requests';
import type { IDaskClusters, Sizing } from '../tokens';
import {
  parseCount,
  parseEndpoint,
  parseSchedulerAddress,
  parseSizing
} from '../validation';
import { askFields, confirm } from './dialogs';
import { CommandIDs } from './ids';

export interface ICommandsOptions {
  model: IDaskClusters;
  trans: TranslationBundle;
  /**
   * Show and focus the sidebar.
   */
  showPanel: () => void;
  /**
   * Insert `source` as a new code cell below the current notebook's active cell.
   */
  insertCell: (source: string) => void;
  /**
   * Put `text` on the system clipboard.
   */
  copy: (text: string) => void;
}

type Args = ReadonlyPartialJSONObject;

/**
 * A command's options, with the types of the arguments it takes (`takes`)
 * in place of its `describedBy`.
 */
interface ICommand extends CommandRegistry.ICommandOptions {
  takes: { [name: string]: 'string' | 'number' };
}

const SIZE = {
  workers: 'number',
  minimum: 'number',
  maximum: 'number'
} as const;
const FORM = { form: 'string' } as const;

const num = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : undefined;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/**
 * The size given by a command's arguments, if any: `workers`, or `minimum`
 * and `maximum`.
 */
function sizingOf(args: Args): Sizing | undefined {
  const workers = num(args.workers);
  const minimum = num(args.minimum);
  const maximum = num(args.maximum);
  if (workers !== undefined) {
    return { mode: 'fixed', workers };
  }
  if (minimum !== undefined && maximum !== undefined) {
    return { mode: 'adaptive', minimum, maximum };
  }
  return undefined;
}

export function registerCommands(
  commands: CommandRegistry,
  options: ICommandsOptions
): void {
  const { model, trans } = options;
  const add = (id: string, { takes, ...command }: ICommand) => {
    const properties: { [name: string]: { type: string } } = {};
    for (const [name, type] of Object.entries(takes)) {
      properties[name] = { type };
    }
    commands.addCommand(id, {
      describedBy: { args: { type: 'object', properties } },
      ...command
    });
  };
  const ready = () => model.status === 'ready';
  const hasRunningCluster = () =>
    ready() && !model.busy && model.snapshot?.status === 'running';
  const profilesFree = () => ready() && !model.profiles.busy;

  /**
   * The running cluster's code from the kernel, or null (notified).
   */
  const fetchCode = async (): Promise<ICode | null> => {
    try {
      if (!model.connection) {
        throw new Error(trans.__('Open a notebook first.'));
      }
      return await model.connection.request('code', {});
    } catch (reason) {
      notifyError(
        trans.__(
          'Could not get the code of the Dask cluster: %1',
          reason instanceof Error ? reason.message : String(reason)
        )
      );
      return null;
    }
  };

  add(CommandIDs.showPanel, {
    takes: {},
    label: trans.__('Show Dask Clusters Panel'),
    caption: trans.__("The Dask cluster of the current notebook's kernel"),
    icon: daskClustersIcon,
    execute: () => options.showPanel()
  });

  add(CommandIDs.start, {
    takes: { site: 'string', ...SIZE },
    label: trans.__('Start Dask Cluster'),
    caption: trans.__(
      "Start a Dask cluster in the notebook's kernel, on the panel's site and size"
    ),
    icon: runIcon,
    isEnabled: () => model.actions.start,
    execute: async args => {
      const site = str(args.site) ?? model.selectedSite;
      let sizing = sizingOf(args);
      if (!sizing && model.sizingForm) {
        // What the panel's form holds, checked as its Start button checks it.
        const parsed = parseSizing(model.sizingForm, trans);
        if (!parsed.ok) {
          notifyError(parsed.message);
          return;
        }
        sizing = parsed.value;
      }
      if (site) {
        await model.start(site, sizing);
      }
    }
  });

  add(CommandIDs.stop, {
    takes: {},
    label: trans.__('Stop Dask Cluster'),
    caption: trans.__(
      'Close the client and the cluster; asks first when it holds work'
    ),
    icon: stopIcon,
    isEnabled: () => model.actions.stop,
    execute: async () => {
      if (model.snapshot?.status === 'running' && model.connection) {
        let body: string | null;
        try {
          const work = await model.connection.request('work', {});
          body =
            work.in_memory || work.processing
              ? trans.__(
                  'The cluster holds %1 results in memory and is computing %2 tasks. Stopping it drops them.',
                  work.in_memory,
                  work.processing
                )
              : null;
        } catch {
          body = trans.__(
            'The cluster did not say what work it holds. Stopping it drops any.'
          );
        }
        const go =
          body === null ||
          (await confirm({
            title: trans.__('Stop the Dask cluster?'),
            body,
            accept: trans.__('Stop'),
            trans
          }));
        if (!go) {
          return;
        }
      }
      await model.stop();
    }
  });

  add(CommandIDs.scale, {
    takes: { workers: 'number' },
    label: trans.__('Scale Dask Cluster…'),
    caption: trans.__('A fixed number of workers (adaptivity off)'),
    isEnabled: () => model.actions.scale,
    execute: async args => {
      const field = trans.__('Workers');
      const workers =
        num(args.workers) ??
        (await askFields({
          title: trans.__('Scale the Dask cluster'),
          accept: trans.__('Scale'),
          fields: [
            {
              label: field,
              value: String(model.snapshot?.workers.requested ?? 0)
            }
          ],
          parse: ([text]) => parseCount(text, field, trans),
          trans
        }));
      if (workers !== null) {
        await model.scale(workers);
      }
    }
  });

  add(CommandIDs.adapt, {
    takes: { minimum: 'number', maximum: 'number' },
    label: trans.__('Make Dask Cluster Adaptive…'),
    caption: trans.__('Let the cluster size itself between two bounds'),
    isEnabled: () => model.actions.adapt,
    execute: async args => {
      const given = sizingOf(args);
      const defaults = model.sizingDefaults;
      const sizing =
        given ??
        (await askFields({
          title: trans.__('Make the Dask cluster adaptive'),
          accept: trans.__('Adapt'),
          fields: [
            {
              label: trans.__('Minimum workers'),
              value: String(defaults.minimum)
            },
            {
              label: trans.__('Maximum workers'),
              value: String(defaults.maximum)
            }
          ],
          parse: ([minimum, maximum]) =>
            parseSizing(
              { mode: 'adaptive', workers: '', minimum, maximum },
              trans
            ),
          trans
        }));
      if (sizing?.mode === 'adaptive') {
        await model.adapt(sizing.minimum, sizing.maximum);
      }
    }
  });

  add(CommandIDs.applyProfile, {
    takes: { name: 'string', endpoint: 'string' },
    label: trans.__('Apply AWS Profile…'),
    caption: trans.__(
      "Put an AWS profile's keys into the kernel and its cluster's workers"
    ),
    isEnabled: profilesFree,
    execute: async args => {
      if (typeof args.name === 'string') {
        return model.useProfile(args.name, str(args.endpoint));
      }
      if (!model.profiles.list.length) {
        await model.reloadProfiles();
      }
      const names = model.profiles.list.map(p => p.name);
      if (!names.length) {
        notifyError(
          model.profiles.error ?? trans.__('The kernel lists no AWS profile.')
        );
        return;
      }
      const chosen = await askFields({
        title: trans.__('Apply an AWS profile'),
        accept: trans.__('Apply'),
        fields: [
          {
            label: trans.__('AWS profile'),
            value: model.profiles.active?.name ?? names[0],
            choices: names
          },
          { label: trans.__('S3 endpoint (optional)'), value: '' }
        ],
        parse: ([name, endpoint]) => {
          const parsed = parseEndpoint(endpoint, trans);
          return parsed.ok
            ? { ok: true, value: { name, endpoint: parsed.value } }
            : parsed;
        },
        trans
      });
      if (chosen) {
        await model.useProfile(chosen.name, chosen.endpoint);
      }
    }
  });

  add(CommandIDs.connectScheduler, {
    takes: { address: 'string' },
    label: trans.__('Connect to a Dask Scheduler…'),
    caption: trans.__(
      "Bind the notebook's `client` to a running scheduler (tcp:// or tls://)"
    ),
    icon: daskClustersIcon,
    isEnabled: () => model.canConnect,
    execute: async args => {
      const address =
        str(args.address) ??
        (await askFields({
          title: trans.__('Connect to a Dask scheduler'),
          accept: trans.__('Connect'),
          fields: [{ label: trans.__('Scheduler address'), value: '' }],
          parse: ([text]) => parseSchedulerAddress(text, trans),
          trans
        }));
      if (address !== null) {
        await model.connectScheduler(address);
      }
    }
  });

  // A gateway cluster by `site` and `name`: listed in the panel, not in the palette.
  const gatewayCluster = (args: Args) =>
    typeof args.site === 'string' && typeof args.name === 'string'
      ? { site: args.site, name: args.name }
      : null;
  const gatewayFree = () => model.status === 'ready' && !model.busy;

  add(CommandIDs.gatewayConnect, {
    takes: { site: 'string', name: 'string' },
    label: trans.__('Connect to the Gateway Cluster'),
    caption: trans.__(
      "Make a running gateway cluster this notebook's `cluster` and `client`"
    ),
    isVisible: args => gatewayCluster(args) !== null,
    isEnabled: args =>
      gatewayCluster(args) !== null &&
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
    takes: { site: 'string', name: 'string' },
    label: trans.__('Shut Down the Gateway Cluster…'),
    caption: trans.__(
      'Stop a cluster on the Dask Gateway, its scheduler and workers (asks first)'
    ),
    isVisible: args => gatewayCluster(args) !== null,
    isEnabled: args => gatewayCluster(args) !== null && gatewayFree(),
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

  add(CommandIDs.clearProfile, {
    takes: {},
    label: trans.__('Clear AWS Profile'),
    caption: trans.__(
      "Put the kernel's and the workers' AWS variables back as they were"
    ),
    isEnabled: () => profilesFree() && !!model.profiles.active,
    execute: () => model.clearProfile()
  });

  add(CommandIDs.copyCode, {
    takes: FORM,
    label: trans.__('Copy Reproducible Dask Code'),
    caption: trans.__(
      'Plain Python that starts the same cluster without this extension'
    ),
    icon: copyIcon,
    isEnabled: hasRunningCluster,
    execute: async args => {
      const code = await fetchCode();
      if (code) {
        options.copy(args.form === 'magic' ? code.magic : code.python);
        Notification.success(trans.__('Copied the Dask cluster code.'), {
          autoClose: 3000
        });
      }
    }
  });

  add(CommandIDs.insertCode, {
    takes: FORM,
    label: trans.__('Insert Dask Cluster Cell Below'),
    caption: trans.__(
      'A cell that starts the same cluster, in JupyterLab and headless'
    ),
    icon: addBelowIcon,
    isEnabled: hasRunningCluster,
    execute: async args => {
      const code = await fetchCode();
      if (code) {
        options.insertCell(args.form === 'python' ? code.python : code.magic);
      }
    }
  });

  model.changed.connect(() => commands.notifyCommandChanged());
}
