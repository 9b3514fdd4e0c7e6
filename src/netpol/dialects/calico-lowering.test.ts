// Property: a Calico selector lowered into the IR selects exactly the pods whose Calico label view (own labels
// plus the labels Calico computes for workload endpoints) the selector language itself matches.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { documentsFromYaml } from '../../../test/support/documents.js';
import { analyzeNetworkPolicies } from '../analysis.js';
import { endpointPeer } from '../peers.js';
import { evaluateSelector, printSelector, type SelectorNode } from '../selector/calico/ast.js';
import { matchesSelector } from '../selector.js';

const KEYS = [
  'app',
  'tier',
  'projectcalico.org/namespace',
  'projectcalico.org/orchestrator',
  'projectcalico.org/serviceaccount',
];
const VALUES = ['web', 'db', 'a', 'b', 'k8s', 'default', 'sa1'];
const key = fc.constantFrom(...KEYS);
const value = fc.constantFrom(...VALUES);
const node: fc.Arbitrary<SelectorNode> = fc.letrec<{ node: SelectorNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    key.map((label): SelectorNode => ({ kind: 'has', label })),
    fc
      .record({ kind: fc.constantFrom('eq', 'ne', 'starts-with' as const), label: key, value })
      .map((n) => n as SelectorNode),
    fc
      .record({
        kind: fc.constantFrom('in', 'not-in' as const),
        label: key,
        values: fc.uniqueArray(value, { maxLength: 2 }),
      })
      .map((n) => ({ ...n, values: [...n.values].sort() }) as SelectorNode),
    tie('node').map((operand): SelectorNode => ({ kind: 'not', operand })),
    fc
      .record({
        kind: fc.constantFrom('and', 'or' as const),
        operands: fc.array(tie('node'), { minLength: 2, maxLength: 3 }),
      })
      .map((n) => n as SelectorNode),
  ),
})).node;
const pod = fc.record({
  namespace: fc.constantFrom('a', 'b'),
  serviceAccount: fc.constantFrom('default', 'sa1'),
  labels: fc.dictionary(fc.constantFrom('app', 'tier'), fc.constantFrom('web', 'db')),
});

describe('Calico selector lowering', () => {
  it('selects exactly the pods the Calico selector matches on their computed label view', () => {
    fc.assert(
      fc.property(node, fc.array(pod, { minLength: 1, maxLength: 4 }), (selector, pods) => {
        const yaml = [
          ...pods.map(
            (p, i) =>
              `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: ${p.namespace}, labels: ${JSON.stringify(p.labels)}}\nspec: {serviceAccountName: ${p.serviceAccount}, containers: [{name: c, image: x}]}`,
          ),
          `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: p}\nspec:\n  selector: ${JSON.stringify(printSelector(selector))}\n  ingress: [{action: Allow}]`,
        ].join('\n---\n');
        const analysis = analyzeNetworkPolicies(documentsFromYaml(yaml));
        expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const policy = analysis.model.tiers.flatMap((t) => t.policies).find((p) => p.origin.name === 'p')!;
        for (const endpoint of analysis.inventory.endpoints) {
          const view = {
            ...endpoint.labels,
            'projectcalico.org/namespace': endpoint.namespace,
            'projectcalico.org/orchestrator': 'k8s',
            'projectcalico.org/serviceaccount': endpoint.serviceAccount,
          };
          const peer = endpointPeer(endpoint, analysis.inventory.namespaces.get(endpoint.namespace));
          expect({ pod: endpoint.id, selected: matchesSelector(policy.subject, peer) }).toEqual({
            pod: endpoint.id,
            selected: evaluateSelector(selector, view),
          });
        }
      }),
      { numRuns: 150 },
    );
  });
});
