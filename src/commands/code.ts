/**
 * The commands that export the running cluster as code: copy it, insert it
 * as a cell below.
 */
import { Notification } from '@jupyterlab/apputils';
import { addBelowIcon, copyIcon } from '@jupyterlab/ui-components';

import type { ICode } from '../protocol';
import { notifyError } from '../requests';
import type { CommandGroup } from './command';
import { CommandIDs } from './ids';

const FORM = { form: 'string' } as const;

export const addCodeCommands: CommandGroup = (add, options) => {
  const { model, trans } = options;
  const hasRunningCluster = () =>
    model.status === 'ready' &&
    !model.busy &&
    model.snapshot?.status === 'running';

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
};
