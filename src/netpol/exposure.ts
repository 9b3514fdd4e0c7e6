// Exposure to the internet, computed with the engine: the workloads an internet address may reach, on any port.
import { PROTOCOLS } from '../model/endpoint.js';
import { parseCidr } from '../net/ip.js';
import { IpSet } from '../net/ip-set.js';
import type { NetpolAnalysis } from './analysis.js';
import type { Selector } from './ir.js';
import { type AllowedPorts, computeMatrix, expandMatrix, type MatrixEndpoint } from './matrix.js';

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

/** Who the internet reaches. */
export interface Exposure {
  /** Cluster workloads (and hosts) in the inputs. */
  readonly workloads: number;
  /** Ordered pairs of distinct workloads with some port allowed. */
  readonly allowedPairs: number;
  readonly reachableFromInternet: readonly InternetReachable[];
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
  const cluster = new Set(workloads.map((e) => e.id));
  const allowedPairs = view.connections.filter(
    (c) => c.from !== c.to && cluster.has(c.from) && cluster.has(c.to) && c.allowed.length > 0,
  ).length;
  return { workloads: workloads.length, allowedPairs, reachableFromInternet };
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
  for (const protocol of PROTOCOLS) {
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
