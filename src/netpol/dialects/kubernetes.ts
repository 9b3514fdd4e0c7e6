// Kubernetes NetworkPolicy (networking.k8s.io/v1) → the intermediate form, with the API server's validation
// (networking/validation): an invalid policy is reported with its position and dropped whole.
import type { InputDocument } from '../../load/detect.js';
import { type Diagnostic, errorDiagnostic, warningDiagnostic } from '../../model/diagnostic.js';
import type { Protocol } from '../../model/endpoint.js';
import { isRecord } from '../../model/json.js';
import { childPointer } from '../../model/source.js';
import {
  type Cidr,
  cidrContainsCidr,
  familyBits,
  formatCidr,
  isParseError,
  parseCidr,
  parseIp,
} from '../../net/ip.js';
import { IpSet } from '../../net/ip-set.js';
import { objectNamespace } from '../endpoints.js';
import {
  allOf,
  anyOf,
  DEFAULT_TIER,
  DEFAULT_TIER_ORDER,
  type Direction,
  type IrPolicy,
  type IrRule,
  type IrTier,
  KUBERNETES_POLICY_ORDER,
  noneOf,
  type PortCondition,
  type PortMatch,
  type Selector,
} from '../ir.js';
import {
  describeLabelSelector,
  type FieldError,
  labelKeyError,
  labelValueError,
  lowerLabelSelector,
  validateLabelSelector,
} from '../label-selector.js';
import { describePorts } from '../ports.js';

/** Options for the compiler. */
export interface KubernetesCompileOptions {
  /** Namespace of policies without `metadata.namespace`; `default` otherwise. */
  readonly defaultNamespace?: string;
  /**
   * Whether an ipBlock matches pods (and hosts) by their known IPs (default `true`); `false` where the
   * dataplane is Cilium, whose CIDR rules only match peers outside the cluster.
   */
  readonly ipBlockMatchesPods?: boolean;
}

/** The compiled policies (in the `default` tier) and the problems found. */
export interface KubernetesCompileResult {
  readonly tier: IrTier;
  readonly diagnostics: Diagnostic[];
}

/**
 * Whether a document is a Kubernetes NetworkPolicy: `networking.k8s.io`, or the `extensions/v1beta1` group the
 * API server stopped serving in 1.16, which is taken in to be refused rather than skipped.
 */
export function isKubernetesNetworkPolicy(doc: InputDocument): boolean {
  return (
    doc.kind === 'kubernetes' &&
    isRecord(doc.value) &&
    doc.value.kind === 'NetworkPolicy' &&
    typeof doc.value.apiVersion === 'string' &&
    (doc.value.apiVersion.startsWith('networking.k8s.io/') || doc.value.apiVersion === 'extensions/v1beta1')
  );
}

/** The only version the API server serves NetworkPolicy in. */
const SERVED_API_VERSION = 'networking.k8s.io/v1';

const PROTOCOL_NAMES: readonly string[] = ['TCP', 'UDP', 'SCTP'];
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Compiles every NetworkPolicy among the documents. Two documents with the same namespace and name are one
 * policy, the later replacing the earlier (as `kubectl apply` would), with a warning. A document with only
 * `metadata.generateName` creates a new policy each time (as `kubectl create` would); it is named
 * `<generateName><generated-N>`, N counting such documents with the same prefix in input order.
 */
export function compileKubernetesPolicies(
  documents: readonly InputDocument[],
  options: KubernetesCompileOptions = {},
): KubernetesCompileResult {
  const diagnostics: Diagnostic[] = [];
  const byName = new Map<string, { policy: IrPolicy; doc: InputDocument }>();
  const generatedCount = new Map<string, number>();
  for (const doc of documents.filter(isKubernetesNetworkPolicy)) {
    const value = doc.value as Record<string, unknown>;
    const namespace = objectNamespace(value, options.defaultNamespace ?? 'default');
    const errors = validateNetworkPolicy(value);
    if (errors.length > 0) {
      for (const e of errors)
        diagnostics.push(
          errorDiagnostic(
            'invalid-network-policy',
            `NetworkPolicy ${namespace}/${policyName(value)}: ${e.message}`,
            doc.at(e.pointer),
            'the API server would reject this policy; aksguard ignores it whole',
          ),
        );
      continue;
    }
    const prefix = generatedNamePrefix(value);
    let name = policyName(value);
    if (prefix !== undefined) {
      const n = (generatedCount.get(`${namespace}/${prefix}`) ?? 0) + 1;
      generatedCount.set(`${namespace}/${prefix}`, n);
      name = `${prefix}<generated-${n}>`;
    }
    const { policy, warnings } = compilePolicy(
      doc,
      value,
      namespace,
      name,
      options.ipBlockMatchesPods ?? true,
    );
    diagnostics.push(...warnings);
    const key = `${namespace}/${policy.origin.name}`;
    const previous = byName.get(key);
    if (previous) {
      const at = previous.doc.at();
      diagnostics.push(
        warningDiagnostic(
          'duplicate-policy',
          `NetworkPolicy ${key} is defined twice; the later definition replaces the one at ${at.file}:${at.line}`,
          doc.at(),
        ),
      );
    }
    byName.set(key, { policy, doc });
  }
  return {
    tier: {
      name: DEFAULT_TIER,
      layer: 'tiered',
      order: DEFAULT_TIER_ORDER,
      defaultAction: 'deny',
      policies: [...byName.values()].map((p) => p.policy),
    },
    diagnostics,
  };
}

function policyName(value: Record<string, unknown>): string {
  if (!isRecord(value.metadata)) return '<unnamed>';
  if (typeof value.metadata.name === 'string' && value.metadata.name !== '') return value.metadata.name;
  return typeof value.metadata.generateName === 'string'
    ? `${value.metadata.generateName}<generated>`
    : '<unnamed>';
}

/** `metadata.generateName` when the policy has no name, so that the API server would generate one. */
function generatedNamePrefix(value: Record<string, unknown>): string | undefined {
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  if (typeof metadata.name === 'string' && metadata.name !== '') return undefined;
  return typeof metadata.generateName === 'string' && metadata.generateName !== ''
    ? metadata.generateName
    : undefined;
}

/** Validates a NetworkPolicy as `ValidateNetworkPolicy` does; pointers are relative to the object. */
export function validateNetworkPolicy(value: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  if (value.apiVersion !== SERVED_API_VERSION)
    errors.push({
      pointer: '/apiVersion',
      message: `apiVersion "${String(value.apiVersion)}" is not served for NetworkPolicy (only ${SERVED_API_VERSION}; extensions/v1beta1 was removed in Kubernetes 1.16)`,
    });
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const prefix = generatedNamePrefix(value);
  // A generated name is the prefix plus random characters, so a trailing '-' is fine (NameIsDNSSubdomain, prefix).
  if (prefix !== undefined) {
    if (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix.replace(/-$/, 'a')))
      errors.push({
        pointer: '/metadata/generateName',
        message: `invalid generateName "${prefix}": must be a DNS subdomain prefix`,
      });
  } else if (typeof metadata.name !== 'string' || metadata.name === '')
    errors.push({ pointer: '/metadata', message: 'metadata.name or metadata.generateName is required' });
  else if (metadata.name.length > 253 || !DNS_SUBDOMAIN.test(metadata.name))
    errors.push({
      pointer: '/metadata/name',
      message: `invalid name "${metadata.name}": must be a DNS subdomain`,
    });
  if (
    typeof metadata.namespace === 'string' &&
    metadata.namespace !== '' &&
    (metadata.namespace.length > 63 || !DNS_LABEL.test(metadata.namespace))
  )
    errors.push({
      pointer: '/metadata/namespace',
      message: `invalid namespace "${metadata.namespace}": must be a DNS label`,
    });
  errors.push(...validateMetadataLabels(metadata.labels), ...validateAnnotationKeys(metadata.annotations));
  if (!isRecord(value.spec)) {
    errors.push({ pointer: '/spec', message: 'spec is required' });
    return errors;
  }
  const spec = value.spec;
  errors.push(...unknownFields(spec, SPEC_FIELDS, '/spec'));
  errors.push(...validateSelector(spec.podSelector, '/spec/podSelector'));
  for (const direction of ['ingress', 'egress'] as const) {
    const rules = spec[direction];
    if (rules === undefined || rules === null) continue;
    if (!Array.isArray(rules)) {
      errors.push({ pointer: `/spec/${direction}`, message: `${direction} must be a list` });
      continue;
    }
    rules.forEach((rule, i) => {
      const at = `/spec/${direction}/${i}`;
      if (!isRecord(rule)) {
        errors.push({ pointer: at, message: 'a rule must be an object' });
        return;
      }
      const peersKey = direction === 'ingress' ? 'from' : 'to';
      errors.push(...unknownFields(rule, [peersKey, 'ports'], at));
      const peers = rule[peersKey];
      if (Array.isArray(peers))
        peers.forEach((peer, j) => {
          errors.push(...validatePeer(peer, `${at}/${peersKey}/${j}`));
        });
      else if (peers !== undefined && peers !== null)
        errors.push({ pointer: `${at}/${peersKey}`, message: `${peersKey} must be a list` });
      const ports = rule.ports;
      if (Array.isArray(ports))
        ports.forEach((port, j) => {
          errors.push(...validatePort(port, `${at}/ports/${j}`));
        });
      else if (ports !== undefined && ports !== null)
        errors.push({ pointer: `${at}/ports`, message: 'ports must be a list' });
    });
  }
  if (spec.policyTypes !== undefined && spec.policyTypes !== null) {
    if (!Array.isArray(spec.policyTypes))
      errors.push({ pointer: '/spec/policyTypes', message: 'policyTypes must be a list' });
    // More than two is reported alone, as the API server returns before checking each entry.
    else if (spec.policyTypes.length > 2)
      errors.push({ pointer: '/spec/policyTypes', message: 'may not specify more than two policyTypes' });
    else {
      spec.policyTypes.forEach((t, i) => {
        if (t !== 'Ingress' && t !== 'Egress')
          errors.push({
            pointer: `/spec/policyTypes/${i}`,
            message: `unsupported policy type "${String(t)}" (Ingress, Egress)`,
          });
      });
    }
  }
  return errors;
}

const SPEC_FIELDS = ['podSelector', 'policyTypes', 'ingress', 'egress'];
const PEER_FIELDS = ['podSelector', 'namespaceSelector', 'ipBlock'];

/**
 * Fields the networking.k8s.io/v1 schema does not define. `kubectl apply` asks for strict field validation by
 * default, so the API server rejects them ("strict decoding error: unknown field"); without it they would be
 * dropped silently, and a misspelt peer or port field would widen the policy.
 */
function unknownFields(object: Record<string, unknown>, known: readonly string[], at: string): FieldError[] {
  return Object.keys(object)
    .filter((key) => !known.includes(key))
    .map((key) => ({
      pointer: childPointer(at, key),
      message: `unknown field "${key}" (known: ${known.join(', ')})`,
    }));
}

/** A LabelSelector: `ValidateLabelSelector`, plus the schema's fields for the selector and its requirements. */
function validateSelector(selector: unknown, at: string): FieldError[] {
  if (!isRecord(selector)) return validateLabelSelector(selector, at);
  const errors = unknownFields(selector, ['matchLabels', 'matchExpressions'], at);
  if (Array.isArray(selector.matchExpressions))
    selector.matchExpressions.forEach((requirement, i) => {
      if (isRecord(requirement))
        errors.push(
          ...unknownFields(requirement, ['key', 'operator', 'values'], `${at}/matchExpressions/${i}`),
        );
    });
  return [...errors, ...validateLabelSelector(selector, at)];
}

/** `metadata.labels` as `ValidateLabels` checks them: qualified-name keys, label values. */
function validateMetadataLabels(labels: unknown): FieldError[] {
  if (labels === undefined || labels === null) return [];
  if (!isRecord(labels)) return [{ pointer: '/metadata/labels', message: 'labels must be a map' }];
  return Object.entries(labels).flatMap(([key, value]) => {
    const pointer = childPointer('/metadata/labels', key);
    const problem =
      labelKeyError(key) ??
      (typeof value === 'string' ? labelValueError(value) : `label value for "${key}" must be a string`);
    return problem ? [{ pointer, message: problem }] : [];
  });
}

/** Annotations must stay under 256 KiB in all (`ValidateAnnotationsSize`). */
const ANNOTATIONS_MAX_BYTES = 256 * 1024;
const UTF8 = new TextEncoder();

/** `metadata.annotations` as `ValidateAnnotations` checks them: qualified-name keys (case-insensitive), total size. */
function validateAnnotationKeys(annotations: unknown): FieldError[] {
  if (annotations === undefined || annotations === null) return [];
  if (!isRecord(annotations))
    return [{ pointer: '/metadata/annotations', message: 'annotations must be a map' }];
  const errors: FieldError[] = [];
  let bytes = 0;
  for (const [key, value] of Object.entries(annotations)) {
    const keyError = labelKeyError(key.toLowerCase());
    if (keyError)
      errors.push({
        pointer: childPointer('/metadata/annotations', key),
        message: keyError.replace('label key', 'annotation key'),
      });
    if (typeof value !== 'string')
      errors.push({
        pointer: childPointer('/metadata/annotations', key),
        message: `annotation value for "${key}" must be a string`,
      });
    else bytes += UTF8.encode(key).length + UTF8.encode(value).length;
  }
  if (bytes > ANNOTATIONS_MAX_BYTES)
    errors.push({
      pointer: '/metadata/annotations',
      message: `annotations total ${bytes} bytes, more than the limit of ${ANNOTATIONS_MAX_BYTES}`,
    });
  return errors;
}

function validatePeer(peer: unknown, at: string): FieldError[] {
  if (!isRecord(peer)) return [{ pointer: at, message: 'a peer must be an object' }];
  const errors: FieldError[] = [];
  const hasSelector = isSet(peer.podSelector) || isSet(peer.namespaceSelector);
  const hasIpBlock = isSet(peer.ipBlock);
  if (hasSelector && hasIpBlock)
    errors.push({
      pointer: at,
      message:
        'may not specify more than 1 peer type: ipBlock cannot be combined with podSelector or namespaceSelector',
    });
  if (!hasSelector && !hasIpBlock)
    errors.push({ pointer: at, message: 'must specify a peer: podSelector, namespaceSelector or ipBlock' });
  errors.push(...unknownFields(peer, PEER_FIELDS, at));
  errors.push(...validateSelector(peer.podSelector, `${at}/podSelector`));
  errors.push(...validateSelector(peer.namespaceSelector, `${at}/namespaceSelector`));
  if (hasIpBlock) errors.push(...validateIpBlock(peer.ipBlock, `${at}/ipBlock`));
  return errors;
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function validateIpBlock(block: unknown, at: string): FieldError[] {
  if (!isRecord(block)) return [{ pointer: at, message: 'ipBlock must be an object' }];
  const errors: FieldError[] = unknownFields(block, ['cidr', 'except'], at);
  if (typeof block.cidr !== 'string' || block.cidr === '')
    return [...errors, { pointer: `${at}/cidr`, message: 'ipBlock.cidr is required' }];
  const cidr = parseBlockCidr(block.cidr);
  if (isParseError(cidr)) return [...errors, { pointer: `${at}/cidr`, message: cidr.error }];
  if (block.except !== undefined && block.except !== null) {
    if (!Array.isArray(block.except))
      return [...errors, { pointer: `${at}/except`, message: 'except must be a list' }];
    block.except.forEach((text, i) => {
      const pointer = `${at}/except/${i}`;
      const except =
        typeof text === 'string' ? parseBlockCidr(text) : { error: 'an except entry must be a CIDR string' };
      if (isParseError(except)) errors.push({ pointer, message: except.error });
      else if (!cidrContainsCidr(cidr.cidr, except.cidr) || except.cidr.prefix <= cidr.cidr.prefix)
        errors.push({
          pointer,
          message: `except "${String(text)}" must be a strict subset of cidr "${block.cidr}"`,
        });
    });
  }
  return errors;
}

/**
 * Parses an ipBlock CIDR as the API server's strict legacy-field validation does (`IsValidCIDRForLegacyField`,
 * StrictIPCIDRValidation): no leading zeros (the shared parser already refuses them) and no IPv4-mapped IPv6 address,
 * which the IPv6 parser would otherwise read as an IPv6 block that no IPv4 pod address falls in.
 */
function parseBlockCidr(text: string): ReturnType<typeof parseCidr> {
  const parsed = parseCidr(text);
  if (isParseError(parsed)) return parsed;
  const address = parseIp(text.slice(0, text.indexOf('/')));
  if (!isParseError(address) && address.family === 6 && address.value >> 32n === IPV4_MAPPED_HIGH_BITS)
    return { error: `"${text}" must not have an IPv4-mapped IPv6 address (write the IPv4 block)` };
  return parsed;
}

/** The upper 96 bits of an IPv4-mapped IPv6 address, ::ffff:0:0/96. */
const IPV4_MAPPED_HIGH_BITS = 0xffffn;

const PORT_NAME = /^[-a-z0-9]+$/;

function validatePort(port: unknown, at: string): FieldError[] {
  if (!isRecord(port)) return [{ pointer: at, message: 'a port entry must be an object' }];
  const errors: FieldError[] = unknownFields(port, ['protocol', 'port', 'endPort'], at);
  if (
    port.protocol !== undefined &&
    port.protocol !== null &&
    !PROTOCOL_NAMES.includes(String(port.protocol))
  )
    errors.push({
      pointer: `${at}/protocol`,
      message: `unsupported protocol "${String(port.protocol)}" (TCP, UDP, SCTP)`,
    });
  const number = port.port;
  if (typeof number === 'number') {
    if (!Number.isInteger(number) || number < 1 || number > 65535)
      errors.push({
        pointer: `${at}/port`,
        message: `port ${number} must be between 1 and 65535, inclusive`,
      });
  } else if (typeof number === 'string') {
    const nameError = portNameError(number);
    if (nameError) errors.push({ pointer: `${at}/port`, message: nameError });
  } else if (number !== undefined && number !== null) {
    errors.push({ pointer: `${at}/port`, message: 'port must be a number or a port name' });
  }
  if (port.endPort !== undefined && port.endPort !== null) {
    const endPort = port.endPort;
    if (number === undefined || number === null)
      errors.push({
        pointer: `${at}/endPort`,
        message: 'endPort may not be specified when port is not specified',
      });
    else if (typeof number === 'string')
      errors.push({
        pointer: `${at}/endPort`,
        message: 'endPort may not be specified when port is non-numeric',
      });
    else if (typeof endPort !== 'number' || !Number.isInteger(endPort) || endPort < 1 || endPort > 65535)
      errors.push({
        pointer: `${at}/endPort`,
        message: `endPort ${String(endPort)} must be between 1 and 65535, inclusive`,
      });
    else if (typeof number === 'number' && endPort < number)
      errors.push({
        pointer: `${at}/endPort`,
        message: `endPort ${endPort} must be greater than or equal to port ${number}`,
      });
  }
  return errors;
}

/** Why a port name is invalid (IANA service name: ≤ 15 of a-z, 0-9, '-', a letter, no '--', no '-' at either end). */
export function portNameError(name: string): string | undefined {
  if (
    name.length === 0 ||
    name.length > 15 ||
    !PORT_NAME.test(name) ||
    !/[a-z]/.test(name) ||
    name.includes('--') ||
    name.startsWith('-') ||
    name.endsWith('-')
  )
    return `invalid port name "${name}": at most 15 lower-case letters, digits and '-', with at least one letter, no '--', not starting or ending with '-'`;
  return undefined;
}

/** Compiles a validated policy. */
function compilePolicy(
  doc: InputDocument,
  value: Record<string, unknown>,
  namespace: string,
  name: string,
  ipBlockMatchesPods: boolean,
): { policy: IrPolicy; warnings: Diagnostic[] } {
  const spec = value.spec as Record<string, unknown>;
  const warnings: Diagnostic[] = [];
  // policyTypes default (API server SetDefaults_NetworkPolicy, which treats an empty list as absent): Ingress
  // always, Egress when the policy has egress rules.
  const types: Direction[] =
    Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0
      ? (['ingress', 'egress'] as const).filter((d) =>
          (spec.policyTypes as unknown[]).includes(d === 'ingress' ? 'Ingress' : 'Egress'),
        )
      : Array.isArray(spec.egress) && spec.egress.length > 0
        ? ['ingress', 'egress']
        : ['ingress'];
  const rules: IrRule[] = [];
  for (const direction of types) {
    const list = Array.isArray(spec[direction]) ? (spec[direction] as unknown[]) : [];
    list.forEach((rule, index) => {
      const at = `/spec/${direction}/${index}`;
      const r = rule as Record<string, unknown>;
      const peersKey = direction === 'ingress' ? 'from' : 'to';
      const ports = lowerPorts(r.ports);
      const portText = describePorts(ports);
      const peers = Array.isArray(r[peersKey]) ? (r[peersKey] as unknown[]) : [];
      // An absent or empty from/to matches every peer (NetworkPolicyIngressRule/EgressRule API docs).
      if (peers.length === 0) {
        rules.push({
          direction,
          peer: { type: 'any' },
          ports,
          action: 'allow',
          origin: {
            index,
            source: doc.at(at),
            summary: `${direction} rule ${index} (any peer, ${portText})`,
          },
        });
        return;
      }
      peers.forEach((peer, j) => {
        const peerAt = `${at}/${peersKey}/${j}`;
        const lowered = lowerPeer(
          peer as Record<string, unknown>,
          namespace,
          doc,
          peerAt,
          warnings,
          ipBlockMatchesPods,
        );
        rules.push({
          direction,
          peer: lowered.selector,
          ports,
          action: 'allow',
          origin: {
            index,
            source: doc.at(peerAt),
            summary: `${direction} rule ${index} (${peersKey} ${lowered.text}, ${portText})`,
          },
        });
      });
    });
  }
  return {
    policy: {
      id: `NetworkPolicy/${namespace}/${name}`,
      // A NetworkPolicy selects pods of its own namespace; pods with host networking are not subject to it.
      subject: allOf(
        { type: 'kind', kinds: ['pod'] },
        { type: 'namespace', names: [namespace] },
        lowerLabelSelector(spec.podSelector, 'endpoint'),
      ),
      isolates: types,
      order: KUBERNETES_POLICY_ORDER,
      // Calico runs a Kubernetes policy as `knp.default.NAME` at order 1000: ties with its own policies go by that name.
      sortName: `knp.default.${name}`,
      rules,
      origin: { dialect: 'kubernetes', kind: 'NetworkPolicy', name, namespace, source: doc.at() },
    },
    warnings,
  };
}

/** Peers that are neither pods nor hosts: Cilium's CIDR rules match only these. */
const OUTSIDE_THE_CLUSTER: Selector = { type: 'kind', kinds: ['external', 'fqdn'] };

/**
 * A peer: podSelector alone = pods of the policy's namespace; namespaceSelector alone = every pod of the
 * selected namespaces; both = the intersection; ipBlock = addresses in cidr and in no except block (only
 * outside the cluster when `ipBlockMatchesPods` is false).
 */
function lowerPeer(
  peer: Record<string, unknown>,
  namespace: string,
  doc: InputDocument,
  at: string,
  warnings: Diagnostic[],
  ipBlockMatchesPods: boolean,
): { selector: Selector; text: string } {
  if (isSet(peer.ipBlock)) {
    const block = peer.ipBlock as Record<string, unknown>;
    const cidr = readCidr(String(block.cidr), doc, `${at}/ipBlock/cidr`, warnings);
    const excepts = (Array.isArray(block.except) ? block.except : []).map((e, i) =>
      readCidr(String(e), doc, `${at}/ipBlock/except/${i}`, warnings),
    );
    const inside: Selector = { type: 'ipSet', set: IpSet.fromCidrs([cidr]) };
    const selector: Selector =
      excepts.length === 0
        ? inside
        : allOf(
            inside,
            noneOf(anyOf(...excepts.map((e): Selector => ({ type: 'ipSet', set: IpSet.fromCidrs([e]) })))),
          );
    const exceptText = excepts.length ? ` except ${excepts.map(formatCidr).join(', ')}` : '';
    const text = `ipBlock ${formatCidr(cidr)}${exceptText}`;
    return ipBlockMatchesPods
      ? { selector, text }
      : {
          selector: allOf(OUTSIDE_THE_CLUSTER, selector),
          text: `${text} (Cilium: outside the cluster only)`,
        };
  }
  const pods = lowerLabelSelector(peer.podSelector, 'endpoint');
  if (!isSet(peer.namespaceSelector)) {
    return {
      selector: allOf({ type: 'kind', kinds: ['pod'] }, { type: 'namespace', names: [namespace] }, pods),
      text: `podSelector ${describeLabelSelector(peer.podSelector)} in namespace ${namespace}`,
    };
  }
  const podText = isSet(peer.podSelector)
    ? ` and podSelector ${describeLabelSelector(peer.podSelector)}`
    : '';
  return {
    selector: allOf(
      { type: 'kind', kinds: ['pod'] },
      { type: 'namespace' },
      lowerLabelSelector(peer.namespaceSelector, 'namespace'),
      pods,
    ),
    text: `namespaceSelector ${describeLabelSelector(peer.namespaceSelector)}${podText}`,
  };
}

/**
 * Reads a validated CIDR; host bits set are cleared, as the API server's parser does, with a warning: the value is
 * ambiguous (a block or one address?), policies stored before strict validation keep it, and API servers with the
 * StrictIPCIDRValidation feature gate refuse it in a new policy ("must not have bits set beyond the prefix length").
 */
function readCidr(text: string, doc: InputDocument, pointer: string, warnings: Diagnostic[]): Cidr {
  const parsed = parseCidr(text);
  if (isParseError(parsed)) throw new Error(`unvalidated CIDR ${text}`);
  if (parsed.hostBitsSet) {
    const address = text.slice(0, text.indexOf('/'));
    warnings.push(
      warningDiagnostic(
        'cidr-host-bits',
        `CIDR "${text}" has host bits set; it is read as ${formatCidr(parsed.cidr)}`,
        doc.at(pointer),
        `write ${formatCidr(parsed.cidr)}, or ${address}/${familyBits(parsed.cidr.family)} for the one address; API servers with the StrictIPCIDRValidation feature gate reject it in a new policy`,
      ),
    );
  }
  return parsed.cidr;
}

/** Ports: none = every port of every protocol; protocol defaults to TCP; no port = the whole protocol. */
function lowerPorts(value: unknown): PortCondition {
  if (!Array.isArray(value) || value.length === 0) return {};
  const include: PortMatch[] = value.filter(isRecord).map((p) => {
    const protocol = (typeof p.protocol === 'string' ? p.protocol : 'TCP') as Protocol;
    if (typeof p.port === 'string') return { protocol, named: p.port };
    if (typeof p.port === 'number')
      return { protocol, ranges: [[p.port, typeof p.endPort === 'number' ? p.endPort : p.port]] };
    return { protocol };
  });
  return { include };
}
