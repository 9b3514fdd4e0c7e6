// What the netpol subcommands share: loading and analysing the inputs, and reading `--port`.
import type { Command } from 'commander';
import type { Protocol } from '../../../model/endpoint.js';
import { analyzeNetworkPolicies, type NetpolAnalysis } from '../../../netpol/analysis.js';
import { parsePortSpec } from '../../../netpol/ports.js';
import type { CommandContext } from '../../context.js';
import { CliError } from '../../errors.js';

/** Adds the options every netpol subcommand reading manifests takes. */
export function withInputOptions(command: Command): Command {
  return command
    .argument('<paths...>', 'files or folders (walked for .yaml, .yml, .json), or - for standard input')
    .option('-n, --namespace <ns>', 'namespace of objects that name none', 'default');
}

/** Loads the paths and compiles their policies; diagnostics are printed when the command ends. */
export function loadAnalysis(
  ctx: CommandContext,
  paths: unknown,
  options: Record<string, unknown>,
): NetpolAnalysis {
  const loaded = ctx.load(Array.isArray(paths) ? paths.map(String) : [String(paths)]);
  const namespace = typeof options.namespace === 'string' ? options.namespace : 'default';
  const analysis = analyzeNetworkPolicies(loaded.documents, { defaultNamespace: namespace });
  for (const d of analysis.diagnostics) ctx.diagnose(d);
  return analysis;
}

/** Reads `--port N/PROTO`, or throws a usage error. */
export function readPort(value: unknown): { protocol: Protocol; port: number } {
  const parsed = parsePortSpec(String(value));
  if ('error' in parsed)
    throw new CliError(`--port: ${parsed.error}`, { hint: 'e.g. --port 443/TCP or --port 53/UDP' });
  return parsed;
}
