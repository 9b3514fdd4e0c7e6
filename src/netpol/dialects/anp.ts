// AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1) → the intermediate form.
//
// - AdminNetworkPolicies form the `admin` layer's one tier, evaluated before everything else, ordered by
//   `priority` (lower first). They never isolate: a connection no rule matches goes on to NetworkPolicy.
//   Allow and Deny are final; Pass skips the remaining admin rules and leaves the decision to NetworkPolicy.
// - The BaselineAdminNetworkPolicy (only one, named `default`) forms the `baseline` tier, consulted only for
//   what NetworkPolicy left undecided (the endpoint is not isolated); Allow and Deny only.
// - Subjects and peers select pods (namespaces, or namespaces and pods); egress peers may also be nodes and
//   CIDR networks. Ports: portNumber, namedPort, portRange; protocol defaults to TCP.
import type { InputDocument } from '../../load/detect.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Protocol } from '../../model/endpoint.js';
import { isRecord } from '../../model/json.js';
import { isParseError, parseCidr } from '../../net/ip.js';
import { IpSet } from '../../net/ip-set.js';
import {
  allOf,
  type Direction,
  type IrPolicy,
  type IrRule,
  type IrTier,
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
  const objects = objectsOfGroups(
    documents,
    ['policy.networking.k8s.io'],
    KINDS,
    context.defaultNamespace,
  ).filter((o) => KINDS.includes(o.kind));
  const diagnostics: Diagnostic[] = [];
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

function compilePolicy(object: ManifestObject, problems: ObjectProblems): IrPolicy | undefined {
  const baseline = object.kind === 'BaselineAdminNetworkPolicy';
  const spec = object.spec;
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
      if (compiled) rules.push(...compiled);
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
  for (const error of validateLabelSelector(value, pointer))
    problems.error('invalid-selector', error.pointer, error.message);
  return lowerLabelSelector(value, scope);
}

// Pods chosen by `namespaces` (a namespace selector) or `pods` ({namespaceSelector, podSelector}).
function podsSelector(
  value: Record<string, unknown>,
  key: string,
  pointer: string,
  problems: ObjectProblems,
): Selector {
  if (key === 'namespaces') {
    return allOf(
      POD,
      { type: 'namespace' },
      checkedSelector(value.namespaces, `${pointer}/namespaces`, problems, 'namespace'),
    );
  }
  const pods = isRecord(value.pods) ? value.pods : {};
  if (pods.namespaceSelector === undefined || pods.podSelector === undefined) {
    problems.error('invalid-peer', `${pointer}/pods`, 'pods needs namespaceSelector and podSelector');
  }
  return allOf(
    POD,
    { type: 'namespace' },
    checkedSelector(pods.namespaceSelector, `${pointer}/pods/namespaceSelector`, problems, 'namespace'),
    checkedSelector(pods.podSelector, `${pointer}/pods/podSelector`, problems, 'endpoint'),
  );
}

function subjectSelector(value: unknown, pointer: string, problems: ObjectProblems): Selector | undefined {
  const key = oneOf(value, ['namespaces', 'pods'], pointer, problems);
  return key === undefined
    ? undefined
    : podsSelector(value as Record<string, unknown>, key, pointer, problems);
}

function peerSelector(
  value: unknown,
  direction: Direction,
  pointer: string,
  problems: ObjectProblems,
): Selector {
  const keys = direction === 'ingress' ? ['namespaces', 'pods'] : ['namespaces', 'pods', 'nodes', 'networks'];
  const key = oneOf(value, keys, pointer, problems);
  if (key === undefined) return { type: 'none' };
  const peer = value as Record<string, unknown>;
  if (key === 'namespaces' || key === 'pods') return podsSelector(peer, key, pointer, problems);
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

function compileRule(
  value: unknown,
  direction: Direction,
  index: number,
  pointer: string,
  baseline: boolean,
  problems: ObjectProblems,
): IrRule[] | undefined {
  if (!isRecord(value)) {
    problems.error('invalid-rule', pointer, 'a rule must be an object');
    return undefined;
  }
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
  const peersKey = direction === 'ingress' ? 'from' : 'to';
  const peers = value[peersKey];
  if (!Array.isArray(peers) || peers.length === 0 || peers.length > 100) {
    problems.error('invalid-peer', `${pointer}/${peersKey}`, `${peersKey} needs 1 to 100 peers`);
    return undefined;
  }
  const peer: Selector = {
    type: 'or',
    of: peers.map((p, i) => peerSelector(p, direction, `${pointer}/${peersKey}/${i}`, problems)),
  };
  const include =
    value.ports === undefined ? undefined : parsePorts(value.ports, `${pointer}/ports`, problems);
  if (!action) return undefined;
  const name = typeof value.name === 'string' ? `"${value.name}" ` : '';
  const summary = `${name}${value.action} ${peersKey} ${peers.map(describePeer).join(' or ')}${include ? ` on ${describeAnpPorts(value.ports)}` : ''}`;
  return [
    {
      direction,
      peer,
      ports: include ? { include } : {},
      action,
      origin: { index, source: problems.at(pointer), summary },
    },
  ];
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
  if (value.namespaces !== undefined) return `namespaces ${describeLabelSelector(value.namespaces)}`;
  if (isRecord(value.pods)) {
    return `pods ${describeLabelSelector(value.pods.podSelector)} in namespaces ${describeLabelSelector(value.pods.namespaceSelector)}`;
  }
  if (value.nodes !== undefined) return `nodes ${describeLabelSelector(value.nodes)}`;
  if (Array.isArray(value.networks)) return `networks ${value.networks.map(String).join(', ')}`;
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
