// What a change to manifests or policies does to connectivity: two analyses (base and head) → connections
// added, removed and changed at a granularity, endpoints added and removed, and for each change the policy
// verdicts and manifest edits behind it. Both matrices are computed over the same external peers, so a CIDR
// that only one side names still lines up.
import type { Protocol } from '../model/endpoint.js';
import { PROTOCOLS } from '../model/endpoint.js';
import type { SourceRef } from '../model/source.js';
import type { NetpolAnalysis } from './analysis.js';
import { compareText } from './endpoints.js';
import { type DirectionDecision, decisionAt, evaluateDirection, type TraceStep } from './evaluate.js';
import type { Direction, IrPolicy, Peer, PolicyModel, Selector } from './ir.js';
import {
  type AllowedPorts,
  type ConnectivityMatrix,
  compareEndpoints,
  computeMatrix,
  expandMatrix,
  type Granularity,
  groupOf,
  type MatrixEndpoint,
  modelSelectors,
} from './matrix.js';
import { selectorKey } from './selector.js';

/** How a connection (an ordered pair at the chosen granularity) changed. */
export type ConnectionChange = 'added' | 'removed' | 'changed';

/** How a policy changed between base and head (`unchanged` only appears on verdicts). */
export type PolicyChange = 'added' | 'removed' | 'modified' | 'unchanged';

/** A policy as a verdict or the policy list names it. */
export interface DiffPolicyRef {
  /** The policy's id in the model (`kind/namespace/name`, cluster-scoped `kind/name`). */
  readonly id: string;
  readonly dialect: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** Where the policy (or the deciding rule) is, on the side the verdict belongs to. */
  readonly source: SourceRef;
  readonly change: PolicyChange;
}

/**
 * What decided one direction on one side: a rule (`allow` or `deny`), the end of a tier whose policies isolate
 * the endpoint (`isolation`, a deny), no isolating policy at all (`default`, an allow), or nothing because the
 * side is outside the cluster (`outside`).
 */
export interface DirectionVerdict {
  readonly decision: DirectionDecision;
  readonly by: 'rule' | 'isolation' | 'default' | 'outside';
  /** The deciding policy (`rule`), or the isolating policies (`isolation`); empty otherwise. */
  readonly policies: readonly DiffPolicyRef[];
  /** Index of the deciding rule in its direction's list (`rule`). */
  readonly rule?: number;
}

/** Why a connection changed. */
export type DiffCause =
  /** An endpoint (at the chosen granularity, or a member pod or workload of one) exists only on one side. */
  | { readonly type: 'endpoint-added' | 'endpoint-removed'; readonly endpoint: string }
  /** One direction decides differently on a port, for one member pair. */
  | {
      readonly type: 'verdict';
      readonly direction: Direction;
      /** The endpoint whose policies decide this direction (the source for egress, the destination for ingress). */
      readonly endpoint: string;
      readonly peer: string;
      readonly protocol: Protocol;
      readonly port: number;
      readonly before: DirectionVerdict;
      readonly after: DirectionVerdict;
    }
  /**
   * How a connection that exists on one side only (because an endpoint is new or gone) is allowed there: the
   * verdicts of both directions for one member pair, on the side (`before` or `after`) that allows it.
   */
  | {
      readonly type: 'allowed';
      readonly side: 'before' | 'after';
      readonly source: string;
      readonly destination: string;
      readonly protocol: Protocol;
      readonly port: number;
      readonly egress: DirectionVerdict;
      readonly ingress: DirectionVerdict;
    }
  /** Labels of a member endpoint (`pod`: its own or its template's; `namespace`: its namespace's) changed. */
  | {
      readonly type: 'labels';
      readonly endpoint: string;
      readonly scope: 'pod' | 'namespace';
      readonly added: Readonly<Record<string, string>>;
      readonly removed: Readonly<Record<string, string>>;
    }
  /** The named container ports of a member endpoint changed (named ports resolve on the destination). */
  | {
      readonly type: 'named-ports';
      readonly endpoint: string;
      readonly before: readonly string[];
      readonly after: readonly string[];
    };

/** One ordered pair whose allowed ports differ. */
export interface ConnectionDiff {
  readonly change: ConnectionChange;
  readonly from: string;
  readonly to: string;
  readonly before: readonly AllowedPorts[];
  readonly after: readonly AllowedPorts[];
  /** Allowed after and not before. */
  readonly opened: readonly AllowedPorts[];
  /** Allowed before and not after. */
  readonly closed: readonly AllowedPorts[];
  /** Sorted causes: for the first opened port and the first closed port. */
  readonly causes: readonly DiffCause[];
}

/** A policy added, removed or modified (compared compiled: moving or reformatting a policy changes nothing). */
export interface PolicyDiff extends DiffPolicyRef {
  readonly change: Exclude<PolicyChange, 'unchanged'>;
}

/** The whole difference between two analyses. */
export interface ConnectivityDiff {
  readonly granularity: Granularity;
  /** Every endpoint the diff names (in a changed connection, or added or removed), in endpoint order. */
  readonly endpoints: readonly MatrixEndpoint[];
  /** Cluster endpoints at the granularity that exist only in head / only in base, sorted by id. */
  readonly endpointsAdded: readonly MatrixEndpoint[];
  readonly endpointsRemoved: readonly MatrixEndpoint[];
  /** Changed pairs, in endpoint order (cluster endpoints by id, then external ones). */
  readonly connections: readonly ConnectionDiff[];
  /** Policies that changed, sorted by id then change. */
  readonly policies: readonly PolicyDiff[];
  /** Whether head allows any port between any pair that base did not (a new endpoint's connections included). */
  readonly newExposure: boolean;
}

/** Diffs base against head at a granularity. Pure. */
export function diffConnectivity(
  base: NetpolAnalysis,
  head: NetpolAnalysis,
  granularity: Granularity,
): ConnectivityDiff {
  const before = sideOf(base, head.model, granularity);
  const after = sideOf(head, base.model, granularity);
  const policies = diffPolicies(base.model, head.model);
  const policyChange = new Map(policies.map((p) => [p.id, p.change]));

  const endpoints = new Map<string, MatrixEndpoint>([...before.endpoints, ...after.endpoints]);
  const ordered = [...endpoints.values()].sort(compareEndpoints);
  const isCluster = (e: MatrixEndpoint) => e.kind !== 'External';
  const endpointsAdded = ordered.filter((e) => isCluster(e) && !before.endpoints.has(e.id));
  const endpointsRemoved = ordered.filter((e) => isCluster(e) && !after.endpoints.has(e.id));

  const connections: ConnectionDiff[] = [];
  for (const from of ordered)
    for (const to of ordered) {
      const was = before.allowed.get(pairKey(from.id, to.id)) ?? [];
      const now = after.allowed.get(pairKey(from.id, to.id)) ?? [];
      if (samePorts(was, now)) continue;
      const opened = subtractPorts(now, was);
      const closed = subtractPorts(was, now);
      const explain = (ports: readonly AllowedPorts[], opening: boolean): DiffCause[] =>
        ports.length === 0
          ? []
          : explainChange(before, after, from.id, to.id, firstPort(ports), opening, policyChange);
      connections.push({
        change: was.length === 0 ? 'added' : now.length === 0 ? 'removed' : 'changed',
        from: from.id,
        to: to.id,
        before: was,
        after: now,
        opened,
        closed,
        causes: uniqueCauses([...explain(opened, true), ...explain(closed, false)]),
      });
    }
  const named = new Set([...endpointsAdded, ...endpointsRemoved].map((e) => e.id));
  for (const c of connections) named.add(c.from).add(c.to);
  return {
    granularity,
    endpoints: ordered.filter((e) => named.has(e.id)),
    endpointsAdded,
    endpointsRemoved,
    connections,
    policies,
    newExposure: connections.some((c) => c.opened.length > 0),
  };
}

/** One side, evaluated: its matrix, the group each peer belongs to, and the allowed ports per group pair. */
interface Side {
  readonly model: PolicyModel;
  readonly matrix: ConnectivityMatrix;
  readonly endpoints: ReadonlyMap<string, MatrixEndpoint>;
  /** Non-empty allowed ports per `from\0to` group pair. */
  readonly allowed: ReadonlyMap<string, readonly AllowedPorts[]>;
  /** Member peer indices of each group, by peer id. */
  readonly members: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly granularity: Granularity;
}

function sideOf(analysis: NetpolAnalysis, otherModel: PolicyModel, granularity: Granularity): Side {
  const matrix = computeMatrix(analysis.model, analysis.inventory, analysis.hostPeers, {
    extraSelectors: modelSelectors(otherModel),
  });
  const view = expandMatrix(matrix, granularity);
  const allowed = new Map<string, readonly AllowedPorts[]>();
  for (const c of view.connections) if (c.allowed.length > 0) allowed.set(pairKey(c.from, c.to), c.allowed);
  const members = new Map<string, Map<string, number>>();
  matrix.peers.forEach((peer, i) => {
    const group = groupOf(peer, matrix.endpoints[i], granularity).id;
    const map = members.get(group) ?? new Map<string, number>();
    map.set(peer.id, i);
    members.set(group, map);
  });
  return {
    model: analysis.model,
    matrix,
    endpoints: new Map(view.endpoints.map((e) => [e.id, e])),
    allowed,
    members,
    granularity,
  };
}

function pairKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

/**
 * The causes of one port's change between two groups: the group itself being new or gone, else the first
 * member pair (by id) whose answer on that port changed — a member that exists on one side only, or the
 * directions that decide differently, with the label and named-port edits of both members.
 */
function explainChange(
  before: Side,
  after: Side,
  from: string,
  to: string,
  port: { protocol: Protocol; port: number },
  opening: boolean,
  policyChange: ReadonlyMap<string, PolicyChange>,
): DiffCause[] {
  const changeOf = (id: string): PolicyChange => policyChange.get(id) ?? 'unchanged';
  const readKeys = labelKeysRead([before.model, after.model]);
  const memberIds = (group: string) =>
    [
      ...new Set([...(before.members.get(group)?.keys() ?? []), ...(after.members.get(group)?.keys() ?? [])]),
    ].sort(compareText);
  const groupCauses: DiffCause[] = [];
  for (const id of new Set([from, to])) {
    if (!before.endpoints.has(id)) groupCauses.push({ type: 'endpoint-added', endpoint: id });
    else if (!after.endpoints.has(id)) groupCauses.push({ type: 'endpoint-removed', endpoint: id });
  }
  // The side where the changed port is allowed, for how an endpoint that exists there alone is reached.
  const allowing = opening ? after : before;
  const allowed = (fromMember: string, toMember: string): DiffCause => {
    const source = allowing.matrix.peers[allowing.members.get(from)!.get(fromMember)!]!;
    const destination = allowing.matrix.peers[allowing.members.get(to)!.get(toMember)!]!;
    return {
      type: 'allowed',
      side: opening ? 'after' : 'before',
      source: source.id,
      destination: destination.id,
      protocol: port.protocol,
      port: port.port,
      egress: verdictOf(allowing.model, 'egress', source, destination, port, changeOf),
      ingress: verdictOf(allowing.model, 'ingress', destination, source, port, changeOf),
    };
  };
  if (groupCauses.length > 0) {
    const pair = memberIds(from).flatMap((f) =>
      memberIds(to)
        .filter((t) => allowsPort(allowing, from, to, f, t, port))
        .map((t) => [f, t] as const),
    )[0];
    return pair ? [...groupCauses, allowed(pair[0], pair[1])] : groupCauses;
  }

  for (const fromMember of memberIds(from))
    for (const toMember of memberIds(to)) {
      const was = allowsPort(before, from, to, fromMember, toMember, port);
      const now = allowsPort(after, from, to, fromMember, toMember, port);
      if (was === now || now !== opening) continue;
      const causes: DiffCause[] = [];
      for (const [id, group] of [
        [fromMember, from],
        [toMember, to],
      ] as const) {
        if (!before.members.get(group)?.has(id)) causes.push({ type: 'endpoint-added', endpoint: id });
        else if (!after.members.get(group)?.has(id)) causes.push({ type: 'endpoint-removed', endpoint: id });
      }
      if (causes.length > 0) return [...causes, allowed(fromMember, toMember)];
      const peersOf = (side: Side) => ({
        source: side.matrix.peers[side.members.get(from)!.get(fromMember)!]!,
        destination: side.matrix.peers[side.members.get(to)!.get(toMember)!]!,
      });
      const was_ = peersOf(before);
      const now_ = peersOf(after);
      for (const direction of ['egress', 'ingress'] as const) {
        const subject = direction === 'egress' ? 'source' : 'destination';
        const other = direction === 'egress' ? 'destination' : 'source';
        const verdictBefore = verdictOf(before.model, direction, was_[subject], was_[other], port, changeOf);
        const verdictAfter = verdictOf(after.model, direction, now_[subject], now_[other], port, changeOf);
        if (verdictBefore.decision === verdictAfter.decision) continue;
        causes.push({
          type: 'verdict',
          direction,
          endpoint: now_[subject].id,
          peer: now_[other].id,
          protocol: port.protocol,
          port: port.port,
          before: verdictBefore,
          after: verdictAfter,
        });
      }
      causes.push(
        ...peerEdits(was_.source, now_.source, false, readKeys),
        ...peerEdits(was_.destination, now_.destination, true, readKeys),
      );
      return causes;
    }
  return [];
}

/** Whether a member pair of a group pair allows a port on one side (a pod reaching itself is not a group's connection). */
function allowsPort(
  side: Side,
  fromGroup: string,
  toGroup: string,
  fromMember: string,
  toMember: string,
  port: { protocol: Protocol; port: number },
): boolean {
  const i = side.members.get(fromGroup)?.get(fromMember);
  const j = side.members.get(toGroup)?.get(toMember);
  if (i === undefined || j === undefined) return false;
  const { matrix } = side;
  if (i === j && side.granularity !== 'pod' && matrix.endpoints[i]?.kind === 'Pod') return false;
  const atom = matrix.atoms.findIndex(
    (a) => a.protocol === port.protocol && a.first <= port.port && port.port <= a.last,
  );
  const bits = matrix.allowedAtoms(i, j);
  return atom >= 0 && ((bits[atom >>> 5]! >>> (atom & 31)) & 1) === 1;
}

/** Evaluates one direction on one port with a trace, and names what decided it. */
function verdictOf(
  model: PolicyModel,
  direction: Direction,
  subject: Peer,
  other: Peer,
  port: { protocol: Protocol; port: number },
  changeOf: (policyId: string) => PolicyChange,
): DirectionVerdict {
  const atom = { protocol: port.protocol, first: port.port, last: port.port };
  const result = evaluateDirection(model, direction, subject, other, [atom], { trace: true });
  const decision = decisionAt(result, 0);
  if (decision === 'not-evaluated') return { decision, by: 'outside', policies: [] };
  const trace = result.trace ?? [];
  const policyIds = policyIdsBySource(model);
  const ref = (step: TraceStep): DiffPolicyRef => {
    const p = step.policy!;
    const id = policyIds.get(policyKey(p)) ?? policyKey(p);
    return {
      id,
      dialect: p.dialect,
      kind: p.kind,
      ...(p.namespace !== undefined ? { namespace: p.namespace } : {}),
      name: p.name,
      source: p.source,
      change: changeOf(id),
    };
  };
  const decisive = trace.findIndex(
    (s) => s.result === 'default-deny' || ((s.result === 'allow' || s.result === 'deny') && s.policy),
  );
  const step = trace[decisive];
  if (step?.result === 'default-deny') {
    const isolating = new Map<string, DiffPolicyRef>();
    for (const s of trace.slice(0, decisive))
      if (s.result === 'isolated' && s.tier === step.tier) {
        const r = ref(s);
        isolating.set(r.id, r);
      }
    return { decision, by: 'isolation', policies: [...isolating.values()] };
  }
  if (step?.policy)
    return {
      decision,
      by: 'rule',
      policies: [ref(step)],
      ...(step.rule !== undefined ? { rule: step.rule } : {}),
    };
  return { decision, by: 'default', policies: [] };
}

/** Trace steps name a policy by dialect, kind, namespace and name; the diff names it by its model id. */
function policyKey(p: NonNullable<TraceStep['policy']>): string {
  return [p.dialect, p.kind, p.namespace ?? '', p.name].join('\u0000');
}

const idsByModel = new WeakMap<PolicyModel, Map<string, string>>();

function policyIdsBySource(model: PolicyModel): Map<string, string> {
  let ids = idsByModel.get(model);
  if (!ids) {
    ids = new Map();
    for (const tier of model.tiers)
      for (const policy of tier.policies) ids.set(policyKey({ ...policy.origin }), policy.id);
    idsByModel.set(model, ids);
  }
  return ids;
}

/** Label keys some selector of the models reads, per scope: edits of other labels cannot change a verdict. */
interface LabelKeysRead {
  readonly pod: ReadonlySet<string>;
  readonly namespace: ReadonlySet<string>;
}

function labelKeysRead(models: readonly PolicyModel[]): LabelKeysRead {
  const pod = new Set<string>();
  const namespace = new Set<string>();
  const visit = (selector: Selector): void => {
    if (selector.type === 'and' || selector.type === 'or') selector.of.forEach(visit);
    else if (selector.type === 'not') visit(selector.of);
    else if (selector.type === 'label' && selector.scope === 'endpoint') pod.add(selector.test.key);
    else if (selector.type === 'label' && selector.scope === 'namespace') namespace.add(selector.test.key);
  };
  for (const model of models) modelSelectors(model).forEach(visit);
  return { pod, namespace };
}

/**
 * Edits of one member between the sides that selectors can see: labels some selector reads, and named ports
 * (which only matter on a destination).
 */
function peerEdits(before: Peer, after: Peer, destination: boolean, readKeys: LabelKeysRead): DiffCause[] {
  const causes: DiffCause[] = [];
  const labels = (scope: 'pod' | 'namespace', was: Record<string, string>, now: Record<string, string>) => {
    const added = changedLabels(now, was, readKeys[scope]);
    const removed = changedLabels(was, now, readKeys[scope]);
    if (Object.keys(added).length + Object.keys(removed).length > 0)
      causes.push({ type: 'labels', endpoint: after.id, scope, added, removed });
  };
  labels('pod', before.labels, after.labels);
  labels('namespace', before.namespaceLabels, after.namespaceLabels);
  if (destination) {
    const named = (peer: Peer) =>
      peer.namedPorts.map((p) => `${p.name}=${p.protocol}/${p.port}`).sort(compareText);
    const was = named(before);
    const now = named(after);
    if (was.join(',') !== now.join(','))
      causes.push({ type: 'named-ports', endpoint: after.id, before: was, after: now });
  }
  return causes;
}

/** Labels of `a` among `keys` that `b` lacks or holds with another value, sorted by key. */
function changedLabels(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
  keys: ReadonlySet<string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(a).sort(compareText))
    if (keys.has(key) && b[key] !== a[key]) out[key] = a[key]!;
  return out;
}

function uniqueCauses(causes: readonly DiffCause[]): DiffCause[] {
  const seen = new Set<string>();
  return causes.filter((c) => {
    const key = JSON.stringify(c);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Policies added, removed, or modified in what they compile to (tier, subject, isolation, order, rules). */
export function diffPolicies(base: PolicyModel, head: PolicyModel): PolicyDiff[] {
  const index = (model: PolicyModel) => {
    const map = new Map<string, { policy: IrPolicy; fingerprint: string }>();
    for (const tier of model.tiers)
      for (const policy of tier.policies)
        map.set(policy.id, { policy, fingerprint: fingerprint(tier.name, policy) });
    return map;
  };
  const was = index(base);
  const now = index(head);
  const out: PolicyDiff[] = [];
  const ref = (policy: IrPolicy, change: PolicyDiff['change']): PolicyDiff => ({
    id: policy.id,
    dialect: policy.origin.dialect,
    kind: policy.origin.kind,
    ...(policy.origin.namespace !== undefined ? { namespace: policy.origin.namespace } : {}),
    name: policy.origin.name,
    source: policy.origin.source,
    change,
  });
  for (const [id, entry] of now) {
    const old = was.get(id);
    if (!old) out.push(ref(entry.policy, 'added'));
    else if (old.fingerprint !== entry.fingerprint) out.push(ref(entry.policy, 'modified'));
  }
  for (const [id, entry] of was) if (!now.has(id)) out.push(ref(entry.policy, 'removed'));
  return out.sort((a, b) => compareText(a.id, b.id) || compareText(a.change, b.change));
}

/** What a policy means, without where it is written. */
function fingerprint(tier: string, policy: IrPolicy): string {
  return JSON.stringify([
    tier,
    selectorKey(policy.subject),
    policy.isolates,
    String(policy.order),
    policy.rules.map((r) => [
      r.direction,
      selectorKey(r.peer),
      r.ports,
      r.action,
      (r.l7 ?? []).map((l) => l.description),
    ]),
  ]);
}

// ── Port sets ─────────────────────────────────────────────────────────────────────────────────────────────────

function samePorts(a: readonly AllowedPorts[], b: readonly AllowedPorts[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The ports of `a` not in `b`, per protocol, as merged ranges. */
export function subtractPorts(a: readonly AllowedPorts[], b: readonly AllowedPorts[]): AllowedPorts[] {
  const out: AllowedPorts[] = [];
  for (const protocol of PROTOCOLS) {
    let ranges: [number, number][] = (a.find((x) => x.protocol === protocol)?.ports ?? []).map(
      ([first, last]) => [first, last],
    );
    for (const [cutFirst, cutLast] of b.find((x) => x.protocol === protocol)?.ports ?? []) {
      ranges = ranges.flatMap(([first, last]): [number, number][] => {
        if (cutLast < first || cutFirst > last) return [[first, last]];
        const kept: [number, number][] = [];
        if (cutFirst > first) kept.push([first, cutFirst - 1]);
        if (cutLast < last) kept.push([cutLast + 1, last]);
        return kept;
      });
    }
    if (ranges.length > 0) out.push({ protocol, ports: ranges });
  }
  return out;
}

function firstPort(ports: readonly AllowedPorts[]): { protocol: Protocol; port: number } {
  const first = ports[0]!;
  return { protocol: first.protocol, port: first.ports[0]![0] };
}
