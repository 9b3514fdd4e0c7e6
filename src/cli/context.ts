// What every command gets: parsed global options, input loading with diagnostics, and output writing.
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readConfig } from '../load/config.js';
import { type LoadedInputs, readInputs } from '../load/read.js';
import type { AksguardConfig } from '../model/config.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { colorWanted, createStyle, type Style } from './color.js';
import { CliError } from './errors.js';
import type { CliIO } from './io.js';

/** Options accepted by every command. */
export interface GlobalOptions {
  readonly format?: string;
  readonly output?: string;
  readonly force: boolean;
  readonly color: boolean;
  readonly quiet: boolean;
  readonly debug: boolean;
  readonly maxFileSize?: number;
  /** `--config FILE`; otherwise aksguard.yaml in the working directory, if there is one. */
  readonly config?: string;
}

/** The services a command runs with. */
export interface CommandContext {
  readonly io: CliIO;
  readonly globals: GlobalOptions;
  /** Styling for the text written to standard output (plain when writing a file). */
  readonly style: Style;
  /** Reads paths; their diagnostics are printed when the command ends, and errors make it exit 2. */
  load(paths: readonly string[]): LoadedInputs;
  /** Records a diagnostic to print when the command ends. */
  diagnose(diagnostic: Diagnostic): void;
  /** The output format: `--format` if it is one of `allowed`, else `fallback`; anything else is a usage error. */
  format<T extends string>(allowed: readonly T[], fallback: T): T;
  /** Writes the command's result to standard output, or to `-o FILE` (never over an existing file without `--force`). */
  emit(text: string): void;
  /** Prints a progress or summary line to standard error unless `--quiet`. */
  info(text: string): void;
  /**
   * aksguard.yaml (read once) and today's date for suppression expiry; an invalid file is a usage error, its
   * problems listed with their positions.
   */
  configuration(): { readonly config: AksguardConfig; readonly today: string };
}

/** Builds the context for one command run; `diagnostics` collects what is printed at the end. */
export function createContext(io: CliIO, globals: GlobalOptions, diagnostics: Diagnostic[]): CommandContext {
  let configuration: { config: AksguardConfig; today: string } | undefined;
  const style = createStyle(
    globals.output === undefined && colorWanted(globals.color, io.env, io.stdoutIsTTY),
  );
  return {
    io,
    globals,
    style,
    load(paths) {
      if (paths.length === 0)
        throw new CliError('no input paths given', {
          hint: 'pass files or folders, or - for standard input',
        });
      const loaded = readInputs(paths, {
        cwd: io.cwd,
        readStdin: io.readStdin,
        ...(globals.maxFileSize !== undefined ? { maxFileBytes: globals.maxFileSize } : {}),
      });
      diagnostics.push(...loaded.diagnostics);
      return loaded;
    },
    diagnose(diagnostic) {
      diagnostics.push(diagnostic);
    },
    format(allowed, fallback) {
      const wanted = globals.format;
      if (wanted === undefined) return fallback;
      const match = allowed.find((f) => f === wanted.toLowerCase());
      if (!match) {
        throw new CliError(`unknown format "${wanted}" for this command`, {
          hint: `use one of: ${allowed.join(', ')}`,
        });
      }
      return match;
    },
    emit(text) {
      const body = text.endsWith('\n') || text === '' ? text : `${text}\n`;
      if (globals.output === undefined || globals.output === '-') {
        io.stdout(body);
        return;
      }
      const target = resolve(io.cwd, globals.output);
      if (existsSync(target) && !globals.force) {
        throw new CliError(`refusing to overwrite ${globals.output}`, { hint: 'pass --force to replace it' });
      }
      try {
        writeFileSync(target, body);
      } catch (error) {
        throw new CliError(
          `cannot write ${globals.output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        );
      }
    },
    info(text) {
      if (!globals.quiet) io.stderr(text.endsWith('\n') ? text : `${text}\n`);
    },
    configuration() {
      if (configuration) return configuration;
      const read = readConfig(io.cwd, globals.config);
      diagnostics.push(...read.diagnostics);
      const errors = read.diagnostics.filter((d) => d.severity === 'error').length;
      if (errors > 0)
        throw new CliError(
          `${read.config.file ?? globals.config ?? 'aksguard.yaml'} has ${errors} error${errors === 1 ? '' : 's'}`,
          {
            hint: 'fix the configuration as listed above (or pass --config with another file)',
          },
        );
      configuration = { config: read.config, today: new Date().toISOString().slice(0, 10) };
      return configuration;
    },
  };
}
