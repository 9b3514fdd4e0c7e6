import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadClusters } from '../src/load/cluster/index.js';
import { readInputs } from '../src/load/read.js';
import {
  renderAuditJson,
  renderAuditJunit,
  renderAuditMarkdown,
  renderAuditSarif,
  renderAuditText,
} from '../src/report/index.js';
import { audit } from '../src/rules/index.js';
import { expectGolden } from './support/golden.js';
import { ROOT } from './support/run-cli.js';
import { sarifValidator } from './support/sarif.js';

const SCENARIOS = ['manifests', 'az-cluster'] as const;

/** Audits a golden scenario's input folder, with positions relative to the scenario folder. */
function auditScenario(scenario: string) {
  const cwd = join(ROOT, 'test', 'golden', 'audit', scenario);
  const loaded = readInputs(['input'], { cwd });
  expect(loaded.diagnostics).toEqual([]);
  const clusters = loadClusters(loaded.documents);
  expect(clusters.diagnostics).toEqual([]);
  const result = audit({ clusters: clusters.clusters, documents: loaded.documents });
  return { result, loaded };
}

describe.each(SCENARIOS)('audit report of %s', (scenario) => {
  const { result, loaded } = auditScenario(scenario);

  it('matches the golden text, JSON, SARIF, JUnit and Markdown', () => {
    const base = `audit/${scenario}/expected`;
    expectGolden(
      `${base}.txt`,
      renderAuditText(result, { ...(loaded.text ? { sourceText: loaded.text } : {}) }),
    );
    expectGolden(`${base}.json`, renderAuditJson(result));
    expectGolden(`${base}.sarif`, renderAuditSarif(result));
    expectGolden(`${base}.junit.xml`, renderAuditJunit(result));
    expectGolden(`${base}.md`, renderAuditMarkdown(result));
  });

  it('writes SARIF that validates against the SARIF 2.1.0 schema', () => {
    const validate = sarifValidator();
    const log = JSON.parse(renderAuditSarif(result));
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.runs[0].results.length).toBe(result.findings.length + result.suppressed.length);
  });

  it('keeps the JSON contract exactly: no field beyond the documented ones', () => {
    const json = JSON.parse(renderAuditJson(result));
    expect(Object.keys(json).sort()).toEqual(['findings', 'rules', 'schemaVersion', 'summary', 'suppressed']);
    for (const finding of json.findings) {
      expect(Object.keys(finding).sort()).toEqual(['message', 'resource', 'ruleId', 'severity']);
      for (const key of Object.keys(finding.resource))
        expect(['kind', 'name', 'namespace', 'file', 'line', 'column']).toContain(key);
    }
    for (const rule of json.rules) {
      expect(Object.keys(rule).sort()).toEqual(['category', 'equivalents', 'id', 'severity', 'title']);
      for (const key of Object.keys(rule.equivalents))
        expect(['psrule', 'checkov', 'trivy', 'kubescape']).toContain(key);
    }
  });
});

describe('SARIF validation', () => {
  it('rejects a log that breaks the schema, so the validation test can fail', () => {
    const validate = sarifValidator();
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
  });
});
