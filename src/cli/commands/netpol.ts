// `aksguard netpol`: placeholder until its issue lands.

import { CliError } from '../errors.js';
import type { CommandRegistration } from '../main.js';

export const registerNetpol: CommandRegistration = (program, action) => {
  program
    .command('netpol')
    .description('network-policy analysis: matrix, check, lint, diff (not implemented yet)')
    .action(
      action(() => {
        throw new CliError('`aksguard netpol` is not implemented yet');
      }),
    );
};
