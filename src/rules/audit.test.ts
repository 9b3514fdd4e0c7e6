import { describe, expect, it } from 'vitest';
import { auditExample, exampleDocuments } from '../../test/support/rule-examples.js';
import type { Cluster } from '../model/cluster.js';
import { aksNoKubenet } from './aks/aks-no-kubenet.js';
import { CANNOT_TELL } from './context.js';
import { audit, findRule, RULES } from './index.js';

/** A cluster built directly, for what no example file can express (values unknown at analysis time). */
function clusterWith(overrides: Partial<Cluster>): Cluster {
  return {
    name: 'c1',
    format: 'terraform',
    file: 'plan.json',
    network: {},
    apiServer: {},
    identity: {},
    addons: {},
    agentPools: [],
    subnets: [],
    virtualNetworks: [],
    routeTables: [],
    firewalls: [],
    tags: {},
    at: (path = '') => ({ file: 'plan.json', line: path === '' ? 1 : 7, column: 3 }),
    ...overrides,
  };
}

describe('audit', () => {
  it('reports an unknown field as an info "cannot tell" finding, never as a guess', () => {
    const cluster = clusterWith({ network: { plugin: { unknown: true, reason: 'known after apply' } } });
    const result = audit({ clusters: [cluster], documents: [] }, { rules: [aksNoKubenet] });
    expect(result.findings).toEqual([
      {
        ruleId: 'aks-no-kubenet',
        messageId: CANNOT_TELL,
        severity: 'info',
        message:
          'Cannot tell: `network/plugin` is not known at analysis time (known after apply); check the deployed value.',
        resource: { kind: 'ManagedCluster', name: 'c1', file: 'plan.json', line: 7, column: 3 },
      },
    ]);
  });

  it('suppresses a cluster finding by tag, in both tag spellings, and keeps it as suppressed', () => {
    for (const tag of ['aksguard.io/suppress-aks-no-kubenet', 'aksguard-suppress-aks-no-kubenet']) {
      const cluster = clusterWith({ network: { plugin: 'kubenet' }, tags: { [tag]: 'migrating in Q3' } });
      const result = audit({ clusters: [cluster], documents: [] }, { rules: [aksNoKubenet] });
      expect(result.findings).toEqual([]);
      expect(result.suppressed.map((f) => [f.ruleId, f.suppression?.reason, f.suppression?.kind])).toEqual([
        ['aks-no-kubenet', 'migrating in Q3', 'tag'],
      ]);
    }
  });

  it('warns about suppressions without a reason or naming unknown rules, and ignores them', () => {
    const cluster = clusterWith({
      network: { plugin: 'kubenet' },
      tags: { 'aksguard-suppress-aks-no-kubenet': ' ', 'aksguard-suppress-no-such-rule': 'why' },
    });
    const result = audit({ clusters: [cluster], documents: [] }, { rules: [aksNoKubenet] });
    expect(result.findings).toHaveLength(1);
    expect(result.diagnostics.map((d) => [d.severity, d.code])).toEqual([
      ['warning', 'suppression-unknown-rule'],
      ['warning', 'suppression-without-reason'],
    ]);
  });

  it('accepts a suppression for a rule left out of the run', () => {
    const cluster = clusterWith({ tags: { 'aksguard-suppress-aks-require-monitoring': 'Datadog instead' } });
    const result = audit({ clusters: [cluster], documents: [] }, { rules: [aksNoKubenet] });
    expect(result.diagnostics).toEqual([]);
  });

  it('has every registered rule findable by id', () => {
    for (const rule of RULES) expect(findRule(rule.id)).toBe(rule);
    expect(findRule('no-such-rule')).toBeUndefined();
  });

  it('reads the example documents through the real loader', () => {
    expect(
      exampleDocuments('name: a\ntype: Microsoft.ContainerService/ManagedClusters\n', 'a.yaml')[0]?.kind,
    ).toBe('az-aks');
    expect(
      auditExample(aksNoKubenet, 'name: a\ntype: Microsoft.ContainerService/ManagedClusters\n').findings,
    ).toEqual([]);
  });
});
