// The diff core against the matrices it compares: on random pairs of policy sets over the upstream model, every
// change matches the two matrices, the diff is empty against itself, mirrors when the sides swap, and each
// opened or closed port has a cause whose verdicts changed the right way.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modelDocuments } from '../../test/netpol/cluster-model.js';
import { analyzeNetworkPolicies } from './analysis.js';
import { diffConnectivity, subtractPorts } from './diff.js';
import { computeMatrix, expandMatrix, modelSelectors } from './matrix.js';

/**
 * Policies to pick from, one variant (or none) per slot so that a slot's policy can be added, removed or modified:
 * isolation, namespace and pod selectors, named and numbered ports, CIDRs.
 */
const POLICY_SLOTS = [
  [
    `{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: deny-x, namespace: x}, spec: {podSelector: {}, policyTypes: [Ingress]}}`,
    `{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: deny-x, namespace: x}, spec: {podSelector: {matchLabels: {pod: c}}, policyTypes: [Ingress, Egress]}}`,
  ],
  [
    `{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: allow-y-to-xa, namespace: x}, spec: {podSelector: {matchLabels: {pod: a}}, ingress: [{from: [{namespaceSelector: {matchLabels: {ns: y}}}], ports: [{port: serve-80-tcp}]}]}}`,
    `{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: allow-y-to-xa, namespace: x}, spec: {podSelector: {matchLabels: {pod: a}}, ingress: [{from: [{namespaceSelector: {}}], ports: [{port: 80, endPort: 81, protocol: TCP}]}]}}`,
  ],
  [
    `{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: egress-z, namespace: z}, spec: {podSelector: {matchLabels: {pod: b}}, policyTypes: [Egress], egress: [{to: [{podSelector: {}}], ports: [{port: 81, protocol: UDP}]}]}}`,
  ],
  [
    `{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: web, namespace: y}, spec: {podSelector: {}, ingress: [{from: [{ipBlock: {cidr: 0.0.0.0/0, except: [192.168.0.0/16]}}]}]}}`,
  ],
  [
    `{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: to-cidr, namespace: y}, spec: {podSelector: {matchLabels: {pod: a}}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{port: 443, protocol: TCP}]}]}}`,
  ],
];

const policySetArb = fc
  .tuple(...POLICY_SLOTS.map((variants) => fc.option(fc.constantFrom(...variants), { nil: undefined })))
  .map((chosen) => chosen.filter((p): p is string => p !== undefined));

function analysisOf(policies: readonly string[]) {
  const analysis = analyzeNetworkPolicies(modelDocuments(policies.join('\n---\n')));
  expect(analysis.diagnostics).toEqual([]);
  return analysis;
}

describe('diffConnectivity', () => {
  it('is empty between a side and itself', () => {
    fc.assert(
      fc.property(policySetArb, (policies) => {
        const side = analysisOf(policies);
        const diff = diffConnectivity(side, side, 'pod');
        expect(diff.connections).toEqual([]);
        expect(diff.policies).toEqual([]);
        expect(diff.newExposure).toBe(false);
      }),
      { numRuns: 10 },
    );
  });

  it('reports exactly the pairs whose ports differ between the two matrices, with causes', () => {
    fc.assert(
      fc.property(policySetArb, policySetArb, (basePolicies, headPolicies) => {
        const base = analysisOf(basePolicies);
        const head = analysisOf(headPolicies);
        const diff = diffConnectivity(base, head, 'pod');
        // Both matrices over the same external peers, as the diff computes them.
        const view = (side: typeof base, other: typeof base) =>
          expandMatrix(
            computeMatrix(side.model, side.inventory, side.hostPeers, {
              extraSelectors: modelSelectors(other.model),
            }),
            'pod',
          );
        const before = view(base, head);
        const after = view(head, base);
        const expected = before.connections.flatMap((c, i) => {
          const now = after.connections[i]!;
          expect([now.from, now.to]).toEqual([c.from, c.to]);
          return JSON.stringify(c.allowed) === JSON.stringify(now.allowed)
            ? []
            : [{ from: c.from, to: c.to, before: c.allowed, after: now.allowed }];
        });
        expect(
          diff.connections.map((c) => ({ from: c.from, to: c.to, before: c.before, after: c.after })),
        ).toEqual(expected);
        for (const c of diff.connections) {
          expect(c.opened).toEqual(subtractPorts(c.after, c.before));
          expect(c.closed).toEqual(subtractPorts(c.before, c.after));
          const verdicts = c.causes.filter((x) => x.type === 'verdict');
          expect(verdicts.length).toBeGreaterThan(0);
          for (const v of verdicts) expect(v.before.decision).not.toBe(v.after.decision);
          if (c.opened.length > 0)
            expect(verdicts.some((v) => v.after.decision !== 'deny' && v.before.decision === 'deny')).toBe(
              true,
            );
          if (c.closed.length > 0)
            expect(verdicts.some((v) => v.before.decision !== 'deny' && v.after.decision === 'deny')).toBe(
              true,
            );
        }
        expect(diff.newExposure).toBe(diff.connections.some((c) => c.opened.length > 0));
      }),
      { numRuns: 15 },
    );
  });

  it('mirrors when base and head swap', () => {
    fc.assert(
      fc.property(policySetArb, policySetArb, (a, b) => {
        const forward = diffConnectivity(analysisOf(a), analysisOf(b), 'workload');
        const backward = diffConnectivity(analysisOf(b), analysisOf(a), 'workload');
        const swap = { added: 'removed', removed: 'added', changed: 'changed' } as const;
        expect(backward.connections.map((c) => [c.change, c.from, c.to, c.opened, c.closed])).toEqual(
          forward.connections.map((c) => [swap[c.change], c.from, c.to, c.closed, c.opened]),
        );
        const flip = { added: 'removed', removed: 'added', modified: 'modified' } as const;
        expect(backward.policies.map((p) => [p.id, p.change])).toEqual(
          forward.policies.map((p) => [p.id, flip[p.change]]),
        );
      }),
      { numRuns: 15 },
    );
  });
});

describe('subtractPorts', () => {
  it.each([
    [
      [{ protocol: 'TCP', ports: [[1, 65535]] }],
      [{ protocol: 'TCP', ports: [[443, 443]] }],
      [
        {
          protocol: 'TCP',
          ports: [
            [1, 442],
            [444, 65535],
          ],
        },
      ],
    ],
    [
      [{ protocol: 'TCP', ports: [[80, 81]] }],
      [{ protocol: 'UDP', ports: [[80, 81]] }],
      [{ protocol: 'TCP', ports: [[80, 81]] }],
    ],
    [[{ protocol: 'UDP', ports: [[53, 53]] }], [{ protocol: 'UDP', ports: [[1, 100]] }], []],
  ] as const)('%j minus %j is %j', (a, b, expected) => {
    expect(subtractPorts(a, b)).toEqual(expected);
  });
});
