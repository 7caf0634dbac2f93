/**
 * What every group of commands is written with: the options of the
 * registration, the `add` of one command and the readers of its arguments.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import type { CommandRegistry } from '@lumino/commands';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import type { IDaskClusters } from '../tokens';

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

export type Args = ReadonlyPartialJSONObject;

/**
 * A command's options, with the types of the arguments it takes (`takes`)
 * in place of its `describedBy`.
 */
export interface ICommand extends CommandRegistry.ICommandOptions {
  takes: { [name: string]: 'string' | 'number' };
}

/**
 * Add the command `id`, its arguments described by their types.
 */
export type AddCommand = (id: string, command: ICommand) => void;

/**
 * A group of commands: adds its commands with `add`.
 */
export type CommandGroup = (add: AddCommand, options: ICommandsOptions) => void;

export const num = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : undefined;

export const str = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;
