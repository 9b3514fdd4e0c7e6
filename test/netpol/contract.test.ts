// The public JSON contracts of `netpol matrix` and `netpol check` (design.md, "Public JSON contracts"), sentence
// by sentence, through the built CLI as a script would call it. Each test names the sentence it pins.
import { describe, expect, it } from 'vitest';
import { runBuiltCli } from '../support/run-cli.js';

/** A pod of namespace `shop`, with its controller owner when it has one. */
function pod(name: string, app: string, owner?: string, extra = ''): string {
  const [kind, ownerName] = owner?.split('/') ?? [];
  const ownerReferences = owner
    ? `\n  ownerReferences: [{apiVersion: v1, kind: ${kind}, name: ${ownerName}, controller: true, uid: u}]`
    : '';
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: shop
  labels: {app: ${app}}${ownerReferences}
spec: {containers: [{name: c, image: i}]}${extra}`;
}

/** A workload of namespace `shop` with a pod template labelled `app`, and its controller owner when it has one. */
function workload(apiVersion: string, kind: string, name: string, app: string, owner?: string): string {
  const [ownerKind, ownerName] = owner?.split('/') ?? [];
  const ownerReferences = owner
    ? `, ownerReferences: [{apiVersion: v1, kind: ${ownerKind}, name: ${ownerName}, controller: true, uid: u}]`
    : '';
  const template = `{metadata: {labels: {app: ${app}}}, spec: {containers: [{name: c, image: i}]}}`;
  const spec =
    kind === 'CronJob' ? `{jobTemplate: {spec: {template: ${template}}}}` : `{template: ${template}}`;
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: ${name}, namespace: shop${ownerReferences}}\nspec: ${spec}`;
}

// One namespace with a pod under every kind of owner: a ReplicaSet whose Deployment is in the inputs, one whose
// Deployment is not, two that are not themselves in the inputs (one named for a Deployment that is), a
// StatefulSet, a DaemonSet, a Job beside its CronJob, and a ReplicationController; and a pod without an owner.
// db admits only api, at 5432; web may reach 203.0.113.0/24 and the pods of its namespace only.
const SHOP = [
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}',
  workload('apps/v1', 'Deployment', 'web', 'web'),
  workload('apps/v1', 'ReplicaSet', 'web-5d8f', 'web', 'Deployment/web'),
  pod('web-5d8f-abc', 'web', 'ReplicaSet/web-5d8f', '\nstatus: {podIP: 10.0.0.5}'),
  workload('apps/v1', 'ReplicaSet', 'canary-1', 'canary', 'Deployment/canary'),
  pod('canary-1-q', 'canary', 'ReplicaSet/canary-1'),
  pod('api-7c9-xyz', 'api', 'ReplicaSet/api-7c9', '\nstatus: {podIP: 10.0.0.6}'),
  workload('apps/v1', 'Deployment', 'cart', 'cart'),
  // Its ReplicaSet is not in the inputs, but is named for its Deployment and the pod's template hash.
  pod('cart-66b-zz', 'cart', 'ReplicaSet/cart-66b').replace(
    'labels: {app: cart}',
    'labels: {app: cart, pod-template-hash: 66b}',
  ),
  pod(
    'db-0',
    'db',
    'StatefulSet/db',
    '\nstatus: {podIP: 10.0.0.7, podIPs: [{ip: 10.0.0.7}, {ip: "fd00::7"}]}',
  ),
  pod('logs-x1', 'logs', 'DaemonSet/logs'),
  workload('batch/v1', 'CronJob', 'report', 'report'),
  workload('batch/v1', 'Job', 'report-29000000', 'report', 'CronJob/report'),
  pod('report-29000000-x1', 'report', 'Job/report-29000000'),
  pod('legacy-abc', 'legacy', 'ReplicationController/legacy'),
  pod('debug', 'debug', undefined, '\nstatus: {podIP: 10.0.0.8}'),
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress: [{from: [{podSelector: {matchLabels: {app: api}}}], ports: [{port: 5432}]}]`,
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress: [{to: [{ipBlock: {cidr: 203.0.113.0/24}}]}, {to: [{podSelector: {}}]}]`,
].join('\n---\n');

/** A pod on its node's network, whose pod IP is the node's. */
const HOST_NETWORKED_AGENT = `apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: shop, labels: {app: agent}}
spec: {hostNetwork: true, nodeName: node-1, containers: [{name: c, image: i}]}
status: {podIP: 10.224.0.4}`;

// Under Cilium: a host-networked agent, a pod that admits only the host entity, and a pod that may reach one
// DNS name (through the DNS proxy, which `toFQDNs` needs).
const CILIUM = [
  HOST_NETWORKED_AGENT,
  pod('debug', 'debug'),
  pod('web', 'web'),
  `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: from-host, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: debug}}
  ingress: [{fromEntities: [host]}]`,
  `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: to-api, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: web}}
  egress:
    - toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, "k8s:k8s-app": kube-dns}}]
      toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]
    - toFQDNs: [{matchName: api.example.com}]
      toPorts: [{ports: [{port: "443", protocol: TCP}]}]`,
].join('\n---\n');

// Under Kubernetes NetworkPolicy: a host-networked agent and a pod, a policy isolating every pod of the namespace
// both ways, and one admitting into debug the namespace's pods at 80 and the nodes' addresses at 8080.
const HOST_NETWORK = [
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}',
  HOST_NETWORKED_AGENT,
  pod('debug', 'debug'),
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}`,
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: debug-from-pods-and-nodes, namespace: shop}
spec:
  podSelector: {matchLabels: {app: debug}}
  ingress:
    - {from: [{podSelector: {}}], ports: [{port: 80}]}
    - {from: [{ipBlock: {cidr: 10.224.0.0/16}}], ports: [{port: 8080}]}`,
].join('\n---\n');

// A Calico HostEndpoint with its expected address, and a pod.
const HOST_ENDPOINT = [
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}',
  pod('debug', 'debug'),
  `apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: {name: node-2-eth0, labels: {role: node}}
spec: {node: node-2, interfaceName: eth0, expectedIPs: [10.224.0.10]}`,
].join('\n---\n');

interface MatrixEndpoint {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
}
interface Matrix {
  readonly granularity: string;
  readonly endpoints: readonly MatrixEndpoint[];
  readonly connections: readonly { from: string; to: string; allowed: unknown }[];
  readonly [key: string]: unknown;
}
interface Side {
  readonly decision: string;
  readonly trace: readonly unknown[];
}
interface Check {
  readonly allowed: boolean;
  readonly egress: Side;
  readonly ingress: Side;
  readonly [key: string]: unknown;
}

function cliJson(stdin: string, args: readonly string[]): unknown {
  const run = runBuiltCli([...args, '-', '--format', 'json', '-q'], { stdin });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

const matrix = (stdin: string, granularity: string, port?: string): Matrix =>
  cliJson(stdin, [
    'netpol',
    'matrix',
    '--granularity',
    granularity,
    ...(port ? ['--port', port] : []),
  ]) as Matrix;

const check = (stdin: string, from: string, to: string, port: string): Check =>
  cliJson(stdin, ['netpol', 'check', '--from', from, '--to', to, '--port', port]) as Check;

/** What a check decided, without the trace. */
const decisions = (c: Check) => ({
  allowed: c.allowed,
  egress: c.egress.decision,
  ingress: c.ingress.decision,
});

const GRANULARITIES = ['pod', 'workload', 'namespace'] as const;

describe('netpol matrix --format json: the public contract', () => {
  it.each(GRANULARITIES.flatMap((g) => [[g, '5432/TCP'] as const, [g, undefined] as const]))(
    'at %s granularity (--port %s) is {schemaVersion, granularity, endpoints: [{id, namespace, name, kind}], connections}',
    (granularity, port) => {
      const json = matrix(SHOP, granularity, port);
      expect(Object.keys(json)).toEqual(['schemaVersion', 'granularity', 'endpoints', 'connections']);
      expect(json.schemaVersion).toBe(1);
      expect(json.granularity).toBe(granularity);
      for (const endpoint of json.endpoints)
        expect(Object.keys(endpoint)).toEqual(['id', 'namespace', 'name', 'kind']);
    },
  );

  it('ids: a pod is ns/name, of kind Pod; an external peer is its CIDR, of kind External with namespace ""', () => {
    expect(matrix(SHOP, 'pod').endpoints).toEqual([
      // A workload with no pod in the inputs stands in with its pod template, as the workload it is.
      { id: 'shop/CronJob/report', namespace: 'shop', name: 'report', kind: 'CronJob' },
      ...[
        'api-7c9-xyz',
        'canary-1-q',
        'cart-66b-zz',
        'db-0',
        'debug',
        'legacy-abc',
        'logs-x1',
        'report-29000000-x1',
        'web-5d8f-abc',
      ].map((name) => ({ id: `shop/${name}`, namespace: 'shop', name, kind: 'Pod' })),
      { id: '203.0.113.0/24', namespace: '', name: '203.0.113.0/24', kind: 'External' },
    ]);
  });

  it('ids: an external peer named by an FQDN is that name (as `fqdn:NAME`, which netpol check takes), of kind External', () => {
    expect(matrix(CILIUM, 'pod').endpoints).toContainEqual({
      id: 'fqdn:api.example.com',
      namespace: '',
      name: 'api.example.com',
      kind: 'External',
    });
  });

  it('ids: a workload is ns/Kind/name of its kind, for each of Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob and ReplicationController', () => {
    const endpoints = matrix(SHOP, 'workload').endpoints.filter(
      (e) => e.kind !== 'Pod' && e.kind !== 'External',
    );
    for (const e of endpoints) expect(e.id).toBe(`${e.namespace}/${e.kind}/${e.name}`);
    expect(new Set(endpoints.map((e) => e.kind))).toEqual(
      new Set([
        'Deployment',
        'ReplicaSet',
        'StatefulSet',
        'DaemonSet',
        'Job',
        'CronJob',
        'ReplicationController',
      ]),
    );
  });

  it('ids: a namespace is ns, of kind Namespace', () => {
    expect(matrix(SHOP, 'namespace').endpoints).toEqual([
      { id: 'shop', namespace: 'shop', name: 'shop', kind: 'Namespace' },
      { id: '203.0.113.0/24', namespace: '', name: '203.0.113.0/24', kind: 'External' },
    ]);
  });

  it('at workload granularity a Pod with an owner reference belongs to that owner as named there: its ReplicaSet, unless the ReplicaSet’s own Deployment owner is in the inputs; a Pod without one is its own workload', () => {
    expect(matrix(SHOP, 'workload').endpoints.map((e) => e.id)).toEqual([
      'shop/CronJob/report', // the CronJob's own template: no pod of it is in the inputs
      'shop/DaemonSet/logs',
      'shop/Deployment/cart', // cart-66b, not in the inputs, is its ReplicaSet by name and pod-template-hash
      'shop/Deployment/web', // web-5d8f's Deployment is in the inputs
      'shop/Job/report-29000000', // as named, though its CronJob is in the inputs
      'shop/ReplicaSet/api-7c9', // not in the inputs itself
      'shop/ReplicaSet/canary-1', // its Deployment is not in the inputs
      'shop/ReplicationController/legacy',
      'shop/StatefulSet/db',
      'shop/debug', // no owner: its own workload, a Pod
      '203.0.113.0/24',
    ]);
  });

  it.each(GRANULARITIES)(
    'with --port, at %s granularity, connections lists every ordered pair of endpoints, self included, as {from, to, allowed: true|false}',
    (granularity) => {
      const json = matrix(SHOP, granularity, '5432/TCP');
      const ids = json.endpoints.map((e) => e.id);
      const pairs = json.connections.map((c) => `${c.from} → ${c.to}`);
      expect(new Set(pairs)).toEqual(new Set(ids.flatMap((from) => ids.map((to) => `${from} → ${to}`))));
      expect(pairs).toHaveLength(ids.length ** 2);
      for (const c of json.connections) {
        expect(Object.keys(c)).toEqual(['from', 'to', 'allowed']);
        expect(typeof c.allowed).toBe('boolean');
      }
    },
  );

  it.each(GRANULARITIES)(
    'without --port, at %s granularity, each entry is {from, to, allowed: [{protocol, ports: [[first, last], …]}]}, for the pairs with anything allowed',
    (granularity) => {
      const json = matrix(SHOP, granularity);
      for (const c of json.connections) {
        expect(Object.keys(c)).toEqual(['from', 'to', 'allowed']);
        const allowed = c.allowed as { protocol: string; ports: [number, number][] }[];
        expect(allowed.length).toBeGreaterThan(0);
        for (const entry of allowed) {
          expect(Object.keys(entry)).toEqual(['protocol', 'ports']);
          expect(['TCP', 'UDP', 'SCTP']).toContain(entry.protocol);
          expect(entry.ports.length).toBeGreaterThan(0);
          for (const [first, last] of entry.ports) expect(first).toBeLessThanOrEqual(last);
        }
      }
      // Each pair allowed at some port is listed, and only those: the same pairs as the one-port matrices say.
      const listed = new Set(json.connections.map((c) => `${c.from} → ${c.to}`));
      for (const port of ['5432/TCP', '443/TCP', '53/UDP']) {
        for (const c of matrix(SHOP, granularity, port).connections) {
          if (c.allowed) expect(listed).toContain(`${c.from} → ${c.to}`);
        }
      }
    },
  );

  it('without --port, the ranges are what is allowed: only api reaches db, at TCP 5432; debug reaches it not at all', () => {
    const json = matrix(SHOP, 'pod');
    const toDb = json.connections.filter((c) => c.to === 'shop/db-0' && c.from !== 'shop/db-0');
    expect(toDb).toEqual([
      { from: 'shop/api-7c9-xyz', to: 'shop/db-0', allowed: [{ protocol: 'TCP', ports: [[5432, 5432]] }] },
    ]);
  });
});

describe('netpol check --format json: the public contract', () => {
  it('is {schemaVersion, allowed, egress: {decision, trace: [...]}, ingress: {decision, trace: [...]}}', () => {
    const json = check(SHOP, 'shop/api-7c9-xyz', 'shop/db-0', '5432/TCP');
    expect(json).toMatchObject({ schemaVersion: 1, allowed: true });
    for (const side of [json.egress, json.ingress]) {
      expect(Object.keys(side)).toEqual(['decision', 'trace']);
      expect(Array.isArray(side.trace)).toBe(true);
      expect(side.trace.length).toBeGreaterThan(0);
    }
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining(['schemaVersion', 'allowed', 'egress', 'ingress']),
    );
  });

  it('--from/--to take a pod id (ns/name) and a workload id (ns/Kind/name), alike', () => {
    const allowed = { allowed: true, egress: 'allow', ingress: 'allow' };
    const denied = { allowed: false, egress: 'allow', ingress: 'deny' };
    expect(decisions(check(SHOP, 'shop/api-7c9-xyz', 'shop/db-0', '5432/TCP'))).toEqual(allowed);
    expect(decisions(check(SHOP, 'shop/ReplicaSet/api-7c9', 'shop/StatefulSet/db', '5432/TCP'))).toEqual(
      allowed,
    );
    expect(decisions(check(SHOP, 'shop/debug', 'shop/db-0', '5432/TCP'))).toEqual(denied);
    expect(decisions(check(SHOP, 'shop/debug', 'shop/StatefulSet/db', '5432/TCP'))).toEqual(denied);
    // A workload none of whose pods is in the inputs is its pod template.
    expect(decisions(check(SHOP, 'shop/CronJob/report', 'shop/StatefulSet/db', '5432/TCP'))).toEqual(denied);
  });

  it('an IP that belongs to a pod (status.podIP or any of status.podIPs) is that pod', () => {
    const byId = decisions(check(SHOP, 'shop/api-7c9-xyz', 'shop/db-0', '5432/TCP'));
    expect(decisions(check(SHOP, '10.0.0.6', '10.0.0.7', '5432/TCP'))).toEqual(byId);
    expect(decisions(check(SHOP, '10.0.0.8', 'fd00::7', '5432/TCP'))).toEqual(
      decisions(check(SHOP, 'shop/debug', 'shop/db-0', '5432/TCP')),
    );
  });

  it('an IP that belongs to a Calico HostEndpoint (its expectedIPs) is that endpoint; any other is outside the cluster', () => {
    // A host endpoint no policy applies to denies (Calico's default for host endpoints); an outside address is
    // no endpoint any policy engine runs on.
    expect(decisions(check(HOST_ENDPOINT, '10.224.0.10', 'shop/debug', '80/TCP')).egress).toBe('deny');
    expect(decisions(check(HOST_ENDPOINT, '10.224.0.11', 'shop/debug', '80/TCP')).egress).toBe(
      'not-evaluated',
    );
  });

  it('any other IP is outside the cluster and is matched by CIDR rules; its side is not-evaluated', () => {
    expect(decisions(check(SHOP, 'shop/web-5d8f-abc', '203.0.113.9', '443/TCP'))).toEqual({
      allowed: true,
      egress: 'allow',
      ingress: 'not-evaluated',
    });
    expect(decisions(check(SHOP, 'shop/web-5d8f-abc', '198.51.100.1', '443/TCP'))).toEqual({
      allowed: false,
      egress: 'deny',
      ingress: 'not-evaluated',
    });
    expect(decisions(check(SHOP, '198.51.100.1', 'shop/debug', '443/TCP'))).toEqual({
      allowed: true,
      egress: 'not-evaluated',
      ingress: 'allow',
    });
  });

  it('--from/--to take fqdn:NAME, an endpoint outside the cluster', () => {
    expect(decisions(check(CILIUM, 'shop/web', 'fqdn:api.example.com', '443/TCP'))).toEqual({
      allowed: true,
      egress: 'allow',
      ingress: 'not-evaluated',
    });
    expect(decisions(check(CILIUM, 'shop/web', 'fqdn:other.example.com', '443/TCP'))).toEqual({
      allowed: false,
      egress: 'deny',
      ingress: 'not-evaluated',
    });
  });

  it("a pod with hostNetwork: true is its node: Cilium's host entity, by id or by its IP", () => {
    const fromHost = { allowed: true, egress: 'allow', ingress: 'allow' };
    expect(decisions(check(CILIUM, 'shop/agent', 'shop/debug', '80/TCP'))).toEqual(fromHost);
    expect(decisions(check(CILIUM, '10.224.0.4', 'shop/debug', '80/TCP'))).toEqual(fromHost);
    expect(decisions(check(CILIUM, 'shop/web', 'shop/debug', '80/TCP')).ingress).toBe('deny');
  });

  it('a pod with hostNetwork: true is not subject to Kubernetes NetworkPolicy', () => {
    // deny-all isolates every pod of the namespace both ways, but not the host-networked agent.
    expect(decisions(check(HOST_NETWORK, 'shop/agent', '198.51.100.1', '443/TCP')).egress).toBe('allow');
    expect(decisions(check(HOST_NETWORK, '198.51.100.1', 'shop/agent', '443/TCP')).ingress).toBe('allow');
    expect(decisions(check(HOST_NETWORK, 'shop/debug', '198.51.100.1', '443/TCP')).egress).toBe('deny');
    expect(decisions(check(HOST_NETWORK, '198.51.100.1', 'shop/debug', '443/TCP')).ingress).toBe('deny');
  });

  it('a pod with hostNetwork: true is its node under Kubernetes NetworkPolicy too: no pod selector matches it, its address does', () => {
    expect(decisions(check(HOST_NETWORK, 'shop/agent', 'shop/debug', '80/TCP')).ingress).toBe('deny');
    expect(decisions(check(HOST_NETWORK, 'shop/agent', 'shop/debug', '8080/TCP')).ingress).toBe('allow');
    expect(decisions(check(HOST_NETWORK, '10.224.0.4', 'shop/debug', '8080/TCP'))).toEqual({
      allowed: true,
      egress: 'allow',
      ingress: 'allow',
    });
  });
});
