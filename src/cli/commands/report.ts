// `aksguard report`: placeholder until its issue lands.

import { CliError } from '../errors.js';
import type { CommandRegistration } from '../main.js';

export const registerReport: CommandRegistration = (program, action) => {
  program
    .command('report')
    .description('write one self-contained HTML report (not implemented yet)')
    .action(
      action(() => {
        throw new CliError('`aksguard report` is not implemented yet');
      }),
    );
};
