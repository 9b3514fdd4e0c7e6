import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/rules/index.js';
import { ROOT, runBuiltCli, runCli } from './support/run-cli.js';

const MANIFESTS = join(ROOT, 'test', 'golden', 'audit', 'manifests');
const golden = (name: string) => readFileSync(join(MANIFESTS, name), 'utf8');

describe('aksguard audit (built CLI)', () => {
  it.each([
    ['json', 'expected.json'],
    ['sarif', 'expected.sarif'],
    ['junit', 'expected.junit.xml'],
    ['markdown', 'expected.md'],
    ['text', 'expected.txt'],
  ])('prints the golden %s report and exits 1 on findings', (format, file) => {
    const run = runBuiltCli(['audit', 'input', '--format', format], { cwd: MANIFESTS });
    expect(run.stdout).toBe(golden(file));
    expect(run.code).toBe(1);
  });

  it('exits 2 with a positioned error on malformed YAML, and still audits the rest', () => {
    const run = runBuiltCli(['audit', '-', '--format', 'json'], {
      stdin:
        'apiVersion: v1\nkind: Pod\nmetadata: {name: a\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: LoadBalancer\n',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^aksguard: error: invalid YAML: .* \(-:\d+:\d+\)$/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(JSON.parse(run.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toContain(
      'k8s-no-public-load-balancer',
    );
  });
});

describe('aksguard audit options', () => {
  const input = ['audit', join(MANIFESTS, 'input'), '--format', 'json'];

  it('fails only at or above --fail-on, and never with --fail-on none', async () => {
    expect((await runCli([...input, '--fail-on', 'critical'])).code).toBe(1);
    expect((await runCli([...input, '--rule', 'k8s-no-host-port', '--fail-on', 'high'])).code).toBe(0);
    expect((await runCli([...input, '--fail-on', 'none'])).code).toBe(0);
  });

  it('runs only --rule rules and leaves out --skip-rule rules', async () => {
    const only = JSON.parse(
      (await runCli([...input, '--rule', 'k8s-no-host-port', '--rule', 'k8s-no-privileged'])).stdout,
    );
    expect(only.rules.map((r: { id: string }) => r.id)).toEqual(['k8s-no-host-port', 'k8s-no-privileged']);
    expect(new Set(only.findings.map((f: { ruleId: string }) => f.ruleId))).toEqual(
      new Set(['k8s-no-host-port', 'k8s-no-privileged']),
    );
    const skipped = JSON.parse((await runCli([...input, '--skip-rule', 'k8s-no-privileged'])).stdout);
    expect(skipped.rules).toHaveLength(RULES.length - 1);
    expect(skipped.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('k8s-no-privileged');
  });

  it('reports suppressed findings in their own list and not as findings', async () => {
    const json = JSON.parse((await runCli(input)).stdout);
    expect(json.suppressed).toEqual([
      expect.objectContaining({
        ruleId: 'k8s-no-secrets-in-env',
        suppression: { kind: 'annotation', reason: 'the vendor SDK reads DB_PASSWORD; tracked in SHOP-112' },
      }),
    ]);
    expect(json.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('k8s-no-secrets-in-env');
    expect(json.summary).toMatchObject({ suppressed: 1, total: json.findings.length });
  });

  it.each([
    [['--rule', 'no-such-rule'], /unknown rule "no-such-rule"/],
    [['--skip-rule', 'nope'], /unknown rule "nope"/],
    [['--fail-on', 'severe'], /unknown severity "severe" for --fail-on/],
    [['--format', 'yaml'], /unknown format "yaml"/],
  ])('exits 2 on bad usage %j', async (extra, message) => {
    const run = await runCli(['audit', join(MANIFESTS, 'input'), ...extra]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('exits 2 on a missing path', async () => {
    const run = await runCli(['audit', 'no/such/file.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no such file or folder: no\/such\/file.yaml/);
  });

  it('warns about a suppression without a reason, and keeps the finding', async () => {
    const run = await runCli(['audit', '-', '--format', 'json'], {
      stdin:
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    aksguard.io/suppress: "k8s-no-public-load-balancer"\nspec:\n  type: LoadBalancer\n',
    });
    expect(run.stderr).toMatch(
      /aksguard: warning: suppression "k8s-no-public-load-balancer" on Service web has no reason/,
    );
    expect(JSON.parse(run.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toContain(
      'k8s-no-public-load-balancer',
    );
  });
});

describe('aksguard rules', () => {
  it('lists every rule in a table', async () => {
    const run = await runCli(['rules']);
    expect(run.code).toBe(0);
    for (const rule of RULES) expect(run.stdout).toContain(rule.id);
  });

  it('lists the catalogue as JSON with equivalents', async () => {
    const run = await runCli(['rules', '--format', 'json']);
    const json = JSON.parse(run.stdout);
    expect(json.rules.map((r: { id: string }) => r.id)).toEqual(RULES.map((r) => r.id));
    expect(json.rules.find((r: { id: string }) => r.id === 'aks-require-network-policy').equivalents).toEqual(
      {
        psrule: ['Azure.AKS.NetworkPolicy'],
        checkov: ['CKV_AZURE_7'],
        trivy: ['AZU-0043'],
        kubescape: ['C-0240'],
      },
    );
  });

  it('prints one rule as its documentation page', async () => {
    const run = await runCli(['rules', 'aks-no-kubenet']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(ROOT, 'docs', 'rules', 'aks-no-kubenet.md'), 'utf8'));
  });

  it('exits 2 on an unknown rule with a suggestion', async () => {
    const run = await runCli(['rules', 'kubenet']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown rule "kubenet"/);
    expect(run.stderr).toMatch(/did you mean aks-no-kubenet/);
  });
});
