// The intermediate form every policy dialect compiles into, and the one thing the evaluator reads.
//
// Shape: ordered tiers → ordered policies → ordered rules {direction, peer, ports, action}. One evaluation
// algorithm covers every dialect (see evaluate.ts):
//
//   for each tier in tier order, keeping the policies whose `subject` selects the endpoint:
//     no such policy → the tier is invisible, go on;
//     for each such policy (by order), each rule of this direction (in list order):
//       allow / deny → final; pass → leave this tier; log → note it and go on;
//     end of the tier with no verdict: if one of those policies `isolates` this direction → the tier's
//     `defaultAction` (deny, or pass to the next tier); else go on to the next tier.
//   after the last tier → allowed (the "default": not isolated, or every isolating tier passed).
//
// How each dialect maps onto it (the compilers own these choices; the evaluator has no dialect cases):
// - Kubernetes NetworkPolicy: policies in the `default` tier (layer `tiered`, order 1 000 000, as Calico places
//   them) with order 1000, allow rules only, `isolates` = policyTypes; end-of-tier deny = isolation.
// - Calico: one tier per Tier object (its order and defaultAction); policy order, ties broken by policy name
//   (`sortName`); Allow/Deny/Pass/Log; notSelector/notNets as `not` selectors, notPorts/notProtocol as
//   `ports.exclude`; NetworkSets compile to `ipSet` peers; `types` → `isolates`.
// - Cilium: policies in the `default` tier; deny rules in policies ordered before every allow (deny wins);
//   `enableDefaultDeny: false` → empty `isolates`; entities → `entity` selectors; toFQDNs → `fqdn` (a policy is
//   split when only some of its endpoints have their DNS seen by Cilium's proxy);
//   fromRequires → a deny of peers that do not satisfy the requirement; L7 → `l7` on the allow.
// - AdminNetworkPolicy: policies of the `admin` layer ordered by priority, Allow/Deny/Pass, no isolation;
//   BaselineAdminNetworkPolicy: the `baseline` layer, Allow/Deny, no isolation; ClusterNetworkPolicy: its Admin
//   or Baseline tier's layer, by priority, Accept/Deny/Pass (see dialects/anp.ts).
import type { Protocol } from '../model/endpoint.js';
import type { SourceRef } from '../model/source.js';
import type { IpSet } from '../net/ip-set.js';

/** Which way traffic flows relative to the endpoint a policy selects. */
export type Direction = 'ingress' | 'egress';

/** Both directions, in output order. */
export const DIRECTIONS: readonly Direction[] = ['egress', 'ingress'];

/**
 * What a matching rule does: `allow` and `deny` are final for the direction, `pass` leaves the current tier for
 * the next one, `log` records the match and evaluation continues with the next rule.
 */
export type RuleAction = 'allow' | 'deny' | 'pass' | 'log';

/** The dialect a policy was written in (for explanations and lint). */
export type Dialect = 'kubernetes' | 'calico' | 'cilium' | 'admin-network-policy';

// ── Peers: what selectors look at ────────────────────────────────────────────────────────────────────────────

/**
 * The kinds of thing traffic comes from or goes to:
 * - `pod`: a pod (or workload pod template) in the cluster, subject to policies;
 * - `host`: a node, or a pod with host networking (which is its node), or a Calico HostEndpoint;
 * - `external`: addresses outside the cluster (a CIDR piece or one IP);
 * - `fqdn`: a DNS name outside the cluster whose addresses are not known offline.
 */
export type PeerKind = 'pod' | 'host' | 'external' | 'fqdn';

/**
 * Everything a selector can test about one side of a connection. Pods carry their own labels, their namespace's
 * labels and their service account; external peers carry only addresses (and entities).
 */
export interface Peer {
  /** Stable id for output and caching: the endpoint id, a CIDR, an IP, or `fqdn:NAME`. */
  readonly id: string;
  readonly kind: PeerKind;
  /** Namespace of a pod (or namespaced host endpoint); absent for cluster-scoped and external peers. */
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly namespaceLabels: Readonly<Record<string, string>>;
  readonly serviceAccount?: string;
  readonly serviceAccountLabels: Readonly<Record<string, string>>;
  /** Named ports (only meaningful on a destination: named ports resolve on the destination). */
  readonly namedPorts: readonly {
    readonly name: string;
    readonly port: number;
    readonly protocol: Protocol;
  }[];
  /**
   * The addresses the peer may use: a pod's known IPs, an external CIDR piece or IP. Empty when unknown (a pod
   * without `status.podIP`, an FQDN).
   */
  readonly addresses: IpSet;
  /** DNS name of an `fqdn` peer. */
  readonly fqdn?: string;
  /**
   * Entities the peer belongs to, as Cilium names them (`world`, `cluster`, `host`, `remote-node`,
   * `kube-apiserver`, …); the peer builder sets them, so `entity` selectors stay a plain membership test.
   */
  readonly entities: ReadonlySet<string>;
}

// ── Selectors ───────────────────────────────────────────────────────────────────────────────────────────────

/** Which label map a label test reads. */
export type LabelScope = 'endpoint' | 'namespace' | 'serviceAccount';

/**
 * One test on one label. `notIn`, `absent` and the negated string tests are true when the label is missing,
 * as Kubernetes (`NotIn`, `DoesNotExist`) and Calico (`!=`, `not in`, `!has`) define them.
 */
export type LabelTest =
  | { readonly op: 'exists' | 'absent'; readonly key: string }
  | { readonly op: 'in' | 'notIn'; readonly key: string; readonly values: readonly string[] }
  | { readonly op: 'startsWith' | 'endsWith' | 'contains'; readonly key: string; readonly value: string };

/** How an FQDN peer is named: an exact name or a Cilium `matchPattern`. Names are compared lower-case without the trailing dot. */
export type FqdnMatch = { readonly name: string } | { readonly pattern: string };

/**
 * A compiled selector over peers. Dialects lower their selector languages to these nodes:
 * - `any` / `none`: every peer / no peer;
 * - `and` / `or` / `not`: boolean combinations (Calico `notSelector`, `notNets`, Cilium `fromRequires`);
 * - `label`: a test on the peer's own, namespace or service-account labels (non-pod peers have none, except
 *   what their builder gives them);
 * - `namespace`: the peer is namespaced and its namespace is one of `names` (absent `names`: any namespace);
 * - `serviceAccount`: the peer runs as one of these service accounts;
 * - `kind`: the peer is of one of these kinds (Kubernetes pod selectors only ever match `pod` peers);
 * - `ipSet`: the peer's address lies in the set (for an external piece: the whole piece; for a pod: one of its
 *   known IPs; for an FQDN: only a set covering a whole address family, such as `0.0.0.0/0`, matches). Keep
 *   one set per CIDR as written (`except` as `not` of the excepted blocks): the matrix names external
 *   endpoints by the blocks the sets are made of;
 * - `entity`: the peer belongs to the entity;
 * - `fqdn`: an `fqdn` peer whose name matches one entry.
 */
export type Selector =
  | { readonly type: 'any' }
  | { readonly type: 'none' }
  | { readonly type: 'and'; readonly of: readonly Selector[] }
  | { readonly type: 'or'; readonly of: readonly Selector[] }
  | { readonly type: 'not'; readonly of: Selector }
  | { readonly type: 'label'; readonly scope: LabelScope; readonly test: LabelTest }
  | { readonly type: 'namespace'; readonly names?: readonly string[] }
  | { readonly type: 'serviceAccount'; readonly names: readonly string[] }
  | { readonly type: 'kind'; readonly kinds: readonly PeerKind[] }
  | { readonly type: 'ipSet'; readonly set: IpSet }
  | { readonly type: 'entity'; readonly entity: string }
  | { readonly type: 'fqdn'; readonly matches: readonly FqdnMatch[] };

/** Matches every peer. */
export const ANY_PEER: Selector = { type: 'any' };
/** Matches no peer. */
export const NO_PEER: Selector = { type: 'none' };

/** The peers every part matches; `any` parts are dropped and a `none` part makes the whole `none`. */
export function allOf(...of: Selector[]): Selector {
  const parts = of.filter((s) => s.type !== 'any');
  if (parts.some((s) => s.type === 'none')) return NO_PEER;
  if (parts.length === 0) return ANY_PEER;
  return parts.length === 1 ? parts[0]! : { type: 'and', of: parts };
}

/** The peers some part matches; `none` parts are dropped and an `any` part makes the whole `any`. */
export function anyOf(...of: Selector[]): Selector {
  const parts = of.filter((s) => s.type !== 'none');
  if (parts.some((s) => s.type === 'any')) return ANY_PEER;
  if (parts.length === 0) return NO_PEER;
  return parts.length === 1 ? parts[0]! : { type: 'or', of: parts };
}

/** The peers `of` does not match. */
export function noneOf(of: Selector): Selector {
  if (of.type === 'any') return NO_PEER;
  if (of.type === 'none') return ANY_PEER;
  return of.type === 'not' ? of.of : { type: 'not', of };
}

// ── Ports ───────────────────────────────────────────────────────────────────────────────────────────────────

/** An inclusive port range `[first, last]` within 1-65535. */
export type PortRange = readonly [first: number, last: number];

/** Every port number. */
export const ALL_PORTS: PortRange = [1, 65535];

/**
 * One port clause: a protocol (or `any`, for Cilium's ANY and Calico rules without protocol) with port ranges
 * (absent: every port of the protocol), or a named port resolved on the destination (protocol-aware unless `any`).
 */
export type PortMatch =
  | { readonly protocol: Protocol | 'any'; readonly ranges?: readonly PortRange[] }
  | { readonly protocol: Protocol | 'any'; readonly named: string };

/**
 * Which destination ports a rule covers: those matching one of `include` (absent: all ports of all protocols)
 * and none of `exclude` (Calico `notPorts`, `notProtocol`).
 */
export interface PortCondition {
  readonly include?: readonly PortMatch[];
  readonly exclude?: readonly PortMatch[];
}

/** An application-layer restriction on an allow (Cilium L7): the connection is allowed, requests are filtered. */
export interface L7Restriction {
  readonly protocol: 'http' | 'dns' | 'kafka' | 'tls';
  /** Human-readable, e.g. `HTTP GET /api/.*`. */
  readonly description: string;
}

// ── Rules, policies, tiers ─────────────────────────────────────────────────────────────────────────────────

/** Where a rule came from, for explanations and lint. */
export interface RuleOrigin {
  /** 0-based index of the rule in its direction's list in the source policy. */
  readonly index: number;
  /** Position of the rule (or the peer/port clause it was compiled from). */
  readonly source: SourceRef;
  /** Short description of what the rule says, e.g. `from namespaceSelector {team=a} on TCP/80`. */
  readonly summary: string;
}

/** One rule of the intermediate form. All conditions are ANDed. */
export interface IrRule {
  readonly direction: Direction;
  /** The other side: the source for ingress, the destination for egress. */
  readonly peer: Selector;
  /** Destination ports. */
  readonly ports: PortCondition;
  readonly action: RuleAction;
  /** Application-layer filters on an allow (the connection is allowed; only some requests pass). */
  readonly l7?: readonly L7Restriction[];
  readonly origin: RuleOrigin;
}

/** Identity and position of the source policy. */
export interface PolicyOrigin {
  readonly dialect: Dialect;
  /** The object's kind, e.g. `NetworkPolicy`, `GlobalNetworkPolicy`, `CiliumNetworkPolicy`. */
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly source: SourceRef;
  /** Where the dialect places the policy, for explanations: `order 10`, `priority 50` (absent when it has none). */
  readonly precedence?: string;
}

/** One policy of the intermediate form. */
export interface IrPolicy {
  /** Unique id within the model: `kind/namespace/name` (cluster-scoped: `kind/name`). */
  readonly id: string;
  /** The endpoints the policy applies to. */
  readonly subject: Selector;
  /**
   * Directions in which the policy isolates its subjects: when a tier ends without a verdict and some applying
   * policy isolates that direction, the tier's default action applies (Kubernetes policyTypes, Calico types,
   * Cilium default deny). Empty for purely additive policies (ANP, BANP, Cilium `enableDefaultDeny: false`).
   */
  readonly isolates: readonly Direction[];
  /** Sort key within the tier, ascending; ties broken by `sortName`, then `id`. `Infinity` for "no order" (sorts last). */
  readonly order: number;
  /**
   * What breaks a tie of equal `order` before `id`, when the dialect defines it: Felix sorts a Calico tier's
   * policies by order, then by policy name, whatever their kind or namespace. Absent: `id`.
   */
  readonly sortName?: string;
  readonly rules: readonly IrRule[];
  readonly origin: PolicyOrigin;
}

/**
 * The precedence layers, outermost first: AdminNetworkPolicy, then tiers by order (Calico tiers, and the
 * `default` tier that holds Kubernetes NetworkPolicy, Calico default-tier and Cilium policies), then
 * BaselineAdminNetworkPolicy.
 */
export type TierLayer = 'admin' | 'tiered' | 'baseline';

/** Layers in evaluation order. */
export const TIER_LAYERS: readonly TierLayer[] = ['admin', 'tiered', 'baseline'];

/** One tier of the intermediate form. */
export interface IrTier {
  /** `admin`, `baseline`, `default`, or a Calico Tier's name. */
  readonly name: string;
  readonly layer: TierLayer;
  /** Sort key within the layer, ascending; ties broken by name. */
  readonly order: number;
  /** What ends the tier when an applying policy isolates the direction and no rule decided. */
  readonly defaultAction: 'deny' | 'pass';
  /** Policies sorted by (order, id). */
  readonly policies: readonly IrPolicy[];
}

/** The compiled policies of all dialects, tiers sorted in evaluation order. */
export interface PolicyModel {
  readonly tiers: readonly IrTier[];
}

/** Name of the tier holding namespaced policies (Kubernetes NetworkPolicy, Calico default tier, Cilium). */
export const DEFAULT_TIER = 'default';

/** The `default` tier's order, as Calico fixes it; Calico tiers below it run first, above it after. */
export const DEFAULT_TIER_ORDER = 1_000_000;

/** The order Calico gives Kubernetes NetworkPolicies inside the default tier. */
export const KUBERNETES_POLICY_ORDER = 1000;

/** Sorts tiers into evaluation order: by layer, then order, then name. */
export function compareTiers(a: IrTier, b: IrTier): number {
  return (
    TIER_LAYERS.indexOf(a.layer) - TIER_LAYERS.indexOf(b.layer) ||
    a.order - b.order ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  );
}

/** Sorts policies into evaluation order within a tier: by order (missing = Infinity, last), sortName, then id. */
export function comparePolicies(a: IrPolicy, b: IrPolicy): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  const nameA = a.sortName ?? a.id;
  const nameB = b.sortName ?? b.id;
  if (nameA !== nameB) return nameA < nameB ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Combines policies from any number of dialect compilers into one model: tiers with the same layer and name
 * merge, then tiers and policies are sorted into evaluation order.
 */
export function buildPolicyModel(tiers: readonly IrTier[]): PolicyModel {
  const merged = new Map<string, IrTier>();
  for (const tier of tiers) {
    const key = `${tier.layer}\u0000${tier.name}`;
    const existing = merged.get(key);
    merged.set(key, existing ? { ...existing, policies: [...existing.policies, ...tier.policies] } : tier);
  }
  return {
    tiers: [...merged.values()]
      .map((tier) => ({ ...tier, policies: [...tier.policies].sort(comparePolicies) }))
      .sort(compareTiers),
  };
}
