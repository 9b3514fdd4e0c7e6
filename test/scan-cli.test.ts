// `aksguard scan` end to end with the built CLI: the gate, the HTML report beside the summary, usage errors.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBuiltCli } from './support/run-cli.js';

const out = mkdtempSync(join(tmpdir(), 'aksguard-scan-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('aksguard scan (built CLI)', () => {
  it('summarises examples/contoso and writes the HTML report with --html', () => {
    const page = join(out, 'report.html');
    const run = runBuiltCli(['scan', 'examples/contoso', '--html', page]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('3 of 7 workloads reachable from the internet');
    expect(run.stderr).toContain(`aksguard: wrote ${page}`);
    expect(readFileSync(page, 'utf8')).toMatch(/^<!doctype html>/i);
    const again = runBuiltCli(['scan', 'examples/contoso', '--html', page]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('refusing to overwrite');
  });

  it('exits 1 when a finding reaches --fail-on, 0 when none does', () => {
    expect(runBuiltCli(['scan', 'examples/contoso', '--fail-on', 'high', '-q']).code).toBe(1);
    expect(runBuiltCli(['scan', 'examples/contoso', '--fail-on', 'critical', '-q']).code).toBe(0);
  });

  it('refuses an unknown severity and a missing path with exit 2', () => {
    const bad = runBuiltCli(['scan', 'examples/contoso', '--fail-on', 'severe']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('aksguard: error: unknown severity "severe" for --fail-on');
    const missing = runBuiltCli(['scan', join(out, 'nothing-here')]);
    expect(missing.code).toBe(2);
    expect(existsSync(join(out, 'nothing-here'))).toBe(false);
  });
});
