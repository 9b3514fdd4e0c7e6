// Questions the lint rules ask the engine: how a pod added later without labels fares, whether a selector can
// match at all, which rule decides each connection (shadowing, passes), whether removing rules changes any
// answer, where kube-dns is, and which policies deny a connection. Every answer comes from the evaluator and
// the selector matcher; nothing here restates policy semantics.
import {
  type Endpoint,
  type EndpointInventory,
  NAMESPACE_NAME_LABEL,
  type NamespaceInfo,
} from '../model/endpoint.js';
import { IpSet } from '../net/ip-set.js';
import { compareText } from './endpoints.js';
import { type AtomDecision, applyingPolicies, evaluateDirection, isEvaluated } from './evaluate.js';
import {
  DIRECTIONS,
  type Direction,
  type IrPolicy,
  type IrRule,
  type Peer,
  type PeerKind,
  type PolicyModel,
  type Selector,
} from './ir.js';
import { type ConnectivityMatrix, computeMatrix, type MatrixFrame } from './matrix.js';
import { endpointPeer, externalCidrPeer } from './peers.js';
import { type PortAtom, portConditionCovers } from './ports.js';
import { matchesSelector } from './selector.js';

// ── Probes: pods and namespaces that do not exist yet ─────────────────────────────────────────────────────────

/** A namespace no selector can name on purpose: it stands for a namespace created later. */
export const PROBE_NAMESPACE = 'aksguard-probe-namespace';

/** The name of the probe pod of a namespace. */
export const PROBE_POD_NAME = '(new pod)';

/** Whether an endpoint is a probe (never reported on). */
export function isProbe(endpoint: Endpoint | undefined): boolean {
  return endpoint?.name === PROBE_POD_NAME;
}

/**
 * A pod added later to a namespace, without labels, running as `default`, declaring no ports: what a default
 * policy must cover. Its id `ns/(new pod)` can never clash with a real pod (names are DNS labels).
 */
export function probeEndpoint(namespace: string): Endpoint {
  return {
    id: `${namespace}/${PROBE_POD_NAME}`,
    kind: 'Pod',
    namespace,
    name: PROBE_POD_NAME,
    labels: {},
    serviceAccount: 'default',
    serviceAccountLabels: {},
    namedPorts: [],
    hostNetwork: false,
    ips: [],
    workload: { kind: 'Pod', namespace, name: PROBE_POD_NAME },
    source: { file: '', line: 0, column: 0 },
  };
}

/**
 * The inventory with a probe pod in every namespace and in one namespace that does not exist yet, so that
 * answers also hold for workloads added later (a default-deny policy is not redundant because today's pods
 * happen to be covered by other policies).
 */
export function withProbes(inventory: EndpointInventory): EndpointInventory {
  const probeNamespace: NamespaceInfo = {
    name: PROBE_NAMESPACE,
    labels: { [NAMESPACE_NAME_LABEL]: PROBE_NAMESPACE },
    declared: false,
  };
  const namespaces = new Map(inventory.namespaces);
  namespaces.set(PROBE_NAMESPACE, probeNamespace);
  return {
    endpoints: [...inventory.endpoints, ...[...namespaces.keys()].map(probeEndpoint)].sort((a, b) =>
      compareText(a.id, b.id),
    ),
    namespaces,
  };
}

/** The peer of a namespace's probe pod (the namespace's labels as the inventory has them). */
export function probePeer(inventory: EndpointInventory, namespace: string): Peer {
  return endpointPeer(probeEndpoint(namespace), namespaceInfo(inventory, namespace));
}

/** A namespace as the inventory has it, or with only its automatic name label when the inputs lack it. */
function namespaceInfo(inventory: EndpointInventory, namespace: string): NamespaceInfo {
  return (
    inventory.namespaces.get(namespace) ?? {
      name: namespace,
      labels: { [NAMESPACE_NAME_LABEL]: namespace },
      declared: false,
    }
  );
}

/**
 * Whether a selector matches every address outside the cluster of one family (the internet, to a rule): the
 * family as one block, and each external piece of that family among `peers` (the pieces a matrix cuts at every
 * CIDR the policies name, so `0.0.0.0/0` with private ranges excepted fails on the excepted pieces).
 */
export function matchesInternet(selector: Selector, peers: readonly Peer[]): boolean {
  return ([4, 6] as const).some((family) => {
    const whole = externalCidrPeer({ family, network: 0n, prefix: 0 });
    return (
      matchesSelector(selector, whole) &&
      peers.every(
        (p) =>
          p.kind !== 'external' ||
          p.addresses.intervals[0]?.family !== family ||
          matchesSelector(selector, p),
      )
    );
  });
}

/** A selector naming every address: passed as an extra selector, it makes the internet an external peer. */
export const EVERY_ADDRESS: Selector = { type: 'ipSet', set: IpSet.all() };

// ── Can a selector match anything at all? ────────────────────────────────────────────────────────────────────

interface Literal {
  readonly positive: boolean;
  readonly leaf: Selector;
}

/** Beyond this many conjunctions the question is left open (the selector is taken to be satisfiable). */
const TERM_LIMIT = 512;

/** The selector in disjunctive normal form, as conjunctions of (possibly negated) leaves; undefined when too big. */
function conjunctions(selector: Selector, positive: boolean): Literal[][] | undefined {
  switch (selector.type) {
    case 'any':
      return positive ? [[]] : [];
    case 'none':
      return positive ? [] : [[]];
    case 'not':
      return conjunctions(selector.of, !positive);
    case 'and':
    case 'or': {
      const parts = selector.of.map((s) => conjunctions(s, positive));
      if (parts.some((p) => p === undefined)) return undefined;
      // De Morgan: a negated `and` distributes like an `or`.
      if ((selector.type === 'and') !== positive) {
        const all = parts.flatMap((p) => p!);
        return all.length > TERM_LIMIT ? undefined : all;
      }
      let product: Literal[][] = [[]];
      for (const part of parts) {
        const next: Literal[][] = [];
        for (const left of product)
          for (const right of part!) {
            next.push([...left, ...right]);
            if (next.length > TERM_LIMIT) return undefined;
          }
        product = next;
      }
      return product;
    }
    default:
      return [[{ positive, leaf: selector }]];
  }
}

const NO_LABELS: Readonly<Record<string, string>> = {};

/** A peer that differs from nothing but in the one attribute a group of leaves reads. */
function blankPeer(overrides: Partial<Peer>): Peer {
  return {
    id: '(candidate)',
    kind: 'pod',
    labels: NO_LABELS,
    namespaceLabels: NO_LABELS,
    serviceAccountLabels: NO_LABELS,
    namedPorts: [],
    addresses: IpSet.EMPTY,
    entities: new Set(),
    ...overrides,
  };
}

const holds = (literal: Literal, peer: Peer): boolean =>
  matchesSelector(literal.leaf, peer) === literal.positive;

/**
 * Whether one conjunction of leaves can hold. Leaves are grouped by what they read (one label key, the kind,
 * the namespace, the service account, one entity); each group is satisfiable when some candidate value — every
 * value the leaves mention, absence, and a value none mentions — satisfies all its leaves, asked of the
 * selector matcher. Groups are treated as independent, and address and DNS-name leaves as always satisfiable,
 * so the answer errs towards "can match".
 */
function conjunctionSatisfiable(literals: readonly Literal[]): boolean {
  const groups = new Map<string, Literal[]>();
  for (const literal of literals) {
    const key = groupKey(literal.leaf);
    if (key === undefined) continue;
    groups.set(key, [...(groups.get(key) ?? []), literal]);
  }
  for (const group of groups.values()) {
    if (!candidatesFor(group).some((peer) => group.every((l) => holds(l, peer)))) return false;
  }
  return true;
}

function groupKey(leaf: Selector): string | undefined {
  switch (leaf.type) {
    case 'label':
      return `label\u0000${leaf.scope}\u0000${leaf.test.key}`;
    case 'kind':
    case 'namespace':
    case 'serviceAccount':
      return leaf.type;
    case 'entity':
      return `entity\u0000${leaf.entity}`;
    default:
      return undefined;
  }
}

const UNMENTIONED = '\u0000unmentioned';
const PEER_KINDS: readonly PeerKind[] = ['pod', 'host', 'external', 'fqdn'];

function candidatesFor(group: readonly Literal[]): Peer[] {
  const leaf = group[0]!.leaf;
  switch (leaf.type) {
    case 'label': {
      const values = new Set<string | undefined>([undefined, UNMENTIONED]);
      let prefix = '';
      let suffix = '';
      const inner: string[] = [];
      for (const { leaf: l } of group) {
        if (l.type !== 'label') continue;
        const test = l.test;
        if (test.op === 'in' || test.op === 'notIn') for (const v of test.values) values.add(v);
        if (test.op === 'startsWith' || test.op === 'endsWith' || test.op === 'contains') {
          values.add(test.value);
          if (test.op === 'startsWith' && test.value.length > prefix.length) prefix = test.value;
          if (test.op === 'endsWith' && test.value.length > suffix.length) suffix = test.value;
          if (test.op === 'contains') inner.push(test.value);
        }
      }
      // One value meeting every prefix, infix and suffix test at once, when they are compatible.
      values.add(prefix + inner.join('') + suffix);
      const field =
        leaf.scope === 'endpoint'
          ? 'labels'
          : leaf.scope === 'namespace'
            ? 'namespaceLabels'
            : 'serviceAccountLabels';
      return [...values].map((v) =>
        blankPeer({ [field]: v === undefined ? NO_LABELS : { [leaf.test.key]: v } }),
      );
    }
    case 'kind':
      return PEER_KINDS.map((kind) => blankPeer({ kind }));
    case 'namespace':
    case 'serviceAccount': {
      const names = new Set<string | undefined>([undefined, UNMENTIONED]);
      for (const { leaf: l } of group) {
        if (l.type === 'namespace' || l.type === 'serviceAccount')
          for (const n of l.names ?? []) names.add(n);
      }
      return [...names].map((name) =>
        blankPeer(
          leaf.type === 'namespace'
            ? name === undefined
              ? {}
              : { namespace: name }
            : name === undefined
              ? {}
              : { serviceAccount: name },
        ),
      );
    }
    case 'entity':
      return [blankPeer({}), blankPeer({ entities: new Set([leaf.entity]) })];
    default:
      return [blankPeer({})];
  }
}

/**
 * Whether any peer at all could satisfy the selector, whatever its labels: false for contradictions such as
 * `app In (a)` with `app NotIn (a)`, `has(x) && !has(x)`, or Cilium's `none`. Errs towards true when unsure.
 */
export function canMatch(selector: Selector): boolean {
  const terms = conjunctions(selector, true);
  if (terms === undefined) return true;
  return terms.some(conjunctionSatisfiable);
}

/** Whether the selector's leaves read only the namespace (its name or labels). */
function namespaceOnly(selector: Selector): boolean {
  switch (selector.type) {
    case 'namespace':
      return true;
    case 'label':
      return selector.scope === 'namespace';
    case 'and':
    case 'or':
      return selector.of.every(namespaceOnly);
    case 'not':
      return namespaceOnly(selector.of);
    default:
      return false;
  }
}

function conjuncts(selector: Selector): Selector[] {
  return selector.type === 'and' ? selector.of.flatMap(conjuncts) : [selector];
}

/**
 * The part of a selector that tests the namespace (a namespaceSelector, a namespace name), or undefined when the
 * selector does not restrict namespaces on its own.
 */
export function namespacePart(selector: Selector): Selector | undefined {
  const parts = conjuncts(selector).filter(namespaceOnly);
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0]! : { type: 'and', of: parts };
}

/**
 * Whether a namespace test names namespaces (by name, or by the automatic `kubernetes.io/metadata.name` label):
 * such a namespace may well exist outside the inputs (kube-system), unlike one chosen by the labels the inputs'
 * Namespace objects carry.
 */
export function namesNamespaces(namespaceTest: Selector): boolean {
  switch (namespaceTest.type) {
    case 'namespace':
      return namespaceTest.names !== undefined;
    case 'label':
      return namespaceTest.scope === 'namespace' && namespaceTest.test.key === NAMESPACE_NAME_LABEL;
    case 'and':
    case 'or':
      return namespaceTest.of.some(namesNamespaces);
    case 'not':
      return namesNamespaces(namespaceTest.of);
    default:
      return false;
  }
}

/** The namespaces of the inventory (and the probe namespace) whose pods a namespace test admits. */
export function namespacesAdmitted(namespaceTest: Selector, inventory: EndpointInventory): string[] {
  return [...inventory.namespaces.keys(), PROBE_NAMESPACE].filter((ns) =>
    matchesSelector(namespaceTest, probePeer(inventory, ns)),
  );
}

// ── Which rule decides what ──────────────────────────────────────────────────────────────────────────────────

/** What evaluating every class pair says about one rule. */
export interface RuleActivity {
  /** Some connection reaches an endpoint the rule's policy selects and matches the rule's peer and ports. */
  matched: boolean;
  /** The rule decided (or passed) at least one connection. */
  decided: boolean;
  /** What took connections the rule matches before it could decide them, one entry per decider. */
  readonly preemptedBy: AtomDecision[];
  /** For a pass: at least one connection it passed was then decided by a later tier (a rule or a default). */
  passedOn: boolean;
}

/** The first peer index of each equivalence class of a matrix. */
export function classRepresentatives(matrix: ConnectivityMatrix): number[] {
  const representatives: number[] = [];
  matrix.classOf.forEach((cls, i) => {
    if (representatives[cls] === undefined) representatives[cls] = i;
  });
  return representatives;
}

/**
 * Evaluates every ordered pair of classes in both directions and records, for each rule, whether it matched
 * traffic, decided any, and what decided before it when it did not (shadowing), and whether traffic it passed
 * was decided further down. Log rules never decide and are left out.
 */
export function ruleActivity(model: PolicyModel, matrix: ConnectivityMatrix): Map<IrRule, RuleActivity> {
  const activity = new Map<IrRule, RuleActivity>();
  const entry = (rule: IrRule): RuleActivity => {
    let found = activity.get(rule);
    if (!found) {
      found = { matched: false, decided: false, preemptedBy: [], passedOn: false };
      activity.set(rule, found);
    }
    return found;
  };
  const peers = classRepresentatives(matrix).map((i) => matrix.peers[i]!);
  const applying = peers.map((p) => applyingPolicies(model, p));
  const atoms = matrix.atoms;
  peers.forEach((subject, s) => {
    if (!isEvaluated(subject)) return;
    for (const other of peers)
      for (const direction of DIRECTIONS) {
        const decisions: AtomDecision[][] = atoms.map(() => []);
        evaluateDirection(model, direction, subject, other, atoms, {
          applying: applying[s]!,
          onDecision: (d) => decisions[d.atom]!.push(d),
        });
        const destination = direction === 'ingress' ? subject : other;
        model.tiers.forEach((tier, t) => {
          for (const policy of applying[s]![t] ?? [])
            for (const rule of policy.rules) {
              if (rule.direction !== direction || rule.action === 'log') continue;
              if (!matchesSelector(rule.peer, other)) continue;
              atoms.forEach((atom, i) => {
                if (!portConditionCovers(rule.ports, atom, destination)) return;
                const record = entry(rule);
                record.matched = true;
                const own = decisions[i]!;
                const mine = own.findIndex((d) => d.rule === rule);
                if (mine >= 0) {
                  record.decided = true;
                  if (own.slice(mine + 1).some((d) => d.action !== 'pass')) record.passedOn = true;
                  return;
                }
                // Closed before the rule: in its own tier by an earlier rule, else decided by an earlier tier.
                const inTier = own.find((d) => d.tier === tier);
                const before = inTier ?? own.filter((d) => model.tiers.indexOf(d.tier) < t).at(-1);
                if (before && !record.preemptedBy.some((p) => sameDecider(p, before)))
                  record.preemptedBy.push(before);
              });
            }
        });
      }
  });
  return activity;
}

function sameDecider(a: AtomDecision, b: AtomDecision): boolean {
  return a.tier === b.tier && a.rule === b.rule && a.policy === b.policy && a.action === b.action;
}

// ── Would the answers change without it? ────────────────────────────────────────────────────────────────────

/** The model without some policies and rules (the same objects otherwise, so activity maps still apply). */
export function withoutParts(
  model: PolicyModel,
  drop: { readonly policies?: ReadonlySet<IrPolicy>; readonly rules?: ReadonlySet<IrRule> },
): PolicyModel {
  return {
    tiers: model.tiers.map((tier) => ({
      ...tier,
      policies: tier.policies
        .filter((p) => !drop.policies?.has(p))
        .map((p) =>
          drop.rules && p.rules.some((r) => drop.rules!.has(r))
            ? { ...p, rules: p.rules.filter((r) => !drop.rules!.has(r)) }
            : p,
        ),
    })),
  };
}

/**
 * Whether `model` allows exactly what `reference` allows between every two peers of its frame, on every port.
 * The reference must be the matrix of a model with at least the same selectors (its classes refine the other's),
 * so comparing one peer of each of its classes is enough.
 */
export function sameAnswers(
  reference: ConnectivityMatrix,
  model: PolicyModel,
  inventory: EndpointInventory,
  frame: MatrixFrame,
): boolean {
  const other = computeMatrix(model, inventory, [], { frame });
  const representatives = classRepresentatives(reference);
  for (const from of representatives)
    for (const to of representatives) {
      const a = reference.allowedAtoms(from, to);
      const b = other.allowedAtoms(from, to);
      for (let w = 0; w < a.length; w++) if (a[w] !== b[w]) return false;
    }
  return true;
}

// ── kube-dns and blame ───────────────────────────────────────────────────────────────────────────────────────

/** The namespace and label of the cluster DNS pods (CoreDNS keeps the kube-dns label; AKS does too). */
export const KUBE_DNS = { namespace: 'kube-system', label: 'k8s-app', value: 'kube-dns' } as const;

/**
 * The cluster DNS pods: those of the inputs labelled `k8s-app=kube-dns` in kube-system, else one assumed pod
 * with that label and CoreDNS's ports (`dns` UDP/53, `dns-tcp` TCP/53), so policies can be asked about DNS even
 * when the inputs leave kube-system out.
 */
export function kubeDnsPeers(inventory: EndpointInventory): { peers: Peer[]; assumed: boolean } {
  const real = inventory.endpoints.filter(
    (e) =>
      e.namespace === KUBE_DNS.namespace && e.labels[KUBE_DNS.label] === KUBE_DNS.value && !e.hostNetwork,
  );
  if (real.length > 0)
    return {
      peers: real.map((e) => endpointPeer(e, inventory.namespaces.get(e.namespace))),
      assumed: false,
    };
  const assumed: Endpoint = {
    ...probeEndpoint(KUBE_DNS.namespace),
    id: `${KUBE_DNS.namespace}/kube-dns`,
    name: 'kube-dns',
    labels: { [KUBE_DNS.label]: KUBE_DNS.value },
    serviceAccount: 'coredns',
    namedPorts: [
      { name: 'dns', port: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, protocol: 'TCP' },
    ],
  };
  return { peers: [endpointPeer(assumed, namespaceInfo(inventory, KUBE_DNS.namespace))], assumed: true };
}

/**
 * The policies that deny one atom in one direction: the policy of the denying rule, or, when a tier's default
 * denied, the policies of that tier that select the subject and isolate the direction. Empty when allowed.
 */
export function denyingPolicies(
  model: PolicyModel,
  direction: Direction,
  subject: Peer,
  other: Peer,
  atom: PortAtom,
): IrPolicy[] {
  let last: AtomDecision | undefined;
  const result = evaluateDirection(model, direction, subject, other, [atom], {
    onDecision: (d) => {
      last = d;
    },
  });
  if (result.denied[0] !== 1 || !last) return [];
  if (last.policy) return [last.policy];
  const tier = last.tier;
  return tier.policies.filter((p) => p.isolates.includes(direction) && matchesSelector(p.subject, subject));
}

/**
 * Whether a selector picks peers only by labels, names, namespaces and kind (a pod or workload selector), not by
 * address, DNS name or entity: only such a selector can be said to match nothing in the inputs.
 */
export function selectsByLabels(selector: Selector): boolean {
  switch (selector.type) {
    case 'and':
    case 'or':
      return selector.of.every(selectsByLabels);
    case 'not':
      return selectsByLabels(selector.of);
    case 'ipSet':
    case 'entity':
    case 'fqdn':
      return false;
    default:
      return true;
  }
}
