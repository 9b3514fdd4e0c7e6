// AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1) → the intermediate form.
//
// - AdminNetworkPolicies form the `admin` layer's one tier, evaluated before everything else, ordered by
//   `priority` (lower first). They never isolate: a connection no rule matches goes on to NetworkPolicy.
//   Allow and Deny are final; Pass skips the remaining admin rules and leaves the decision to NetworkPolicy.
// - The BaselineAdminNetworkPolicy (only one, named `default`) forms the `baseline` tier, consulted only for
//   what NetworkPolicy left undecided (the endpoint is not isolated); Allow and Deny only.
// - Subjects and peers select pods (namespaces, or namespaces and pods), never host-networked ones; egress peers
//   may also be nodes, CIDR networks (which match pod and node addresses too) and, in Allow rules, domain names.
//   Ports: portNumber, namedPort, portRange; protocol defaults to TCP.
// - Fields the CRD does not declare are errors, as the API server's strict field validation makes them: reading
//   past them would change the meaning silently (a v1alpha2 `protocols` list read as "every port"). The peer
//   shape of the first v1alpha1 release (`namespaces: {namespaceSelector}`, `pods: {namespaces, podSelector}`)
//   is read as what it means; its `sameLabels` / `notSameLabels`, which select relative to the subject, are not
//   modelled: such a rule fails closed as the API tells implementations to treat a peer they do not know (an
//   Allow matches nothing, a Deny or Pass denies everything), with a warning.
import type { InputDocument } from '../../load/detect.js';
import { type Diagnostic, warningDiagnostic } from '../../model/diagnostic.js';
import type { Protocol } from '../../model/endpoint.js';
import { isRecord } from '../../model/json.js';
import { childPointer } from '../../model/source.js';
import { isParseError, parseCidr } from '../../net/ip.js';
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
import {
  type DialectContext,
  isPortNumber,
  type ManifestObject,
  ObjectProblems,
  objectsOfGroups,
} from './objects.js';

const KINDS = ['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy'];

/** The tiers the admin and baseline layers compile to. */
export const ADMIN_TIER = 'admin';
export const BASELINE_TIER = 'baseline';

/** What the ANP compiler produces. */
export interface AdminPolicyCompilation {
  readonly tiers: IrTier[];
  readonly diagnostics: Diagnostic[];
}

const POD: Selector = { type: 'kind', kinds: ['pod'] };

/** Compiles every AdminNetworkPolicy and BaselineAdminNetworkPolicy of the inputs. */
export function compileAdminNetworkPolicies(
  documents: readonly InputDocument[],
  context: DialectContext,
): AdminPolicyCompilation {
  const diagnostics: Diagnostic[] = [];
  const objects: ManifestObject[] = [];
  for (const object of objectsOfGroups(
    documents,
    ['policy.networking.k8s.io'],
    KINDS,
    context.defaultNamespace,
  )) {
    if (KINDS.includes(object.kind) && object.apiVersion === 'policy.networking.k8s.io/v1alpha1') {
      objects.push(object);
      continue;
    }
    // Ignoring it quietly would report traffic as allowed that the cluster denies.
    diagnostics.push(
      warningDiagnostic(
        'anp-unsupported-kind',
        `${object.kind} (${object.apiVersion}) ${object.name} is not evaluated: aksguard reads AdminNetworkPolicy and BaselineAdminNetworkPolicy of policy.networking.k8s.io/v1alpha1`,
        object.doc.at(''),
      ),
    );
  }
  const admin: IrPolicy[] = [];
  const baseline: IrPolicy[] = [];
  const priorities = new Map<number, string>();
  for (const object of objects) {
    const problems = new ObjectProblems(object, 'anp');
    const policy = compilePolicy(object, problems);
    if (policy && object.kind === 'AdminNetworkPolicy') {
      const other = priorities.get(policy.order);
      if (other !== undefined) {
        problems.warn(
          'same-priority',
          '/spec/priority',
          `priority ${policy.order} is also used by AdminNetworkPolicy ${other}; which one wins is undefined (aksguard orders them by name)`,
        );
      }
      priorities.set(policy.order, object.name);
    }
    diagnostics.push(...problems.diagnostics);
    if (!policy || problems.errorCount > 0) continue;
    (object.kind === 'AdminNetworkPolicy' ? admin : baseline).push(policy);
  }
  const tiers: IrTier[] = [];
  if (admin.length > 0)
    tiers.push({ name: ADMIN_TIER, layer: 'admin', order: 0, defaultAction: 'pass', policies: admin });
  if (baseline.length > 0)
    tiers.push({
      name: BASELINE_TIER,
      layer: 'baseline',
      order: 0,
      defaultAction: 'pass',
      policies: baseline,
    });
  return { tiers, diagnostics };
}

const SPEC_FIELDS = ['priority', 'subject', 'ingress', 'egress'];
const BASELINE_SPEC_FIELDS = ['subject', 'ingress', 'egress'];
const LABEL_SELECTOR_FIELDS = ['matchLabels', 'matchExpressions'];
const NAMESPACED_POD_FIELDS = ['namespaceSelector', 'podSelector'];

// What the newer ClusterNetworkPolicy (v1alpha2) calls what an AdminNetworkPolicy spells otherwise.
const CLUSTER_NETWORK_POLICY_FIELDS: Readonly<Record<string, string>> = {
  tier: 'an AdminNetworkPolicy has no tier (a BaselineAdminNetworkPolicy is the baseline)',
  protocols: 'an AdminNetworkPolicy rule lists `ports` (portNumber, portRange, namedPort)',
};

/** Reports every field of `value` the CRD does not declare at `pointer`. */
function rejectUnknownFields(
  value: Record<string, unknown>,
  known: readonly string[],
  pointer: string,
  problems: ObjectProblems,
): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const v1alpha2 = CLUSTER_NETWORK_POLICY_FIELDS[key];
    problems.error(
      'unknown-field',
      childPointer(pointer, key),
      `unknown field "${key}": the API server rejects it (known here: ${known.join(', ')})`,
      v1alpha2 ? `"${key}" belongs to the v1alpha2 ClusterNetworkPolicy; ${v1alpha2}` : undefined,
    );
  }
}

function compilePolicy(object: ManifestObject, problems: ObjectProblems): IrPolicy | undefined {
  const baseline = object.kind === 'BaselineAdminNetworkPolicy';
  const spec = object.spec;
  rejectUnknownFields(spec, baseline ? BASELINE_SPEC_FIELDS : SPEC_FIELDS, '/spec', problems);
  let order = 0;
  if (baseline) {
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
  const subject = subjectSelector(spec.subject, '/spec/subject', problems);
  const rules: IrRule[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const list = spec[direction];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      problems.error('invalid-field', `/spec/${direction}`, `${direction} must be a list`);
      continue;
    }
    if (list.length > 100)
      problems.error('too-many-rules', `/spec/${direction}`, `at most 100 ${direction} rules`);
    list.forEach((rule, index) => {
      const compiled = compileRule(rule, direction, index, `/spec/${direction}/${index}`, baseline, problems);
      if (compiled) rules.push(compiled);
    });
  }
  if (!subject || problems.errorCount > 0) return undefined;
  return {
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
      ...(baseline ? {} : { precedence: `priority ${order}` }),
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
function subjectSelector(value: unknown, pointer: string, problems: ObjectProblems): Selector | undefined {
  const key = oneOf(value, ['namespaces', 'pods'], pointer, problems);
  if (key === undefined) return undefined;
  const subject = value as Record<string, unknown>;
  if (key === 'namespaces')
    return podsIn(checkedSelector(subject.namespaces, `${pointer}/namespaces`, problems, 'namespace'));
  return namespacedPods(subject.pods, `${pointer}/pods`, problems);
}

function namespacedPods(value: unknown, pointer: string, problems: ObjectProblems): Selector {
  const pods = isRecord(value) ? value : {};
  rejectUnknownFields(pods, NAMESPACED_POD_FIELDS, pointer, problems);
  if (pods.namespaceSelector === undefined || pods.podSelector === undefined) {
    problems.error('invalid-peer', pointer, 'pods needs namespaceSelector and podSelector');
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
      'since network-policy-api v0.1.1 a peer is `namespaces: <label selector>` or `pods: {namespaceSelector, podSelector}`',
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
  problems: ObjectProblems,
): Selector | typeof UNMODELLED {
  const keys =
    direction === 'ingress'
      ? ['namespaces', 'pods']
      : ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'];
  const key = oneOf(value, keys, pointer, problems);
  if (key === undefined) return NO_PEER;
  const peer = value as Record<string, unknown>;
  if (key === 'namespaces') {
    if (isLegacyNamespacedPeer(peer.namespaces)) {
      const namespaces = legacyNamespaces(peer.namespaces, `${pointer}/namespaces`, problems);
      return namespaces === UNMODELLED ? UNMODELLED : podsIn(namespaces);
    }
    return podsIn(checkedSelector(peer.namespaces, `${pointer}/namespaces`, problems, 'namespace'));
  }
  if (key === 'pods') {
    const pods = peer.pods;
    if (!isRecord(pods) || !isLegacyNamespacedPeer(pods.namespaces))
      return namespacedPods(pods, `${pointer}/pods`, problems);
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
  baseline: boolean,
  problems: ObjectProblems,
): IrRule | undefined {
  if (!isRecord(value)) {
    problems.error('invalid-rule', pointer, 'a rule must be an object');
    return undefined;
  }
  const peersKey = direction === 'ingress' ? 'from' : 'to';
  rejectUnknownFields(value, ['name', 'action', peersKey, 'ports'], pointer, problems);
  const actions: Record<string, RuleAction> = baseline
    ? { Allow: 'allow', Deny: 'deny' }
    : { Allow: 'allow', Deny: 'deny', Pass: 'pass' };
  const action = typeof value.action === 'string' ? actions[value.action] : undefined;
  if (!action) {
    problems.error(
      'invalid-action',
      `${pointer}/action`,
      `action must be ${Object.keys(actions).join(', ')}`,
    );
  }
  if (typeof value.name === 'string' && value.name.length > 100) {
    problems.error('invalid-name', `${pointer}/name`, 'a rule name is at most 100 characters');
  }
  const peers = value[peersKey];
  if (!Array.isArray(peers) || peers.length === 0 || peers.length > 100) {
    problems.error('invalid-peer', `${pointer}/${peersKey}`, `${peersKey} needs 1 to 100 peers`);
    return undefined;
  }
  const selectors = peers.map((p, i) => peerSelector(p, direction, `${pointer}/${peersKey}/${i}`, problems));
  checkPeerCombinations(peers, value, action, pointer, peersKey, problems);
  const include =
    value.ports === undefined ? undefined : parsePorts(value.ports, `${pointer}/ports`, problems);
  if (!action) return undefined;
  const name = typeof value.name === 'string' ? `"${value.name}" ` : '';
  const summary = `${name}${value.action} ${peersKey} ${peers.map(describePeer).join(' or ')}${include ? ` on ${describeAnpPorts(value.ports)}` : ''}`;
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
  rule: Record<string, unknown>,
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
      'domainNames peers are only allowed in Allow rules',
    );
  }
  const namedPort =
    Array.isArray(rule.ports) && rule.ports.some((p) => isRecord(p) && p.namedPort !== undefined);
  if (namedPort && (has('networks') || has('nodes') || has('domainNames'))) {
    problems.error(
      'invalid-port',
      `${pointer}/ports`,
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

function describeAnpPorts(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return value
    .map((entry) => {
      if (!isRecord(entry)) return '?';
      if (typeof entry.namedPort === 'string') return `port ${entry.namedPort}`;
      const n = isRecord(entry.portNumber) ? entry.portNumber : undefined;
      if (n) return `${String(n.protocol ?? 'TCP')}/${String(n.port)}`;
      const r = isRecord(entry.portRange) ? entry.portRange : undefined;
      return r ? `${String(r.protocol ?? 'TCP')}/${String(r.start)}-${String(r.end)}` : '?';
    })
    .join(', ');
}
