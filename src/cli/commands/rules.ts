// `aksguard rules`: placeholder until its issue lands.

import { CliError } from '../errors.js';
import type { CommandRegistration } from '../main.js';

export const registerRules: CommandRegistration = (program, action) => {
  program
    .command('rules')
    .description('list the audit rules, or print the documentation of one rule (not implemented yet)')
    .action(
      action(() => {
        throw new CliError('`aksguard rules` is not implemented yet');
      }),
    );
};
