// aksguard.yaml applied to audits: rules off, severity overrides, suppressions matched by rule, resource and file,
// expiry, and warnings for what the configuration names but the catalogue does not know.
import { describe, expect, it } from 'vitest';
import { documentsFromYaml } from '../../test/support/documents.js';
import { parseConfig } from '../load/config.js';
import { audit, RULES } from './index.js';

const MANIFESTS = documentsFromYaml(
  `apiVersion: apps/v1
kind: Deployment
metadata: {name: legacy, namespace: shop}
spec:
  template:
    spec:
      containers: [{name: app, image: legacy:1}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    spec:
      containers: [{name: app, image: api:2}]
`,
  'shop.yaml',
);

function configured(yaml: string, today = '2026-11-26') {
  const parsed = parseConfig('aksguard.yaml', yaml);
  expect(parsed.diagnostics).toEqual([]);
  return audit({ clusters: [], documents: MANIFESTS }, { configuration: { config: parsed.config, today } });
}

const plain = audit({ clusters: [], documents: MANIFESTS });
const byRule = (findings: readonly { ruleId: string; resource: { name: string } }[]) =>
  findings.map((f) => `${f.ruleId} ${f.resource.name}`).sort();

describe('applyConfig', () => {
  it('changes nothing with an empty configuration', () => {
    expect(configured('')).toEqual(plain);
  });

  it('drops the findings and the catalogue entry of a rule switched off', () => {
    const result = configured('rules: {k8s-drop-net-raw: off}');
    expect(plain.findings.some((f) => f.ruleId === 'k8s-drop-net-raw')).toBe(true);
    expect(result.findings.some((f) => f.ruleId === 'k8s-drop-net-raw')).toBe(false);
    expect(result.rules.map((r) => r.id)).not.toContain('k8s-drop-net-raw');
    expect(result.rules).toHaveLength(RULES.length - 1);
  });

  it('overrides a rule severity on its findings and in the catalogue', () => {
    const result = configured('rules: {k8s-drop-net-raw: critical}');
    const raw = result.findings.filter((f) => f.ruleId === 'k8s-drop-net-raw');
    expect(raw.length).toBeGreaterThan(0);
    expect(raw.every((f) => f.severity === 'critical')).toBe(true);
    expect(result.rules.find((r) => r.id === 'k8s-drop-net-raw')?.defaultSeverity).toBe('critical');
  });

  it('suppresses by rule and resource pattern, with the justification and where it is written', () => {
    const result = configured(`suppressions:
  - rule: k8s-drop-net-raw
    resource: shop/Deployment/leg*
    justification: vendor image needs NET_RAW until v3
`);
    expect(byRule(result.suppressed)).toEqual(['k8s-drop-net-raw legacy']);
    expect(result.suppressed[0]?.suppression).toEqual({
      reason: 'vendor image needs NET_RAW until v3',
      kind: 'config',
      source: { file: 'aksguard.yaml', line: 2, column: 1 },
    });
    expect(byRule(result.findings)).toContain('k8s-drop-net-raw api');
    expect(result.findings.length + result.suppressed.length).toBe(plain.findings.length);
  });

  it('matches Kind/name, the bare name and a file pattern', () => {
    for (const match of ['resource: Deployment/legacy', 'resource: legacy', 'file: "*.yaml"']) {
      const result = configured(`suppressions:
  - {rule: k8s-drop-net-raw, ${match}, justification: accepted}
`);
      const expected = match.startsWith('file')
        ? ['k8s-drop-net-raw api', 'k8s-drop-net-raw legacy']
        : ['k8s-drop-net-raw legacy'];
      expect(byRule(result.suppressed)).toEqual(expected);
    }
    expect(
      configured('suppressions: [{rule: k8s-drop-net-raw, file: "other/*", justification: x}]').suppressed,
    ).toEqual([]);
  });

  it('stops applying a suppression on its expiry day, and warns that its findings count again', () => {
    const yaml =
      'suppressions: [{rule: k8s-drop-net-raw, resource: legacy, justification: until v3, expires: 2026-12-01}]';
    expect(configured(yaml, '2026-11-30').suppressed).toHaveLength(1);
    const expired = configured(yaml, '2026-12-01');
    expect(expired.suppressed).toEqual([]);
    expect(expired.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        code: 'suppression-expired',
        message: 'suppression of k8s-drop-net-raw on legacy expired on 2026-12-01: its findings count again',
        source: { file: 'aksguard.yaml', line: 1, column: 1 },
      }),
    );
  });

  it('warns about rule ids the catalogue does not know', () => {
    const result = configured(
      'rules: {no-such-rule: off}\nsuppressions: [{rule: nor-this, justification: x}]',
    );
    expect(
      result.diagnostics.filter((d) => d.code.startsWith('config-')).map((d) => [d.code, d.message]),
    ).toEqual([
      ['config-unknown-rule', 'aksguard.yaml names unknown rule "no-such-rule"'],
      ['config-unknown-rule', 'suppression names unknown rule "nor-this"'],
    ]);
  });
});
