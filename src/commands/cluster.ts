/**
 * The commands on the cluster itself: show the panel, start, stop, scale,
 * make adaptive, connect to a scheduler.
 */
import { runIcon, stopIcon } from '@jupyterlab/ui-components';

import { daskClustersIcon } from '../icons';
import { notifyError } from '../requests';
import type { Sizing } from '../tokens';
import { parseCount, parseSchedulerAddress, parseSizing } from '../validation';
import { num, str, type Args, type CommandGroup } from './command';
import { askFields, confirm } from './dialogs';
import { CommandIDs } from './ids';

const SIZE = {
  workers: 'number',
  minimum: 'number',
  maximum: 'number'
} as const;

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

export const addClusterCommands: CommandGroup = (add, options) => {
  const { model, trans } = options;

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
          const held = [
            work.in_memory &&
              trans._n(
                '%1 result in memory',
                '%1 results in memory',
                work.in_memory
              ),
            work.processing &&
              trans._n(
                '%1 task being computed',
                '%1 tasks being computed',
                work.processing
              )
          ].filter(Boolean);
          body = held.length
            ? trans.__(
                'The cluster holds %1. Stopping it drops this work.',
                held.join(trans.__(' and '))
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
};
