import { describe, expect, it } from 'vitest';
import { documentsFromYaml } from '../../test/support/documents.js';
import { analyzeNetworkPolicies } from './analysis.js';
import type { LabelTest, Selector } from './ir.js';
import {
  canMatch,
  denyingPolicies,
  kubeDnsPeers,
  matchesInternet,
  namesNamespaces,
  namespacePart,
  namespacesAdmitted,
  PROBE_NAMESPACE,
  probePeer,
  ruleActivity,
  sameAnswers,
  withoutParts,
  withProbes,
} from './lint-queries.js';
import { computeMatrix, matrixFrame } from './matrix.js';
import { externalCidrPeer } from './peers.js';

const label = (test: LabelTest, scope: 'endpoint' | 'namespace' = 'endpoint'): Selector => ({
  type: 'label',
  scope,
  test,
});
const and = (...of: Selector[]): Selector => ({ type: 'and', of });
const or = (...of: Selector[]): Selector => ({ type: 'or', of });
const not = (of: Selector): Selector => ({ type: 'not', of });

describe('canMatch', () => {
  it.each<[string, Selector, boolean]>([
    ['any', { type: 'any' }, true],
    ['none', { type: 'none' }, false],
    [
      'In and NotIn the same value',
      and(label({ op: 'in', key: 'app', values: ['a'] }), label({ op: 'notIn', key: 'app', values: ['a'] })),
      false,
    ],
    [
      'In and NotIn other values',
      and(
        label({ op: 'in', key: 'app', values: ['a', 'b'] }),
        label({ op: 'notIn', key: 'app', values: ['a'] }),
      ),
      true,
    ],
    [
      'two values at once',
      and(
        label({ op: 'in', key: 'role', values: ['admin'] }),
        label({ op: 'in', key: 'role', values: ['ops'] }),
      ),
      false,
    ],
    [
      'In and DoesNotExist',
      and(label({ op: 'in', key: 'app', values: ['a'] }), label({ op: 'absent', key: 'app' })),
      false,
    ],
    ['has and !has', and(label({ op: 'exists', key: 'x' }), not(label({ op: 'exists', key: 'x' }))), false],
    [
      'NotIn and DoesNotExist',
      and(label({ op: 'notIn', key: 'app', values: ['a'] }), label({ op: 'absent', key: 'app' })),
      true,
    ],
    [
      'same key in different scopes',
      and(label({ op: 'in', key: 'team', values: ['a'] }), label({ op: 'absent', key: 'team' }, 'namespace')),
      true,
    ],
    [
      'an or with one satisfiable branch',
      or(
        and(label({ op: 'exists', key: 'x' }), label({ op: 'absent', key: 'x' })),
        label({ op: 'exists', key: 'y' }),
      ),
      true,
    ],
    [
      'negated or (De Morgan)',
      and(
        not(or(label({ op: 'exists', key: 'x' }), label({ op: 'exists', key: 'y' }))),
        label({ op: 'exists', key: 'x' }),
      ),
      false,
    ],
    [
      'startsWith with a value it does not start with',
      and(
        label({ op: 'startsWith', key: 'app', value: 'web' }),
        label({ op: 'in', key: 'app', values: ['api'] }),
      ),
      false,
    ],
    [
      'compatible string tests',
      and(
        label({ op: 'startsWith', key: 'app', value: 'web' }),
        label({ op: 'endsWith', key: 'app', value: '-v2' }),
      ),
      true,
    ],
    [
      'two namespaces at once',
      and({ type: 'namespace', names: ['a'] }, { type: 'namespace', names: ['b'] }),
      false,
    ],
    [
      'pod and external at once',
      and({ type: 'kind', kinds: ['pod'] }, { type: 'kind', kinds: ['external'] }),
      false,
    ],
    [
      'an entity and its negation',
      and({ type: 'entity', entity: 'world' }, not({ type: 'entity', entity: 'world' })),
      false,
    ],
  ])('%s', (_name, selector, expected) => {
    expect(canMatch(selector)).toBe(expected);
  });
});

const MODEL = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: shop}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: web, image: web}]}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop, labels: {app: api}}
spec: {containers: [{name: api, image: api, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: web}}}]
    - from: [{podSelector: {matchLabels: {app: web}}}]
      ports: [{port: 8080}]
`;

function analysed(yaml: string) {
  const analysis = analyzeNetworkPolicies(documentsFromYaml(yaml));
  const inventory = withProbes(analysis.inventory);
  const frame = matrixFrame(analysis.model, inventory);
  return {
    ...analysis,
    probed: inventory,
    frame,
    matrix: computeMatrix(analysis.model, inventory, [], { frame }),
  };
}

describe('probes', () => {
  it('adds a pod without labels to every namespace and to one created later', () => {
    const { probed } = analysed(MODEL);
    expect(probed.endpoints.map((e) => e.id)).toEqual([
      `${PROBE_NAMESPACE}/(new pod)`,
      'shop/(new pod)',
      'shop/api',
      'shop/web',
    ]);
  });

  it('tells which namespaces a namespace test admits', () => {
    const { inventory } = analysed(MODEL);
    const peer = and(
      { type: 'kind', kinds: ['pod'] },
      { type: 'namespace' },
      label({ op: 'in', key: 'team', values: ['shop'] }, 'namespace'),
      label({ op: 'in', key: 'app', values: ['x'] }),
    );
    const part = namespacePart(peer);
    expect(part).toBeDefined();
    expect(namespacesAdmitted(part!, inventory)).toEqual(['shop']);
    expect(namespacePart(label({ op: 'in', key: 'app', values: ['x'] }))).toBeUndefined();
    expect(namesNamespaces(part!)).toBe(false);
    expect(
      namesNamespaces(
        label({ op: 'in', key: 'kubernetes.io/metadata.name', values: ['kube-system'] }, 'namespace'),
      ),
    ).toBe(true);
  });

  it('knows the internet from a public block with private ranges excepted', () => {
    const yaml = `${MODEL}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]
    - to: [{ipBlock: {cidr: 0.0.0.0/0}}]
`;
    const { model, frame } = analysed(yaml);
    const [excepted, whole] = model.tiers[0]!.policies.find((p) => p.origin.name === 'egress')!.rules;
    expect(matchesInternet(excepted!.peer, frame.peers)).toBe(false);
    expect(matchesInternet(whole!.peer, frame.peers)).toBe(true);
  });
});

describe('ruleActivity', () => {
  it('says which rules decide and which are preempted by an earlier allow', () => {
    const { model, matrix } = analysed(MODEL);
    const api = model.tiers[0]!.policies.find((p) => p.origin.name === 'api')!;
    const [broad, narrow] = api.rules;
    const activity = ruleActivity(model, matrix);
    expect(activity.get(broad!)).toMatchObject({ matched: true, decided: true });
    expect(activity.get(narrow!)).toMatchObject({ matched: true, decided: false });
    expect(activity.get(narrow!)!.preemptedBy.map((d) => d.rule)).toEqual([broad]);
  });
});

describe('sameAnswers', () => {
  it('finds a rule covered by another redundant, and a default deny not', () => {
    const { model, matrix, probed, frame } = analysed(MODEL);
    const policies = model.tiers[0]!.policies;
    const deny = policies.find((p) => p.origin.name === 'default-deny');
    const [broad, narrow] = policies.find((p) => p.origin.name === 'api')!.rules;
    expect(sameAnswers(matrix, withoutParts(model, { rules: new Set([narrow!]) }), probed, frame)).toBe(true);
    expect(sameAnswers(matrix, withoutParts(model, { rules: new Set([broad!]) }), probed, frame)).toBe(false);
    // web and the new pods are isolated by the default deny alone.
    expect(sameAnswers(matrix, withoutParts(model, { policies: new Set([deny!]) }), probed, frame)).toBe(
      false,
    );
  });
});

describe('kube-dns and blame', () => {
  it('assumes a kube-dns pod when the inputs have none, and blames the isolating policy', () => {
    const { model, inventory } = analysed(MODEL);
    const dns = kubeDnsPeers(inventory);
    expect(dns.assumed).toBe(true);
    expect(dns.peers.map((p) => [p.id, p.labels])).toEqual([
      ['kube-system/kube-dns', { 'k8s-app': 'kube-dns' }],
    ]);
    const web = probePeer(inventory, 'shop');
    const blamed = denyingPolicies(model, 'egress', web, dns.peers[0]!, {
      protocol: 'UDP',
      first: 53,
      last: 53,
    });
    // The default deny isolates ingress only: DNS egress is open.
    expect(blamed).toEqual([]);
    expect(
      denyingPolicies(model, 'ingress', web, externalCidrPeer({ family: 4, network: 0n, prefix: 0 }), {
        protocol: 'TCP',
        first: 80,
        last: 80,
      }).map((p) => p.id),
    ).toEqual(['NetworkPolicy/shop/default-deny']);
  });
});
