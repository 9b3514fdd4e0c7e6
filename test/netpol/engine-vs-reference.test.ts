// Property: on random clusters and random valid NetworkPolicies, the engine (IR, classes, port atoms, bitsets)
// answers every pod pair and port exactly as the naive reference evaluator does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Protocol } from '../../src/model/endpoint.js';
import { analyzeNetworkPolicies } from '../../src/netpol/analysis.js';
import { computeMatrix, expandMatrix, portAllowed } from '../../src/netpol/matrix.js';
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
    policyTypes: fc.constantFrom(undefined, [], ['Ingress'], ['Egress'], ['Ingress', 'Egress']),
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

type Cluster = typeof clusterArb extends fc.Arbitrary<infer T> ? T : never;

/** The cluster as manifests for the engine, and as pods and raw policies for the reference. */
function materialize(cluster: Cluster) {
  const docs: unknown[] = NAMESPACES.map((name, i) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: cluster.namespaceLabels[i] },
  }));
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
    return {
      namespace: p.namespace,
      name,
      labels: p.labels,
      namespaceLabels: {
        ...cluster.namespaceLabels[NAMESPACES.indexOf(p.namespace)],
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
  const documents = documentsFromYaml(docs.map((d) => JSON.stringify(d)).join('\n---\n'));
  return { documents, refPods, policies };
}

describe('engine vs naive reference', () => {
  it('agrees on every pod pair and probe port for random clusters and policies', () => {
    fc.assert(
      fc.property(clusterArb, (cluster) => {
        const { documents, refPods, policies } = materialize(cluster);
        const engine = engineOracle(documents);
        for (const from of refPods)
          for (const to of refPods)
            for (const [protocol, port] of PROBES) {
              const id = (p: RefPod) => `${p.namespace}/${p.name}`;
              expect(
                engine(id(from), id(to), protocol, port),
                `${id(from)} → ${id(to)} ${protocol}/${port}`,
              ).toBe(referenceAllowed(policies, from, to, protocol, port));
            }
      }),
      { numRuns: 300 },
    );
  });

  it('at namespace granularity, allows a port exactly when some pair of distinct pods does', () => {
    fc.assert(
      fc.property(clusterArb, (cluster) => {
        const { documents, refPods, policies } = materialize(cluster);
        const analysis = analyzeNetworkPolicies(documents);
        const view = expandMatrix(computeMatrix(analysis.model, analysis.inventory), 'namespace');
        const namespaces = new Set(view.endpoints.filter((e) => e.kind === 'Namespace').map((e) => e.id));
        for (const c of view.connections.filter((c) => namespaces.has(c.from) && namespaces.has(c.to)))
          for (const [protocol, port] of PROBES) {
            const expected = refPods.some(
              (from) =>
                from.namespace === c.from &&
                refPods.some(
                  (to) =>
                    to !== from &&
                    to.namespace === c.to &&
                    referenceAllowed(policies, from, to, protocol, port),
                ),
            );
            expect(portAllowed(c.allowed, protocol, port), `${c.from} → ${c.to} ${protocol}/${port}`).toBe(
              expected,
            );
          }
      }),
      { numRuns: 150 },
    );
  });
});
