// Endpoints: the pods (or workloads' pod templates) that network policies select, with everything a selector or a
// port rule can look at. Dialect-free: Kubernetes, Calico, Cilium and AdminNetworkPolicy all read these fields.
import type { IpAddress } from '../net/ip.js';
import type { SourceRef } from './source.js';

/** Transport protocols a network policy can name for ports. */
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** Every port protocol, in the order outputs list them. */
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** Workload kinds that carry a pod template. */
export type WorkloadKind =
  | 'Deployment'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'ReplicaSet'
  | 'ReplicationController'
  | 'Job'
  | 'CronJob';

/** Every workload kind with a pod template. */
export const WORKLOAD_KINDS: readonly WorkloadKind[] = [
  'CronJob',
  'DaemonSet',
  'Deployment',
  'Job',
  'ReplicaSet',
  'ReplicationController',
  'StatefulSet',
];

/** A container port with a name, which policies can refer to by that name (resolved on the destination pod). */
export interface NamedPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: Protocol;
}

/** The workload an endpoint belongs to at workload granularity; a Pod without an owner is its own workload. */
export interface WorkloadRef {
  /** A workload kind, `Pod` for a Pod without owner, or an owner kind aksguard does not know (e.g. an operator's). */
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** A namespace with its labels. */
export interface NamespaceInfo {
  readonly name: string;
  /** Labels including the automatic `kubernetes.io/metadata.name`. */
  readonly labels: Readonly<Record<string, string>>;
  /** False when only used (by a pod or policy) and not declared by a Namespace object in the inputs. */
  readonly declared: boolean;
  readonly source?: SourceRef;
}

/**
 * One policy subject in the cluster: a Pod, or the pod template of a workload whose pods are not in the inputs
 * (a template stands for every pod the workload will run; its pods are indistinguishable to policies).
 */
export interface Endpoint {
  /** `ns/name` for a Pod, `ns/Kind/name` for a workload's pod template. Unique among endpoints. */
  readonly id: string;
  /** `Pod`, or the workload kind whose template this is. */
  readonly kind: WorkloadKind | 'Pod';
  readonly namespace: string;
  /** The Pod's name, or the workload's name for a template. */
  readonly name: string;
  /** Pod labels (a template's `metadata.labels`). */
  readonly labels: Readonly<Record<string, string>>;
  /** `spec.serviceAccountName` (or the deprecated `serviceAccount`), `default` when unset. */
  readonly serviceAccount: string;
  /** Labels of the ServiceAccount object when it is in the inputs (Calico's serviceAccountSelector reads them). */
  readonly serviceAccountLabels: Readonly<Record<string, string>>;
  /** Named ports of the containers and of sidecar init containers (`restartPolicy: Always`), sorted by name then protocol. */
  readonly namedPorts: readonly NamedPort[];
  /** `spec.hostNetwork`: the pod is its node for the network and Kubernetes NetworkPolicy does not apply to it. */
  readonly hostNetwork: boolean;
  /** `status.podIPs` (or `status.podIP`) when present. */
  readonly ips: readonly IpAddress[];
  /** `spec.nodeName` when present. */
  readonly nodeName?: string;
  /** The workload this endpoint collapses into at workload granularity. */
  readonly workload: WorkloadRef;
  /** Where the Pod or workload is defined. */
  readonly source: SourceRef;
}

/** Every endpoint and namespace found in the inputs, sorted by id / name. */
export interface EndpointInventory {
  readonly endpoints: readonly Endpoint[];
  readonly namespaces: ReadonlyMap<string, NamespaceInfo>;
}

/** The id of a workload at workload granularity: `ns/Kind/name`; a Pod without owner keeps its pod id `ns/name`. */
export function workloadId(ref: WorkloadRef): string {
  return ref.kind === 'Pod' ? `${ref.namespace}/${ref.name}` : `${ref.namespace}/${ref.kind}/${ref.name}`;
}

/** The label Kubernetes sets on every namespace to its own name (since 1.21). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
