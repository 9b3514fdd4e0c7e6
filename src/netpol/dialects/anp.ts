// AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1), and their successor the
// ClusterNetworkPolicy (v1alpha2, v1beta1) → the intermediate form.
//
// - AdminNetworkPolicies and Admin-tier ClusterNetworkPolicies form the `admin` layer's one tier, evaluated before
//   everything else, ordered by `priority` (lower first). They never isolate: a connection no rule matches goes on
//   to NetworkPolicy. Allow (Accept) and Deny are final; Pass skips the remaining admin rules and leaves the
//   decision to NetworkPolicy.
// - The BaselineAdminNetworkPolicy (only one, named `default`; Allow and Deny) and Baseline-tier
//   ClusterNetworkPolicies (by priority; Accept, Deny, Pass) form the `baseline` tier, consulted only for what
//   NetworkPolicy left undecided (the endpoint is not isolated); a Pass there leaves it to the default (allowed).
// - Subjects and peers select pods (namespaces, or namespaces and pods), never host-networked ones; egress peers
//   may also be nodes, CIDR networks (which match pod and node addresses too) and, in rules that allow, domain
//   names. Ports: v1alpha1 `ports` (portNumber, namedPort, portRange; protocol defaults to TCP), or
//   ClusterNetworkPolicy `protocols` (tcp/udp/sctp destinationPort number or range, destinationNamedPort).
// - Fields the CRD does not declare are errors, as the API server's strict field validation makes them: reading
//   past them would change the meaning silently (a `protocols` list in an AdminNetworkPolicy read as "every
//   port"). The peer shape of the first v1alpha1 release (`namespaces: {namespaceSelector}`,
//   `pods: {namespaces, podSelector}`) is read as what it means; its `sameLabels` / `notSameLabels`, which select
//   relative to the subject, are not modelled: such a rule fails closed as the API tells implementations to treat
//   a peer they do not know (an Allow matches nothing, a Deny or Pass denies everything), with a warning.
// - Other kinds and versions of the group are reported as not evaluated, never skipped in silence.
import type { InputDocument } from '../../load/detect.js';
import { type Diagnostic, warningDiagnostic } from '../../model/diagnostic.js';
import type { Protocol } from '../../model/endpoint.js';
import { isRecord } from '../../model/json.js';
import { childPointer } from '../../model/source.js';
import { formatCidr, isParseError, parseCidr } from '../../net/ip.js';
import { IpSet } from '../../net/ip-set.js';
import {
  ANY_PEER,
  allOf,
  anyOf,
  type Direction,
  type FqdnMatch,
  type IrPolicy,
  type IrRule,
  type IrTier,
  NO_PEER,
  type PortMatch,
  type RuleAction,
  type Selector,
} from '../ir.js';
import { describeLabelSelector, lowerLabelSelector, validateLabelSelector } from '../label-selector.js';
import { describePorts } from '../ports.js';
import {
  type DialectContext,
  isPortNumber,
  type ManifestObject,
  ObjectProblems,
  objectsOfGroups,
} from './objects.js';

/** The tiers the admin and baseline layers compile to. */
export const ADMIN_TIER = 'admin';
export const BASELINE_TIER = 'baseline';

/** What the ANP compiler produces. */
export interface AdminPolicyCompilation {
  readonly tiers: IrTier[];
  readonly diagnostics: Diagnostic[];
}

const POD: Selector = { type: 'kind', kinds: ['pod'] };

/** How one kind and version spells the model the three kinds share. */
interface PolicyApi {
  readonly specFields: readonly string[];
  /** Whether `spec.priority` orders the policy (all but the BaselineAdminNetworkPolicy singleton). */
  readonly prioritized: boolean;
  readonly actions: Readonly<Record<string, RuleAction>>;
  /** The field that restricts ports: `ports` (v1alpha1) or `protocols` (ClusterNetworkPolicy). */
  readonly portsField: 'ports' | 'protocols';
  /** Maximum number of rules per direction, and of peers per rule. */
  readonly maxRules: number;
  readonly maxPeers: number;
  /** Whether `pods` may omit `namespaceSelector` (then every namespace), as ClusterNetworkPolicy allows. */
  readonly namespaceSelectorOptional: boolean;
  /** The egress peer kinds besides namespaces and pods (the BaselineAdminNetworkPolicy has no domainNames). */
  readonly egressPeers: readonly string[];
  /** Whether a `networks` CIDR must have no host bits set (v1beta1: `cidr(self) == cidr(self).masked()`). */
  readonly maskedCidrs: boolean;
  /** Whether peers may come in the first v1alpha1 release's shape (ClusterNetworkPolicy never had it). */
  readonly firstReleasePeers: boolean;
}

const ADMIN_NETWORK_POLICY: PolicyApi = {
  specFields: ['priority', 'subject', 'ingress', 'egress'],
  prioritized: true,
  actions: { Allow: 'allow', Deny: 'deny', Pass: 'pass' },
  portsField: 'ports',
  maxRules: 100,
  maxPeers: 100,
  namespaceSelectorOptional: false,
  egressPeers: ['nodes', 'networks', 'domainNames'],
  maskedCidrs: false,
  firstReleasePeers: true,
};
const BASELINE_ADMIN_NETWORK_POLICY: PolicyApi = {
  ...ADMIN_NETWORK_POLICY,
  specFields: ['subject', 'ingress', 'egress'],
  prioritized: false,
  actions: { Allow: 'allow', Deny: 'deny' },
  egressPeers: ['nodes', 'networks'],
};
// Both tiers of a ClusterNetworkPolicy take Pass: in the Baseline tier it leaves the decision to the default.
const CLUSTER_NETWORK_POLICY: PolicyApi = {
  specFields: ['tier', 'priority', 'subject', 'ingress', 'egress'],
  prioritized: true,
  actions: { Accept: 'allow', Deny: 'deny', Pass: 'pass' },
  portsField: 'protocols',
  maxRules: 25,
  maxPeers: 25,
  namespaceSelectorOptional: true,
  egressPeers: ['nodes', 'networks', 'domainNames'],
  maskedCidrs: false,
  firstReleasePeers: false,
};
const CLUSTER_NETWORK_POLICY_V1BETA1: PolicyApi = { ...CLUSTER_NETWORK_POLICY, maskedCidrs: true };

/** The API of a kind and version aksguard reads, or undefined. */
function policyApi(object: ManifestObject): PolicyApi | undefined {
  const version = object.apiVersion.slice('policy.networking.k8s.io/'.length);
  if (version === 'v1alpha1' && object.kind === 'AdminNetworkPolicy') return ADMIN_NETWORK_POLICY;
  if (version === 'v1alpha1' && object.kind === 'BaselineAdminNetworkPolicy')
    return BASELINE_ADMIN_NETWORK_POLICY;
  if (object.kind !== 'ClusterNetworkPolicy') return undefined;
  if (version === 'v1alpha2') return CLUSTER_NETWORK_POLICY;
  if (version === 'v1beta1') return CLUSTER_NETWORK_POLICY_V1BETA1;
  return undefined;
}

const KINDS = ['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy'];

/**
 * Compiles every AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1) and ClusterNetworkPolicy (v1alpha2,
 * v1beta1) of the inputs: the Admin tier's policies into the `admin` layer, the Baseline tier's into `baseline`.
 */
export function compileAdminNetworkPolicies(
  documents: readonly InputDocument[],
  context: DialectContext,
): AdminPolicyCompilation {
  const diagnostics: Diagnostic[] = [];
  const layers = { admin: [] as IrPolicy[], baseline: [] as IrPolicy[] };
  const priorities = new Map<string, string>();
  for (const object of objectsOfGroups(
    documents,
    ['policy.networking.k8s.io'],
    KINDS,
    context.defaultNamespace,
  )) {
    const api = policyApi(object);
    if (!api) {
      // Ignoring it quietly would report traffic as allowed that the cluster denies.
      diagnostics.push(
        warningDiagnostic(
          'anp-unsupported-kind',
          `${object.kind} (${object.apiVersion}) ${object.name} is not evaluated: aksguard reads AdminNetworkPolicy and BaselineAdminNetworkPolicy of policy.networking.k8s.io/v1alpha1 and ClusterNetworkPolicy of v1alpha2 and v1beta1`,
          object.doc.at(''),
        ),
      );
      continue;
    }
    const problems = new ObjectProblems(object, 'anp');
    const compiled = compilePolicy(object, api, problems);
    if (compiled && api.prioritized) {
      const key = `${compiled.layer}/${compiled.policy.order}`;
      const other = priorities.get(key);
      if (other !== undefined) {
        problems.warn(
          'same-priority',
          '/spec/priority',
          `priority ${compiled.policy.order} is also used by ${other} in the same tier; which one wins is undefined (aksguard orders them by kind and name)`,
        );
      }
      priorities.set(key, `${object.kind} ${object.name}`);
    }
    diagnostics.push(...problems.diagnostics);
    if (!compiled || problems.errorCount > 0) continue;
    layers[compiled.layer].push(compiled.policy);
  }
  const tiers: IrTier[] = [];
  if (layers.admin.length > 0)
    tiers.push({ name: ADMIN_TIER, layer: 'admin', order: 0, defaultAction: 'pass', policies: layers.admin });
  if (layers.baseline.length > 0)
    tiers.push({
      name: BASELINE_TIER,
      layer: 'baseline',
      order: 0,
      defaultAction: 'pass',
      policies: layers.baseline,
    });
  return { tiers, diagnostics };
}

// What the newer ClusterNetworkPolicy calls what an AdminNetworkPolicy spells otherwise.
const CLUSTER_NETWORK_POLICY_FIELDS: Readonly<Record<string, string>> = {
  tier: 'an AdminNetworkPolicy has no tier (a BaselineAdminNetworkPolicy is the baseline)',
  protocols: 'an AdminNetworkPolicy rule lists `ports` (portNumber, portRange, namedPort)',
};
const LABEL_SELECTOR_FIELDS = ['matchLabels', 'matchExpressions'];
const NAMESPACED_POD_FIELDS = ['namespaceSelector', 'podSelector'];

/** Reports every field of `value` the CRD does not declare at `pointer`. */
function rejectUnknownFields(
  value: Record<string, unknown>,
  known: readonly string[],
  pointer: string,
  problems: ObjectProblems,
): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const v1alpha2 =
      problems.object.kind === 'ClusterNetworkPolicy' ? undefined : CLUSTER_NETWORK_POLICY_FIELDS[key];
    problems.error(
      'unknown-field',
      childPointer(pointer, key),
      `unknown field "${key}": the API server rejects it (known here: ${known.join(', ')})`,
      v1alpha2 ? `"${key}" belongs to the ClusterNetworkPolicy (v1alpha2); ${v1alpha2}` : undefined,
    );
  }
}

function compilePolicy(
  object: ManifestObject,
  api: PolicyApi,
  problems: ObjectProblems,
): { layer: 'admin' | 'baseline'; policy: IrPolicy } | undefined {
  const spec = object.spec;
  rejectUnknownFields(spec, api.specFields, '/spec', problems);
  let layer: 'admin' | 'baseline' = object.kind === 'BaselineAdminNetworkPolicy' ? 'baseline' : 'admin';
  if (object.kind === 'ClusterNetworkPolicy') {
    if (spec.tier === 'Admin' || spec.tier === 'Baseline')
      layer = spec.tier === 'Admin' ? 'admin' : 'baseline';
    else problems.error('invalid-tier', '/spec/tier', 'tier must be Admin or Baseline');
  }
  let order = 0;
  if (!api.prioritized) {
    if (object.name !== 'default') {
      problems.error(
        'invalid-name',
        '/metadata/name',
        'a BaselineAdminNetworkPolicy must be named "default"',
      );
    }
  } else if (
    !Number.isInteger(spec.priority) ||
    (spec.priority as number) < 0 ||
    (spec.priority as number) > 1000
  ) {
    problems.error('invalid-priority', '/spec/priority', 'priority must be an integer from 0 to 1000');
  } else {
    order = spec.priority as number;
  }
  const subject = subjectSelector(spec.subject, '/spec/subject', api, problems);
  const rules: IrRule[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const list = spec[direction];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      problems.error('invalid-field', `/spec/${direction}`, `${direction} must be a list`);
      continue;
    }
    if (list.length > api.maxRules)
      problems.error('too-many-rules', `/spec/${direction}`, `at most ${api.maxRules} ${direction} rules`);
    list.forEach((rule, index) => {
      const compiled = compileRule(rule, direction, index, `/spec/${direction}/${index}`, api, problems);
      if (compiled) rules.push(compiled);
    });
  }
  if (!subject || problems.errorCount > 0) return undefined;
  return {
    layer,
    policy: {
      id: `policy.networking.k8s.io/${object.kind}/${object.name}`,
      subject,
      isolates: [],
      order,
      rules,
      origin: {
        dialect: 'admin-network-policy',
        kind: object.kind,
        name: object.name,
        source: object.doc.at(''),
        ...(api.prioritized ? { precedence: `priority ${order}` } : {}),
      },
    },
  };
}

// Exactly one of the listed keys must be set (the CRD's maxProperties/minProperties: 1).
function oneOf(
  value: unknown,
  keys: readonly string[],
  pointer: string,
  problems: ObjectProblems,
): string | undefined {
  if (!isRecord(value)) {
    problems.error('invalid-peer', pointer, `expected one of ${keys.join(', ')}`);
    return undefined;
  }
  const present = Object.keys(value).filter((k) => value[k] !== undefined && value[k] !== null);
  if (present.length !== 1 || !keys.includes(present[0]!)) {
    problems.error('invalid-peer', pointer, `exactly one of ${keys.join(', ')} must be set`);
    return undefined;
  }
  return present[0];
}

function checkedSelector(
  value: unknown,
  pointer: string,
  problems: ObjectProblems,
  scope: 'endpoint' | 'namespace',
): Selector {
  if (isRecord(value)) rejectUnknownFields(value, LABEL_SELECTOR_FIELDS, pointer, problems);
  for (const error of validateLabelSelector(value, pointer))
    problems.error('invalid-selector', error.pointer, error.message);
  return lowerLabelSelector(value, scope);
}

/** Pods (never host-networked ones, which are their node) in the namespaces a namespace selector picks. */
function podsIn(namespaces: Selector, pods: Selector = ANY_PEER): Selector {
  return allOf(POD, { type: 'namespace' }, namespaces, pods);
}

// Pods chosen by a subject: `namespaces` (a namespace selector) or `pods` ({namespaceSelector, podSelector}).
function subjectSelector(
  value: unknown,
  pointer: string,
  api: PolicyApi,
  problems: ObjectProblems,
): Selector | undefined {
  const key = oneOf(value, ['namespaces', 'pods'], pointer, problems);
  if (key === undefined) return undefined;
  const subject = value as Record<string, unknown>;
  if (key === 'namespaces')
    return podsIn(checkedSelector(subject.namespaces, `${pointer}/namespaces`, problems, 'namespace'));
  return namespacedPods(subject.pods, `${pointer}/pods`, api, problems);
}

function namespacedPods(value: unknown, pointer: string, api: PolicyApi, problems: ObjectProblems): Selector {
  const pods = isRecord(value) ? value : {};
  rejectUnknownFields(pods, NAMESPACED_POD_FIELDS, pointer, problems);
  if (pods.podSelector === undefined) problems.error('invalid-peer', pointer, 'pods needs a podSelector');
  if (pods.namespaceSelector === undefined && !api.namespaceSelectorOptional) {
    problems.error('invalid-peer', pointer, 'pods needs a namespaceSelector ({} for every namespace)');
  }
  return podsIn(
    checkedSelector(pods.namespaceSelector, `${pointer}/namespaceSelector`, problems, 'namespace'),
    checkedSelector(pods.podSelector, `${pointer}/podSelector`, problems, 'endpoint'),
  );
}

/** A peer the API defines but aksguard does not model: the rule it is in fails closed. */
const UNMODELLED = 'unmodelled';

// The first v1alpha1 release wrapped a peer's namespaces in {namespaceSelector | sameLabels | notSameLabels}.
const LEGACY_NAMESPACE_FIELDS = ['namespaceSelector', 'sameLabels', 'notSameLabels'];

function isLegacyNamespacedPeer(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && Object.keys(value).some((k) => LEGACY_NAMESPACE_FIELDS.includes(k));
}

/** The namespaces of a first-release peer (`{namespaceSelector}`), or UNMODELLED for sameLabels/notSameLabels. */
function legacyNamespaces(
  value: Record<string, unknown>,
  pointer: string,
  problems: ObjectProblems,
): Selector | typeof UNMODELLED {
  const key = oneOf(value, LEGACY_NAMESPACE_FIELDS, pointer, problems);
  if (key === 'namespaceSelector') {
    problems.warn(
      'legacy-peer',
      pointer,
      'this is the first v1alpha1 release\'s peer shape; read "namespaceSelector" as the namespaces selector',
      'the current v1alpha1 peer is `namespaces: <label selector>` or `pods: {namespaceSelector, podSelector}`',
    );
    return checkedSelector(value.namespaceSelector, `${pointer}/namespaceSelector`, problems, 'namespace');
  }
  if (key === undefined) return NO_PEER;
  problems.warn(
    'unmodelled-peer',
    `${pointer}/${key}`,
    `${key} selects namespaces relative to the subject's, which aksguard does not model: the rule fails closed (an Allow matches nothing, a Deny or Pass denies all traffic), as the API tells implementations to treat a peer they do not know`,
  );
  return UNMODELLED;
}

function peerSelector(
  value: unknown,
  direction: Direction,
  pointer: string,
  api: PolicyApi,
  problems: ObjectProblems,
): Selector | typeof UNMODELLED {
  const keys = direction === 'ingress' ? ['namespaces', 'pods'] : ['namespaces', 'pods', ...api.egressPeers];
  const key = oneOf(value, keys, pointer, problems);
  if (key === undefined) return NO_PEER;
  const peer = value as Record<string, unknown>;
  if (key === 'namespaces') {
    if (api.firstReleasePeers && isLegacyNamespacedPeer(peer.namespaces)) {
      const namespaces = legacyNamespaces(peer.namespaces, `${pointer}/namespaces`, problems);
      return namespaces === UNMODELLED ? UNMODELLED : podsIn(namespaces);
    }
    return podsIn(checkedSelector(peer.namespaces, `${pointer}/namespaces`, problems, 'namespace'));
  }
  if (key === 'pods') {
    const pods = peer.pods;
    if (!api.firstReleasePeers || !isRecord(pods) || !isLegacyNamespacedPeer(pods.namespaces))
      return namespacedPods(pods, `${pointer}/pods`, api, problems);
    rejectUnknownFields(pods, ['namespaces', 'podSelector'], `${pointer}/pods`, problems);
    const namespaces = legacyNamespaces(pods.namespaces, `${pointer}/pods/namespaces`, problems);
    const podSelector = checkedSelector(
      pods.podSelector,
      `${pointer}/pods/podSelector`,
      problems,
      'endpoint',
    );
    return namespaces === UNMODELLED ? UNMODELLED : podsIn(namespaces, podSelector);
  }
  if (key === 'nodes') {
    checkedSelector(peer.nodes, `${pointer}/nodes`, problems, 'endpoint');
    const selector = peer.nodes;
    if (isRecord(selector) && Object.keys(selector).length > 0) {
      problems.warn(
        'node-labels-unknown',
        `${pointer}/nodes`,
        'node labels are not in the inputs: this peer is taken to be every node',
      );
    }
    return { type: 'kind', kinds: ['host'] };
  }
  if (key === 'domainNames') return domainNamesSelector(peer.domainNames, `${pointer}/domainNames`, problems);
  const networks = Array.isArray(peer.networks) ? peer.networks : [];
  if (networks.length === 0 || networks.length > 25) {
    problems.error('invalid-peer', `${pointer}/networks`, 'networks needs 1 to 25 CIDRs');
  }
  let set = IpSet.EMPTY;
  networks.forEach((cidr, i) => {
    const parsed = typeof cidr === 'string' ? parseCidr(cidr) : { error: 'expected a CIDR string' };
    if (isParseError(parsed)) problems.error('invalid-cidr', `${pointer}/networks/${i}`, parsed.error);
    else if (parsed.hostBitsSet && api.maskedCidrs)
      problems.error(
        'invalid-cidr',
        `${pointer}/networks/${i}`,
        `"${String(cidr)}" has host bits set: write the network address (${formatCidr(parsed.cidr)})`,
      );
    else set = set.union(IpSet.fromCidrs([parsed.cidr]));
  });
  return { type: 'ipSet', set };
}

// The CRD's DomainName pattern: an optional leading `*.`, then DNS labels, an optional trailing dot.
const DOMAIN_NAME =
  /^(\*\.)?([a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/;

/**
 * `domainNames`: an exact name, or `*.example.com` for every name below example.com at any depth (not
 * example.com itself), which is the `**.` form of the FQDN patterns the IR shares with Cilium.
 */
function domainNamesSelector(value: unknown, pointer: string, problems: ObjectProblems): Selector {
  const names = Array.isArray(value) ? value : [];
  if (names.length === 0 || names.length > 25) {
    problems.error('invalid-peer', pointer, 'domainNames needs 1 to 25 domain names');
  }
  const matches: FqdnMatch[] = [];
  names.forEach((name, i) => {
    if (typeof name !== 'string' || !DOMAIN_NAME.test(name)) {
      problems.error(
        'invalid-domain-name',
        `${pointer}/${i}`,
        'a domain name is DNS labels with an optional leading "*." (e.g. example.com, *.example.com)',
      );
      return;
    }
    matches.push(name.startsWith('*.') ? { pattern: `*${name}` } : { name });
  });
  return { type: 'fqdn', matches };
}

function compileRule(
  value: unknown,
  direction: Direction,
  index: number,
  pointer: string,
  api: PolicyApi,
  problems: ObjectProblems,
): IrRule | undefined {
  if (!isRecord(value)) {
    problems.error('invalid-rule', pointer, 'a rule must be an object');
    return undefined;
  }
  const peersKey = direction === 'ingress' ? 'from' : 'to';
  rejectUnknownFields(value, ['name', 'action', peersKey, api.portsField], pointer, problems);
  const action = typeof value.action === 'string' ? api.actions[value.action] : undefined;
  if (!action) {
    problems.error(
      'invalid-action',
      `${pointer}/action`,
      `action must be ${Object.keys(api.actions).join(', ')}`,
    );
  }
  if (typeof value.name === 'string' && value.name.length > 100) {
    problems.error('invalid-name', `${pointer}/name`, 'a rule name is at most 100 characters');
  }
  const peers = value[peersKey];
  if (!Array.isArray(peers) || peers.length === 0 || peers.length > api.maxPeers) {
    problems.error('invalid-peer', `${pointer}/${peersKey}`, `${peersKey} needs 1 to ${api.maxPeers} peers`);
    return undefined;
  }
  const selectors = peers.map((p, i) =>
    peerSelector(p, direction, `${pointer}/${peersKey}/${i}`, api, problems),
  );
  const portsPointer = `${pointer}/${api.portsField}`;
  const portsValue = value[api.portsField];
  const include =
    portsValue === undefined
      ? undefined
      : api.portsField === 'ports'
        ? parsePorts(portsValue, portsPointer, problems)
        : parseProtocols(portsValue, portsPointer, problems);
  checkPeerCombinations(peers, include, action, pointer, peersKey, problems);
  if (!action) return undefined;
  const name = typeof value.name === 'string' ? `"${value.name}" ` : '';
  const summary = `${name}${value.action} ${peersKey} ${peers.map(describePeer).join(' or ')}${include ? ` on ${describePorts({ include })}` : ''}`;
  const origin = { index, source: problems.at(pointer), summary };
  if (selectors.includes(UNMODELLED)) {
    // Fail closed (AdminNetworkPolicyIngressPeer): an Allow matches no traffic, a Deny or Pass denies all of it.
    return action === 'allow'
      ? {
          direction,
          peer: NO_PEER,
          ports: {},
          action,
          origin: { ...origin, summary: `${summary} (fails closed: matches nothing)` },
        }
      : {
          direction,
          peer: ANY_PEER,
          ports: {},
          action: 'deny',
          origin: { ...origin, summary: `${summary} (fails closed: denies all)` },
        };
  }
  return {
    direction,
    peer: anyOf(...(selectors as Selector[])),
    ports: include ? { include } : {},
    action,
    origin,
  };
}

// The CRD's cross-field rules on an egress rule's peers and ports.
function checkPeerCombinations(
  peers: readonly unknown[],
  ports: readonly PortMatch[] | undefined,
  action: RuleAction | undefined,
  pointer: string,
  peersKey: string,
  problems: ObjectProblems,
): void {
  const has = (field: string) =>
    peers.some((p) => isRecord(p) && p[field] !== undefined && p[field] !== null);
  if (has('domainNames') && action !== undefined && action !== 'allow') {
    problems.error(
      'invalid-peer',
      `${pointer}/${peersKey}`,
      'domainNames peers are only allowed in rules that allow (Allow, Accept)',
    );
  }
  const namedPort = ports?.some((p) => 'named' in p) === true;
  if (namedPort && (has('networks') || has('nodes') || has('domainNames'))) {
    problems.error(
      'invalid-port',
      pointer,
      'a named port cannot be used with networks, nodes or domainNames peers: only pods have named ports',
    );
  }
}

function parsePorts(value: unknown, pointer: string, problems: ObjectProblems): PortMatch[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 100) {
    problems.error('invalid-port', pointer, 'ports needs 1 to 100 entries');
    return [];
  }
  const out: PortMatch[] = [];
  value.forEach((entry, i) => {
    const at = `${pointer}/${i}`;
    const key = oneOf(entry, ['portNumber', 'namedPort', 'portRange'], at, problems);
    if (key === undefined) return;
    const port = (entry as Record<string, unknown>)[key];
    if (key === 'namedPort') {
      if (typeof port !== 'string' || port === '')
        problems.error('invalid-port', `${at}/namedPort`, 'namedPort must be a port name');
      // A named port matches the container port of that name, whatever its protocol.
      else out.push({ protocol: 'any', named: port });
      return;
    }
    if (!isRecord(port)) {
      problems.error('invalid-port', `${at}/${key}`, `${key} must be an object`);
      return;
    }
    rejectUnknownFields(
      port,
      key === 'portNumber' ? ['protocol', 'port'] : ['protocol', 'start', 'end'],
      `${at}/${key}`,
      problems,
    );
    const protocol = port.protocol === undefined ? 'TCP' : port.protocol;
    if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') {
      problems.error('invalid-protocol', `${at}/${key}/protocol`, 'protocol must be TCP, UDP or SCTP');
      return;
    }
    const first = key === 'portNumber' ? port.port : port.start;
    const last = key === 'portNumber' ? port.port : port.end;
    if (!isPortNumber(first) || !isPortNumber(last) || (last as number) < (first as number)) {
      problems.error(
        'invalid-port',
        `${at}/${key}`,
        key === 'portNumber' ? 'port must be 1-65535' : 'start and end must be ports with start ≤ end',
      );
      return;
    }
    out.push({ protocol: protocol as Protocol, ranges: [[first as number, last as number]] });
  });
  return out;
}

/** ClusterNetworkPolicy `protocols`: {tcp|udp|sctp: {destinationPort: {number | range}}} or {destinationNamedPort}. */
function parseProtocols(value: unknown, pointer: string, problems: ObjectProblems): PortMatch[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 25) {
    problems.error('invalid-port', pointer, 'protocols needs 1 to 25 entries');
    return [];
  }
  const out: PortMatch[] = [];
  value.forEach((entry, i) => {
    const at = `${pointer}/${i}`;
    const key = oneOf(entry, ['tcp', 'udp', 'sctp', 'destinationNamedPort'], at, problems);
    if (key === undefined) return;
    const match = (entry as Record<string, unknown>)[key];
    if (key === 'destinationNamedPort') {
      if (typeof match !== 'string' || match === '')
        problems.error(
          'invalid-port',
          `${at}/destinationNamedPort`,
          'destinationNamedPort must be a port name',
        );
      // The container port of that name, with its own protocol.
      else out.push({ protocol: 'any', named: match });
      return;
    }
    const protocol = key.toUpperCase() as Protocol;
    if (!isRecord(match) || !isRecord(match.destinationPort)) {
      problems.error('invalid-port', `${at}/${key}`, `${key} needs a destinationPort`);
      return;
    }
    rejectUnknownFields(match, ['destinationPort'], `${at}/${key}`, problems);
    const portAt = `${at}/${key}/destinationPort`;
    const portKey = oneOf(match.destinationPort, ['number', 'range'], portAt, problems);
    if (portKey === 'number') {
      const port = match.destinationPort.number;
      if (!isPortNumber(port))
        problems.error('invalid-port', `${portAt}/number`, 'number must be a port 1-65535');
      else out.push({ protocol, ranges: [[port, port]] });
    } else if (portKey === 'range') {
      const range = isRecord(match.destinationPort.range) ? match.destinationPort.range : {};
      rejectUnknownFields(range, ['start', 'end'], `${portAt}/range`, problems);
      if (!isPortNumber(range.start) || !isPortNumber(range.end) || range.start >= range.end)
        problems.error('invalid-port', `${portAt}/range`, 'start and end must be ports with start < end');
      else out.push({ protocol, ranges: [[range.start, range.end]] });
    }
  });
  return out;
}

function describePeer(value: unknown): string {
  if (!isRecord(value)) return '?';
  const namespaces = (selector: unknown) =>
    isLegacyNamespacedPeer(selector)
      ? selector.namespaceSelector !== undefined
        ? describeLabelSelector(selector.namespaceSelector)
        : `with ${selector.sameLabels !== undefined ? 'sameLabels' : 'notSameLabels'} ${JSON.stringify(selector.sameLabels ?? selector.notSameLabels)}`
      : describeLabelSelector(selector);
  if (value.namespaces !== undefined) return `namespaces ${namespaces(value.namespaces)}`;
  if (isRecord(value.pods)) {
    const inNamespaces = value.pods.namespaces ?? value.pods.namespaceSelector;
    return `pods ${describeLabelSelector(value.pods.podSelector)} in namespaces ${namespaces(inNamespaces)}`;
  }
  if (value.nodes !== undefined) return `nodes ${describeLabelSelector(value.nodes)}`;
  if (Array.isArray(value.networks)) return `networks ${value.networks.map(String).join(', ')}`;
  if (Array.isArray(value.domainNames)) return `domain names ${value.domainNames.map(String).join(', ')}`;
  return '?';
}
