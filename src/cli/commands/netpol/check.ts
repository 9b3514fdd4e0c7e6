// `aksguard netpol check PATHS --from ID --to ID --port N/PROTO`: one verdict, explained.
import { checkConnection, resolvePeer } from '../../../netpol/check.js';
import { CHECK_FORMATS, formatCheck } from '../../../report/netpol-check.js';
import { CliError } from '../../errors.js';
import type { CommandRegistration } from '../../main.js';
import { loadAnalysis, readPort, withInputOptions } from './shared.js';

/** Registers `aksguard netpol check`. */
export const registerNetpolCheck: CommandRegistration = (netpol, action) => {
  withInputOptions(
    netpol
      .command('check')
      .description('whether one connection is allowed, with the policies and rules that decide it'),
  )
    .requiredOption('--from <id>', 'source: pod ns/name, workload ns/Kind/name, IP address, or fqdn:NAME')
    .requiredOption('--to <id>', 'destination: pod ns/name, workload ns/Kind/name, IP address, or fqdn:NAME')
    .requiredOption('--port <N/PROTO>', 'destination port, e.g. 5432/TCP')
    .addHelpText(
      'after',
      `
Formats (--format): ${CHECK_FORMATS.join(', ')} (default text).
Example:
  aksguard netpol check examples/contoso --from contoso-web/Deployment/frontend --to contoso-api/Deployment/api --port 8080/TCP`,
    )
    .action(
      action((ctx, [paths], options) => {
        const format = ctx.format(CHECK_FORMATS, 'text');
        const { protocol, port } = readPort(options.port);
        const analysis = loadAnalysis(ctx, paths, options);
        const resolve = (flag: string, id: unknown) => {
          const resolved = resolvePeer(String(id), analysis.inventory, analysis.hostPeers);
          if ('error' in resolved)
            throw new CliError(`${flag}: ${resolved.error}`, {
              hint: 'ids: ns/name, ns/Kind/name, an IP address, or fqdn:NAME',
            });
          return resolved;
        };
        const result = checkConnection(
          analysis.model,
          resolve('--from', options.from),
          resolve('--to', options.to),
          protocol,
          port,
        );
        ctx.emit(formatCheck(result, format));
        return 0;
      }),
    );
};
