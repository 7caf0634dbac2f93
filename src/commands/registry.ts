/**
 * The commands on the current notebook's cluster. Each is enabled only when
 * it can apply (a notebook, a cluster, no request in flight), from the same
 * model the sidebar renders; each group of them is in its feature's file.
 */
import type { CommandRegistry } from '@lumino/commands';

import { addClusterCommands } from './cluster';
import { addCodeCommands } from './code';
import type { ICommand, ICommandsOptions } from './command';
import { addGatewayCommands } from './gateway';
import { addProfileCommands } from './profiles';

export type { ICommandsOptions } from './command';

export function registerCommands(
  commands: CommandRegistry,
  options: ICommandsOptions
): void {
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
  for (const group of [
    addClusterCommands,
    addProfileCommands,
    addGatewayCommands,
    addCodeCommands
  ]) {
    group(add, options);
  }
  options.model.changed.connect(() => commands.notifyCommandChanged());
}
