// aksguard.yaml through the CLI: found in the working directory or named by --config, applied by audit, scan and
// netpol diff, and refused with positioned errors when invalid.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'aksguard-config-'));
cpSync(join(ROOT, 'test', 'golden', 'diff', 'policy-loosened'), join(dir, 'shop'), { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function project(name: string, config: string): string {
  const folder = join(dir, name);
  cpSync(join(dir, 'shop', 'after'), join(folder, 'k8s'), { recursive: true });
  writeFileSync(join(folder, 'aksguard.yaml'), config);
  return folder;
}

describe('aksguard.yaml', () => {
  it('applies examples/contoso/aksguard.yaml with --config: its suppression, overrides and failOn', async () => {
    const run = await runCli(['scan', 'examples/contoso', '--config', 'examples/contoso/aksguard.yaml']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('1 suppressed');
    expect(run.stdout).toContain('--fail-on high: FAILED');
    const audit = await runCli([
      'audit',
      'examples/contoso',
      '--config',
      'examples/contoso/aksguard.yaml',
      '-f',
      'json',
    ]);
    const json = JSON.parse(audit.stdout) as {
      findings: { ruleId: string; severity: string }[];
      suppressed: { ruleId: string; suppression: { kind: string } }[];
    };
    expect(json.findings.some((f) => f.ruleId === 'aks-no-open-service-mesh')).toBe(false);
    expect(
      json.findings.filter((f) => f.ruleId === 'aks-require-secret-rotation').map((f) => f.severity),
    ).toEqual(['info', 'info', 'info']);
    expect(json.suppressed.map((f) => [f.ruleId, f.suppression.kind])).toEqual([
      ['k8s-no-public-load-balancer', 'config'],
    ]);
  });

  it('applies to the HTML report that scan --html writes', async () => {
    const page = join(dir, 'contoso.html');
    const run = await runCli([
      'scan',
      'examples/contoso',
      '--config',
      'examples/contoso/aksguard.yaml',
      '--html',
      page,
      '-q',
    ]);
    expect(run.stderr).toBe('');
    expect(readFileSync(page, 'utf8')).toContain(
      '1 finding suppressed by annotations, tags or aksguard.yaml',
    );
  });

  it('is read from the working directory by default, and its failOn gates audit', async () => {
    const cwd = project('default', 'failOn: medium\nrules: {k8s-drop-net-raw: off}\n');
    const run = await runCli(['audit', 'k8s', '-q'], { cwd });
    expect(run.stdout).not.toContain('k8s-drop-net-raw');
    expect(run.code).toBe(1);
    expect((await runCli(['audit', 'k8s', '-q', '--fail-on', 'high'], { cwd })).code).toBe(0);
  });

  it('warns when a suppression has expired, and counts its findings again', async () => {
    const cwd = project(
      'expired',
      'suppressions:\n  - {rule: k8s-drop-net-raw, resource: shop/Deployment/web, justification: legacy, expires: 2020-01-01}\n',
    );
    const run = await runCli(['audit', 'k8s', '--fail-on', 'none'], { cwd });
    expect(run.stderr).toContain(
      'aksguard: warning: suppression of k8s-drop-net-raw on shop/Deployment/web expired on 2020-01-01: its findings count again (aksguard.yaml:2:1)',
    );
    expect(run.stdout).toContain('Container web of Deployment web keeps NET_RAW');
  });

  it('sets the default granularity of netpol diff', async () => {
    const cwd = project('granularity', 'granularity: namespace\n');
    cpSync(join(dir, 'shop', 'before'), join(cwd, 'before'), { recursive: true });
    const run = await runCli(['netpol', 'diff', 'before', 'k8s'], { cwd });
    expect(run.stdout).toContain('Connectivity diff at namespace granularity');
    const flag = await runCli(['netpol', 'diff', 'before', 'k8s', '--granularity', 'pod'], { cwd });
    expect(flag.stdout).toContain('Connectivity diff at pod granularity');
  });

  it('refuses an invalid file with positioned errors and exit 2', async () => {
    const cwd = project('invalid', 'failOn: severe\nsuppressions:\n  - rule: k8s-drop-net-raw\n');
    const run = await runCli(['scan', 'k8s'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('aksguard: error: invalid failOn "severe" (aksguard.yaml:1:1)');
    expect(run.stderr).toContain('aksguard: error: a suppression needs a justification (aksguard.yaml:3:5)');
    expect(run.stderr).toContain('aksguard: error: aksguard.yaml has 2 errors');
    expect(run.stdout).toBe('');
    const missing = await runCli(['audit', 'k8s', '--config', 'nope.yaml'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('aksguard: error: no configuration file nope.yaml');
  });
});
