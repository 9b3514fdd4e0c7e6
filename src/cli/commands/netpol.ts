// `aksguard netpol`: the network-policy commands. Each subcommand is its own module under ./netpol/.
import type { CommandRegistration } from '../main.js';
import { registerNetpolCheck } from './netpol/check.js';
import { registerNetpolDiff } from './netpol/diff.js';
import { registerNetpolLint } from './netpol/lint.js';
import { registerNetpolMatrix } from './netpol/matrix.js';

/** The subcommands, in the order `aksguard netpol --help` lists them. */
const SUBCOMMANDS: readonly CommandRegistration[] = [
  registerNetpolMatrix,
  registerNetpolCheck,
  registerNetpolDiff,
  registerNetpolLint,
];

/** Registers `aksguard netpol` and its subcommands. */
export const registerNetpol: CommandRegistration = (program, action) => {
  const netpol = program
    .command('netpol')
    .description('network-policy analysis: who can reach whom, and why')
    .helpOption('-h, --help', 'show help');
  for (const register of SUBCOMMANDS) register(netpol, action);
};
