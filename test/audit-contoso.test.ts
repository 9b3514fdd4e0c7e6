import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadClusters } from '../src/load/cluster/index.js';
import { readInputs } from '../src/load/read.js';
import { audit } from '../src/rules/index.js';
import { expectGolden } from './support/golden.js';
import { ROOT, runBuiltCli } from './support/run-cli.js';
import { sarifValidator } from './support/sarif.js';

const CLUSTER_FORMS = {
  az: ['examples/contoso/cluster/az-aks-show.json'],
  arm: ['examples/contoso/cluster/arm'],
  terraform: ['examples/contoso/cluster/terraform/plan.json'],
} as const;

/** What a finding says, independent of which file (and so which line) it came from. */
function findingsOf(paths: readonly string[]): string[] {
  const loaded = readInputs(paths, { cwd: ROOT });
  const clusters = loadClusters(loaded.documents);
  expect([...loaded.diagnostics, ...clusters.diagnostics].filter((d) => d.severity === 'error')).toEqual([]);
  return audit({ clusters: clusters.clusters, documents: loaded.documents })
    .findings.map((f) => `${f.severity} ${f.ruleId} ${f.resource.kind} ${f.resource.name}: ${f.message}`)
    .sort();
}

describe('examples/contoso', () => {
  it('gives the same findings from its az JSON, ARM template and Terraform plan', () => {
    const arm = findingsOf(CLUSTER_FORMS.arm);
    expect(arm.length).toBeGreaterThan(0);
    expect(findingsOf(CLUSTER_FORMS.terraform)).toEqual(arm);
    // `az aks show` describes the cluster alone; the VNet, route table and firewall exist only in ARM and Terraform.
    const aboutCluster = (findings: string[]) => findings.filter((f) => / ManagedCluster /.test(f));
    expect(findingsOf(CLUSTER_FORMS.az)).toEqual(aboutCluster(arm));
    expect(arm.some((f) => / Firewall /.test(f))).toBe(true);
  });

  it('audits the whole example with the built CLI as the golden JSON and text show', () => {
    const json = runBuiltCli(['audit', 'examples/contoso', '--format', 'json']);
    expect(json.code).toBe(1);
    expect(json.stderr).toBe('');
    expectGolden(join('audit', 'contoso', 'expected.json'), json.stdout);
    const text = runBuiltCli([
      'audit',
      'examples/contoso/cluster/az-aks-show.json',
      'examples/contoso/manifests',
    ]);
    expectGolden(join('audit', 'contoso', 'expected.txt'), text.stdout);
  });

  it('writes SARIF for the whole example that validates against the SARIF 2.1.0 schema', () => {
    const run = runBuiltCli(['audit', 'examples/contoso', '--format', 'sarif']);
    const validate = sarifValidator();
    expect(validate(JSON.parse(run.stdout)), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });
});
