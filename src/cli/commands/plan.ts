// `aksguard plan`: placeholder until its issue lands.

import { CliError } from '../errors.js';
import type { CommandRegistration } from '../main.js';

export const registerPlan: CommandRegistration = (program, action) => {
  program
    .command('plan')
    .description(
      'size subnets and IP ranges for each network plugin, and recommend one (not implemented yet)',
    )
    .action(
      action(() => {
        throw new CliError('`aksguard plan` is not implemented yet');
      }),
    );
};
