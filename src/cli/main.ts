// argv → command → exit code. Every failure ends as `aksguard: error: …` and exit 2, never a stack trace.
import { Command, CommanderError, Option } from 'commander';
import { type Diagnostic, sortDiagnostics } from '../model/diagnostic.js';
import { formatSourceRef } from '../model/source.js';
import { VERSION } from '../version.js';
import { COMMANDS } from './commands/index.js';
import { type CommandContext, createContext, type GlobalOptions } from './context.js';
import { CliError } from './errors.js';
import type { CliIO } from './io.js';

/** Exit codes, as the design fixes them. */
export const EXIT = { ok: 0, findings: 1, error: 2 } as const;

/**
 * A command's body: gets the context, its positional arguments (as commander parsed them) and its own
 * options, and returns its exit code.
 */
export type CommandHandler = (
  ctx: CommandContext,
  args: unknown[],
  options: Record<string, unknown>,
) => number | Promise<number>;

/** Turns a handler into a commander action that builds the context and records the exit code. */
export type ActionFactory = (handler: CommandHandler) => (...args: unknown[]) => Promise<void>;

/** Registers one command on the program, wrapping each action with `action`. */
export type CommandRegistration = (program: Command, action: ActionFactory) => void;

/** Runs the CLI and returns the exit code. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode: number = EXIT.ok;
  const diagnostics: Diagnostic[] = [];
  let debug = argv.includes('--debug');
  const program = new Command('aksguard');
  program
    .description(
      'AKS network and security best practices as a tool: plan the network, audit cluster definitions and manifests, and prove who can talk to whom under network policies.',
    )
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addOption(new Option('-f, --format <format>', 'output format (each command lists its own)'))
    .addOption(new Option('-o, --output <file>', 'write the result to a file instead of standard output'))
    .addOption(new Option('--force', 'allow -o to replace an existing file').default(false))
    .addOption(
      new Option(
        '--config <file>',
        'aksguard.yaml to apply (default: aksguard.yaml in the working directory)',
      ),
    )
    .addOption(new Option('--no-color', 'no colour (also when NO_COLOR is set or output is not a terminal)'))
    .addOption(new Option('-q, --quiet', 'print only the result, no progress or warnings').default(false))
    .addOption(new Option('--debug', 'show stack traces for internal errors').default(false))
    .addOption(
      new Option('--max-file-size <bytes>', 'largest input file read').argParser((value) =>
        parseByteSize(value),
      ),
    )
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput(commanderOutput(io))
    .addHelpText(
      'after',
      `
Examples:
  aksguard scan examples/contoso                 everything on a folder, with a summary
  aksguard plan examples/contoso/plan.yaml       subnet sizing per network plugin
  aksguard audit examples/contoso --fail-on high audit a cluster definition and manifests
  aksguard netpol matrix examples/contoso        who can reach whom

Exit codes: 0 ok, 1 findings at or above --fail-on (or new exposure), 2 usage or input error.`,
    );

  const action: ActionFactory =
    (handler) =>
    async (...args: unknown[]): Promise<void> => {
      const command = args.at(-1) as Command;
      const globals = toGlobals(command.optsWithGlobals());
      debug = globals.debug;
      const ctx = createContext(io, globals, diagnostics);
      exitCode = await handler(ctx, args.slice(0, command.registeredArguments.length), command.opts());
    };
  for (const register of COMMANDS) register(program, action);
  for (const sub of program.commands) configureSubcommand(sub, io);

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      ) {
        return EXIT.ok;
      }
      return EXIT.error;
    }
    if (error instanceof CliError) {
      printDiagnostics(io, diagnostics);
      const where = error.options.source ? ` (${formatSourceRef(error.options.source)})` : '';
      io.stderr(`aksguard: error: ${error.message}${where}\n`);
      if (error.options.hint) io.stderr(`  hint: ${error.options.hint}\n`);
      return EXIT.error;
    }
    printDiagnostics(io, diagnostics);
    io.stderr(`aksguard: error: internal error: ${(error as Error).message}\n`);
    io.stderr(
      debug ? `${(error as Error).stack}\n` : '  hint: run again with --debug for details, and report it\n',
    );
    return EXIT.error;
  }
  const hadErrors = printDiagnostics(io, diagnostics, quietRequested(argv));
  return hadErrors ? EXIT.error : exitCode;
}

function configureSubcommand(command: Command, io: CliIO): void {
  command.exitOverride();
  command.configureOutput(commanderOutput(io));
  command.showHelpAfterError('(run with --help for usage)');
  for (const sub of command.commands) configureSubcommand(sub, io);
}

/** Routes commander's output through the injected IO, with usage errors in aksguard's own `aksguard: error:` form. */
function commanderOutput(io: CliIO) {
  return {
    writeOut: (text: string) => io.stdout(text),
    writeErr: (text: string) => io.stderr(text),
    outputError: (text: string, write: (text: string) => void) => write(`aksguard: ${text}`),
  };
}

function quietRequested(argv: readonly string[]): boolean {
  return argv.includes('--quiet') || argv.includes('-q');
}

/** Prints diagnostics (warnings only without --quiet); returns whether any was an error. */
function printDiagnostics(io: CliIO, diagnostics: readonly Diagnostic[], quiet = false): boolean {
  let errors = false;
  for (const d of sortDiagnostics(diagnostics)) {
    if (d.severity === 'error') errors = true;
    else if (quiet) continue;
    const where = d.source ? ` (${formatSourceRef(d.source)})` : '';
    io.stderr(`aksguard: ${d.severity}: ${d.message}${where}\n`);
    if (d.hint) io.stderr(`  hint: ${d.hint}\n`);
  }
  return errors;
}

function toGlobals(opts: Record<string, unknown>): GlobalOptions {
  return {
    force: opts.force === true,
    color: opts.color !== false,
    quiet: opts.quiet === true,
    debug: opts.debug === true,
    ...(typeof opts.format === 'string' ? { format: opts.format } : {}),
    ...(typeof opts.output === 'string' ? { output: opts.output } : {}),
    ...(typeof opts.config === 'string' ? { config: opts.config } : {}),
    ...(typeof opts.maxFileSize === 'number' ? { maxFileSize: opts.maxFileSize } : {}),
  };
}

/** Parses `1048576`, `512k`, `20M`, `1G` (binary units). */
export function parseByteSize(value: string): number {
  const match = /^(\d+)\s*([kmg]i?b?)?$/i.exec(value.trim());
  if (!match) throw new CliError(`invalid size "${value}"`, { hint: 'use bytes or a unit: 512k, 20M, 1G' });
  const units: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
  const unit = match[2]?.[0]?.toLowerCase();
  return Number(match[1]) * (unit ? (units[unit] ?? 1) : 1);
}
