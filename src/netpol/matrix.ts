// The connectivity matrix by equivalence: peers that no selector (and no named port) tells apart form one
// class, ports split into the atoms some rule distinguishes, each ordered class pair is evaluated once over
// all atoms, and results are kept as bitsets over atoms. Pods, workloads and namespaces appear only when the
// matrix is expanded for printing.
import type { Endpoint, EndpointInventory, Protocol } from '../model/endpoint.js';
import { PROTOCOLS, workloadId } from '../model/endpoint.js';
import { type Cidr, formatCidr } from '../net/ip.js';
import { IpSet } from '../net/ip-set.js';
import { compareText } from './endpoints.js';
import { type ApplyingPolicies, applyingPolicies, evaluateDirection, isEvaluated } from './evaluate.js';
import type { Peer, PolicyModel, Selector } from './ir.js';
import { endpointPeer, externalCidrPeer, fqdnPeer } from './peers.js';
import { type PortAtom, portAtoms } from './ports.js';
import { fqdnNamesIn, ipSetsIn, matchesSelector, selectorKey } from './selector.js';

/** How finely the matrix is printed. */
export type Granularity = 'pod' | 'workload' | 'namespace';

/** The evaluated matrix over every peer (endpoints, then external CIDR pieces, then FQDNs). */
export interface ConnectivityMatrix {
  readonly peers: readonly Peer[];
  /** The endpoint behind each peer (undefined for external peers). */
  readonly endpoints: readonly (Endpoint | undefined)[];
  readonly atoms: readonly PortAtom[];
  /** Equivalence class of each peer. */
  readonly classOf: Int32Array;
  readonly classCount: number;
  /** Atoms allowed from peer `from` to peer `to`, as a bitset (bit i = atom i). */
  allowedAtoms(from: number, to: number): Uint32Array;
}

/**
 * Whether traffic from a peer to itself is loopback: a pod reaching itself. The upstream conformance tests
 * expect it to be allowed whatever the policies ("loopback logic follows no policy": `AllowLoopback` in
 * kubernetes test/e2e/network/netpol/reachability.go), and the NetworkPolicy concept page says a pod cannot
 * block access to itself. A workload's pod template is not loopback: it stands for replicas reaching each other.
 * A host endpoint reaching itself stays on the node (policies apply to its interfaces, not to loopback).
 */
export function isLoopback(from: Peer, to: Peer, endpoint: Endpoint | undefined): boolean {
  if (from.id !== to.id) return false;
  return endpoint ? endpoint.kind === 'Pod' : from.kind === 'host';
}

/** All peers of the analysis: each endpoint, the external CIDR pieces the policies name, and their FQDNs. */
export function collectPeers(
  model: PolicyModel,
  inventory: EndpointInventory,
  hostPeers: readonly Peer[] = [],
): { peers: Peer[]; endpoints: (Endpoint | undefined)[] } {
  const peers: Peer[] = inventory.endpoints.map((e) =>
    endpointPeer(e, inventory.namespaces.get(e.namespace)),
  );
  const endpoints: (Endpoint | undefined)[] = [...inventory.endpoints];
  // Hosts that policies select but that are not pods (Calico HostEndpoints).
  for (const host of hostPeers) {
    peers.push(host);
    endpoints.push(undefined);
  }
  const selectors = modelSelectors(model);
  for (const piece of externalPieces(selectors.flatMap(ipSetsIn))) {
    peers.push(externalCidrPeer(piece.cidr, piece.addresses));
    endpoints.push(undefined);
  }
  const names = [...new Set(selectors.flatMap(fqdnNamesIn))].sort(compareText);
  for (const name of names) {
    peers.push(fqdnPeer(name));
    endpoints.push(undefined);
  }
  return { peers, endpoints };
}

/** Every distinct selector of the model (policy subjects and rule peers). */
function modelSelectors(model: PolicyModel): Selector[] {
  const byKey = new Map<string, Selector>();
  for (const tier of model.tiers)
    for (const policy of tier.policies) {
      byKey.set(selectorKey(policy.subject), policy.subject);
      for (const rule of policy.rules) byKey.set(selectorKey(rule.peer), rule.peer);
    }
  return [...byKey.values()];
}

/**
 * The external endpoints: every CIDR block that makes up an address set of the policies, each standing for
 * its addresses minus the more specific named blocks inside it (CIDR blocks nest or are disjoint, so these
 * pieces never straddle a set's boundary). Blocks wholly covered by more specific ones are dropped.
 */
export function externalPieces(sets: readonly IpSet[]): { cidr: Cidr; addresses: IpSet }[] {
  const blocks = new Map<string, Cidr>();
  for (const set of sets) for (const cidr of set.toCidrs()) blocks.set(formatCidr(cidr), cidr);
  const all = [...blocks.values()].sort(
    (a, b) =>
      a.family - b.family || (a.network < b.network ? -1 : a.network > b.network ? 1 : a.prefix - b.prefix),
  );
  const pieces: { cidr: Cidr; addresses: IpSet }[] = [];
  for (const cidr of all) {
    const inner = all.filter(
      (other) =>
        other !== cidr &&
        other.family === cidr.family &&
        other.prefix > cidr.prefix &&
        IpSet.fromCidrs([cidr]).covers(IpSet.fromCidrs([other])),
    );
    const addresses = IpSet.fromCidrs([cidr]).subtract(IpSet.fromCidrs(inner));
    if (!addresses.isEmpty()) pieces.push({ cidr, addresses });
  }
  return pieces;
}

/** What a matrix is computed over: the peers (with the endpoint behind each) and the port atoms. */
export interface MatrixFrame {
  readonly peers: readonly Peer[];
  readonly endpoints: readonly (Endpoint | undefined)[];
  readonly atoms: readonly PortAtom[];
}

/** The peers of the inputs and the port atoms the model's rules and the peers' named ports distinguish. */
export function matrixFrame(
  model: PolicyModel,
  inventory: EndpointInventory,
  hostPeers: readonly Peer[] = [],
): MatrixFrame {
  const { peers, endpoints } = collectPeers(model, inventory, hostPeers);
  const namedNumbers: [Protocol, number][] = [];
  for (const peer of peers) for (const p of peer.namedPorts) namedNumbers.push([p.protocol, p.port]);
  return { peers, endpoints, atoms: portAtoms(model, namedNumbers) };
}

/**
 * Computes the matrix: classes, atoms, and one evaluation per ordered class pair. A caller may fix the frame
 * (lint compares a model with and without one rule over the same peers and atoms).
 */
export function computeMatrix(
  model: PolicyModel,
  inventory: EndpointInventory,
  hostPeers: readonly Peer[] = [],
  frame: MatrixFrame = matrixFrame(model, inventory, hostPeers),
): ConnectivityMatrix {
  const { peers, endpoints, atoms } = frame;
  const words = Math.ceil(atoms.length / 32);

  // Classes: peers with the same kind, the same result for every selector, and the same named ports.
  const selectors = modelSelectors(model);
  const classOf = new Int32Array(peers.length);
  const signatures = new Map<string, number>();
  const representatives: Peer[] = [];
  peers.forEach((peer, i) => {
    const bits = selectors.map((s) => (matchesSelector(s, peer) ? '1' : '0')).join('');
    const named = peer.namedPorts.map((p) => `${p.name}/${p.protocol}/${p.port}`).join(',');
    const signature = `${peer.kind}|${bits}|${named}`;
    let cls = signatures.get(signature);
    if (cls === undefined) {
      cls = representatives.length;
      signatures.set(signature, cls);
      representatives.push(peer);
    }
    classOf[i] = cls;
  });
  const classCount = representatives.length;
  const applying: ApplyingPolicies[] = representatives.map((r) => applyingPolicies(model, r));

  // One bitset row per source class: for each destination class, the allowed atoms.
  const rows = new Uint32Array(classCount * classCount * words);
  for (let a = 0; a < classCount; a++) {
    const from = representatives[a]!;
    for (let b = 0; b < classCount; b++) {
      const to = representatives[b]!;
      // Traffic between two external peers never crosses the cluster: nothing to report as allowed.
      if (!isEvaluated(from) && !isEvaluated(to)) continue;
      const egress = evaluateDirection(model, 'egress', from, to, atoms, { applying: applying[a]! }).decision;
      const ingress = evaluateDirection(model, 'ingress', to, from, atoms, {
        applying: applying[b]!,
      }).decision;
      const base = (a * classCount + b) * words;
      for (let i = 0; i < atoms.length; i++) {
        if (egress[i] !== 'deny' && ingress[i] !== 'deny') rows[base + (i >>> 5)]! |= 1 << (i & 31);
      }
    }
  }
  const everything = new Uint32Array(words);
  for (let i = 0; i < atoms.length; i++) everything[i >>> 5]! |= 1 << (i & 31);

  return {
    peers,
    endpoints,
    atoms,
    classOf,
    classCount,
    allowedAtoms(from, to) {
      if (isLoopback(peers[from]!, peers[to]!, endpoints[from])) return everything;
      const base = (classOf[from]! * classCount + classOf[to]!) * words;
      return rows.subarray(base, base + words);
    },
  };
}

/** One endpoint of a printed matrix. */
export interface MatrixEndpoint {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
}

/** Allowed ports of one protocol, as inclusive ranges. */
export interface AllowedPorts {
  readonly protocol: Protocol;
  readonly ports: readonly (readonly [number, number])[];
}

/** One ordered pair of a printed matrix (`allowed` empty when nothing is). */
export interface MatrixConnection {
  readonly from: string;
  readonly to: string;
  readonly allowed: readonly AllowedPorts[];
}

/** The matrix at one granularity, ready for a formatter: endpoints sorted by id, every ordered pair. */
export interface MatrixView {
  readonly granularity: Granularity;
  readonly endpoints: readonly MatrixEndpoint[];
  /** Every ordered pair, self included, in endpoint order. */
  readonly connections: readonly MatrixConnection[];
}

/** Options for expanding a matrix. */
export interface ExpandOptions {
  /** Only endpoints in this namespace (external endpoints are kept). */
  readonly namespace?: string;
}

/**
 * Expands the matrix to pods, workloads or namespaces. A group pair is allowed on a port when some member pair
 * is; a pod's loopback counts only at pod granularity (at coarser ones, a group reaching itself means distinct
 * members reaching each other).
 */
export function expandMatrix(
  matrix: ConnectivityMatrix,
  granularity: Granularity,
  options: ExpandOptions = {},
): MatrixView {
  const groups = new Map<string, { endpoint: MatrixEndpoint; members: number[] }>();
  matrix.peers.forEach((peer, i) => {
    const endpoint = matrix.endpoints[i];
    if (options.namespace !== undefined && endpoint && endpoint.namespace !== options.namespace) return;
    const group = groupOf(peer, endpoint, granularity);
    const existing = groups.get(group.id);
    if (existing) existing.members.push(i);
    else groups.set(group.id, { endpoint: group, members: [i] });
  });
  const ordered = [...groups.values()].sort((a, b) => compareEndpoints(a.endpoint, b.endpoint));
  const words = Math.ceil(matrix.atoms.length / 32);
  const connections: MatrixConnection[] = [];
  for (const source of ordered) {
    for (const target of ordered) {
      const union = new Uint32Array(words);
      for (const from of source.members)
        for (const to of target.members) {
          if (from === to && granularity !== 'pod' && matrix.endpoints[from]?.kind === 'Pod') continue;
          const bits = matrix.allowedAtoms(from, to);
          for (let w = 0; w < words; w++) union[w]! |= bits[w]!;
        }
      connections.push({
        from: source.endpoint.id,
        to: target.endpoint.id,
        allowed: atomsToPorts(matrix.atoms, union),
      });
    }
  }
  return { granularity, endpoints: ordered.map((g) => g.endpoint), connections };
}

/** Cluster endpoints first (by namespace then id), external ones after (by id). */
function compareEndpoints(a: MatrixEndpoint, b: MatrixEndpoint): number {
  const externalA = a.kind === 'External' ? 1 : 0;
  const externalB = b.kind === 'External' ? 1 : 0;
  return externalA - externalB || compareText(a.id, b.id);
}

function groupOf(peer: Peer, endpoint: Endpoint | undefined, granularity: Granularity): MatrixEndpoint {
  if (!endpoint)
    return {
      id: peer.id,
      namespace: '',
      name: peer.fqdn ?? peer.id,
      kind: peer.kind === 'host' ? 'HostEndpoint' : 'External',
    };
  if (granularity === 'pod')
    return { id: endpoint.id, namespace: endpoint.namespace, name: endpoint.name, kind: endpoint.kind };
  if (granularity === 'namespace')
    return {
      id: endpoint.namespace,
      namespace: endpoint.namespace,
      name: endpoint.namespace,
      kind: 'Namespace',
    };
  const ref = endpoint.workload;
  return { id: workloadId(ref), namespace: ref.namespace, name: ref.name, kind: ref.kind };
}

/** Converts an atom bitset into merged port ranges per protocol. */
export function atomsToPorts(atoms: readonly PortAtom[], bits: Uint32Array): AllowedPorts[] {
  const out: AllowedPorts[] = [];
  for (const protocol of PROTOCOLS) {
    const ranges: [number, number][] = [];
    atoms.forEach((atom, i) => {
      if (atom.protocol !== protocol || ((bits[i >>> 5]! >>> (i & 31)) & 1) === 0) return;
      const last = ranges[ranges.length - 1];
      if (last && last[1] + 1 === atom.first) last[1] = atom.last;
      else ranges.push([atom.first, atom.last]);
    });
    if (ranges.length > 0) out.push({ protocol, ports: ranges });
  }
  return out;
}

/** Whether a port is among the allowed ranges. */
export function portAllowed(allowed: readonly AllowedPorts[], protocol: Protocol, port: number): boolean {
  return allowed.some(
    (a) => a.protocol === protocol && a.ports.some(([first, last]) => port >= first && port <= last),
  );
}
