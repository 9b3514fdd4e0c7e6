// Runs the CLI in-process with captured output, and the built binary as a child process.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What one CLI run produced. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `aksguard ARGS` in-process from the repository root (or `cwd`), with optional standard input. */
export async function runCli(
  args: readonly string[],
  options: { stdin?: string; cwd?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readStdin: () => options.stdin ?? '',
    env: options.env ?? {},
    cwd: options.cwd ?? ROOT,
    stdoutIsTTY: false,
  });
  return { code, stdout, stderr };
}

/** Runs the built CLI (`dist/cli/bin.js`) as a child process, as a user would. */
export function runBuiltCli(args: readonly string[], options: { stdin?: string; cwd?: string } = {}): CliRun {
  const result = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', 'bin.js'), ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.stdin ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
