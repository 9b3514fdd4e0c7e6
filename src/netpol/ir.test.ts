import { describe, expect, it } from 'vitest';
import { buildPolicyModel, type IrPolicy, type IrTier } from './ir.js';

const policy = (id: string, order: number): IrPolicy => ({
  id,
  subject: { type: 'any' },
  isolates: [],
  order,
  rules: [],
  origin: {
    dialect: 'kubernetes',
    kind: 'NetworkPolicy',
    name: id,
    source: { file: 'f', line: 1, column: 1 },
  },
});

const tier = (name: string, layer: IrTier['layer'], order: number, policies: IrPolicy[]): IrTier => ({
  name,
  layer,
  order,
  defaultAction: 'deny',
  policies,
});

describe('buildPolicyModel', () => {
  it('orders tiers by layer then order then name, and policies by order (Infinity last) then id', () => {
    const model = buildPolicyModel([
      tier('baseline', 'baseline', 0, []),
      tier('default', 'tiered', 1_000_000, [policy('b', Number.POSITIVE_INFINITY), policy('c', 1000)]),
      tier('security', 'tiered', 100, []),
      tier('admin', 'admin', 0, []),
      tier('default', 'tiered', 1_000_000, [policy('a', 1000)]),
    ]);
    expect(model.tiers.map((t) => t.name)).toEqual(['admin', 'security', 'default', 'baseline']);
    expect(model.tiers[2]!.policies.map((p) => p.id)).toEqual(['a', 'c', 'b']);
  });
});
