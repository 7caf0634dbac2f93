/**
 * The commands on the kernel's AWS profile: apply one, clear it.
 */
import { notifyError } from '../requests';
import { parseEndpoint } from '../validation';
import { str, type CommandGroup } from './command';
import { askFields } from './dialogs';
import { CommandIDs } from './ids';

export const addProfileCommands: CommandGroup = (add, options) => {
  const { model, trans } = options;
  const profilesFree = () => model.status === 'ready' && !model.profiles.busy;

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

  add(CommandIDs.clearProfile, {
    takes: {},
    label: trans.__('Clear AWS Profile'),
    caption: trans.__(
      "Put the kernel's and the workers' AWS variables back as they were"
    ),
    isEnabled: () => profilesFree() && !!model.profiles.active,
    execute: () => model.clearProfile()
  });
};
