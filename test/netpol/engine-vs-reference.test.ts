// Property: on random clusters and random valid NetworkPolicies, the engine (IR, classes, port atoms, bitsets)
// answers every pod pair and port exactly as the naive reference evaluator does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Protocol } from '../../src/model/endpoint.js';
import { documentsFromYaml } from '../support/documents.js';
import { engineOracle } from './engine-harness.js';
import { type RefPod, referenceAllowed } from './reference.js';

const NAMESPACES = ['n0', 'n1', 'n2'];
const NAMED_PORTS = [
  { name: 'http', port: 80, protocol: 'TCP' },
  { name: 'dns', port: 53, protocol: 'UDP' },
  { name: 'alt', port: 81, protocol: 'TCP' },
  { name: 'alt', port: 81, protocol: 'SCTP' },
];
const PROBES: [Protocol, number][] = [
  ['TCP', 80],
  ['TCP', 81],
  ['UDP', 53],
  ['UDP', 81],
  ['SCTP', 81],
  ['TCP', 1000],
];

const labelsArb = (keys: Record<string, string[]>) =>
  fc.record(Object.fromEntries(Object.entries(keys).map(([k, vs]) => [k, fc.constantFrom(...vs)])), {
    requiredKeys: [],
  }) as fc.Arbitrary<Record<string, string>>;

const selectorArb = (keys: Record<string, string[]>) =>
  fc.record(
    {
      matchLabels: labelsArb(keys),
      matchExpressions: fc.array(
        fc.oneof(
          fc.record({
            key: fc.constantFrom(...Object.keys(keys)),
            operator: fc.constantFrom('In', 'NotIn'),
            values: fc.uniqueArray(fc.constantFrom('a', 'b', 'n0', 'n1', 'n2', 'x'), {
              minLength: 1,
              maxLength: 2,
            }),
          }),
          fc.record({
            key: fc.constantFrom(...Object.keys(keys)),
            operator: fc.constantFrom('Exists', 'DoesNotExist'),
          }),
        ),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: [] },
  );

const POD_KEYS = { app: ['a', 'b'], tier: ['a', 'b', 'x'] };
const NS_KEYS = { team: ['a', 'b'], 'kubernetes.io/metadata.name': NAMESPACES };

const peerArb = fc.oneof(
  fc.record({ podSelector: selectorArb(POD_KEYS) }),
  fc.record({ namespaceSelector: selectorArb(NS_KEYS) }),
  fc.record({ namespaceSelector: selectorArb(NS_KEYS), podSelector: selectorArb(POD_KEYS) }),
  fc.record({
    ipBlock: fc.constantFrom(
      { cidr: '10.0.0.0/8' },
      { cidr: '10.0.0.0/16', except: ['10.0.1.0/24'] },
      { cidr: '10.0.1.0/24', except: ['10.0.1.2/32', '10.0.1.4/31'] },
      { cidr: '0.0.0.0/0', except: ['10.0.0.0/16'] },
    ),
  }),
);

const portArb = fc.oneof(
  fc.record({ protocol: fc.constantFrom('TCP', 'UDP', 'SCTP') }, { requiredKeys: [] }),
  fc.record(
    { protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'), port: fc.constantFrom(53, 80, 81) },
    { requiredKeys: ['port'] },
  ),
  fc
    .record({
      protocol: fc.constantFrom('TCP', 'UDP'),
      port: fc.constantFrom(53, 80),
      width: fc.integer({ min: 0, max: 30 }),
    })
    .map(({ protocol, port, width }) => ({ protocol, port, endPort: port + width })),
  fc.record(
    { protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'), port: fc.constantFrom('http', 'dns', 'alt', 'none') },
    { requiredKeys: ['port'] },
  ),
);

const ruleArb = (peersKey: 'from' | 'to') =>
  fc.record(
    { [peersKey]: fc.array(peerArb, { maxLength: 2 }), ports: fc.array(portArb, { maxLength: 2 }) },
    { requiredKeys: [] },
  );

const policyArb = fc.record(
  {
    namespace: fc.constantFrom(...NAMESPACES),
    podSelector: selectorArb(POD_KEYS),
    policyTypes: fc.constantFrom(undefined, ['Ingress'], ['Egress'], ['Ingress', 'Egress']),
    ingress: fc.option(fc.array(ruleArb('from'), { maxLength: 2 }), { nil: undefined }),
    egress: fc.option(fc.array(ruleArb('to'), { maxLength: 2 }), { nil: undefined }),
  },
  { requiredKeys: ['namespace', 'podSelector'] },
);

const podArb = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  labels: labelsArb(POD_KEYS),
  ports: fc.subarray(NAMED_PORTS),
  hasIp: fc.boolean(),
});

const clusterArb = fc.record({
  namespaceLabels: fc.tuple(
    labelsArb({ team: ['a', 'b'] }),
    labelsArb({ team: ['a', 'b'] }),
    labelsArb({ team: ['a', 'b'] }),
  ),
  pods: fc.array(podArb, { minLength: 1, maxLength: 6 }),
  policies: fc.array(policyArb, { maxLength: 4 }),
});

describe('engine vs naive reference', () => {
  it('agrees on every pod pair and probe port for random clusters and policies', () => {
    fc.assert(
      fc.property(clusterArb, (cluster) => {
        const docs: unknown[] = [];
        NAMESPACES.forEach((name, i) => {
          docs.push({
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name, labels: cluster.namespaceLabels[i] },
          });
        });
        const refPods: RefPod[] = cluster.pods.map((p, i) => {
          const name = `p${i}`;
          const ip = p.hasIp ? `10.0.${i % 3}.${i}` : undefined;
          docs.push({
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name, namespace: p.namespace, labels: p.labels },
            spec: {
              containers: [
                {
                  name: 'c',
                  ports: p.ports.map((n) => ({ name: n.name, containerPort: n.port, protocol: n.protocol })),
                },
              ],
            },
            ...(ip ? { status: { podIP: ip } } : {}),
          });
          const nsIndex = NAMESPACES.indexOf(p.namespace);
          return {
            namespace: p.namespace,
            name,
            labels: p.labels,
            namespaceLabels: {
              ...cluster.namespaceLabels[nsIndex],
              'kubernetes.io/metadata.name': p.namespace,
            },
            ...(ip ? { ip } : {}),
            ports: p.ports,
          };
        });
        const policies = cluster.policies.map((p, i) => ({
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: `pol${i}`, namespace: p.namespace },
          spec: {
            podSelector: p.podSelector,
            ...(p.policyTypes ? { policyTypes: p.policyTypes } : {}),
            ...(p.ingress ? { ingress: p.ingress } : {}),
            ...(p.egress ? { egress: p.egress } : {}),
          },
        }));
        docs.push(...policies);
        const engine = engineOracle(documentsFromYaml(docs.map((d) => JSON.stringify(d)).join('\n---\n')));
        for (const from of refPods)
          for (const to of refPods)
            for (const [protocol, port] of PROBES) {
              const expected = referenceAllowed(policies, from, to, protocol, port);
              const got = engine(
                `${from.namespace}/${from.name}`,
                `${to.namespace}/${to.name}`,
                protocol,
                port,
              );
              expect(
                got,
                `${from.namespace}/${from.name} → ${to.namespace}/${to.name} ${protocol}/${port}`,
              ).toBe(expected);
            }
      }),
      { numRuns: 300 },
    );
  });
});
