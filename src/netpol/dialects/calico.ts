// Calico (projectcalico.org/v3, and crd.projectcalico.org/v1 as `kubectl get` returns it) → the intermediate form.
//
// What Calico defines and how it lands in the IR:
// - Tier objects become IR tiers of the `tiered` layer (order, defaultAction); policies without `tier` join the
//   `default` tier, where Kubernetes NetworkPolicies sit at order 1000. A policy without `order` sorts last;
//   equal orders are broken by policy name (`sortName`), as Felix sorts them.
// - A policy applies in a direction only when `types` (defaulted from the rules present) lists it: `isolates` =
//   types, and rules of other directions are dropped, as Felix ignores them.
// - Selectors are composed exactly as libcalico-go's rule conversion composes them (namespace restriction ANDed
//   into the positive selector, namespaceSelector and serviceAccounts prefixed with `pcns.`/`pcsa.`), then
//   lowered: computed labels (`projectcalico.org/namespace`, `…/orchestrator`, `…/serviceaccount`, `pcns.*`,
//   `pcsa.*`) become tests on the peer's namespace, kind and service account; NetworkSets and GlobalNetworkSets
//   that a selector matches are resolved here, at compile time, into address sets.
// - Rules are validated as libcalico-go's validator does (ports by protocol, protocol names, one IP family per
//   rule, `global()` only in a rule's namespaceSelector); fields outside the Open Source schema are warned.
// - HostEndpoints are `host` peers without a namespace; they have no profile, so traffic a policy does not allow
//   is denied (except Felix's failsafe ports), which a final `calico-profiles` tier models.
import type { InputDocument } from '../../load/detect.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { NAMESPACE_NAME_LABEL, type Protocol } from '../../model/endpoint.js';
import { isRecord } from '../../model/json.js';
import { formatCidr, type IpAddress, isParseError, parseCidr, parseIp } from '../../net/ip.js';
import { IpSet } from '../../net/ip-set.js';
import {
  ANY_PEER,
  allOf,
  anyOf,
  DEFAULT_TIER,
  DEFAULT_TIER_ORDER,
  type Direction,
  type IrPolicy,
  type IrRule,
  type IrTier,
  type LabelTest,
  NO_PEER,
  noneOf,
  type Peer,
  type PortMatch,
  type PortRange,
  type RuleAction,
  type Selector,
} from '../ir.js';
import {
  evaluateSelector,
  mapSelector,
  prefixLabelNames,
  type SelectorNode,
} from '../selector/calico/ast.js';
import { parseCalicoSelectorAst } from '../selector/calico/parser.js';
import { CalicoSelectorError } from '../selector/calico/tokenizer.js';
import { matchesLabelTest, selectorKey } from '../selector.js';
import {
  arrayField,
  type DialectContext,
  type ManifestObject,
  ObjectProblems,
  objectsOfGroups,
  type ServiceTarget,
  serviceTargets,
  stringField,
} from './objects.js';

const CALICO_GROUPS = ['projectcalico.org', 'crd.projectcalico.org'];
const CLUSTER_SCOPED = ['GlobalNetworkPolicy', 'GlobalNetworkSet', 'HostEndpoint', 'Tier'];

// Labels Calico computes for workload endpoints (apiv3.LabelNamespace, LabelOrchestrator, LabelServiceAccount)
// and the prefixes under which namespace and service-account labels are inherited (conversion.*LabelPrefix).
const LABEL_NAMESPACE = 'projectcalico.org/namespace';
const LABEL_ORCHESTRATOR = 'projectcalico.org/orchestrator';
const LABEL_SERVICE_ACCOUNT = 'projectcalico.org/serviceaccount';
const LABEL_NAME = 'projectcalico.org/name';
const NAMESPACE_PREFIX = 'pcns.';
const SERVICE_ACCOUNT_PREFIX = 'pcsa.';

// The fields of a rule's source or destination (api.EntityRule).
const ENTITY_RULE_FIELDS = [
  'nets',
  'notNets',
  'selector',
  'notSelector',
  'namespaceSelector',
  'ports',
  'notPorts',
  'serviceAccounts',
  'services',
];

/** Name of the tier after every other that models Calico profiles (HostEndpoints have none: default deny). */
export const CALICO_PROFILES_TIER = 'calico-profiles';

// Felix's default failsafe ports (FailsafeInboundHostPorts / FailsafeOutboundHostPorts): always open on hosts.
const FAILSAFE: Record<Direction, ReadonlyArray<[Protocol, number]>> = {
  ingress: [
    ['TCP', 22],
    ['UDP', 68],
    ['TCP', 179],
    ['TCP', 2379],
    ['TCP', 2380],
    ['TCP', 5473],
    ['TCP', 6443],
    ['TCP', 6666],
    ['TCP', 6667],
  ],
  egress: [
    ['UDP', 53],
    ['UDP', 67],
    ['TCP', 179],
    ['TCP', 2379],
    ['TCP', 2380],
    ['TCP', 5473],
    ['TCP', 6443],
    ['TCP', 6666],
    ['TCP', 6667],
  ],
};

/** A Calico HostEndpoint: a node interface, addressable by its expected IPs. */
export interface CalicoHostEndpoint {
  readonly name: string;
  readonly node: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly expectedIps: readonly IpAddress[];
  readonly profiles: readonly string[];
  readonly object: ManifestObject;
}

/** What the Calico compiler produces. */
export interface CalicoCompilation {
  readonly tiers: IrTier[];
  readonly hostEndpoints: CalicoHostEndpoint[];
  readonly diagnostics: Diagnostic[];
}

interface NetworkSet {
  readonly namespace?: string;
  /** The labels Calico matches selectors against (own labels plus the computed namespace labels). */
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly nets: IpSet;
}

interface TierInfo {
  readonly order: number;
  readonly defaultAction: 'deny' | 'pass';
}

/** Compiles every Calico object of the inputs. Invalid policies are reported and left out, never half-applied. */
export function compileCalico(
  documents: readonly InputDocument[],
  context: DialectContext,
): CalicoCompilation {
  const objects = objectsOfGroups(documents, CALICO_GROUPS, CLUSTER_SCOPED, context.defaultNamespace);
  const diagnostics: Diagnostic[] = [];
  const compiler = new CalicoCompiler(context, serviceTargets(documents, context.defaultNamespace));
  for (const object of objects.filter((o) => o.kind === 'NetworkSet' || o.kind === 'GlobalNetworkSet')) {
    compiler.readNetworkSet(object, diagnostics);
  }
  const tiers = new Map<string, TierInfo>([
    [DEFAULT_TIER, { order: DEFAULT_TIER_ORDER, defaultAction: 'deny' }],
  ]);
  for (const object of objects.filter((o) => o.kind === 'Tier'))
    compiler.readTier(object, tiers, diagnostics);
  const hostEndpoints = objects
    .filter((o) => o.kind === 'HostEndpoint')
    .flatMap((o) => compiler.readHostEndpoint(o, diagnostics));

  const policiesByTier = new Map<string, IrPolicy[]>();
  for (const object of objects.filter(
    (o) => o.kind === 'NetworkPolicy' || o.kind === 'GlobalNetworkPolicy',
  )) {
    const problems = new ObjectProblems(object, 'calico');
    const compiled = compiler.compilePolicy(object, problems);
    diagnostics.push(...problems.diagnostics);
    if (!compiled || problems.errorCount > 0) continue;
    if (!tiers.has(compiled.tier)) {
      const tierProblems = new ObjectProblems(object, 'calico');
      tierProblems.warn(
        'unknown-tier',
        '/spec/tier',
        `tier "${compiled.tier}" is not in the inputs; it is taken to sort after every ordered tier with defaultAction Deny`,
        'add the Tier object to the inputs so that its order and defaultAction are known',
      );
      diagnostics.push(...tierProblems.diagnostics);
      tiers.set(compiled.tier, { order: Number.POSITIVE_INFINITY, defaultAction: 'deny' });
    }
    policiesByTier.set(compiled.tier, [...(policiesByTier.get(compiled.tier) ?? []), ...compiled.policies]);
  }

  const out: IrTier[] = [];
  for (const [name, policies] of policiesByTier) {
    const info = tiers.get(name)!;
    out.push({ name, layer: 'tiered', order: info.order, defaultAction: info.defaultAction, policies });
  }
  out.push(...hostEndpointTiers(hostEndpoints));
  return { tiers: out, hostEndpoints, diagnostics };
}

/** The peer a HostEndpoint is: a host without namespace, with its own labels and expected IPs. */
export function hostEndpointPeer(hostEndpoint: CalicoHostEndpoint): Peer {
  return {
    id: `HostEndpoint/${hostEndpoint.name}`,
    kind: 'host',
    labels: hostEndpoint.labels,
    namespaceLabels: {},
    serviceAccountLabels: {},
    namedPorts: [],
    addresses: IpSet.of(
      hostEndpoint.expectedIps.map((ip) => ({ family: ip.family, first: ip.value, last: ip.value })),
    ),
    entities: new Set(['host', 'cluster', 'all']),
  };
}

/** Name of the tier, before every other, that holds Felix's failsafe rules for host endpoints. */
export const CALICO_FAILSAFE_TIER = 'calico-failsafe';

// Host endpoints: Felix's failsafe ports are open before any policy is consulted; at the end, a host endpoint
// without the built-in allow-all profile denies what no policy allowed (a workload's namespace profile allows).
function hostEndpointTiers(hostEndpoints: readonly CalicoHostEndpoint[]): IrTier[] {
  if (hostEndpoints.length === 0) return [];
  const first = hostEndpoints[0]!.object;
  const origin = (name: string) => ({
    dialect: 'calico' as const,
    kind: 'Felix',
    name,
    source: first.doc.at(''),
  });
  // Every host endpoint, or (when some have the allow-all profile) those with the listed addresses.
  const hosts = (list: readonly CalicoHostEndpoint[]): Selector =>
    list.length === hostEndpoints.length
      ? calicoHost()
      : allOf(calicoHost(), {
          type: 'ipSet',
          set: IpSet.of(list.flatMap((h) => ipIntervals(h.expectedIps))),
        });
  const failsafe: IrRule[] = (['ingress', 'egress'] as const).flatMap((direction) =>
    FAILSAFE[direction].map(([protocol, port], index) => ({
      direction,
      peer: ANY_PEER,
      ports: { include: [{ protocol, ranges: [[port, port] as const] }] },
      action: 'allow' as const,
      origin: {
        index,
        source: first.doc.at(''),
        summary: `failsafe ${direction === 'ingress' ? 'inbound' : 'outbound'} ${protocol}/${port}`,
      },
    })),
  );
  const tiers: IrTier[] = [
    {
      name: CALICO_FAILSAFE_TIER,
      layer: 'admin',
      order: Number.NEGATIVE_INFINITY,
      defaultAction: 'pass',
      policies: [
        {
          id: 'Felix/failsafe',
          subject: hosts(hostEndpoints),
          isolates: [],
          order: 0,
          rules: failsafe,
          origin: origin('failsafe ports (open on host endpoints before any policy)'),
        },
      ],
    },
  ];
  const closed = hostEndpoints.filter((h) => !h.profiles.includes('projectcalico-default-allow'));
  if (closed.length > 0) {
    tiers.push({
      name: CALICO_PROFILES_TIER,
      layer: 'baseline',
      order: Number.POSITIVE_INFINITY,
      defaultAction: 'deny',
      policies: [
        {
          id: 'Felix/host-endpoint-no-profile',
          subject: hosts(closed),
          isolates: ['ingress', 'egress'],
          order: 0,
          rules: [],
          origin: origin('host endpoint without profile: what no policy allows is denied'),
        },
      ],
    });
  }
  return tiers;
}

function ipIntervals(ips: readonly IpAddress[]) {
  return ips.map((ip) => ({ family: ip.family, first: ip.value, last: ip.value }));
}

// ── Selector lowering ──────────────────────────────────────────────────────────────────────────────────────

const POD: Selector = { type: 'kind', kinds: ['pod'] };

// Calico endpoints as peers: workload endpoints (pods) and HostEndpoints (hosts without a namespace; a pod with
// host networking is not a Calico endpoint, its traffic comes from the node).
function calicoHost(): Selector {
  return {
    type: 'and',
    of: [
      { type: 'kind', kinds: ['host'] },
      { type: 'not', of: { type: 'namespace' } },
    ],
  };
}
const CALICO_ENDPOINT: Selector = { type: 'or', of: [POD, calicoHost()] };

// One Calico label operation as an IR label test on `key`.
function labelTest(node: SelectorNode, key: string): LabelTest {
  switch (node.kind) {
    case 'eq':
      return { op: 'in', key, values: [node.value] };
    case 'ne':
      return { op: 'notIn', key, values: [node.value] };
    case 'in':
      return { op: 'in', key, values: node.values };
    case 'not-in':
      return { op: 'notIn', key, values: node.values };
    case 'contains':
      return { op: 'contains', key, value: node.value };
    case 'starts-with':
      return { op: 'startsWith', key, value: node.value };
    case 'ends-with':
      return { op: 'endsWith', key, value: node.value };
    default:
      return { op: 'exists', key };
  }
}

function holds(test: LabelTest, value: string | undefined): boolean {
  return matchesLabelTest(test, value === undefined ? {} : { [test.key]: value });
}

class CalicoCompiler {
  private readonly networkSets: NetworkSet[] = [];
  private readonly serviceAccounts: readonly string[];

  constructor(
    private readonly context: DialectContext,
    private readonly services: ReadonlyMap<string, ServiceTarget>,
  ) {
    this.serviceAccounts = [...new Set(context.inventory.endpoints.map((e) => e.serviceAccount))].sort();
  }

  // A label that Calico computes only for workload endpoints: the test on a pod, and what it gives elsewhere.
  private podOnly(test: LabelTest, onPods: Selector): Selector {
    return holds(test, undefined) ? anyOf(noneOf(POD), allOf(POD, onPods)) : allOf(POD, onPods);
  }

  // Service-account names are resolved against the accounts the inputs' pods run as.
  private serviceAccountNamed(test: LabelTest): Selector {
    const names = this.serviceAccounts.filter((name) => holds(test, name));
    return this.podOnly(test, names.length > 0 ? { type: 'serviceAccount', names } : NO_PEER);
  }

  /** Lowers a composed Calico selector (keys as Felix sees them) to an IR selector over endpoint peers. */
  lower(node: SelectorNode): Selector {
    switch (node.kind) {
      case 'all':
      case 'global':
        return ANY_PEER;
      case 'not':
        return noneOf(this.lower(node.operand));
      case 'and':
        return allOf(...node.operands.map((operand) => this.lower(operand)));
      case 'or':
        return anyOf(...node.operands.map((operand) => this.lower(operand)));
      default: {
        const key = node.label;
        const test = labelTest(node, key);
        if (key === LABEL_NAMESPACE) {
          return this.podOnly(test, {
            type: 'label',
            scope: 'namespace',
            test: { ...test, key: NAMESPACE_NAME_LABEL },
          });
        }
        if (key === LABEL_ORCHESTRATOR) return this.podOnly(test, holds(test, 'k8s') ? ANY_PEER : NO_PEER);
        if (key === LABEL_SERVICE_ACCOUNT) return this.serviceAccountNamed(test);
        if (key === `${NAMESPACE_PREFIX}${LABEL_NAME}`) {
          return this.podOnly(test, {
            type: 'label',
            scope: 'namespace',
            test: { ...test, key: NAMESPACE_NAME_LABEL },
          });
        }
        if (key.startsWith(NAMESPACE_PREFIX)) {
          const inner = { ...test, key: key.slice(NAMESPACE_PREFIX.length) };
          return this.podOnly(test, { type: 'label', scope: 'namespace', test: inner });
        }
        if (key === `${SERVICE_ACCOUNT_PREFIX}${LABEL_NAME}`) return this.serviceAccountNamed(test);
        if (key.startsWith(SERVICE_ACCOUNT_PREFIX)) {
          const inner = { ...test, key: key.slice(SERVICE_ACCOUNT_PREFIX.length) };
          return this.podOnly(test, { type: 'label', scope: 'serviceAccount', test: inner });
        }
        return { type: 'label', scope: 'endpoint', test };
      }
    }
  }

  /** Endpoints and network-set addresses a composed selector matches: a positive rule selector. */
  selected(node: SelectorNode): Selector {
    const sets = this.networkSets.filter((set) => evaluateSelector(node, set.selectorLabels));
    const addresses = sets.reduce((all, set) => all.union(set.nets), IpSet.EMPTY);
    return anyOf(
      allOf(CALICO_ENDPOINT, this.lower(node)),
      addresses.isEmpty() ? NO_PEER : { type: 'ipSet', set: addresses },
    );
  }

  readNetworkSet(object: ManifestObject, diagnostics: Diagnostic[]): void {
    const problems = new ObjectProblems(object, 'calico');
    const nets = this.parseNets(
      arrayField(object.spec, 'nets', '/spec', problems) ?? [],
      '/spec/nets',
      problems,
      false,
    );
    diagnostics.push(...problems.diagnostics);
    if (problems.errorCount > 0) return;
    const selectorLabels: Record<string, string> = { ...object.labels };
    if (object.namespace !== undefined) {
      // Namespaced sets inherit their namespace's labels, as workload endpoints do.
      const namespace = this.context.inventory.namespaces.get(object.namespace);
      for (const [key, value] of Object.entries(
        namespace?.labels ?? { [NAMESPACE_NAME_LABEL]: object.namespace },
      )) {
        selectorLabels[`${NAMESPACE_PREFIX}${key}`] = value;
      }
      selectorLabels[`${NAMESPACE_PREFIX}${LABEL_NAME}`] = object.namespace;
      selectorLabels[LABEL_NAMESPACE] = object.namespace;
    }
    this.networkSets.push({
      ...(object.namespace !== undefined ? { namespace: object.namespace } : {}),
      selectorLabels,
      nets,
    });
  }

  readTier(object: ManifestObject, tiers: Map<string, TierInfo>, diagnostics: Diagnostic[]): void {
    const problems = new ObjectProblems(object, 'calico');
    const order = object.spec.order;
    if (order !== undefined && order !== null && typeof order !== 'number') {
      problems.error('invalid-order', '/spec/order', 'order must be a number');
    }
    const action = object.spec.defaultAction;
    if (action !== undefined && action !== 'Deny' && action !== 'Pass') {
      problems.error('invalid-default-action', '/spec/defaultAction', 'defaultAction must be Deny or Pass');
    }
    diagnostics.push(...problems.diagnostics);
    if (problems.errorCount > 0) return;
    tiers.set(object.name, {
      // A tier without order sorts after every ordered tier (Calico: nil order is last); the default tier's
      // order is fixed.
      order:
        object.name === DEFAULT_TIER
          ? DEFAULT_TIER_ORDER
          : typeof order === 'number'
            ? order
            : Number.POSITIVE_INFINITY,
      defaultAction: action === 'Pass' ? 'pass' : 'deny',
    });
  }

  readHostEndpoint(object: ManifestObject, diagnostics: Diagnostic[]): CalicoHostEndpoint[] {
    const problems = new ObjectProblems(object, 'calico');
    const expected = arrayField(object.spec, 'expectedIPs', '/spec', problems) ?? [];
    const ips: IpAddress[] = [];
    expected.forEach((value, i) => {
      const ip = typeof value === 'string' ? parseIp(value) : { error: 'expected an IP address' };
      if (isParseError(ip)) problems.error('invalid-ip', `/spec/expectedIPs/${i}`, ip.error);
      else ips.push(ip);
    });
    const node = stringField(object.spec, 'node', '/spec', problems) ?? '';
    const interfaceName = stringField(object.spec, 'interfaceName', '/spec', problems);
    if (ips.length === 0 && interfaceName === undefined) {
      problems.error('missing-interface', '/spec', 'a HostEndpoint needs interfaceName or expectedIPs');
    }
    if (ips.length === 0 && problems.errorCount === 0) {
      problems.warn(
        'no-expected-ips',
        '/spec',
        'no expectedIPs: other endpoints cannot match this host by selector, and checks cannot address it by IP',
      );
    }
    const profiles = (arrayField(object.spec, 'profiles', '/spec', problems) ?? []).filter(
      (p): p is string => typeof p === 'string',
    );
    diagnostics.push(...problems.diagnostics);
    if (problems.errorCount > 0) return [];
    return [{ name: object.name, node, labels: object.labels, expectedIps: ips, profiles, object }];
  }

  /**
   * Parses `nets` entries: CIDRs or bare IPs (a /32 or /128). A rule's nets must be network addresses (the
   * validator's `net` check, `strict`); a network set's are masked (`cidr`).
   */
  parseNets(values: readonly unknown[], pointer: string, problems: ObjectProblems, strict: boolean): IpSet {
    let set = IpSet.EMPTY;
    values.forEach((value, i) => {
      if (typeof value !== 'string') {
        problems.error('invalid-cidr', `${pointer}/${i}`, 'nets entries must be strings');
        return;
      }
      const ip = value.includes('/') ? undefined : parseIp(value);
      if (ip && !isParseError(ip)) {
        set = set.union(IpSet.of(ipIntervals([ip])));
        return;
      }
      const parsed = parseCidr(value);
      if (isParseError(parsed)) {
        problems.error('invalid-cidr', `${pointer}/${i}`, parsed.error);
        return;
      }
      if (strict && parsed.hostBitsSet) {
        problems.error(
          'invalid-cidr',
          `${pointer}/${i}`,
          `${value} has host bits set: a rule's nets must be network addresses`,
          `write ${formatCidr(parsed.cidr)}`,
        );
        return;
      }
      set = set.union(IpSet.fromCidrs([parsed.cidr]));
    });
    return set;
  }

  /**
   * Parses one selector field; errors carry the field's position and the column inside the selector. `global()`
   * is only legal in a rule's namespaceSelector (`allowGlobal`), as libcalico-go's validation has it.
   */
  parseSelector(
    text: unknown,
    pointer: string,
    problems: ObjectProblems,
    allowGlobal = false,
  ): SelectorNode | undefined {
    if (text === undefined || text === null) return undefined;
    if (typeof text !== 'string') {
      problems.error('invalid-selector', pointer, 'a selector must be a string');
      return undefined;
    }
    let node: SelectorNode;
    try {
      node = parseCalicoSelectorAst(text);
    } catch (error) {
      if (!(error instanceof CalicoSelectorError)) throw error;
      problems.error('invalid-selector', pointer, error.message);
      return undefined;
    }
    if (!allowGlobal && containsGlobal(node)) {
      problems.error(
        'invalid-selector',
        pointer,
        "global() can only be used in a rule's namespaceSelector",
        'use namespaceSelector: global() to match non-namespaced resources',
      );
      return undefined;
    }
    return node;
  }

  compilePolicy(
    object: ManifestObject,
    problems: ObjectProblems,
  ): { tier: string; policies: IrPolicy[] } | undefined {
    const spec = object.spec;
    const global = object.kind === 'GlobalNetworkPolicy';
    const namespace = global ? undefined : object.namespace;
    const tier = stringField(spec, 'tier', '/spec', problems) || DEFAULT_TIER;
    const order = spec.order;
    if (order !== undefined && order !== null && typeof order !== 'number') {
      problems.error('invalid-order', '/spec/order', 'order must be a number');
    }
    const ingress = arrayField(spec, 'ingress', '/spec', problems) ?? [];
    const egress = arrayField(spec, 'egress', '/spec', problems) ?? [];
    const types = this.policyTypes(spec, ingress.length > 0, egress.length > 0, problems);

    // The policy selector, composed as Calico composes it.
    const parts: SelectorNode[] = [
      this.parseSelector(spec.selector, '/spec/selector', problems) ?? { kind: 'all' },
    ];
    if (namespace !== undefined) parts.push({ kind: 'eq', label: LABEL_NAMESPACE, value: namespace });
    if (global) {
      const nsSelector = this.parseSelector(spec.namespaceSelector, '/spec/namespaceSelector', problems);
      if (nsSelector) parts.push(namespaceSelectorNode(nsSelector));
      const saSelector = this.parseSelector(
        spec.serviceAccountSelector,
        '/spec/serviceAccountSelector',
        problems,
      );
      if (saSelector) parts.push(prefixLabelNames(saSelector, SERVICE_ACCOUNT_PREFIX));
      this.checkHostEndpointFlags(spec, egress.length > 0, problems);
    } else {
      for (const field of [
        'namespaceSelector',
        'serviceAccountSelector',
        'doNotTrack',
        'preDNAT',
        'applyOnForward',
      ]) {
        if (spec[field] !== undefined && field !== 'serviceAccountSelector') {
          problems.error(
            'invalid-field',
            `/spec/${field}`,
            `${field} is only valid on a GlobalNetworkPolicy`,
          );
        }
      }
      const saSelector = this.parseSelector(
        spec.serviceAccountSelector,
        '/spec/serviceAccountSelector',
        problems,
      );
      if (saSelector) parts.push(prefixLabelNames(saSelector, SERVICE_ACCOUNT_PREFIX));
    }
    const composed: SelectorNode = { kind: 'and', operands: parts };
    // Namespaced policies select only workload endpoints; global ones also HostEndpoints.
    const subject = allOf(namespace !== undefined ? POD : CALICO_ENDPOINT, this.lower(composed));

    const rules: CompiledRule[] = [];
    for (const [direction, list] of [
      ['ingress', ingress],
      ['egress', egress],
    ] as const) {
      list.forEach((rule, index) => {
        const pointer = `/spec/${direction}/${index}`;
        const compiled = this.compileRule(rule, direction, index, pointer, namespace, problems);
        // Felix ignores the rules of a direction the policy's types leave out.
        if (compiled && types.includes(direction)) rules.push(compiled);
      });
    }
    if (problems.errorCount > 0) return undefined;
    if (global && (spec.doNotTrack === true || spec.preDNAT === true)) {
      problems.warn(
        'host-policy-not-modelled',
        spec.doNotTrack === true ? '/spec/doNotTrack' : '/spec/preDNAT',
        `${spec.doNotTrack === true ? 'doNotTrack' : 'preDNAT'} policies run before connection tracking or DNAT and have no default drop; aksguard leaves this policy out of its answers`,
      );
      return { tier, policies: [] };
    }
    if (global && spec.applyOnForward === true) {
      problems.warn(
        'apply-on-forward',
        '/spec/applyOnForward',
        'applyOnForward also applies this policy to traffic forwarded through the host; aksguard answers for traffic to and from the host itself',
      );
    }
    const id = global
      ? `projectcalico.org/GlobalNetworkPolicy/${object.name}`
      : `projectcalico.org/NetworkPolicy/${namespace}/${object.name}`;
    const base = {
      id,
      subject,
      isolates: types,
      order: typeof order === 'number' ? order : Number.POSITIVE_INFINITY,
      // Felix breaks ties of order by the policy name alone (a NetworkPolicy may run before a global one).
      sortName: object.name,
      origin: {
        dialect: 'calico' as const,
        kind: object.kind,
        name: object.name,
        ...(namespace !== undefined ? { namespace } : {}),
        source: object.doc.at(''),
        // A policy without order sorts after every ordered one of its tier.
        precedence: typeof order === 'number' ? `order ${order}` : 'no order: last in its tier',
      },
    };
    return { tier, policies: splitOnLocalConditions(base, rules, problems) };
  }

  private policyTypes(
    spec: Record<string, unknown>,
    hasIngress: boolean,
    hasEgress: boolean,
    problems: ObjectProblems,
  ): Direction[] {
    const types = arrayField(spec, 'types', '/spec', problems);
    if (types === undefined || types.length === 0) {
      // Calico's defaulting: egress rules only → [Egress]; both → both; otherwise [Ingress].
      if (hasEgress && !hasIngress) return ['egress'];
      return hasEgress ? ['ingress', 'egress'] : ['ingress'];
    }
    const out: Direction[] = [];
    types.forEach((type, i) => {
      if (type === 'Ingress' || type === 'Egress') out.push(type === 'Ingress' ? 'ingress' : 'egress');
      else
        problems.error(
          'invalid-type',
          `/spec/types/${i}`,
          `types entries must be Ingress or Egress, not ${JSON.stringify(type)}`,
        );
    });
    return out;
  }

  private checkHostEndpointFlags(
    spec: Record<string, unknown>,
    hasEgress: boolean,
    problems: ObjectProblems,
  ): void {
    // libcalico-go validation of GlobalNetworkPolicy host-endpoint flags.
    if (spec.doNotTrack === true && spec.preDNAT === true) {
      problems.error('invalid-host-flags', '/spec/preDNAT', 'doNotTrack and preDNAT cannot both be true');
    }
    if ((spec.doNotTrack === true || spec.preDNAT === true) && spec.applyOnForward !== true) {
      problems.error(
        'invalid-host-flags',
        '/spec/applyOnForward',
        'doNotTrack and preDNAT require applyOnForward: true',
      );
    }
    if (spec.preDNAT === true && hasEgress) {
      problems.error('invalid-host-flags', '/spec/egress', 'a preDNAT policy may only have ingress rules');
    }
  }

  private compileRule(
    value: unknown,
    direction: Direction,
    index: number,
    pointer: string,
    namespace: string | undefined,
    problems: ObjectProblems,
  ): CompiledRule | undefined {
    if (!isRecord(value)) {
      problems.error('invalid-rule', pointer, 'a rule must be an object');
      return undefined;
    }
    const action = ruleAction(value.action);
    if (!action) {
      problems.error('invalid-action', `${pointer}/action`, 'action must be one of Allow, Deny, Log, Pass');
      return undefined;
    }
    const protocol = this.parseProtocol(value.protocol, `${pointer}/protocol`, problems);
    const notProtocol = this.parseProtocol(value.notProtocol, `${pointer}/notProtocol`, problems);
    const source = isRecord(value.source) ? value.source : {};
    const destination = isRecord(value.destination) ? value.destination : {};
    const peerEntity = direction === 'ingress' ? source : destination;
    const localEntity = direction === 'ingress' ? destination : source;
    const peerPointer = `${pointer}/${direction === 'ingress' ? 'source' : 'destination'}`;
    const localPointer = `${pointer}/${direction === 'ingress' ? 'destination' : 'source'}`;
    // Fields the EntityRule schema does not define (Calico Enterprise `domains`, typos) are pruned by the API
    // server: the rule then matches more than it says.
    for (const [side, entity] of [
      ['source', source],
      ['destination', destination],
    ] as const) {
      for (const field of Object.keys(entity).filter((k) => !ENTITY_RULE_FIELDS.includes(k))) {
        problems.warn(
          'unknown-field',
          `${pointer}/${side}/${field}`,
          `${side}.${field} is not a Calico Open Source field: kubectl rejects it (strict field validation) or the API server drops it; aksguard reads the rule without it`,
        );
      }
    }

    for (const field of ['ports', 'notPorts']) {
      if (source[field] !== undefined) {
        problems.warn(
          'source-ports',
          `${pointer}/source/${field}`,
          'source ports are not known offline; aksguard leaves this rule out of its answers',
        );
        return undefined;
      }
    }
    if (value.ipVersion !== undefined && value.ipVersion !== 4 && value.ipVersion !== 6) {
      problems.error('invalid-ip-version', `${pointer}/ipVersion`, 'ipVersion must be 4 or 6');
    }
    // libcalico-go validateRule: the CIDRs of one rule are all of one family, the one ipVersion names.
    const families = new Set(
      [source.nets, source.notNets, destination.nets, destination.notNets].flatMap((values) =>
        Array.isArray(values) ? values.flatMap(cidrFamily) : [],
      ),
    );
    if (families.size > 1) {
      problems.error(
        'invalid-cidr',
        pointer,
        'a rule cannot mix IPv4 and IPv6 CIDRs',
        'split it into two rules',
      );
    } else if (
      (value.ipVersion === 4 || value.ipVersion === 6) &&
      families.size === 1 &&
      !families.has(value.ipVersion)
    ) {
      problems.error(
        'invalid-ip-version',
        `${pointer}/ipVersion`,
        `ipVersion ${value.ipVersion} does not match the rule's IPv${[...families][0]} CIDRs`,
      );
    }
    const include = this.parsePorts(destination.ports, protocol, `${pointer}/destination/ports`, problems);
    const exclude = this.parsePorts(
      destination.notPorts,
      protocol,
      `${pointer}/destination/notPorts`,
      problems,
    );
    const excludeProtocol: PortMatch[] =
      notProtocol === undefined ? [] : notProtocol === 'other' ? [] : [{ protocol: notProtocol }];
    // `services`: the Service's pods, and on an egress destination its backend ports unless the rule names ports.
    const service = this.serviceMatch(peerEntity, peerPointer, direction, namespace, problems);
    let includeMatches: PortMatch[] | undefined;
    if (service && direction === 'egress' && !include) includeMatches = [...service.ports];
    else if (protocol === 'other')
      includeMatches = []; // ICMP and other protocols carry no TCP/UDP/SCTP traffic.
    else if (include) includeMatches = include;
    else if (protocol !== undefined) includeMatches = [{ protocol }];
    const ports = {
      ...(includeMatches !== undefined ? { include: includeMatches } : {}),
      ...(exclude || excludeProtocol.length > 0 ? { exclude: [...(exclude ?? []), ...excludeProtocol] } : {}),
    };

    let peer = this.entitySelector(peerEntity, peerPointer, namespace, problems);
    const local = this.entitySelector(localEntity, localPointer, namespace, problems);
    if (peer && (value.ipVersion === 6 || value.ipVersion === 4)) {
      // An IPv4-only (IPv6-only) rule never matches the other family; pods without known IPs count as IPv4.
      const family = value.ipVersion as 4 | 6;
      const familyPeer = anyOf(
        allOf(noneOf({ type: 'kind', kinds: ['external', 'fqdn'] }), family === 4 ? ANY_PEER : NO_PEER),
        {
          type: 'ipSet',
          set: IpSet.all([family]),
        },
      );
      peer = allOf(peer, familyPeer);
    }
    let l7: IrRule['l7'];
    if (isRecord(value.http)) {
      if (direction !== 'ingress' || action !== 'allow') {
        problems.error('invalid-http', `${pointer}/http`, 'HTTP match is only valid on ingress Allow rules');
      }
      const methods = Array.isArray(value.http.methods) ? value.http.methods.map(String) : [];
      const paths = Array.isArray(value.http.paths)
        ? value.http.paths.map((p) => (isRecord(p) ? String(p.exact ?? p.prefix ?? '') : String(p)))
        : [];
      l7 = [
        {
          protocol: 'http',
          description: `HTTP ${methods.join('|') || '*'} ${paths.join('|') || '/*'}`.trim(),
        },
      ];
    }
    if (localEntity.services !== undefined) {
      problems.error(
        'invalid-services',
        `${localPointer}/services`,
        `services may only be set on the ${direction === 'ingress' ? 'source' : 'destination'} of an ${direction} rule`,
      );
    }
    if (!peer || !local) return undefined;
    if (service) peer = allOf(peer, service.pods);
    return {
      local,
      rule: {
        direction,
        peer,
        ports,
        action,
        ...(l7 ? { l7 } : {}),
        origin: { index, source: problems.at(pointer), summary: describeRule(value, direction) },
      },
    };
  }

  /** The Service a rule side names (`services: {name, namespace}`), validated as libcalico-go does. */
  private serviceMatch(
    entity: Record<string, unknown>,
    pointer: string,
    direction: Direction,
    policyNamespace: string | undefined,
    problems: ObjectProblems,
  ): ServiceTarget | undefined {
    if (entity.services === undefined) return undefined;
    const services = isRecord(entity.services) ? entity.services : {};
    const name = typeof services.name === 'string' ? services.name : '';
    const namespace = typeof services.namespace === 'string' ? services.namespace : policyNamespace;
    if (name === '' || namespace === undefined) {
      problems.error(
        'invalid-services',
        `${pointer}/services`,
        'services needs a name (and a namespace in a global policy)',
      );
      return undefined;
    }
    // Egress destinations may combine services with nothing else; ingress sources only with ports.
    const allowed = direction === 'egress' ? ['services'] : ['services', 'ports', 'notPorts'];
    const extra = Object.keys(entity).filter((k) => !allowed.includes(k));
    if (extra.length > 0) {
      problems.error(
        'invalid-services',
        `${pointer}/${extra[0]}`,
        `services cannot be combined with ${extra.join(', ')} here`,
      );
      return undefined;
    }
    const target = this.services.get(`${namespace}/${name}`);
    if (target) return target;
    problems.warn(
      'service-unknown',
      `${pointer}/services`,
      `Service ${namespace}/${name} with a selector is not in the inputs; this rule matches nothing`,
    );
    return { pods: NO_PEER, ports: [] };
  }

  // Protocol names and numbers Calico accepts (numorstring.Protocol); only TCP, UDP and SCTP carry ports here.
  private parseProtocol(
    value: unknown,
    pointer: string,
    problems: ObjectProblems,
  ): Protocol | 'other' | undefined {
    if (value === undefined || value === null) return undefined;
    const byNumber: Record<number, Protocol> = { 6: 'TCP', 17: 'UDP', 132: 'SCTP' };
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 255) {
      return byNumber[value] ?? 'other';
    }
    // Names are case-sensitive (the validator's protocolRegex): `tcp` is rejected.
    if (value === 'TCP' || value === 'UDP' || value === 'SCTP') return value;
    if (value === 'ICMP' || value === 'ICMPv6' || value === 'UDPLite') return 'other';
    problems.error(
      'invalid-protocol',
      pointer,
      `protocol must be TCP, UDP, SCTP, ICMP, ICMPv6, UDPLite (case-sensitive) or a number 1-255, not ${JSON.stringify(value)}`,
    );
    return undefined;
  }

  // Ports: numbers, "first:last" ranges and named ports (resolved on the destination). libcalico-go's validateRule:
  // without a protocol only named ports are allowed; with a protocol that has no ports (ICMP, …) no port at all.
  private parsePorts(
    value: unknown,
    protocol: Protocol | 'other' | undefined,
    pointer: string,
    problems: ObjectProblems,
  ): PortMatch[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      problems.error('invalid-port', pointer, 'ports must be a list');
      return undefined;
    }
    const ranges: PortRange[] = [];
    const named: PortMatch[] = [];
    value.forEach((entry, i) => {
      const at = `${pointer}/${i}`;
      const text = String(entry);
      const range = /^(\d+)(?::(\d+))?$/.exec(text);
      if (typeof entry === 'number' || range) {
        const first = Number(range?.[1] ?? entry);
        const last = Number(range?.[2] ?? first);
        if (!Number.isInteger(first) || first < 1 || last > 65535 || first > last) {
          problems.error(
            'invalid-port',
            at,
            `invalid port or range ${JSON.stringify(entry)} (1-65535, first:last with first ≤ last)`,
          );
          return;
        }
        if (protocol === undefined || protocol === 'other') {
          problems.error(
            'invalid-port',
            at,
            'numeric ports require protocol TCP, UDP or SCTP',
            "set the rule's protocol",
          );
          return;
        }
        ranges.push([first, last]);
        return;
      }
      if (typeof entry !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/i.test(entry) || entry.length > 15) {
        problems.error('invalid-port', at, `invalid port ${JSON.stringify(entry)}`);
        return;
      }
      if (protocol === 'other') {
        problems.error(
          'invalid-port',
          at,
          'ports require protocol TCP, UDP or SCTP (or no protocol, for named ports)',
          "remove the ports or change the rule's protocol",
        );
        return;
      }
      named.push({ protocol: protocol ?? 'any', named: entry });
    });
    const out: PortMatch[] = [...named];
    if (ranges.length > 0 && protocol !== undefined && protocol !== 'other')
      out.unshift({ protocol, ranges });
    return out;
  }

  /** The IR selector for one side of a rule (an EntityRule), composed as libcalico-go composes it. */
  private entitySelector(
    entity: Record<string, unknown>,
    pointer: string,
    policyNamespace: string | undefined,
    problems: ObjectProblems,
  ): Selector | undefined {
    const errorsBefore = problems.errorCount;
    const parts: Selector[] = [];
    const nets = arrayField(entity, 'nets', pointer, problems);
    const notNets = arrayField(entity, 'notNets', pointer, problems);
    if (nets) parts.push({ type: 'ipSet', set: this.parseNets(nets, `${pointer}/nets`, problems, true) });
    if (notNets) {
      const set = this.parseNets(notNets, `${pointer}/notNets`, problems, true);
      if (set.covers(IpSet.all([4])) || set.covers(IpSet.all([6]))) {
        problems.error(
          'invalid-not-nets',
          `${pointer}/notNets`,
          'notNets may not contain 0.0.0.0/0 or ::/0',
          'remove the rule instead',
        );
      }
      parts.push(noneOf({ type: 'ipSet', set }));
    }
    const selector = this.parseSelector(entity.selector, `${pointer}/selector`, problems);
    const notSelector = this.parseSelector(entity.notSelector, `${pointer}/notSelector`, problems);
    const nsSelectorText = entity.namespaceSelector;
    const nsSelector = this.parseSelector(nsSelectorText, `${pointer}/namespaceSelector`, problems, true);
    if (nsSelector && containsGlobal(nsSelector) && nsSelector.kind !== 'global') {
      problems.error(
        'invalid-selector',
        `${pointer}/namespaceSelector`,
        'global() may only be used alone as a namespaceSelector',
      );
    }
    let serviceAccounts: SelectorNode | undefined;
    if (isRecord(entity.serviceAccounts)) {
      const names = Array.isArray(entity.serviceAccounts.names)
        ? entity.serviceAccounts.names.map(String)
        : [];
      const saSelector = this.parseSelector(
        entity.serviceAccounts.selector,
        `${pointer}/serviceAccounts/selector`,
        problems,
      );
      const saParts: SelectorNode[] = [];
      if (saSelector) saParts.push(prefixLabelNames(saSelector, SERVICE_ACCOUNT_PREFIX));
      if (names.length > 0) saParts.push({ kind: 'in', label: LABEL_SERVICE_ACCOUNT, values: names });
      if (saParts.length > 0) serviceAccounts = { kind: 'and', operands: saParts };
    }
    if (problems.errorCount > errorsBefore) return undefined;

    // libcalico-go entityRuleAPIV2TOBackend: the namespace part, then (serviceAccounts) && (selector).
    let namespacePart: SelectorNode | undefined;
    if (nsSelector) namespacePart = namespaceSelectorNode(nsSelector);
    else if (policyNamespace !== undefined)
      namespacePart = { kind: 'eq', label: LABEL_NAMESPACE, value: policyNamespace };
    const positive = [serviceAccounts, selector].filter((n): n is SelectorNode => n !== undefined);
    // The namespace part joins the positive selector when there is one, or a notSelector or namespaceSelector.
    if (namespacePart && (positive.length > 0 || notSelector || nsSelector)) positive.unshift(namespacePart);
    if (positive.length > 0) parts.push(this.selected({ kind: 'and', operands: positive }));
    if (notSelector) parts.push(noneOf(this.selected(notSelector)));
    return allOf(...parts);
  }
}

// A namespaceSelector as Felix matches it: keys under `pcns.`, all() meaning "any namespaced endpoint" and
// global() meaning "only non-namespaced ones".
function namespaceSelectorNode(node: SelectorNode): SelectorNode {
  if (node.kind === 'global') return { kind: 'not', operand: { kind: 'has', label: LABEL_NAMESPACE } };
  return mapSelector(prefixLabelNames(node, NAMESPACE_PREFIX), (n) =>
    n.kind === 'all' ? { kind: 'has', label: LABEL_NAMESPACE } : n,
  );
}

// The address family of one nets entry (a CIDR or a bare IP); none when it does not parse (reported elsewhere).
function cidrFamily(value: unknown): (4 | 6)[] {
  if (typeof value !== 'string') return [];
  const parsed = value.includes('/') ? parseCidr(value) : parseIp(value);
  if (isParseError(parsed)) return [];
  return ['cidr' in parsed ? parsed.cidr.family : parsed.family];
}

function containsGlobal(node: SelectorNode): boolean {
  if (node.kind === 'global') return true;
  if (node.kind === 'not') return containsGlobal(node.operand);
  if (node.kind === 'and' || node.kind === 'or') return node.operands.some(containsGlobal);
  return false;
}

function ruleAction(value: unknown): RuleAction | undefined {
  const actions: Record<string, RuleAction> = { Allow: 'allow', Deny: 'deny', Log: 'log', Pass: 'pass' };
  return typeof value === 'string' ? actions[value] : undefined;
}

function describeRule(rule: Record<string, unknown>, direction: Direction): string {
  const side = (entity: unknown, label: string): string[] => {
    if (!isRecord(entity)) return [];
    return Object.entries(entity).map(
      ([key, v]) => `${label}.${key} ${typeof v === 'string' ? v : JSON.stringify(v)}`,
    );
  };
  const parts = [
    String(rule.action),
    ...(rule.protocol !== undefined ? [`protocol ${String(rule.protocol)}`] : []),
    ...(rule.notProtocol !== undefined ? [`notProtocol ${String(rule.notProtocol)}`] : []),
    ...side(rule.source, 'source'),
    ...side(rule.destination, 'destination'),
  ];
  return `${direction} ${parts.join(', ')}`;
}

interface CompiledRule {
  /** A condition on the endpoint the policy is evaluated for (ingress `destination`, egress `source`). */
  readonly local: Selector;
  readonly rule: IrRule;
}

/**
 * The IR's rules test only the other side, so a rule that also tests the policy's own endpoint (an ingress
 * rule's `destination.selector` or `nets`, an egress rule's `source`) is handled by splitting the policy by
 * those conditions: each part has the same order and keeps exactly the rules its endpoints satisfy, so every
 * endpoint sees the rule list it would see in Calico.
 */
function splitOnLocalConditions(
  base: Omit<IrPolicy, 'rules'>,
  rules: readonly CompiledRule[],
  problems: ObjectProblems,
): IrPolicy[] {
  const conditions = [
    ...new Map(
      rules.filter((r) => r.local.type !== 'any').map((r) => [selectorKey(r.local), r.local]),
    ).entries(),
  ];
  if (conditions.length === 0) return [{ ...base, rules: rules.map((r) => r.rule) }];
  if (conditions.length > 4) {
    problems.warn(
      'too-many-local-conditions',
      '',
      "more than 4 distinct conditions on the policy's own endpoints; they are ignored (rules taken to match every endpoint)",
    );
    return [{ ...base, rules: rules.map((r) => r.rule) }];
  }
  const policies: IrPolicy[] = [];
  for (let mask = 0; mask < 1 << conditions.length; mask++) {
    const holdsAt = (key: string): boolean => (mask & (1 << conditions.findIndex(([k]) => k === key))) !== 0;
    const subject = allOf(
      base.subject,
      ...conditions.map(([, s], i) => ((mask & (1 << i)) !== 0 ? s : noneOf(s))),
    );
    policies.push({
      ...base,
      id: mask === (1 << conditions.length) - 1 ? base.id : `${base.id}#${mask}`,
      subject,
      rules: rules.filter((r) => r.local.type === 'any' || holdsAt(selectorKey(r.local))).map((r) => r.rule),
    });
  }
  return policies;
}
