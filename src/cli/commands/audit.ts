// `aksguard audit`: placeholder until its issue lands.

import { CliError } from '../errors.js';
import type { CommandRegistration } from '../main.js';

export const registerAudit: CommandRegistration = (program, action) => {
  program
    .command('audit')
    .description(
      'audit a cluster definition and manifests against the AKS best practices (not implemented yet)',
    )
    .action(
      action(() => {
        throw new CliError('`aksguard audit` is not implemented yet');
      }),
    );
};
