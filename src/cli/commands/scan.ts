// `aksguard scan`: placeholder until its issue lands.

import { CliError } from '../errors.js';
import type { CommandRegistration } from '../main.js';

export const registerScan: CommandRegistration = (program, action) => {
  program
    .command('scan')
    .description('run everything on a folder and summarise (not implemented yet)')
    .action(
      action(() => {
        throw new CliError('`aksguard scan` is not implemented yet');
      }),
    );
};
