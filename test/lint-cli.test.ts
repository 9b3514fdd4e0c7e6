// `aksguard netpol lint` end to end: the built CLI's JSON contract and exit codes, rule selection, and the same
// findings from `aksguard audit`.
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/rules/index.js';
import { runBuiltCli, runCli } from './support/run-cli.js';

const SHOWCASE = 'examples/lint-showcase';
const NETPOL_RULES = RULES.filter((r) => r.category === 'network-policy').map((r) => r.id);

interface Contract {
  schemaVersion: number;
  findings: {
    ruleId: string;
    severity: string;
    message: string;
    resource: { kind: string; file: string; line: number };
  }[];
  rules: { id: string; category: string }[];
}

describe('aksguard netpol lint (built CLI)', () => {
  it('prints the audit JSON contract with network-policy rules only, and exits 1 on findings', () => {
    const run = runBuiltCli(['netpol', 'lint', SHOWCASE, '--format', 'json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const json = JSON.parse(run.stdout) as Contract;
    expect(json.schemaVersion).toBe(1);
    expect(json.rules.map((r) => r.id)).toEqual(NETPOL_RULES);
    expect(new Set(json.rules.map((r) => r.category))).toEqual(new Set(['network-policy']));
    // Every lint rule of the catalogue finds its mistake in the showcase.
    const found = new Set(json.findings.map((f) => f.ruleId));
    for (const id of NETPOL_RULES.filter((id) => id.startsWith('netpol-'))) expect(found, id).toContain(id);
    for (const f of json.findings) {
      expect(f.resource.file.startsWith(`${SHOWCASE}/`)).toBe(true);
      expect(f.resource.line).toBeGreaterThan(0);
    }
  });

  it('reports the same network-policy findings as aksguard audit', () => {
    const lint = JSON.parse(runBuiltCli(['netpol', 'lint', SHOWCASE, '--format', 'json']).stdout) as Contract;
    const audit = JSON.parse(runBuiltCli(['audit', SHOWCASE, '--format', 'json']).stdout) as Contract;
    expect(audit.findings.filter((f) => NETPOL_RULES.includes(f.ruleId))).toEqual(lint.findings);
  });
});

describe('aksguard netpol lint exit codes and options', () => {
  it.each([
    [['--fail-on', 'critical'], 0],
    [['--fail-on', 'high'], 1],
    [['--fail-on', 'none'], 0],
    [[], 1],
  ])('%j exits %i', async (options, code) => {
    const run = await runCli(['netpol', 'lint', SHOWCASE, '--format', 'json', ...options]);
    expect(run.code).toBe(code);
  });

  it('runs only --rule rules and leaves out --skip-rule rules', async () => {
    const only = JSON.parse(
      (await runCli(['netpol', 'lint', SHOWCASE, '--format', 'json', '--rule', 'netpol-allow-dns-egress']))
        .stdout,
    ) as Contract;
    expect(only.rules.map((r) => r.id)).toEqual(['netpol-allow-dns-egress']);
    expect(only.findings.map((f) => f.severity)).toEqual(['high', 'high']);
    const skipped = JSON.parse(
      (await runCli(['netpol', 'lint', SHOWCASE, '--format', 'json', '--skip-rule', 'netpol-no-redundant']))
        .stdout,
    ) as Contract;
    expect(skipped.rules.map((r) => r.id)).not.toContain('netpol-no-redundant');
    expect(skipped.findings.map((f) => f.ruleId)).not.toContain('netpol-no-redundant');
  });

  it.each([
    [['--rule', 'aks-no-kubenet'], 'unknown network-policy rule "aks-no-kubenet"'],
    [['--fail-on', 'severe'], 'unknown severity "severe"'],
    [['--format', 'csv'], 'unknown format "csv"'],
  ])('exits 2 on bad usage %j', async (options, message) => {
    const run = await runCli(['netpol', 'lint', SHOWCASE, ...options]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on a missing path', async () => {
    const run = await runCli(['netpol', 'lint', 'no/such/folder']);
    expect(run.code).toBe(2);
  });

  it('runs the lint rules only when the inputs hold network policies', async () => {
    const run = await runCli(['netpol', 'lint', 'examples/contoso/manifests', '--format', 'json']);
    expect(run.stderr).toBe('');
    const json = JSON.parse(run.stdout) as Contract;
    // The coverage rules still say that nothing isolates these pods.
    expect(json.findings.filter((f) => f.ruleId.startsWith('netpol-'))).toEqual([]);
    expect(json.findings.length).toBeGreaterThan(0);
  });
});

describe('aksguard netpol lint on ClusterNetworkPolicies alone', () => {
  it('runs the network-policy rules: a ClusterNetworkPolicy is a network policy', async () => {
    const stdin = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: prod}
spec: {containers: [{name: c, image: nginx:1.27}]}
status: {podIP: 10.0.0.1}
---
apiVersion: policy.networking.k8s.io/v1beta1
kind: ClusterNetworkPolicy
metadata: {name: admin}
spec:
  tier: Admin
  priority: 1
  subject: {namespaces: {}}
  ingress:
  - {action: Deny, from: [{namespaces: {}}]}
  - {action: Accept, from: [{namespaces: {}}]}
`;
    const run = await runCli(
      ['netpol', 'lint', '-', '--format', 'json', '--rule', 'netpol-no-shadowed-rule'],
      {
        stdin,
      },
    );
    const json = JSON.parse(run.stdout) as Contract;
    expect(json.findings.map((f) => `${f.ruleId} ${f.resource.kind} ${f.resource.line}`)).toEqual([
      'netpol-no-shadowed-rule ClusterNetworkPolicy 16',
    ]);
  });
});
