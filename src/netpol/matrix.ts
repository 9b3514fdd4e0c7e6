// The connectivity matrix by equivalence: peers that no selector (and no named port) tells apart form one
// class, ports split into the atoms some rule distinguishes, each ordered class pair is evaluated once over
// all atoms, and results are kept as bitsets over atoms. Pods, workloads and namespaces appear only when the
// matrix is expanded for printing.
import type { Endpoint, EndpointInventory, Protocol } from '../model/endpoint.js';
import { PROTOCOLS, workloadId } from '../model/endpoint.js';
import { type Cidr, formatCidr } from '../net/ip.js';
import { IpSet } from '../net/ip-set.js';
import { compareText } from './endpoints.js';
import {
  type ApplyingPolicies,
  applyingPolicies,
  type DirectionResult,
  evaluateDirection,
  isEvaluated,
} from './evaluate.js';
import type { Direction, Peer, PolicyModel, Selector } from './ir.js';
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
  /** Whether one atom is allowed from peer `from` to peer `to`. */
  allows(from: number, to: number, atom: number): boolean;
  /** Atoms allowed from any member of one class to any member of another (loopback aside). */
  classPairAtoms(fromClass: number, toClass: number): Uint32Array;
  /** Application-layer filters on the allowed atoms of a class pair (atom index → descriptions), if any. */
  classPairFilters(fromClass: number, toClass: number): ReadonlyMap<number, readonly string[]> | undefined;
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

/** Everything about a peer that selectors and named ports read, except its addresses. */
function attributeKey(peer: Peer): string {
  return JSON.stringify([
    peer.kind,
    peer.namespace ?? null,
    peer.labels,
    peer.namespaceLabels,
    peer.serviceAccount ?? null,
    peer.serviceAccountLabels,
    peer.namedPorts,
    peer.fqdn ?? null,
    [...peer.entities],
  ]);
}

/**
 * All peers of the analysis: each endpoint, the hosts, the external CIDR pieces the policies (and
 * `extraSelectors`) name, and their FQDNs.
 */
export function collectPeers(
  model: PolicyModel,
  inventory: EndpointInventory,
  hostPeers: readonly Peer[] = [],
  extraSelectors: readonly Selector[] = [],
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
  const selectors = [...modelSelectors(model), ...extraSelectors];
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
export function modelSelectors(model: PolicyModel): Selector[] {
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
  extraSelectors: readonly Selector[] = [],
): MatrixFrame {
  const { peers, endpoints } = collectPeers(model, inventory, hostPeers, extraSelectors);
  const namedNumbers: [Protocol, number][] = [];
  for (const peer of peers) for (const p of peer.namedPorts) namedNumbers.push([p.protocol, p.port]);
  return { peers, endpoints, atoms: portAtoms(model, namedNumbers) };
}

/** Options for computing a matrix. */
export interface MatrixOptions {
  /**
   * Selectors beyond the model's own whose CIDR blocks and DNS names also become external peers: a diff passes
   * the other side's, so that both matrices name the same external endpoints; scan passes the internet's.
   */
  readonly extraSelectors?: readonly Selector[];
  /**
   * The peers and atoms to evaluate over, instead of the model's own (lint compares a model with and without
   * one rule over the same frame; the frame's model must have at least this model's selectors).
   */
  readonly frame?: MatrixFrame;
}

/** Computes the matrix: classes, atoms, and one evaluation per ordered class pair. */
export function computeMatrix(
  model: PolicyModel,
  inventory: EndpointInventory,
  hostPeers: readonly Peer[] = [],
  options: MatrixOptions = {},
): ConnectivityMatrix {
  const { peers, endpoints, atoms } =
    options.frame ?? matrixFrame(model, inventory, hostPeers, options.extraSelectors);
  const words = Math.ceil(atoms.length / 32);

  // Classes: peers with the same kind, the same result for every selector, and the same named ports.
  const selectors = modelSelectors(model);
  const selectorIndex = new Map<Selector, number>();
  const keyIndex = new Map(selectors.map((s, i) => [selectorKey(s), i]));
  for (const tier of model.tiers)
    for (const policy of tier.policies)
      for (const s of [policy.subject, ...policy.rules.map((r) => r.peer)])
        selectorIndex.set(s, keyIndex.get(selectorKey(s))!);
  const classOf = new Int32Array(peers.length);
  const signatures = new Map<string, number>();
  const representatives: Peer[] = [];
  const classMatches: Uint8Array[] = [];
  // Pods of one workload differ only by address: evaluate the selectors that do not look at addresses once per
  // distinct set of other attributes, and the few address selectors per peer.
  const addressSelectors = selectors.map((s, i) => (ipSetsIn(s).length > 0 ? i : -1)).filter((i) => i >= 0);
  const byAttributes = new Map<string, { index: number; matches: Uint8Array }>();
  const byCombination = new Map<string, number>();
  peers.forEach((peer, i) => {
    const attributes = attributeKey(peer);
    let known = byAttributes.get(attributes);
    if (!known) {
      known = {
        index: byAttributes.size,
        matches: Uint8Array.from(selectors, (s) => (matchesSelector(s, peer) ? 1 : 0)),
      };
      byAttributes.set(attributes, known);
    }
    const addressBits = addressSelectors
      .map((index) => (matchesSelector(selectors[index]!, peer) ? '1' : '0'))
      .join('');
    const combination = `${known.index}|${addressBits}`;
    let cls = byCombination.get(combination);
    if (cls === undefined) {
      const matches = known.matches.slice();
      addressSelectors.forEach((index, k) => {
        matches[index] = addressBits[k] === '1' ? 1 : 0;
      });
      // The class: same kind, same result for every selector, same named ports.
      const named = peer.namedPorts.map((p) => `${p.name}/${p.protocol}/${p.port}`).join(',');
      const signature = `${peer.kind}|${matches.join('')}|${named}`;
      cls = signatures.get(signature);
      if (cls === undefined) {
        cls = representatives.length;
        signatures.set(signature, cls);
        representatives.push(peer);
        classMatches.push(matches);
      }
      byCombination.set(combination, cls);
    }
    classOf[i] = cls;
  });
  const classCount = representatives.length;
  const applying: ApplyingPolicies[] = representatives.map((r) => applyingPolicies(model, r));
  const matcherFor = (cls: number) => {
    const matches = classMatches[cls]!;
    return (selector: Selector) => matches[selectorIndex.get(selector)!] === 1;
  };
  const matchers = representatives.map((_, cls) => matcherFor(cls));
  const namedKeys = representatives.map((r) =>
    r.namedPorts.map((p) => `${p.name}/${p.protocol}/${p.port}`).join(','),
  );

  // A subject's verdict on a peer depends only on which of its rules' peer selectors match that peer (and, for
  // egress with named ports, on the destination's named ports): peers alike in that respect share one evaluation.
  const namedKeyIndex = new Map([...new Set(namedKeys)].map((k, i) => [k, i]));
  const memos = new Map<
    string,
    { selectors: number[]; usesNamedPorts: boolean; results: Map<number | string, DirectionResult> }
  >();
  const evaluate = (direction: Direction, subjectClass: number, otherClass: number): DirectionResult => {
    const memoKey = `${direction}${subjectClass}`;
    let memo = memos.get(memoKey);
    if (!memo) {
      const rules = applying[subjectClass]!.flatMap((policies) =>
        policies.flatMap((p) => p.rules.filter((r) => r.direction === direction)),
      );
      memo = {
        selectors: [...new Set(rules.map((r) => selectorIndex.get(r.peer)!))],
        usesNamedPorts:
          direction === 'egress' &&
          rules.some((r) =>
            [...(r.ports.include ?? []), ...(r.ports.exclude ?? [])].some((m) => 'named' in m),
          ),
        results: new Map(),
      };
      memos.set(memoKey, memo);
    }
    const matches = classMatches[otherClass]!;
    let key: number | string = memo.usesNamedPorts ? namedKeyIndex.get(namedKeys[otherClass]!)! : 0;
    // A number while the bits fit in a double's 53-bit mantissa (beside the named-port index), text beyond.
    if (memo.selectors.length <= 32) for (const index of memo.selectors) key = key * 2 + matches[index]!;
    else key = `${key}|${memo.selectors.map((index) => matches[index]).join('')}`;
    let result = memo.results.get(key);
    if (!result) {
      result = evaluateDirection(
        model,
        direction,
        representatives[subjectClass]!,
        representatives[otherClass]!,
        atoms,
        {
          applying: applying[subjectClass]!,
          peerMatches: matchers[otherClass]!,
        },
      );
      memo.results.set(key, result);
    }
    return result;
  };

  // One bitset per ordered class pair: the atoms allowed from class a to class b.
  const rows = new Uint32Array(classCount * classCount * words);
  // Application-layer filters by class pair, only where some allow carries them.
  const filters = new Map<number, Map<number, string[]>>();
  for (let a = 0; a < classCount; a++) {
    for (let b = 0; b < classCount; b++) {
      // Traffic between two external peers never crosses the cluster: nothing to report as allowed.
      if (!isEvaluated(representatives[a]!) && !isEvaluated(representatives[b]!)) continue;
      const egress = evaluate('egress', a, b);
      const ingress = evaluate('ingress', b, a);
      const base = (a * classCount + b) * words;
      for (let i = 0; i < atoms.length; i++) {
        if (egress.denied[i] !== 0 || ingress.denied[i] !== 0) continue;
        rows[base + (i >>> 5)]! |= 1 << (i & 31);
        const notes = [...(egress.l7[i] ?? []), ...(ingress.l7[i] ?? [])].map((r) => r.description);
        if (notes.length === 0) continue;
        const pair = a * classCount + b;
        if (!filters.has(pair)) filters.set(pair, new Map());
        filters.get(pair)!.set(i, [...new Set(notes)].sort(compareText));
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
      return classPairAtoms(classOf[from]!, classOf[to]!);
    },
    allows(from, to, atom) {
      if (isLoopback(peers[from]!, peers[to]!, endpoints[from])) return true;
      const base = (classOf[from]! * classCount + classOf[to]!) * words;
      return ((rows[base + (atom >>> 5)]! >>> (atom & 31)) & 1) === 1;
    },
    classPairAtoms,
    classPairFilters: (fromClass, toClass) => filters.get(fromClass * classCount + toClass),
  };

  function classPairAtoms(fromClass: number, toClass: number): Uint32Array {
    const base = (fromClass * classCount + toClass) * words;
    return rows.subarray(base, base + words);
  }
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
  /** Ports among these where only some requests pass (Cilium L7 rules, Calico HTTP match), with the filters. */
  readonly l7?: readonly L7Note[];
}

/** Application-layer filters on some allowed ports: the connection is allowed, only matching requests pass. */
export interface L7Note {
  readonly ports: readonly (readonly [number, number])[];
  readonly rules: readonly string[];
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
  // Work on classes, not members: a group pair's ports are the union over the class pairs its members form.
  const groupClasses = ordered.map((g) => [...new Set(g.members.map((m) => matrix.classOf[m]!))]);
  // Ports per distinct bitset: many group pairs share one class pair, and so one answer.
  const portsByBits = new Map<string, readonly AllowedPorts[]>();
  const portsOf = (bits: Uint32Array): readonly AllowedPorts[] => {
    const key = bits.join(',');
    let ports = portsByBits.get(key);
    if (!ports) {
      ports = atomsToPorts(matrix.atoms, bits);
      portsByBits.set(key, ports);
    }
    return ports;
  };
  const connections: MatrixConnection[] = [];
  ordered.forEach((source, s) => {
    ordered.forEach((target, t) => {
      const union = new Uint32Array(words);
      // An atom is filtered when every class pair that allows it filters it (filtered pairs are rare: the common
      // case costs one OR per word).
      const notes = new Map<number, Set<string>>();
      const unfiltered = new Uint32Array(words);
      const addFilters = (bits: Uint32Array, filters: ReadonlyMap<number, readonly string[]> | undefined) => {
        if (!filters) {
          for (let w = 0; w < words; w++) unfiltered[w]! |= bits[w]!;
          return;
        }
        for (let i = 0; i < matrix.atoms.length; i++) {
          if (((bits[i >>> 5]! >>> (i & 31)) & 1) === 0) continue;
          const rules = filters.get(i);
          if (!rules) unfiltered[i >>> 5]! |= 1 << (i & 31);
          else for (const rule of rules) (notes.get(i) ?? notes.set(i, new Set()).get(i)!).add(rule);
        }
      };
      if (s === t && source.members.length === 1) {
        // A single endpoint reaching itself: loopback for a pod (allowed at pod granularity only, see
        // isLoopback), replicas reaching each other for a workload template.
        const member = source.members[0]!;
        if (granularity === 'pod' || matrix.endpoints[member]?.kind !== 'Pod') {
          const bits = matrix.allowedAtoms(member, member);
          union.set(bits);
          const cls = matrix.classOf[member]!;
          const loopback = isLoopback(matrix.peers[member]!, matrix.peers[member]!, matrix.endpoints[member]);
          addFilters(bits, loopback ? undefined : matrix.classPairFilters(cls, cls));
        }
      } else {
        for (const fromClass of groupClasses[s]!)
          for (const toClass of groupClasses[t]!) {
            if (s === t && fromClass === toClass && !hasDistinctPair(matrix, source.members, fromClass))
              continue;
            const bits = matrix.classPairAtoms(fromClass, toClass);
            for (let w = 0; w < words; w++) union[w]! |= bits[w]!;
            addFilters(bits, matrix.classPairFilters(fromClass, toClass));
          }
      }
      for (const i of [...notes.keys()]) if (((unfiltered[i >>> 5]! >>> (i & 31)) & 1) === 1) notes.delete(i);
      // Filtered pairs are rare: only unfiltered answers are shared through the cache.
      const allowed = notes.size > 0 ? atomsToPorts(matrix.atoms, union, notes) : portsOf(union);
      connections.push({ from: source.endpoint.id, to: target.endpoint.id, allowed });
    });
  });
  return { granularity, endpoints: ordered.map((g) => g.endpoint), connections };
}

/**
 * Whether a group holds two distinct members of a class, or a workload template of it (which stands for
 * several replicas): only then does the class reach itself within the group other than by loopback.
 */
function hasDistinctPair(matrix: ConnectivityMatrix, members: readonly number[], cls: number): boolean {
  const inClass = members.filter((m) => matrix.classOf[m] === cls);
  return inClass.length > 1 || inClass.some((m) => matrix.endpoints[m]?.kind !== 'Pod');
}

/** Cluster endpoints first (by namespace then id), external ones after (by id). */
export function compareEndpoints(a: MatrixEndpoint, b: MatrixEndpoint): number {
  const externalA = a.kind === 'External' ? 1 : 0;
  const externalB = b.kind === 'External' ? 1 : 0;
  return externalA - externalB || compareText(a.id, b.id);
}

/** The printed endpoint a peer belongs to at a granularity (external peers and hosts are their own group). */
export function groupOf(
  peer: Peer,
  endpoint: Endpoint | undefined,
  granularity: Granularity,
): MatrixEndpoint {
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
export function atomsToPorts(
  atoms: readonly PortAtom[],
  bits: Uint32Array,
  filters: ReadonlyMap<number, ReadonlySet<string>> = new Map(),
): AllowedPorts[] {
  const out: AllowedPorts[] = [];
  for (const protocol of PROTOCOLS) {
    const ranges: [number, number][] = [];
    const notes: { ports: [number, number][]; rules: string[]; key: string }[] = [];
    atoms.forEach((atom, i) => {
      if (atom.protocol !== protocol || ((bits[i >>> 5]! >>> (i & 31)) & 1) === 0) return;
      const last = ranges[ranges.length - 1];
      if (last && last[1] + 1 === atom.first) last[1] = atom.last;
      else ranges.push([atom.first, atom.last]);
      const rules = filters.get(i);
      if (!rules) return;
      const sorted = [...rules].sort(compareText);
      const key = sorted.join('\u0000');
      const note = notes.find((n) => n.key === key);
      const lastRange = note?.ports[note.ports.length - 1];
      if (note && lastRange && lastRange[1] + 1 === atom.first) lastRange[1] = atom.last;
      else if (note) note.ports.push([atom.first, atom.last]);
      else notes.push({ ports: [[atom.first, atom.last]], rules: sorted, key });
    });
    if (ranges.length > 0)
      out.push({
        protocol,
        ports: ranges,
        ...(notes.length > 0 ? { l7: notes.map(({ ports, rules }) => ({ ports, rules })) } : {}),
      });
  }
  return out;
}

/** Whether a port is among the allowed ranges. */
export function portAllowed(allowed: readonly AllowedPorts[], protocol: Protocol, port: number): boolean {
  return allowed.some(
    (a) => a.protocol === protocol && a.ports.some(([first, last]) => port >= first && port <= last),
  );
}
