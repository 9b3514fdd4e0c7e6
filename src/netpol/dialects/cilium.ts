// Cilium (cilium.io/v2 CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy) → the intermediate form.
//
// What Cilium defines and how it lands in the IR (all in the `default` tier, beside Kubernetes policies):
// - Each rule of `spec`/`specs` is one IR policy. Allow rules are a union; deny rules (`ingressDeny`,
//   `egressDeny`) go into a companion policy ordered before every other policy of the tier, so a deny wins over
//   every allow, Kubernetes NetworkPolicy included.
// - Default deny is per direction: a rule with a non-empty section for that direction isolates it, unless
//   `enableDefaultDeny.<direction>` is false.
// - Label keys may carry a source (`k8s:`, `any:`, `reserved:`): `reserved:` keys select entities; the special
//   keys `io.kubernetes.pod.namespace`, `io.cilium.k8s.namespace.labels.*` and
//   `io.cilium.k8s.policy.serviceaccount` read the namespace and service account; labels Cilium's default label
//   filter drops are never part of an identity, so a selector on one never matches.
// - Peer selectors default their namespace: a CiliumNetworkPolicy's to the policy namespace (unless they name the
//   pod namespace or namespace labels), a clusterwide policy's to "any namespace" (pods only, unless they name the
//   pod namespace); selectors with a `reserved:` key get none.
// - Rules are validated as Cilium's api.Rule.Validate does (one kind of L3 peer per rule, ports required, L7
//   placement); peers that cannot be resolved offline (node labels, groups, CIDR groups) are warned.
// - CIDR rules match only peers outside the cluster; `toFQDNs` match DNS names, for the endpoints whose DNS
//   traffic some L7 DNS rule sends through Cilium's proxy (the others learn no address); L7 rules restrict an allow
//   without closing the port.
// - `fromRequires`/`toRequires` grant nothing: they deny, for the endpoints they select, every peer that does
//   not satisfy them.
import type { InputDocument } from '../../load/detect.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { NAMESPACE_NAME_LABEL, type Protocol } from '../../model/endpoint.js';
import { isRecord } from '../../model/json.js';
import { cidrContainsCidr, isParseError, parseCidr, parseIp } from '../../net/ip.js';
import { IpSet } from '../../net/ip-set.js';
import {
  ANY_PEER,
  allOf,
  anyOf,
  DEFAULT_TIER,
  DEFAULT_TIER_ORDER,
  type Direction,
  type FqdnMatch,
  type IrPolicy,
  type IrRule,
  type IrTier,
  type L7Restriction,
  type LabelTest,
  NO_PEER,
  noneOf,
  type PortCondition,
  type PortMatch,
  type Selector,
} from '../ir.js';
import { describeLabelSelector } from '../label-selector.js';
import { fqdnSelectorProblem } from '../selector/cilium-fqdn.js';
import { matchesLabelTest } from '../selector.js';
import {
  type DialectContext,
  isPortNumber,
  type ManifestObject,
  ObjectProblems,
  objectsOfGroups,
  type ServiceTarget,
  serviceTargets,
} from './objects.js';

const CLUSTER_SCOPED = ['CiliumClusterwideNetworkPolicy'];
const POLICY_KINDS = ['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'];

// Cilium's special label keys (k8sConst.PodNamespaceLabel, PodNamespaceMetaLabels, PolicyLabelServiceAccount).
const NAMESPACE_KEY = 'io.kubernetes.pod.namespace';
const NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';
const SERVICE_ACCOUNT_KEY = 'io.cilium.k8s.policy.serviceaccount';
const CLUSTER_KEY = 'io.cilium.k8s.policy.cluster';
/** The cluster name Cilium labels identities with when none is configured. */
const DEFAULT_CLUSTER_NAME = 'default';

/** Entities a rule may name (api.EntitySelectorMapping), and `none`. */
const ENTITIES = [
  'all',
  'world',
  'world-ipv4',
  'world-ipv6',
  'cluster',
  'host',
  'remote-node',
  'kube-apiserver',
  'ingress',
  'health',
  'init',
  'unmanaged',
  'none',
];

/** The L3 peer fields of a rule per direction, of which Cilium accepts only one per rule. */
const L3_FIELDS: Record<Direction, readonly string[]> = {
  ingress: ['fromEndpoints', 'fromCIDR', 'fromCIDRSet', 'fromEntities', 'fromNodes', 'fromGroups'],
  egress: [
    'toEndpoints',
    'toCIDR',
    'toCIDRSet',
    'toEntities',
    'toServices',
    'toFQDNs',
    'toGroups',
    'toNodes',
  ],
};

/** Order of the companion policies that hold deny rules: before every other policy of the tier. */
const DENY_ORDER = Number.NEGATIVE_INFINITY;
/** Order of allow rules; they are a union, so only their place relative to denies matters. */
const ALLOW_ORDER = 1000;

/** What the Cilium compiler produces. */
export interface CiliumCompilation {
  readonly tiers: IrTier[];
  readonly diagnostics: Diagnostic[];
}

const POD: Selector = { type: 'kind', kinds: ['pod'] };
const OUTSIDE: Selector = { type: 'kind', kinds: ['external', 'fqdn'] };

/**
 * Whether Cilium's default identity-label filter drops a label key (pkg/labelsfilter defaults): such labels
 * never reach an identity, so a selector on them sees them absent.
 */
export function isDroppedIdentityLabel(key: string): boolean {
  if (key === NAMESPACE_KEY || key.startsWith('io.cilium.k8s.')) return false;
  if (key.startsWith('app.kubernetes.io')) return false;
  return (
    key.startsWith('io.kubernetes') ||
    key.startsWith('kubernetes.io') ||
    key.includes('beta.kubernetes.io') ||
    key.startsWith('k8s.io') ||
    key === 'pod-template-generation' ||
    key === 'pod-template-hash' ||
    key === 'controller-revision-hash' ||
    key.startsWith('annotation.')
  );
}

/** The Cilium policy objects of the inputs. */
function ciliumPolicyObjects(documents: readonly InputDocument[], defaultNamespace: string) {
  return objectsOfGroups(documents, ['cilium.io'], CLUSTER_SCOPED, defaultNamespace).filter((o) =>
    POLICY_KINDS.includes(o.kind),
  );
}

/** Whether the inputs hold Cilium policies, and so describe a cluster whose dataplane is Cilium. */
export function holdsCiliumPolicies(documents: readonly InputDocument[], defaultNamespace: string): boolean {
  return ciliumPolicyObjects(documents, defaultNamespace).length > 0;
}

/** Compiles every Cilium policy of the inputs. Invalid policies are reported and left out whole. */
export function compileCilium(
  documents: readonly InputDocument[],
  context: DialectContext,
): CiliumCompilation {
  const objects = ciliumPolicyObjects(documents, context.defaultNamespace);
  const services = serviceTargets(documents, context.defaultNamespace);
  // toFQDNs only learn addresses from DNS answers the proxy sees for that endpoint.
  const dnsProxied = anyOf(...objects.flatMap(dnsProxiedEndpoints));
  const diagnostics: Diagnostic[] = [];
  const policies: IrPolicy[] = [];
  for (const object of objects) {
    const problems = new ObjectProblems(object, 'cilium');
    const compiled = compilePolicy(object, problems, services, dnsProxied);
    diagnostics.push(...problems.diagnostics);
    if (problems.errorCount === 0) policies.push(...compiled);
  }
  const tiers: IrTier[] =
    policies.length === 0
      ? []
      : [{ name: DEFAULT_TIER, layer: 'tiered', order: DEFAULT_TIER_ORDER, defaultAction: 'deny', policies }];
  return { tiers, diagnostics };
}

// The endpoints whose DNS traffic goes through Cilium's DNS proxy: those selected by a rule (of `spec` or
// `specs`) with an egress L7 DNS rule. Diagnostics are left to the compilation proper.
function dnsProxiedEndpoints(object: ManifestObject): Selector[] {
  const value = object.doc.value as Record<string, unknown>;
  const rules: [unknown, string][] = [
    [value.spec, '/spec'],
    ...(Array.isArray(value.specs) ? value.specs.map((r, i): [unknown, string] => [r, `/specs/${i}`]) : []),
  ];
  return rules.flatMap(([rule, pointer]) => {
    if (!isRecord(rule) || !hasDnsRule(rule)) return [];
    const subject = ruleSubject(object, rule, pointer, new ObjectProblems(object, 'cilium'));
    return subject ? [subject] : [];
  });
}

function hasDnsRule(rule: Record<string, unknown>): boolean {
  return (
    Array.isArray(rule.egress) &&
    rule.egress.some(
      (entry) =>
        isRecord(entry) &&
        Array.isArray(entry.toPorts) &&
        entry.toPorts.some((p) => isRecord(p) && isRecord(p.rules) && Array.isArray(p.rules.dns)),
    )
  );
}

function compilePolicy(
  object: ManifestObject,
  problems: ObjectProblems,
  services: ReadonlyMap<string, ServiceTarget>,
  dnsProxied: Selector,
): IrPolicy[] {
  const value = object.doc.value as Record<string, unknown>;
  const rules: [Record<string, unknown>, string][] = [];
  if (isRecord(value.spec)) rules.push([value.spec, '/spec']);
  if (Array.isArray(value.specs)) {
    value.specs.forEach((spec, i) => {
      if (isRecord(spec)) rules.push([spec, `/specs/${i}`]);
      else problems.error('invalid-rule', `/specs/${i}`, 'each entry of specs must be an object');
    });
  }
  if (rules.length === 0) problems.error('missing-spec', '', 'a Cilium policy needs spec or specs');
  // Ids carry the API group: a Kubernetes and a Cilium policy may share kind-less names.
  const id =
    object.namespace !== undefined
      ? `cilium.io/${object.kind}/${object.namespace}/${object.name}`
      : `cilium.io/${object.kind}/${object.name}`;
  return rules.flatMap(([rule, pointer], i) =>
    compileRule(object, rule, pointer, rules.length > 1 ? `${id}#${i}` : id, problems, services, dnsProxied),
  );
}

function compileRule(
  object: ManifestObject,
  rule: Record<string, unknown>,
  pointer: string,
  id: string,
  problems: ObjectProblems,
  services: ReadonlyMap<string, ServiceTarget>,
  dnsProxied: Selector,
): IrPolicy[] {
  const selectorContext: SelectorContext = { problems, namespace: object.namespace };
  const subject = ruleSubject(object, rule, pointer, problems);
  if (!subject) return [];

  if (
    !['ingress', 'ingressDeny', 'egress', 'egressDeny'].some(
      (k) => Array.isArray(rule[k]) && rule[k].length > 0,
    )
  ) {
    // Older releases accept such a rule and it changes nothing; recent ones reject it (api.Rule.Validate).
    problems.warn(
      'empty-rule',
      pointer,
      'no ingress, ingressDeny, egress or egressDeny section: this rule has no effect (recent Cilium releases reject it)',
      'add `ingress: [{}]` to put the endpoints in default deny without allowing anything',
    );
    return [];
  }
  const allow: IrRule[] = [];
  // toFQDNs allows, which hold only for the endpoints whose DNS answers the proxy sees.
  const fqdnAllow = new Set<IrRule>();
  const deny: IrRule[] = [];
  const isolates: Direction[] = [];
  const defaultDeny = isRecord(rule.enableDefaultDeny) ? rule.enableDefaultDeny : {};
  for (const direction of ['ingress', 'egress'] as const) {
    const allowKey = direction;
    const denyKey = `${direction}Deny`;
    const allowList = listField(rule, allowKey, pointer, problems);
    const denyList = listField(rule, denyKey, pointer, problems);
    if (
      (allowList !== undefined && allowList.length > 0) ||
      (denyList !== undefined && denyList.length > 0)
    ) {
      if (defaultDeny[direction] !== false) isolates.push(direction);
    }
    const requires: Selector[] = [];
    (allowList ?? []).forEach((entry, index) => {
      const at = `${pointer}/${allowKey}/${index}`;
      const compiled = compilePeerRule(
        entry,
        direction,
        false,
        at,
        index,
        selectorContext,
        services,
        dnsProxied,
      );
      allow.push(...compiled.rules);
      if (isRecord(entry) && entry.toFQDNs !== undefined) for (const r of compiled.rules) fqdnAllow.add(r);
      requires.push(...compiled.requires);
    });
    (denyList ?? []).forEach((entry, index) => {
      const at = `${pointer}/${denyKey}/${index}`;
      const compiled = compilePeerRule(
        entry,
        direction,
        true,
        at,
        index,
        selectorContext,
        services,
        dnsProxied,
      );
      deny.push(...compiled.rules);
      requires.push(...compiled.requires);
    });
    if (requires.length > 0) {
      deny.unshift({
        direction,
        peer: noneOf(allOf(...requires)),
        ports: {},
        action: 'deny',
        origin: {
          index: 0,
          source: problems.at(`${pointer}/${allowKey}`),
          summary: `${direction === 'ingress' ? 'fromRequires' : 'toRequires'}: peers must satisfy every requirement`,
        },
      });
    }
  }
  const origin = {
    dialect: 'cilium' as const,
    kind: object.kind,
    name: object.name,
    ...(object.namespace !== undefined ? { namespace: object.namespace } : {}),
    source: object.doc.at(pointer),
  };
  const out: IrPolicy[] = [];
  // A rule with its own DNS rule sends its endpoints' DNS through the proxy: nothing to split.
  if (fqdnAllow.size > 0 && dnsProxied.type !== 'none' && !hasDnsRule(rule)) {
    // Endpoints whose DNS the proxy does not see learn no address for the names: for them the policy is split
    // off without its toFQDNs rules (the other endpoints keep the rules in order, as written).
    out.push({ id, subject: allOf(subject, dnsProxied), isolates, order: ALLOW_ORDER, rules: allow, origin });
    const unproxied = allOf(subject, noneOf(dnsProxied));
    if (unproxied.type !== 'none') {
      out.push({
        id: `${id}#without-dns-proxy`,
        subject: unproxied,
        isolates,
        order: ALLOW_ORDER,
        rules: allow.filter((r) => !fqdnAllow.has(r)),
        origin: { ...origin, precedence: "no DNS rule sends this endpoint's DNS through Cilium's proxy" },
      });
    }
  } else {
    out.push({ id, subject, isolates, order: ALLOW_ORDER, rules: allow, origin });
  }
  if (deny.length > 0) {
    const denyOrigin = { ...origin, precedence: 'deny: before every allow' };
    out.push({ id: `${id}#deny`, subject, isolates, order: DENY_ORDER, rules: deny, origin: denyOrigin });
  }
  return out;
}

/** The endpoints a rule applies to (`endpointSelector` or, for host policies, `nodeSelector`); reports bad input. */
function ruleSubject(
  object: ManifestObject,
  rule: Record<string, unknown>,
  pointer: string,
  problems: ObjectProblems,
): Selector | undefined {
  const clusterwide = object.namespace === undefined;
  const selectorContext: SelectorContext = { problems, namespace: object.namespace };
  if (rule.endpointSelector !== undefined && rule.nodeSelector !== undefined) {
    problems.error('invalid-rule', pointer, 'endpointSelector and nodeSelector are mutually exclusive');
    return undefined;
  }
  if (rule.nodeSelector !== undefined) {
    if (!clusterwide)
      problems.error(
        'invalid-rule',
        `${pointer}/nodeSelector`,
        'nodeSelector is only valid in a CiliumClusterwideNetworkPolicy',
      );
    const nodes = rule.nodeSelector;
    if (
      !isRecord(nodes) ||
      Object.keys(nodes).some((k) =>
        isRecord(nodes[k])
          ? Object.keys(nodes[k] as object).length > 0
          : Array.isArray(nodes[k]) && (nodes[k] as unknown[]).length > 0,
      )
    ) {
      problems.warn(
        'node-labels-unknown',
        `${pointer}/nodeSelector`,
        'node labels are not in the inputs: this host policy is taken to select every node',
      );
    }
    return { type: 'kind', kinds: ['host'] };
  }
  if (rule.endpointSelector !== undefined) {
    // A CiliumNetworkPolicy only ever selects pods of its own namespace: Cilium replaces any namespace label
    // the selector names with the policy's.
    const selected = labelSelector(
      rule.endpointSelector,
      `${pointer}/endpointSelector`,
      selectorContext,
      !clusterwide,
    );
    return allOf(
      POD,
      clusterwide ? ANY_PEER : { type: 'namespace', names: [object.namespace!] },
      selected.withoutNamespace,
    );
  }
  problems.error(
    'invalid-rule',
    pointer,
    'a rule needs endpointSelector (or nodeSelector in a clusterwide policy)',
  );
  return undefined;
}

function listField(
  value: Record<string, unknown>,
  key: string,
  pointer: string,
  problems: ObjectProblems,
): unknown[] | undefined {
  const field = value[key];
  if (field === undefined || field === null) return undefined;
  if (!Array.isArray(field)) {
    problems.error('invalid-field', `${pointer}/${key}`, `${key} must be a list`);
    return undefined;
  }
  return field;
}

interface SelectorContext {
  readonly problems: ObjectProblems;
  /** The policy namespace (CiliumNetworkPolicy), or undefined for a clusterwide policy. */
  readonly namespace: string | undefined;
}

/** A namespace key of a selector: `io.kubernetes.pod.namespace` or an `io.cilium.k8s.namespace.labels.*` key. */
type NamespaceKey = 'pod' | 'labels';

interface LoweredSelector {
  /** The selector as written. */
  readonly withoutNamespace: Selector;
  /**
   * Which namespace key it uses, if any: the pod namespace (no namespace is defaulted) or namespace labels (a
   * CiliumNetworkPolicy defaults none; a clusterwide policy still keeps the selector to pods).
   */
  readonly namespaceKey: NamespaceKey | undefined;
  /** Whether it uses a `reserved:` key — then it selects entities and no namespace is defaulted. */
  readonly reserved: boolean;
}

// One label key of a Cilium selector → the IR selector testing it with `test` (whose key is already stripped).
function keyTest(
  sourceAndKey: string,
  test: LabelTest,
): { selector: Selector; namespace: NamespaceKey | undefined; reserved: boolean } {
  const colon = sourceAndKey.indexOf(':');
  const source = colon >= 0 ? sourceAndKey.slice(0, colon) : 'any';
  const key = colon >= 0 ? sourceAndKey.slice(colon + 1) : sourceAndKey;
  const on = (t: LabelTest): LabelTest => ({ ...t, key: t.key === '' ? key : t.key });
  const holds = (value: string | undefined) =>
    matchesLabelTest({ ...test, key: 'k' }, value === undefined ? {} : { k: value });
  if (source === 'reserved') {
    // Reserved identities carry exactly the label `reserved:<entity>`.
    const positive: Selector = { type: 'entity', entity: key };
    const present = holds('');
    const absent = holds(undefined);
    return {
      selector: present === absent ? (present ? ANY_PEER : NO_PEER) : present ? positive : noneOf(positive),
      namespace: undefined,
      reserved: true,
    };
  }
  if (source !== 'k8s' && source !== 'any')
    return { selector: holds(undefined) ? ANY_PEER : NO_PEER, namespace: undefined, reserved: false };
  // Labels only pods carry: the test on a pod, what an absent label gives elsewhere.
  const podOnly = (onPods: Selector): Selector =>
    holds(undefined) ? anyOf(noneOf(POD), allOf(POD, onPods)) : allOf(POD, onPods);
  if (key === NAMESPACE_KEY) {
    return {
      selector: podOnly({
        type: 'label',
        scope: 'namespace',
        test: { ...on(test), key: NAMESPACE_NAME_LABEL },
      }),
      namespace: 'pod',
      reserved: false,
    };
  }
  if (key.startsWith(NAMESPACE_LABELS_PREFIX)) {
    const inner = key.slice(NAMESPACE_LABELS_PREFIX.length);
    return {
      selector: podOnly({ type: 'label', scope: 'namespace', test: { ...on(test), key: inner } }),
      namespace: 'labels',
      reserved: false,
    };
  }
  if (key === SERVICE_ACCOUNT_KEY) {
    // A service-account test with In/NotIn/Exists names accounts; resolved by name.
    const names = test.op === 'in' || test.op === 'notIn' ? test.values : [];
    const named: Selector = names.length > 0 ? { type: 'serviceAccount', names } : POD;
    const selector =
      test.op === 'notIn'
        ? noneOf(allOf(POD, named))
        : test.op === 'absent'
          ? noneOf(POD)
          : allOf(POD, named);
    return { selector, namespace: undefined, reserved: false };
  }
  if (key === CLUSTER_KEY)
    return {
      selector: podOnly(holds(DEFAULT_CLUSTER_NAME) ? ANY_PEER : NO_PEER),
      namespace: undefined,
      reserved: false,
    };
  if (isDroppedIdentityLabel(key))
    return { selector: holds(undefined) ? ANY_PEER : NO_PEER, namespace: undefined, reserved: false };
  return {
    selector: podOnly({ type: 'label', scope: 'endpoint', test: on(test) }),
    namespace: undefined,
    reserved: false,
  };
}

/** Lowers a Cilium EndpointSelector (a Kubernetes LabelSelector with source-prefixed keys); reports bad input. */
function labelSelector(
  value: unknown,
  pointer: string,
  context: SelectorContext,
  ignoreNamespaceKey = false,
): LoweredSelector {
  const { problems } = context;
  const parts: Selector[] = [];
  let namespaceKey: NamespaceKey | undefined;
  let reserved = false;
  const add = (key: string, test: LabelTest): void => {
    if (ignoreNamespaceKey && key.replace(/^(k8s|any):/, '') === NAMESPACE_KEY) return;
    const lowered = keyTest(key, test);
    parts.push(lowered.selector);
    // The pod namespace key outranks namespace labels: it stops every defaulting.
    if (lowered.namespace === 'pod' || namespaceKey === undefined)
      namespaceKey = lowered.namespace ?? namespaceKey;
    reserved ||= lowered.reserved;
  };
  if (!isRecord(value)) {
    if (value !== null) problems.error('invalid-selector', pointer, 'a selector must be an object');
    return { withoutNamespace: NO_PEER, namespaceKey, reserved };
  }
  if (value.matchLabels !== undefined) {
    if (!isRecord(value.matchLabels))
      problems.error('invalid-selector', `${pointer}/matchLabels`, 'matchLabels must be a map');
    else
      for (const [key, v] of Object.entries(value.matchLabels)) {
        if (typeof v !== 'string') {
          problems.error('invalid-selector', `${pointer}/matchLabels/${key}`, 'label values must be strings');
          continue;
        }
        add(key, { op: 'in', key: '', values: [v] });
      }
  }
  if (value.matchExpressions !== undefined) {
    if (!Array.isArray(value.matchExpressions)) {
      problems.error('invalid-selector', `${pointer}/matchExpressions`, 'matchExpressions must be a list');
    } else {
      value.matchExpressions.forEach((expression, i) => {
        const at = `${pointer}/matchExpressions/${i}`;
        if (!isRecord(expression) || typeof expression.key !== 'string') {
          problems.error('invalid-selector', at, 'each expression needs a key');
          return;
        }
        const values = Array.isArray(expression.values) ? expression.values.map(String) : [];
        switch (expression.operator) {
          case 'In':
          case 'NotIn':
            if (values.length === 0)
              problems.error('invalid-selector', `${at}/values`, `${expression.operator} needs values`);
            add(expression.key, { op: expression.operator === 'In' ? 'in' : 'notIn', key: '', values });
            break;
          case 'Exists':
          case 'DoesNotExist':
            if (values.length > 0)
              problems.error('invalid-selector', `${at}/values`, `${expression.operator} takes no values`);
            add(expression.key, { op: expression.operator === 'Exists' ? 'exists' : 'absent', key: '' });
            break;
          default:
            problems.error(
              'invalid-selector',
              `${at}/operator`,
              'operator must be In, NotIn, Exists or DoesNotExist',
            );
        }
      });
    }
  }
  return { withoutNamespace: allOf(...parts), namespaceKey, reserved };
}

/** A peer endpoint selector with Cilium's namespace defaulting applied. */
function peerSelector(value: unknown, pointer: string, context: SelectorContext): Selector {
  const lowered = labelSelector(value, pointer, context);
  // Cilium's getEndpointSelector: no defaulting for reserved keys or the pod namespace key; a CiliumNetworkPolicy
  // adds its namespace unless namespace labels are named; a clusterwide policy always keeps the selector to pods
  // (`io.kubernetes.pod.namespace` Exists), even beside namespace labels that a NotIn would otherwise widen.
  if (lowered.reserved || lowered.namespaceKey === 'pod') return lowered.withoutNamespace;
  if (lowered.namespaceKey === 'labels' && context.namespace !== undefined) return lowered.withoutNamespace;
  const namespace: Selector =
    context.namespace !== undefined
      ? { type: 'namespace', names: [context.namespace] }
      : { type: 'namespace' };
  return allOf(POD, namespace, lowered.withoutNamespace);
}

function parseCidrs(values: readonly unknown[], pointer: string, problems: ObjectProblems): IpSet {
  let set = IpSet.EMPTY;
  values.forEach((value, i) => {
    const entry = isRecord(value) ? value : { cidr: value };
    const at = isRecord(value) ? `${pointer}/${i}/cidr` : `${pointer}/${i}`;
    if (isRecord(value) && (value.cidrGroupRef !== undefined || value.cidrGroupSelector !== undefined)) {
      problems.warn(
        'cidr-group',
        `${pointer}/${i}`,
        'CiliumCIDRGroups are not resolved; this entry matches nothing',
      );
      return;
    }
    // toCIDR/fromCIDR entries may be a bare address (api.CIDR accepts one); CIDRSet entries need a prefix.
    if (typeof value === 'string' && !value.includes('/')) {
      const ip = parseIp(value);
      if (isParseError(ip)) problems.error('invalid-cidr', at, ip.error);
      else set = set.union(IpSet.of([{ family: ip.family, first: ip.value, last: ip.value }]));
      return;
    }
    const parsed =
      typeof entry.cidr === 'string' ? parseCidr(entry.cidr) : { error: 'expected a CIDR string' };
    if (isParseError(parsed)) {
      problems.error('invalid-cidr', at, parsed.error);
      return;
    }
    let piece = IpSet.fromCidrs([parsed.cidr]);
    const except = Array.isArray(entry.except) ? entry.except : [];
    except.forEach((e, j) => {
      const cut = typeof e === 'string' ? parseCidr(e) : { error: 'expected a CIDR string' };
      if (isParseError(cut)) problems.error('invalid-cidr', `${pointer}/${i}/except/${j}`, cut.error);
      else if (!cidrContainsCidr(parsed.cidr, cut.cidr))
        problems.error(
          'invalid-cidr',
          `${pointer}/${i}/except/${j}`,
          `except ${String(e)} is not inside ${String(entry.cidr)}`,
        );
      else piece = piece.subtract(IpSet.fromCidrs([cut.cidr]));
    });
    set = set.union(piece);
  });
  return set;
}

interface CompiledPeerRule {
  readonly rules: IrRule[];
  /** fromRequires/toRequires selectors of this rule. */
  readonly requires: Selector[];
}

function compilePeerRule(
  value: unknown,
  direction: Direction,
  isDeny: boolean,
  pointer: string,
  index: number,
  context: SelectorContext,
  services: ReadonlyMap<string, ServiceTarget>,
  dnsProxied: Selector,
): CompiledPeerRule {
  const { problems } = context;
  if (!isRecord(value)) {
    problems.error('invalid-rule', pointer, 'a rule must be an object');
    return { rules: [], requires: [] };
  }
  const from = direction === 'ingress' ? 'from' : 'to';
  // A misspelt peer field would otherwise leave an L4-only rule that admits every peer.
  const known = [...L3_FIELDS[direction], `${from}Requires`, 'toPorts', 'icmps', 'authentication'];
  for (const field of Object.keys(value).filter((k) => !known.includes(k))) {
    problems.warn(
      'unknown-field',
      `${pointer}/${field}`,
      `${field} is not a field of a Cilium ${direction} rule: kubectl rejects it (strict field validation) or the API server drops it; aksguard reads the rule without it`,
    );
  }
  const l3: Selector[] = [];
  let l3Fields = 0;
  const list = (key: string): unknown[] | undefined => listField(value, key, pointer, problems);

  const endpoints = list(`${from}Endpoints`);
  if (endpoints !== undefined) {
    l3Fields++;
    l3.push(anyOf(...endpoints.map((s, i) => peerSelector(s, `${pointer}/${from}Endpoints/${i}`, context))));
  }
  const requires = (list(`${from}Requires`) ?? []).map((s, i) =>
    peerSelector(s, `${pointer}/${from}Requires/${i}`, context),
  );
  const entities = list(`${from}Entities`);
  if (entities !== undefined) {
    l3Fields++;
    l3.push(
      anyOf(
        ...entities.map((entity, i): Selector => {
          if (typeof entity !== 'string' || !ENTITIES.includes(entity)) {
            problems.error(
              'invalid-entity',
              `${pointer}/${from}Entities/${i}`,
              `unknown entity ${JSON.stringify(entity)} (one of ${ENTITIES.join(', ')})`,
            );
            return NO_PEER;
          }
          if (entity === 'none') return NO_PEER;
          return entity === 'all' ? ANY_PEER : { type: 'entity', entity };
        }),
      ),
    );
  }
  // Nodes by node label (enable-node-selector-labels): node labels are not in the inputs, so every node.
  const nodes = list(`${from}Nodes`);
  if (nodes !== undefined) {
    l3Fields++;
    if (nodes.some((n) => !isRecord(n) || Object.keys(n).length > 0)) {
      problems.warn(
        'node-labels-unknown',
        `${pointer}/${from}Nodes`,
        'node labels are not in the inputs: this selector is taken to select every node',
      );
    }
    l3.push(nodes.length > 0 ? { type: 'kind', kinds: ['host'] } : NO_PEER);
  }
  const groups = list(`${from}Groups`);
  if (groups !== undefined) {
    l3Fields++;
    problems.warn(
      'groups',
      `${pointer}/${from}Groups`,
      'cloud-provider groups (AWS security groups) are not resolved; this entry matches nothing',
    );
    l3.push(NO_PEER);
  }
  for (const key of [`${from}CIDR`, `${from}CIDRSet`]) {
    const cidrs = list(key);
    if (cidrs === undefined) continue;
    l3Fields++;
    // CIDR rules never select what Cilium identifies by labels (pods, nodes): only peers outside the cluster.
    l3.push(allOf(OUTSIDE, { type: 'ipSet', set: parseCidrs(cidrs, `${pointer}/${key}`, problems) }));
  }
  if (direction === 'egress') {
    const toServices = list('toServices');
    if (toServices !== undefined) {
      l3Fields++;
      l3.push(
        anyOf(
          ...toServices.map((s, i) => serviceSelector(s, `${pointer}/toServices/${i}`, context, services)),
        ),
      );
    }
    const fqdns = list('toFQDNs');
    if (fqdns !== undefined) {
      if (isDeny) problems.error('invalid-rule', `${pointer}/toFQDNs`, 'deny rules cannot use toFQDNs');
      l3Fields++;
      const matches = fqdnMatches(fqdns, `${pointer}/toFQDNs`, problems);
      if (dnsProxied.type === 'none') {
        problems.warn(
          'fqdn-without-dns-visibility',
          `${pointer}/toFQDNs`,
          "no policy sends DNS through Cilium's DNS proxy (a toPorts rule with rules.dns), so Cilium learns no addresses for these names: the rule allows nothing",
          'add an egress rule to kube-dns on port 53 with rules: {dns: [{matchPattern: "*"}]}',
        );
        l3.push(NO_PEER);
      } else {
        l3.push({ type: 'fqdn', matches });
      }
    }
  }
  // Cilium's rule validation: one kind of L3 peer per rule ("combining … is not supported yet").
  const combined = L3_FIELDS[direction].filter((key) => Array.isArray(value[key]) && value[key].length > 0);
  if (combined.length > 1) {
    problems.error(
      'invalid-rule',
      `${pointer}/${combined[1]}`,
      `combining ${combined.join(' and ')} in one rule is not supported`,
      'write one rule per kind of peer',
    );
  }
  if (
    Array.isArray(value.icmps) &&
    value.icmps.length > 0 &&
    Array.isArray(value.toPorts) &&
    value.toPorts.length > 0
  ) {
    problems.error(
      'invalid-rule',
      `${pointer}/icmps`,
      'icmps may only be present without toPorts',
      'write a separate rule for toPorts',
    );
  }
  const ports = compileToPorts(value, direction, isDeny, pointer, problems);
  // No L3 field at all: every peer (an "L4-only" rule); an explicitly empty list selects nothing.
  const peer = l3Fields === 0 ? ANY_PEER : anyOf(...l3);
  // A rule with only requirements grants nothing; an empty rule `{}` selects no peer (Cilium's documented way to
  // put an endpoint in default deny without allowing anything).
  if (l3Fields === 0 && (requires.length > 0 || (value.toPorts === undefined && value.icmps === undefined))) {
    return { rules: [], requires };
  }
  const summary = summarize(value, direction, isDeny);
  const rules = ports.conditions.map(
    (condition): IrRule => ({
      direction,
      peer,
      ports: condition.ports,
      action: isDeny ? 'deny' : 'allow',
      ...(condition.l7.length > 0 ? { l7: condition.l7 } : {}),
      origin: { index, source: problems.at(pointer), summary },
    }),
  );
  return { rules, requires };
}

function serviceSelector(
  value: unknown,
  pointer: string,
  context: SelectorContext,
  services: ReadonlyMap<string, ServiceTarget>,
): Selector {
  const { problems } = context;
  if (!isRecord(value)) return NO_PEER;
  if (isRecord(value.k8sService)) {
    const name = String(value.k8sService.serviceName ?? '');
    const namespace = String(value.k8sService.namespace ?? context.namespace ?? 'default');
    const selected = services.get(`${namespace}/${name}`);
    if (selected) return selected.pods;
    problems.warn(
      'service-unknown',
      `${pointer}/k8sService`,
      `Service ${namespace}/${name} with a selector is not in the inputs; this entry matches nothing`,
    );
    return NO_PEER;
  }
  if (isRecord(value.k8sServiceSelector)) {
    problems.warn(
      'service-selector',
      `${pointer}/k8sServiceSelector`,
      'service label selectors are not resolved; this entry matches nothing',
    );
  }
  return NO_PEER;
}

function fqdnMatches(values: readonly unknown[], pointer: string, problems: ObjectProblems): FqdnMatch[] {
  const out: FqdnMatch[] = [];
  values.forEach((value, i) => {
    const at = `${pointer}/${i}`;
    if (!isRecord(value)) {
      problems.error('invalid-fqdn', at, 'each toFQDNs entry must be an object');
      return;
    }
    if (value.matchName !== undefined && value.matchPattern !== undefined) {
      problems.error('invalid-fqdn', at, 'matchName and matchPattern cannot both be set in one entry');
      return;
    }
    for (const field of ['matchName', 'matchPattern'] as const) {
      const text = value[field];
      if (text === undefined) continue;
      const problem =
        typeof text === 'string' ? fqdnSelectorProblem(field, text) : `${field} must be a string`;
      if (problem) problems.error('invalid-fqdn', `${at}/${field}`, problem);
      else out.push(field === 'matchName' ? { name: text as string } : { pattern: text as string });
    }
    if (value.matchName === undefined && value.matchPattern === undefined) {
      problems.error('invalid-fqdn', at, 'a toFQDNs entry needs matchName or matchPattern');
    }
  });
  return out;
}

interface PortsResult {
  /** One port condition per toPorts entry (each with its own L7 rules); `[{}]` when the rule has no toPorts. */
  readonly conditions: { ports: PortCondition; l7: L7Restriction[] }[];
}

function compileToPorts(
  rule: Record<string, unknown>,
  direction: Direction,
  isDeny: boolean,
  pointer: string,
  problems: ObjectProblems,
): PortsResult {
  const toPorts = listField(rule, 'toPorts', pointer, problems);
  const icmps = listField(rule, 'icmps', pointer, problems);
  if (toPorts === undefined) {
    // ICMP-only rules carry no TCP/UDP/SCTP traffic.
    return { conditions: [{ ports: icmps !== undefined ? { include: [] } : {}, l7: [] }] };
  }
  return {
    conditions: toPorts.map((entry, i) => {
      const at = `${pointer}/toPorts/${i}`;
      if (!isRecord(entry)) {
        problems.error('invalid-port', at, 'each toPorts entry must be an object');
        return { ports: { include: [] }, l7: [] };
      }
      const matches: PortMatch[] = [];
      let ranged = false;
      const ports = Array.isArray(entry.ports) ? entry.ports : [];
      ports.forEach((p, j) => {
        const pat = `${at}/ports/${j}`;
        if (!isRecord(p)) {
          problems.error('invalid-port', pat, 'each port must be an object');
          return;
        }
        const protocolText = p.protocol === undefined ? 'ANY' : String(p.protocol).toUpperCase();
        if (!['TCP', 'UDP', 'SCTP', 'ANY'].includes(protocolText)) {
          problems.error('invalid-protocol', `${pat}/protocol`, 'protocol must be TCP, UDP, SCTP or ANY');
          return;
        }
        const protocol = protocolText === 'ANY' ? 'any' : (protocolText as Protocol);
        if (p.port === undefined || p.port === null || p.port === '') {
          problems.error('invalid-port', pat, 'port must be specified ("0" for every port)');
          return;
        }
        const portText = String(p.port);
        if (/^\d+$/.test(portText)) {
          const port = Number(portText);
          if (!isPortNumber(port, true)) {
            problems.error('invalid-port', `${pat}/port`, `port ${portText} is out of range (0-65535)`);
            return;
          }
          const end = p.endPort === undefined ? port : Number(p.endPort);
          if (p.endPort !== undefined && (!isPortNumber(end) || end < port)) {
            problems.error('invalid-port', `${pat}/endPort`, 'endPort must be a port not below port');
            return;
          }
          ranged ||= end > port;
          // Port 0 is the wildcard: every port of the protocol.
          matches.push(port === 0 ? { protocol } : { protocol, ranges: [[port, end]] });
        } else if (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/i.test(portText) && portText.length <= 15) {
          matches.push({ protocol, named: portText.toLowerCase() });
        } else {
          problems.error('invalid-port', `${pat}/port`, `invalid port ${JSON.stringify(p.port)}`);
        }
      });
      const l7 = l7Restrictions(entry, at, { direction, isDeny, ranged, ports: matches }, problems);
      // Cilium adds one filter per listed port: an entry without ports opens nothing.
      if (ports.length === 0) {
        problems.warn('no-ports', at, 'a toPorts entry without ports matches no port: it allows nothing');
      }
      return { ports: { include: matches }, l7 };
    }),
  };
}

/** What the L7 validation of one toPorts entry needs to know about the rule around it. */
interface L7Context {
  readonly direction: Direction;
  readonly isDeny: boolean;
  /** Whether a port of the entry is a range (endPort). */
  readonly ranged: boolean;
  readonly ports: readonly PortMatch[];
}

function l7Restrictions(
  entry: Record<string, unknown>,
  pointer: string,
  context: L7Context,
  problems: ObjectProblems,
): L7Restriction[] {
  const out: L7Restriction[] = [];
  if (Array.isArray(entry.serverNames) && entry.serverNames.length > 0) {
    out.push({ protocol: 'tls', description: `TLS SNI ${entry.serverNames.map(String).join('|')}` });
  }
  if (!isRecord(entry.rules)) return out;
  const kinds = ['http', 'dns', 'kafka'].filter((k) =>
    Array.isArray((entry.rules as Record<string, unknown>)[k]),
  );
  const at = `${pointer}/rules`;
  if (context.isDeny) problems.error('invalid-rule', at, 'deny rules cannot have L7 rules');
  if (kinds.length > 1) problems.error('invalid-rule', at, 'only one of http, dns, kafka per port rule');
  if (context.ranged) problems.error('invalid-rule', at, 'L7 rules do not support port ranges');
  // PortRule validation: DNS rules are egress-only and need a port; other L7 rules apply to TCP ports only, and
  // no L7 rule to the wildcard port 0.
  if (kinds.includes('dns')) {
    if (context.direction === 'ingress')
      problems.error('invalid-rule', at, 'DNS rules are not allowed on ingress');
    if (context.ports.length === 0)
      problems.error('invalid-rule', at, 'port 53 must be specified for DNS rules');
  } else if (kinds.length > 0 && context.ports.some((p) => p.protocol !== 'TCP')) {
    problems.error(
      'invalid-rule',
      at,
      'L7 rules other than DNS apply to TCP ports only',
      'set protocol: TCP',
    );
  }
  if (kinds.length > 0 && context.ports.some((p) => !('named' in p) && p.ranges === undefined)) {
    problems.error('invalid-rule', at, 'L7 rules cannot be used with port 0');
  }
  const rules = entry.rules as Record<string, unknown[]>;
  for (const item of rules.http ?? []) {
    if (!isRecord(item)) continue;
    const headers = Array.isArray(item.headers) ? ` [${item.headers.map(String).join(', ')}]` : '';
    const host = typeof item.host === 'string' ? ` host ${item.host}` : '';
    out.push({
      protocol: 'http',
      description: `HTTP ${String(item.method ?? '*')} ${String(item.path ?? '/.*')}${host}${headers}`,
    });
  }
  for (const item of rules.dns ?? []) {
    if (!isRecord(item)) continue;
    out.push({
      protocol: 'dns',
      description: `DNS ${item.matchName !== undefined ? String(item.matchName) : String(item.matchPattern ?? '*')}`,
    });
  }
  for (const item of rules.kafka ?? []) {
    if (!isRecord(item)) continue;
    const what = [item.role ?? item.apiKey, item.topic]
      .filter((x) => x !== undefined)
      .map(String)
      .join(' ');
    out.push({ protocol: 'kafka', description: `Kafka ${what || '*'}` });
  }
  return out;
}

// A readable one-line account of a rule for explanations, e.g. `egress toFQDNs *.github.com on TCP/443`.
function summarize(rule: Record<string, unknown>, direction: Direction, isDeny: boolean): string {
  const describe = (key: string, value: unknown): string => {
    const items = Array.isArray(value) ? value : [value];
    const text = items.map((item) => {
      if (key.endsWith('Endpoints') || key.endsWith('Requires')) return describeLabelSelector(item);
      if (key === 'toFQDNs' && isRecord(item)) return String(item.matchName ?? item.matchPattern);
      if (key.endsWith('CIDRSet') && isRecord(item)) {
        const except =
          Array.isArray(item.except) && item.except.length > 0 ? ` except ${item.except.join(', ')}` : '';
        return `${String(item.cidr ?? item.cidrGroupRef)}${except}`;
      }
      if (key === 'toServices' && isRecord(item)) {
        const service = isRecord(item.k8sService) ? item.k8sService : {};
        return `${String(service.namespace ?? '')}/${String(service.serviceName ?? '')}`;
      }
      return typeof item === 'string' ? item : JSON.stringify(item);
    });
    return `${key} ${text.join(', ')}`;
  };
  const fields = Object.keys(rule)
    .filter((k) => k !== 'toPorts' && k !== 'icmps')
    .map((k) => describe(k, rule[k]));
  const ports = Array.isArray(rule.toPorts)
    ? rule.toPorts
        .flatMap((p) => (isRecord(p) && Array.isArray(p.ports) ? p.ports : []))
        .map((p) =>
          isRecord(p)
            ? `${String(p.protocol ?? 'ANY')}/${String(p.port ?? '*')}${p.endPort !== undefined ? `-${String(p.endPort)}` : ''}`
            : '?',
        )
    : [];
  return `${direction}${isDeny ? 'Deny' : ''} ${fields.join('; ') || 'from every peer'}${ports.length > 0 ? ` on ${ports.join(', ')}` : ''}`;
}
