// A naive reference evaluator for Kubernetes NetworkPolicy, pair by pair, written straight from the API
// definitions and sharing no code with the engine (no IR, no classes, no atoms, its own CIDR and selector code).
// The property test checks that the engine agrees with it.

/** A pod as the reference sees it. */
export interface RefPod {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly namespaceLabels: Record<string, string>;
  readonly ip?: string;
  readonly ports: readonly { name: string; port: number; protocol: string }[];
}

// biome-ignore lint/suspicious/noExplicitAny: the reference reads raw policy objects as written
type Raw = any;

function selectorMatches(selector: Raw, labels: Record<string, string>): boolean {
  if (selector === undefined || selector === null) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    if (e.operator === 'In' && !(has && e.values.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && e.values.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function ipv4ToNumber(text: string): number {
  return text.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipv4ToNumber(base!) / size) * size;
  const n = ipv4ToNumber(ip);
  return n >= start && n < start + size;
}

function peerMatches(peer: Raw, policyNamespace: string, other: RefPod): boolean {
  if (peer.ipBlock) {
    if (!other.ip) return false;
    return (
      inCidr(other.ip, peer.ipBlock.cidr) &&
      !(peer.ipBlock.except ?? []).some((e: string) => inCidr(other.ip!, e))
    );
  }
  if (peer.namespaceSelector === undefined || peer.namespaceSelector === null) {
    return other.namespace === policyNamespace && selectorMatches(peer.podSelector ?? {}, other.labels);
  }
  return (
    selectorMatches(peer.namespaceSelector, other.namespaceLabels) &&
    selectorMatches(peer.podSelector ?? {}, other.labels)
  );
}

function portMatches(ports: Raw[] | undefined, destination: RefPod, protocol: string, port: number): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined || p.port === null) return true;
    if (typeof p.port === 'string')
      return destination.ports.some((c) => c.name === p.port && c.protocol === protocol && c.port === port);
    return port >= p.port && port <= (p.endPort ?? p.port);
  });
}

function policyTypes(policy: Raw): string[] {
  // The API server defaults an absent or empty list alike.
  if (policy.spec.policyTypes?.length) return policy.spec.policyTypes;
  return (policy.spec.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

function directionAllows(
  policies: Raw[],
  direction: 'Ingress' | 'Egress',
  subject: RefPod,
  other: RefPod,
  destination: RefPod,
  protocol: string,
  port: number,
): boolean {
  const selecting = policies.filter(
    (p) =>
      (p.metadata.namespace ?? 'default') === subject.namespace &&
      selectorMatches(p.spec.podSelector ?? {}, subject.labels) &&
      policyTypes(p).includes(direction),
  );
  if (selecting.length === 0) return true;
  return selecting.some((p) =>
    (direction === 'Ingress' ? (p.spec.ingress ?? []) : (p.spec.egress ?? [])).some((rule: Raw) => {
      const peers = direction === 'Ingress' ? rule.from : rule.to;
      const peerOk =
        !peers ||
        peers.length === 0 ||
        peers.some((peer: Raw) => peerMatches(peer, p.metadata.namespace ?? 'default', other));
      return peerOk && portMatches(rule.ports, destination, protocol, port);
    }),
  );
}

/** The policies as the API server stores them: one per namespace and name, a later document replacing an earlier. */
function storedPolicies(policies: Raw[]): Raw[] {
  const byName = new Map<string, Raw>();
  for (const p of policies) {
    const key = `${p.metadata.namespace ?? 'default'}/${p.metadata.name}`;
    byName.delete(key);
    byName.set(key, p);
  }
  return [...byName.values()];
}

/** Whether `from` can open a connection to `to` on `protocol`/`port` under `policies`. */
export function referenceAllowed(
  policies: Raw[],
  from: RefPod,
  to: RefPod,
  protocol: string,
  port: number,
): boolean {
  // Loopback: a pod reaching itself is allowed whatever the policies (upstream e2e AllowLoopback).
  if (from.namespace === to.namespace && from.name === to.name) return true;
  const stored = storedPolicies(policies);
  return (
    directionAllows(stored, 'Egress', from, to, to, protocol, port) &&
    directionAllows(stored, 'Ingress', to, from, to, protocol, port)
  );
}
