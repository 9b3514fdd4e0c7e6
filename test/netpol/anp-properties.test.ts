// Property: on random AdminNetworkPolicies, a BaselineAdminNetworkPolicy and NetworkPolicies isolating ingress or
// egress over the upstream conformance model (and the same as ClusterNetworkPolicies, whose Baseline tier may
// hold several policies and Pass), the engine (`netpol check` and the pod matrix) answers what a naive reference
// evaluator says. The reference is written from the API text, pair by pair, and shares no code with the engine:
// each tier's policies by priority, the first matching rule (Allow and Deny final, Pass leaves the tier); the
// admin tier, then the NetworkPolicies that isolate the pod in that direction, then the baseline tier, then
// allowed. Host-networked pods are never subjects nor `namespaces`/`pods` peers, and `networks` match pod and
// node addresses alike.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Protocol } from '../../src/model/endpoint.js';
import { analyzeNetworkPolicies } from '../../src/netpol/analysis.js';
import { checkConnection, resolvePeer } from '../../src/netpol/check.js';
import { computeMatrix, expandMatrix, portAllowed } from '../../src/netpol/matrix.js';
import { documentsFromYaml } from '../support/documents.js';
import { MODEL_PODS, MODEL_YAML, type ModelPod, namespaceOf } from './houses-model.js';

const HOUSES = ['gryffindor', 'slytherin', 'hufflepuff', 'ravenclaw', 'hogwarts-staff', 'forbidden-forrest'];
const POD_NAMES = MODEL_PODS.map((p) => p.id.split('/')[1]!);
const PROBES: readonly [Protocol, number][] = [
  ['TCP', 80],
  ['TCP', 8080],
  ['UDP', 53],
  ['SCTP', 9003],
];
// The named ports every pod of the model declares.
const NAMED_PORTS: Readonly<Record<string, [Protocol, number]>> = { web: ['TCP', 80], dns: ['UDP', 53] };

type Peer =
  | { readonly namespaces: readonly string[] }
  | { readonly pods: readonly string[] }
  | { readonly networks: readonly string[] };
type Port =
  | { readonly protocol: Protocol; readonly first: number; readonly last: number }
  | { readonly named: string };

interface Rule {
  readonly action: 'Allow' | 'Deny' | 'Pass';
  readonly peers: readonly Peer[];
  readonly ports?: readonly Port[];
}

interface AdminPolicy {
  readonly priority: number;
  readonly subject: Peer;
  readonly ingress: readonly Rule[];
  readonly egress: readonly Rule[];
}

/** A NetworkPolicy isolating every pod of a house in one direction, allowing only the listed houses. */
interface IsolatingPolicy {
  readonly direction: 'ingress' | 'egress';
  readonly house: string;
  readonly from: readonly string[];
}

interface Scenario {
  readonly admin: readonly AdminPolicy[];
  /** At most one BaselineAdminNetworkPolicy; any number of Baseline-tier ClusterNetworkPolicies. */
  readonly baseline: readonly AdminPolicy[];
  readonly isolating: readonly IsolatingPolicy[];
}

/** The API a scenario is written in. */
type Api = 'v1alpha1' | 'v1beta1';

// ── Generators ────────────────────────────────────────────────────────────────────────────────────────────

const houses = fc.uniqueArray(fc.constantFrom(...HOUSES), { minLength: 1, maxLength: 3 });
const podNames = fc.uniqueArray(fc.constantFrom(...POD_NAMES), { minLength: 1, maxLength: 3 });
const selectorPeer: fc.Arbitrary<Peer> = fc.oneof(
  houses.map((h) => ({ namespaces: h })),
  podNames.map((p) => ({ pods: p })),
);
const networksPeer: fc.Arbitrary<Peer> = fc
  .uniqueArray(
    fc.constantFrom(
      ...MODEL_PODS.map((p) => `${p.ip}/32`),
      '10.244.0.0/16',
      '10.244.2.0/24',
      '172.18.0.0/16',
      '0.0.0.0/0',
    ),
    { minLength: 1, maxLength: 2 },
  )
  .map((networks) => ({ networks }));
const numberedPort: fc.Arbitrary<Port> = fc.constantFrom<Port>(
  { protocol: 'TCP', first: 80, last: 80 },
  { protocol: 'TCP', first: 8080, last: 8080 },
  { protocol: 'UDP', first: 53, last: 53 },
  { protocol: 'TCP', first: 79, last: 8080 },
  { protocol: 'SCTP', first: 9000, last: 9005 },
);
const anyPort: fc.Arbitrary<Port> = fc.oneof(
  numberedPort,
  fc.constantFrom<Port>({ named: 'web' }, { named: 'dns' }),
);

function ruleArb(direction: 'ingress' | 'egress', actions: readonly Rule['action'][]): fc.Arbitrary<Rule> {
  return fc.oneof(
    // Pod peers take any port; a `networks` peer has no named ports (the CRD rejects the mix).
    fc.record({
      action: fc.constantFrom(...actions),
      peers: fc.array(selectorPeer, { minLength: 1, maxLength: 2 }),
      ports: fc.option(fc.array(anyPort, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    }),
    ...(direction === 'egress'
      ? [
          fc.record({
            action: fc.constantFrom(...actions),
            peers: fc.array(networksPeer, { minLength: 1, maxLength: 1 }),
            ports: fc.option(fc.array(numberedPort, { minLength: 1, maxLength: 2 }), { nil: undefined }),
          }),
        ]
      : []),
  ) as fc.Arbitrary<Rule>;
}

function policyArb(actions: readonly Rule['action'][], priority: number): fc.Arbitrary<AdminPolicy> {
  return fc.record({
    priority: fc.constant(priority),
    subject: selectorPeer,
    ingress: fc.array(ruleArb('ingress', actions), { maxLength: 3 }),
    egress: fc.array(ruleArb('egress', actions), { maxLength: 3 }),
  });
}

// Distinct priorities within a tier: policies sharing one are ordered arbitrarily by implementations.
function tierArb(actions: readonly Rule['action'][], maxPolicies: number): fc.Arbitrary<AdminPolicy[]> {
  return fc
    .uniqueArray(fc.integer({ min: 0, max: 50 }), { maxLength: maxPolicies })
    .chain((priorities) => fc.tuple(...priorities.map((p) => policyArb(actions, p))));
}

function scenarioArb(api: Api): fc.Arbitrary<Scenario> {
  return fc.record({
    admin: tierArb(['Allow', 'Deny', 'Pass'], 3),
    // The BaselineAdminNetworkPolicy is a singleton without Pass; the Baseline tier has neither limit.
    baseline: api === 'v1alpha1' ? tierArb(['Allow', 'Deny'], 1) : tierArb(['Allow', 'Deny', 'Pass'], 2),
    isolating: fc.array(
      fc.record({
        direction: fc.constantFrom('ingress' as const, 'egress' as const),
        house: fc.constantFrom(...HOUSES),
        from: fc.uniqueArray(fc.constantFrom(...HOUSES), { maxLength: 2 }),
      }),
      { maxLength: 3 },
    ),
  });
}

// ── YAML ─────────────────────────────────────────────────────────────────────────────────────────────────

const list = (items: readonly string[]) => `[${items.join(', ')}]`;

function peerYaml(peer: Peer): string {
  if ('namespaces' in peer)
    return `{namespaces: {matchExpressions: [{key: conformance-house, operator: In, values: ${list(peer.namespaces)}}]}}`;
  if ('pods' in peer)
    return `{pods: {namespaceSelector: {}, podSelector: {matchExpressions: [{key: statefulset.kubernetes.io/pod-name, operator: In, values: ${list(peer.pods)}}]}}}`;
  return `{networks: ${list(peer.networks.map((n) => `"${n}"`))}}`;
}

function portYaml(port: Port, api: Api): string {
  if ('named' in port)
    return api === 'v1alpha1' ? `{namedPort: ${port.named}}` : `{destinationNamedPort: ${port.named}}`;
  if (api === 'v1beta1') {
    const destination =
      port.first === port.last
        ? `{number: ${port.first}}`
        : `{range: {start: ${port.first}, end: ${port.last}}}`;
    return `{${port.protocol.toLowerCase()}: {destinationPort: ${destination}}}`;
  }
  return port.first === port.last
    ? `{portNumber: {protocol: ${port.protocol}, port: ${port.first}}}`
    : `{portRange: {protocol: ${port.protocol}, start: ${port.first}, end: ${port.last}}}`;
}

function ruleYaml(rule: Rule, peersKey: 'from' | 'to', api: Api): string {
  const portsKey = api === 'v1alpha1' ? 'ports' : 'protocols';
  const ports = rule.ports ? `, ${portsKey}: ${list(rule.ports.map((p) => portYaml(p, api)))}` : '';
  const action = api === 'v1beta1' && rule.action === 'Allow' ? 'Accept' : rule.action;
  return `{action: ${action}, ${peersKey}: ${list(rule.peers.map(peerYaml))}${ports}}`;
}

function policyYaml(policy: AdminPolicy, tier: 'admin' | 'baseline', name: string, api: Api): string {
  const header =
    api === 'v1alpha1'
      ? `apiVersion: policy.networking.k8s.io/v1alpha1
kind: ${tier === 'admin' ? 'AdminNetworkPolicy' : 'BaselineAdminNetworkPolicy'}
metadata: {name: ${tier === 'admin' ? name : 'default'}}
spec:
${tier === 'admin' ? `  priority: ${policy.priority}\n` : ''}`
      : `apiVersion: policy.networking.k8s.io/v1beta1
kind: ClusterNetworkPolicy
metadata: {name: ${name}}
spec:
  tier: ${tier === 'admin' ? 'Admin' : 'Baseline'}
  priority: ${policy.priority}
`;
  return `${header}  subject: ${peerYaml(policy.subject)}
  ingress: ${list(policy.ingress.map((r) => ruleYaml(r, 'from', api)))}
  egress: ${list(policy.egress.map((r) => ruleYaml(r, 'to', api)))}`;
}

function scenarioYaml(scenario: Scenario, api: Api): string {
  return [
    ...scenario.admin.map((p, i) => policyYaml(p, 'admin', `admin-${i}`, api)),
    ...scenario.baseline.map((p, i) => policyYaml(p, 'baseline', `baseline-${i}`, api)),
    ...scenario.isolating.map(
      (np, i) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: isolate-${i}, namespace: ${namespaceOf(np.house)}}
spec:
  podSelector: {}
  policyTypes: [${np.direction === 'ingress' ? 'Ingress' : 'Egress'}]
  ${np.direction}: ${np.from.length === 0 ? '[]' : `[{${np.direction === 'ingress' ? 'from' : 'to'}: [{namespaceSelector: {matchExpressions: [{key: conformance-house, operator: In, values: ${list(np.from)}}]}}]}]`}`,
    ),
  ].join('\n---\n');
}

// ── The reference ────────────────────────────────────────────────────────────────────────────────────────

const ipValue = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipValue(ip) / size) === Math.floor(ipValue(base!) / size);
}

/** Whether a peer (or subject) selects a pod; host-networked pods are only ever selected by their address. */
function selects(peer: Peer, pod: ModelPod): boolean {
  if ('networks' in peer) return peer.networks.some((cidr) => inCidr(pod.ip, cidr));
  if (pod.hostNetwork) return false;
  if ('namespaces' in peer) return peer.namespaces.includes(pod.house);
  return peer.pods.includes(pod.id.split('/')[1]!);
}

function portMatches(rule: Rule, protocol: Protocol, port: number): boolean {
  if (!rule.ports) return true;
  return rule.ports.some((p) => {
    if ('named' in p) return NAMED_PORTS[p.named]![0] === protocol && NAMED_PORTS[p.named]![1] === port;
    return p.protocol === protocol && port >= p.first && port <= p.last;
  });
}

/** One direction: `subject` is the source (egress) or destination (ingress); `other` the far side. */
function referenceAllows(
  scenario: Scenario,
  direction: 'ingress' | 'egress',
  subject: ModelPod,
  other: ModelPod,
  protocol: Protocol,
  port: number,
): boolean {
  if (subject.hostNetwork) return true;
  const firstMatch = (policy: AdminPolicy) =>
    policy[direction].find((r) => r.peers.some((p) => selects(p, other)) && portMatches(r, protocol, port));
  // A tier: its policies selecting the subject by priority, the first matching rule; Pass leaves the tier.
  const tierDecision = (policies: readonly AdminPolicy[]): boolean | undefined => {
    for (const policy of [...policies].sort((a, b) => a.priority - b.priority)) {
      if (!selects(policy.subject, subject)) continue;
      const rule = firstMatch(policy);
      if (rule?.action === 'Allow') return true;
      if (rule?.action === 'Deny') return false;
      if (rule?.action === 'Pass') return undefined;
    }
    return undefined;
  };
  const admin = tierDecision(scenario.admin);
  if (admin !== undefined) return admin;
  // NetworkPolicy decides for the pods it isolates in this direction; the baseline only for the others.
  const isolating = scenario.isolating.filter(
    (np) => np.direction === direction && np.house === subject.house,
  );
  if (isolating.length > 0)
    return isolating.some((np) => !other.hostNetwork && np.from.includes(other.house));
  return tierDecision(scenario.baseline) ?? true;
}

// ── The property ─────────────────────────────────────────────────────────────────────────────────────────

describe('AdminNetworkPolicy engine against a naive reference', () => {
  it.each([
    ['AdminNetworkPolicy and BaselineAdminNetworkPolicy', 'v1alpha1'],
    ['ClusterNetworkPolicy Admin and Baseline tiers', 'v1beta1'],
  ] as const)(
    '%s: agrees on every ordered pair of pods and probe port, in netpol check and the pod matrix',
    (_, api) => {
      fc.assert(
        fc.property(scenarioArb(api), (scenario) => {
          const yaml = scenarioYaml(scenario, api);
          const analysis = analyzeNetworkPolicies([
            ...documentsFromYaml(MODEL_YAML, 'model.yaml'),
            ...(yaml ? documentsFromYaml(yaml, 'policies.yaml') : []),
          ]);
          const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
          expect(errors.map((d) => d.message)).toEqual([]);
          const view = expandMatrix(
            computeMatrix(analysis.model, analysis.inventory, analysis.hostPeers),
            'pod',
          );
          const matrix = new Map(view.connections.map((c) => [`${c.from}|${c.to}`, c.allowed]));
          const resolve = (pod: ModelPod) => {
            const resolved = resolvePeer(pod.id, analysis.inventory, analysis.hostPeers);
            if ('error' in resolved) throw new Error(resolved.error);
            return resolved;
          };
          const disagreements: string[] = [];
          for (const from of MODEL_PODS)
            for (const to of MODEL_PODS) {
              if (from === to) continue;
              for (const [protocol, port] of PROBES) {
                const expected =
                  referenceAllows(scenario, 'egress', from, to, protocol, port) &&
                  referenceAllows(scenario, 'ingress', to, from, protocol, port);
                const checked = checkConnection(
                  analysis.model,
                  resolve(from),
                  resolve(to),
                  protocol,
                  port,
                ).allowed;
                const inMatrix = portAllowed(matrix.get(`${from.id}|${to.id}`) ?? [], protocol, port);
                if (checked !== expected || inMatrix !== expected)
                  disagreements.push(
                    `${from.id} → ${to.id} ${protocol}/${port}: reference ${expected}, check ${checked}, matrix ${inMatrix}`,
                  );
              }
            }
          expect(disagreements, yaml).toEqual([]);
        }),
        { numRuns: 100 },
      );
    },
  );
});
