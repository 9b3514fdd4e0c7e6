// Exposure at a glance, computed with the engine: the workloads an internet address may reach (on any port), and
// the namespaces where some pod is not isolated by a default-deny in a direction.
import { parseCidr } from '../net/ip.js';
import { IpSet } from '../net/ip-set.js';
import type { NetpolAnalysis } from './analysis.js';
import { compareText } from './endpoints.js';
import { applyingPolicies } from './evaluate.js';
import { DIRECTIONS, type Direction, type PolicyModel, type Selector } from './ir.js';
import { type AllowedPorts, computeMatrix, expandMatrix, type MatrixEndpoint } from './matrix.js';
import { endpointPeer } from './peers.js';

/**
 * Addresses that are not the internet: private (RFC 1918, RFC 6598 shared, RFC 4193 unique local), loopback and
 * link-local ranges.
 */
export const NON_INTERNET_RANGES = [
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '::1/128',
  'fc00::/7',
  'fe80::/10',
] as const;

const NON_INTERNET = IpSet.fromCidrs(
  NON_INTERNET_RANGES.map((text) => {
    const parsed = parseCidr(text);
    if ('error' in parsed) throw new Error(parsed.error);
    return parsed.cidr;
  }),
);

/** A workload some internet address may reach, and on which ports. */
export interface InternetReachable {
  readonly endpoint: MatrixEndpoint;
  readonly ports: readonly AllowedPorts[];
}

/** A namespace where some pod is not isolated by a policy whose tier then denies, per direction. */
export interface NamespaceWithoutDefaultDeny {
  readonly namespace: string;
  readonly directions: readonly Direction[];
}

/** What `scan` headlines. */
export interface Exposure {
  /** Cluster workloads (and hosts) in the inputs. */
  readonly workloads: number;
  /** Namespaces with pods that policies can select (not host-network pods). */
  readonly namespaces: number;
  readonly reachableFromInternet: readonly InternetReachable[];
  readonly namespacesWithoutDefaultDeny: readonly NamespaceWithoutDefaultDeny[];
}

/**
 * Computes the exposure. The matrix gets the internet as an extra external peer (every address, cut at the
 * non-internet ranges), so a cluster whose policies name no CIDR still answers "who can the internet reach":
 * a workload no policy isolates for ingress is reachable from everywhere.
 */
export function exposureOf(analysis: NetpolAnalysis): Exposure {
  const internetSelectors: Selector[] = [
    { type: 'ipSet', set: IpSet.all() },
    { type: 'ipSet', set: NON_INTERNET },
  ];
  const matrix = computeMatrix(analysis.model, analysis.inventory, analysis.hostPeers, {
    extraSelectors: internetSelectors,
  });
  const internetIds = new Set(
    matrix.peers
      .filter((p) => p.kind === 'external' && !p.addresses.subtract(NON_INTERNET).isEmpty())
      .map((p) => p.id),
  );
  const view = expandMatrix(matrix, 'workload');
  const byPair = new Map(view.connections.map((c) => [`${c.from}\u0000${c.to}`, c.allowed]));
  const workloads = view.endpoints.filter((e) => e.kind !== 'External');
  const reachableFromInternet: InternetReachable[] = [];
  for (const endpoint of workloads) {
    const allowed = [...internetIds].flatMap((id) => byPair.get(`${id}\u0000${endpoint.id}`) ?? []);
    if (allowed.length > 0) reachableFromInternet.push({ endpoint, ports: mergePorts(allowed) });
  }
  const withoutDefaultDeny = namespacesWithoutDefaultDeny(analysis);
  return {
    workloads: workloads.length,
    namespaces: withoutDefaultDeny.namespaces,
    reachableFromInternet,
    namespacesWithoutDefaultDeny: withoutDefaultDeny.lacking,
  };
}

/**
 * Whether an endpoint is isolated in a direction: some policy that selects it isolates that direction in a tier
 * whose end denies (Kubernetes NetworkPolicy policyTypes, Calico types in a deny tier, Cilium default deny).
 */
export function isolatedDirections(model: PolicyModel, peer: ReturnType<typeof endpointPeer>): Direction[] {
  const applying = applyingPolicies(model, peer);
  return DIRECTIONS.filter((direction) =>
    model.tiers.some(
      (tier, i) =>
        tier.defaultAction === 'deny' && (applying[i] ?? []).some((p) => p.isolates.includes(direction)),
    ),
  );
}

/** Namespaces (of non-host-network pods) where some pod is not isolated, with the directions concerned. */
function namespacesWithoutDefaultDeny(analysis: NetpolAnalysis): {
  namespaces: number;
  lacking: NamespaceWithoutDefaultDeny[];
} {
  const open = new Map<string, Set<Direction>>();
  for (const endpoint of analysis.inventory.endpoints) {
    // A host-network pod is its node: namespaced policies never select it, so it says nothing about the namespace's.
    if (endpoint.hostNetwork) continue;
    const peer = endpointPeer(endpoint, analysis.inventory.namespaces.get(endpoint.namespace));
    const isolated = isolatedDirections(analysis.model, peer);
    const directions = open.get(endpoint.namespace) ?? new Set<Direction>();
    for (const d of DIRECTIONS) if (!isolated.includes(d)) directions.add(d);
    open.set(endpoint.namespace, directions);
  }
  const lacking = [...open]
    .filter(([, directions]) => directions.size > 0)
    .sort(([a], [b]) => compareText(a, b))
    .map(([namespace, directions]) => ({
      namespace,
      directions: DIRECTIONS.filter((d) => directions.has(d)),
    }));
  return { namespaces: open.size, lacking };
}

/** Unions allowed ports of several peers into merged ranges per protocol. */
function mergePorts(allowed: readonly AllowedPorts[]): AllowedPorts[] {
  const byProtocol = new Map<AllowedPorts['protocol'], [number, number][]>();
  for (const a of allowed)
    byProtocol.set(a.protocol, [
      ...(byProtocol.get(a.protocol) ?? []),
      ...a.ports.map(([f, l]): [number, number] => [f, l]),
    ]);
  const out: AllowedPorts[] = [];
  for (const protocol of ['TCP', 'UDP', 'SCTP'] as const) {
    const ranges = (byProtocol.get(protocol) ?? []).sort((x, y) => x[0] - y[0]);
    const merged: [number, number][] = [];
    for (const [first, last] of ranges) {
      const prev = merged[merged.length - 1];
      if (prev && first <= prev[1] + 1) prev[1] = Math.max(prev[1], last);
      else merged.push([first, last]);
    }
    if (merged.length > 0) out.push({ protocol, ports: merged });
  }
  return out;
}
