import { describe, expect, it } from 'vitest';
import { VERSION } from '../src/version.js';
import { runCli } from './support/run-cli.js';

describe('aksguard CLI', () => {
  it('prints help with every command and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['scan', 'plan', 'audit', 'rules', 'netpol', 'report'])
      expect(run.stdout).toContain(command);
    expect(run.stdout).toContain('Exit codes');
  });

  it('prints the version', async () => {
    const run = await runCli(['--version']);
    expect(run).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
  });

  it('rejects an unknown command with exit 2 and the aksguard error prefix', async () => {
    const run = await runCli(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^aksguard: error: unknown command 'frobnicate'/);
  });
});
