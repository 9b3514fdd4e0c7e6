// Manifests → endpoints and namespaces: Pods, every workload's pod template, Namespace and ServiceAccount objects.
import type { InputDocument } from '../load/detect.js';
import { type Diagnostic, warningDiagnostic } from '../model/diagnostic.js';
import {
  type Endpoint,
  type EndpointInventory,
  NAMESPACE_NAME_LABEL,
  type NamedPort,
  type NamespaceInfo,
  type Protocol,
  WORKLOAD_KINDS,
  type WorkloadKind,
  type WorkloadRef,
  workloadId,
} from '../model/endpoint.js';
import { isRecord } from '../model/json.js';
import type { SourceRef } from '../model/source.js';
import { type IpAddress, parseIp } from '../net/ip.js';

/** Options for reading endpoints. */
export interface EndpointOptions {
  /** Namespace of objects without `metadata.namespace` (the CLI's `--namespace`); `default` otherwise. */
  readonly defaultNamespace?: string;
}

/** Endpoints and namespaces with the problems met while reading them. */
export interface EndpointResult {
  readonly inventory: EndpointInventory;
  readonly diagnostics: Diagnostic[];
}

/** A Kubernetes object with the fields every reader needs. */
interface KubeObject {
  readonly doc: InputDocument;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly metadata: Record<string, unknown>;
}

/** Reads the namespace of a namespaced object: metadata, else the default. */
export function objectNamespace(value: Record<string, unknown>, defaultNamespace: string): string {
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  return typeof metadata.namespace === 'string' && metadata.namespace !== ''
    ? metadata.namespace
    : defaultNamespace;
}

/** The Kubernetes objects among the inputs, with name and namespace read. */
function kubeObjects(documents: readonly InputDocument[], defaultNamespace: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of documents) {
    if (doc.kind !== 'kubernetes' || !isRecord(doc.value)) continue;
    const metadata = isRecord(doc.value.metadata) ? doc.value.metadata : {};
    out.push({
      doc,
      kind: String(doc.value.kind),
      name: typeof metadata.name === 'string' ? metadata.name : '',
      namespace: objectNamespace(doc.value, defaultNamespace),
      metadata,
    });
  }
  return out;
}

/**
 * Builds the endpoint inventory. Pods are endpoints; a workload's pod template is an endpoint only when none
 * of the workload's pods (nor a more specific template, such as its ReplicaSet's) is in the inputs. Namespaces
 * come from Namespace objects (with the automatic `kubernetes.io/metadata.name` label); a namespace used by an
 * endpoint but not declared gets only that label, and a warning.
 */
export function buildEndpoints(
  documents: readonly InputDocument[],
  options: EndpointOptions = {},
): EndpointResult {
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const diagnostics: Diagnostic[] = [];
  const objects = kubeObjects(documents, defaultNamespace);
  const byKey = new Map<string, KubeObject>();
  for (const o of objects) byKey.set(`${o.namespace}/${o.kind}/${o.name}`, o);

  const declared = new Map<string, NamespaceInfo>();
  const serviceAccountLabels = new Map<string, Record<string, string>>();
  for (const o of objects) {
    if (o.kind === 'Namespace' && o.name !== '') {
      declared.set(o.name, {
        name: o.name,
        labels: { ...stringLabels(o.metadata.labels), [NAMESPACE_NAME_LABEL]: o.name },
        declared: true,
        source: o.doc.at(),
      });
    } else if (o.kind === 'ServiceAccount') {
      serviceAccountLabels.set(`${o.namespace}/${o.name}`, stringLabels(o.metadata.labels));
    }
  }

  // By id: a later definition of the same object replaces the earlier one.
  const candidates = new Map<string, Endpoint>();
  const seen = new Map<string, SourceRef>();
  for (const o of objects) {
    const isPod = o.kind === 'Pod';
    const isWorkload = (WORKLOAD_KINDS as readonly string[]).includes(o.kind);
    if (!isPod && !isWorkload) continue;
    if (o.name === '' || (isPod && hasTerminated(o.doc.value))) continue;
    const template = isPod ? o.doc.value : podTemplate(o.kind as WorkloadKind, o.doc.value);
    if (!isRecord(template)) continue;
    const id = isPod ? `${o.namespace}/${o.name}` : `${o.namespace}/${o.kind}/${o.name}`;
    const previous = seen.get(id);
    if (previous) {
      diagnostics.push(
        warningDiagnostic(
          'duplicate-object',
          `${o.kind} ${o.namespace}/${o.name} is defined twice; the later definition replaces the one at ${previous.file}:${previous.line}`,
          o.doc.at(),
        ),
      );
    }
    seen.set(id, o.doc.at());
    const meta = isRecord(template.metadata) ? template.metadata : {};
    const spec = isRecord(template.spec) ? template.spec : {};
    const serviceAccount =
      typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== ''
        ? spec.serviceAccountName
        : typeof spec.serviceAccount === 'string' && spec.serviceAccount !== ''
          ? spec.serviceAccount
          : 'default';
    const status = isPod && isRecord(o.doc.value) && isRecord(o.doc.value.status) ? o.doc.value.status : {};
    const endpoint: Endpoint = {
      id,
      kind: isPod ? 'Pod' : (o.kind as WorkloadKind),
      namespace: o.namespace,
      name: o.name,
      labels: stringLabels(meta.labels),
      serviceAccount,
      serviceAccountLabels: serviceAccountLabels.get(`${o.namespace}/${serviceAccount}`) ?? {},
      namedPorts: namedPorts(spec),
      hostNetwork: spec.hostNetwork === true,
      ips: podIps(status),
      ...(typeof spec.nodeName === 'string' ? { nodeName: spec.nodeName } : {}),
      workload: isPod
        ? podWorkload(o, byKey)
        : ownerWorkload({ kind: o.kind, namespace: o.namespace, name: o.name }, byKey),
      source: o.doc.at(),
    };
    candidates.set(id, endpoint);
  }

  const endpoints = preferConcrete([...candidates.values()]).sort((a, b) => compareText(a.id, b.id));
  for (const e of endpoints) {
    if (e.hostNetwork) {
      diagnostics.push(
        warningDiagnostic(
          'host-network-pod',
          `${e.kind} ${e.namespace}/${e.name} uses host networking: Kubernetes NetworkPolicy does not apply to it, and other pods see it as its node's address`,
          e.source,
        ),
      );
    }
  }

  const namespaces = new Map<string, NamespaceInfo>(declared);
  const undeclared = new Map<string, SourceRef>();
  for (const e of endpoints) {
    if (!namespaces.has(e.namespace) && !undeclared.has(e.namespace)) undeclared.set(e.namespace, e.source);
  }
  for (const [name, source] of undeclared) {
    namespaces.set(name, { name, labels: { [NAMESPACE_NAME_LABEL]: name }, declared: false });
    diagnostics.push(
      warningDiagnostic(
        'namespace-not-declared',
        `namespace "${name}" is used but no Namespace object declares it; it has only the label ${NAMESPACE_NAME_LABEL}=${name}`,
        source,
        'add the Namespace manifest so namespace selectors see its labels',
      ),
    );
  }
  const sortedNamespaces = new Map([...namespaces.entries()].sort(([a], [b]) => compareText(a, b)));
  return { inventory: { endpoints, namespaces: sortedNamespaces }, diagnostics };
}

/**
 * Whether a Pod has finished (`status.phase` Succeeded or Failed, as `kubectl get pods` lists completed Job
 * pods): its containers are gone and its IP released, so it is no endpoint.
 */
function hasTerminated(pod: unknown): boolean {
  const status = isRecord(pod) && isRecord(pod.status) ? pod.status : {};
  return status.phase === 'Succeeded' || status.phase === 'Failed';
}

/** A workload's pod template (`spec.template`, or `spec.jobTemplate.spec.template` for a CronJob). */
function podTemplate(kind: WorkloadKind, value: unknown): unknown {
  if (!isRecord(value) || !isRecord(value.spec)) return undefined;
  if (kind === 'CronJob') {
    const jobTemplate = value.spec.jobTemplate;
    return isRecord(jobTemplate) && isRecord(jobTemplate.spec) ? jobTemplate.spec.template : undefined;
  }
  return value.spec.template;
}

/**
 * Keeps the most concrete endpoints of each workload: its Pods when any is in the inputs, else the workload's
 * own template (a Deployment's rather than its ReplicaSet's), else whatever templates there are.
 */
function preferConcrete(candidates: readonly Endpoint[]): Endpoint[] {
  const groups = new Map<string, Endpoint[]>();
  for (const c of candidates) {
    const key = workloadId(c.workload);
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
  }
  const kept: Endpoint[] = [];
  for (const group of groups.values()) {
    const pods = group.filter((e) => e.kind === 'Pod');
    if (pods.length > 0) {
      kept.push(...pods);
      continue;
    }
    const own = group.filter((e) => e.kind === e.workload.kind && e.name === e.workload.name);
    kept.push(...(own.length > 0 ? own : group));
  }
  return kept;
}

/** The controller owner reference of an object (or its first owner when none is marked controller). */
function controllerOwner(metadata: Record<string, unknown>): { kind: string; name: string } | undefined {
  const refs = Array.isArray(metadata.ownerReferences) ? metadata.ownerReferences.filter(isRecord) : [];
  const ref = refs.find((r) => r.controller === true) ?? refs[0];
  if (!ref || typeof ref.kind !== 'string' || typeof ref.name !== 'string') return undefined;
  return { kind: ref.kind, name: ref.name };
}

/**
 * A Pod's workload, as the matrix JSON contract defines it: its controller owner as named there, except that a
 * ReplicaSet gives way to its own Deployment owner when that Deployment is in the inputs. Nothing else climbs (a
 * Job's pods stay the Job's, even beside its CronJob). A ReplicaSet that is not itself in the inputs still
 * resolves to its Deployment when that Deployment is: the ReplicaSet is named `<deployment>-<pod-template-hash>`.
 */
function podWorkload(pod: KubeObject, byKey: ReadonlyMap<string, KubeObject>): WorkloadRef {
  const owner = controllerOwner(pod.metadata);
  if (!owner) return { kind: 'Pod', namespace: pod.namespace, name: pod.name };
  const hash = stringLabels(pod.metadata.labels)['pod-template-hash'];
  if (
    owner.kind === 'ReplicaSet' &&
    !byKey.has(`${pod.namespace}/ReplicaSet/${owner.name}`) &&
    hash !== undefined &&
    owner.name.endsWith(`-${hash}`)
  ) {
    const deployment = owner.name.slice(0, -hash.length - 1);
    if (byKey.has(`${pod.namespace}/Deployment/${deployment}`))
      return { kind: 'Deployment', namespace: pod.namespace, name: deployment };
  }
  if (owner.kind === 'ReplicaSet') {
    const replicaSet = byKey.get(`${pod.namespace}/ReplicaSet/${owner.name}`);
    const deployment = replicaSet ? controllerOwner(replicaSet.metadata) : undefined;
    if (deployment?.kind === 'Deployment' && byKey.has(`${pod.namespace}/Deployment/${deployment.name}`))
      return { kind: 'Deployment', namespace: pod.namespace, name: deployment.name };
  }
  return { kind: owner.kind, namespace: pod.namespace, name: owner.name };
}

/** Climbs owner references while the owner is in the inputs (a Job → its CronJob, a ReplicaSet → its Deployment). */
function ownerWorkload(start: WorkloadRef, byKey: ReadonlyMap<string, KubeObject>): WorkloadRef {
  let current = start;
  for (let depth = 0; depth < 8; depth++) {
    const object = byKey.get(`${current.namespace}/${current.kind}/${current.name}`);
    const owner = object ? controllerOwner(object.metadata) : undefined;
    if (!owner || !byKey.has(`${current.namespace}/${owner.kind}/${owner.name}`)) return current;
    current = { kind: owner.kind, namespace: current.namespace, name: owner.name };
  }
  return current;
}

/** Named ports of the containers and of sidecar init containers (`restartPolicy: Always`), which serve too. */
function namedPorts(spec: Record<string, unknown>): NamedPort[] {
  const containers = [
    ...(Array.isArray(spec.containers) ? spec.containers : []),
    ...(Array.isArray(spec.initContainers)
      ? spec.initContainers.filter((c) => isRecord(c) && c.restartPolicy === 'Always')
      : []),
  ].filter(isRecord);
  const out = new Map<string, NamedPort>();
  for (const container of containers) {
    for (const port of Array.isArray(container.ports) ? container.ports.filter(isRecord) : []) {
      if (typeof port.name !== 'string' || port.name === '' || typeof port.containerPort !== 'number')
        continue;
      const protocol: Protocol =
        port.protocol === 'UDP' || port.protocol === 'SCTP' ? (port.protocol as Protocol) : 'TCP';
      out.set(`${port.name}/${protocol}`, { name: port.name, port: port.containerPort, protocol });
    }
  }
  return [...out.values()].sort((a, b) => compareText(a.name, b.name) || compareText(a.protocol, b.protocol));
}

/** `status.podIPs[].ip`, else `status.podIP`. */
function podIps(status: Record<string, unknown>): IpAddress[] {
  const texts = Array.isArray(status.podIPs)
    ? status.podIPs.filter(isRecord).map((p) => p.ip)
    : [status.podIP];
  const out: IpAddress[] = [];
  for (const text of texts) {
    if (typeof text !== 'string') continue;
    const ip = parseIp(text);
    if (!('error' in ip)) out.push(ip);
  }
  return out;
}

/** Labels as strings (a YAML number or boolean label value is read as its text, as kubectl would send it quoted). */
function stringLabels(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[key] = String(v);
  }
  return out;
}

/** Code-point order, independent of locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
