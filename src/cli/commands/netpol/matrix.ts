// `aksguard netpol matrix PATHS`: who can reach whom, on which ports.
import { Option } from 'commander';
import { computeMatrix, expandMatrix, type Granularity } from '../../../netpol/matrix.js';
import { formatMatrix, MATRIX_FORMATS } from '../../../report/netpol-matrix.js';
import type { CommandRegistration } from '../../main.js';
import { loadAnalysis, readPort, withInputOptions } from './shared.js';

/** Registers `aksguard netpol matrix`. */
export const registerNetpolMatrix: CommandRegistration = (netpol, action) => {
  withInputOptions(
    netpol
      .command('matrix')
      .description(
        'the connectivity matrix: every ordered pair of endpoints and the ports allowed between them',
      ),
  )
    .addOption(
      new Option('--granularity <level>', 'one row per pod, workload or namespace')
        .choices(['pod', 'workload', 'namespace'])
        .default('workload'),
    )
    .option('--port <N/PROTO>', 'answer for one port only, e.g. 443/TCP')
    .addHelpText(
      'after',
      `
Formats (--format): ${MATRIX_FORMATS.join(', ')} (default table).
Examples:
  aksguard netpol matrix examples/contoso
  aksguard netpol matrix examples/contoso --granularity pod --port 5432/TCP --format json`,
    )
    .action(
      action((ctx, [paths], options) => {
        const format = ctx.format(MATRIX_FORMATS, 'table');
        const port = options.port === undefined ? undefined : readPort(options.port);
        const analysis = loadAnalysis(ctx, paths, options);
        const view = expandMatrix(
          computeMatrix(analysis.model, analysis.inventory, analysis.hostPeers),
          options.granularity as Granularity,
        );
        ctx.emit(formatMatrix(view, format, port));
        return 0;
      }),
    );
};
