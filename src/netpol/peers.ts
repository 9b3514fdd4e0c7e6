// Peers: endpoints, external addresses and DNS names as the evaluator sees them (see `Peer` in ir.ts).
import type { Endpoint, NamespaceInfo } from '../model/endpoint.js';
import { type Cidr, cidrLast, formatCidr, formatIp, type IpAddress } from '../net/ip.js';
import { IpSet } from '../net/ip-set.js';
import type { Peer } from './ir.js';

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The peer for an endpoint. A pod with host networking is its node: kind `host` and Cilium's `host` entity;
 * other pods are `pod` peers in the `cluster` entity.
 */
export function endpointPeer(endpoint: Endpoint, namespace: NamespaceInfo | undefined): Peer {
  return {
    id: endpoint.id,
    kind: endpoint.hostNetwork ? 'host' : 'pod',
    namespace: endpoint.namespace,
    labels: endpoint.labels,
    namespaceLabels: namespace?.labels ?? NO_LABELS,
    serviceAccount: endpoint.serviceAccount,
    serviceAccountLabels: endpoint.serviceAccountLabels,
    namedPorts: endpoint.namedPorts,
    addresses: IpSet.of(endpoint.ips.map((ip) => ({ family: ip.family, first: ip.value, last: ip.value }))),
    entities: new Set(endpoint.hostNetwork ? ['host', 'cluster', 'all'] : ['cluster', 'all']),
  };
}

/** An external block of addresses (outside the cluster), named by its CIDR. */
export function externalCidrPeer(cidr: Cidr, addresses?: IpSet): Peer {
  return externalPeer(
    formatCidr(cidr),
    addresses ?? IpSet.of([{ family: cidr.family, first: cidr.network, last: cidrLast(cidr) }]),
    cidr.family,
  );
}

/** One external address. */
export function externalIpPeer(ip: IpAddress): Peer {
  return externalPeer(
    formatIp(ip),
    IpSet.of([{ family: ip.family, first: ip.value, last: ip.value }]),
    ip.family,
  );
}

function externalPeer(id: string, addresses: IpSet, family: 4 | 6): Peer {
  return {
    id,
    kind: 'external',
    labels: NO_LABELS,
    namespaceLabels: NO_LABELS,
    serviceAccountLabels: NO_LABELS,
    namedPorts: [],
    addresses,
    entities: new Set(['world', family === 4 ? 'world-ipv4' : 'world-ipv6', 'all']),
  };
}

/** A DNS name outside the cluster (`fqdn:NAME`); its addresses are unknown offline. */
export function fqdnPeer(name: string): Peer {
  const normalized = normalizeFqdn(name);
  return {
    id: `fqdn:${normalized}`,
    kind: 'fqdn',
    labels: NO_LABELS,
    namespaceLabels: NO_LABELS,
    serviceAccountLabels: NO_LABELS,
    namedPorts: [],
    addresses: IpSet.EMPTY,
    fqdn: normalized,
    entities: new Set(['world', 'all']),
  };
}

/** Lower-case, without the trailing dot: how DNS names compare. */
export function normalizeFqdn(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}
