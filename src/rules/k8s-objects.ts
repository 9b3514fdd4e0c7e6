// Narrow, typed views of the Kubernetes objects the rules read, each keeping its input document for positions.
import type { InputDocument } from '../load/detect.js';
import { isRecord } from '../model/json.js';
import type { SourceRef } from '../model/source.js';

/** A Kubernetes object from the inputs. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** `metadata.namespace` as written; absent for cluster-scoped objects and for manifests that leave it to `kubectl -n`. */
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly value: Readonly<Record<string, unknown>>;
  /** Position of a value inside the object, by JSON pointer relative to it. */
  at(pointer?: string): SourceRef;
}

/** One container of a pod spec (`containers`, `initContainers` or `ephemeralContainers`). */
export interface ContainerView {
  readonly name: string;
  readonly value: Readonly<Record<string, unknown>>;
  /** JSON pointer of the container inside its object, e.g. `/spec/template/spec/containers/0`. */
  readonly pointer: string;
}

/** An object that runs pods: a Pod, or a workload with a pod template. */
export interface Workload {
  readonly object: KubeObject;
  readonly podSpec: Readonly<Record<string, unknown>>;
  /** JSON pointer of the pod spec inside the object. */
  readonly podSpecPointer: string;
  readonly containers: readonly ContainerView[];
}

/** Where each workload kind keeps its pod spec (Kubernetes API reference). */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/** The Kubernetes objects among the inputs (documents without a `metadata.name` cannot be reported on and are skipped). */
export function kubeObjectsOf(documents: readonly InputDocument[]): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const doc of documents) {
    if (doc.kind !== 'kubernetes' || !isRecord(doc.value)) continue;
    const metadata = isRecord(doc.value.metadata) ? doc.value.metadata : {};
    const name = typeof metadata.name === 'string' ? metadata.name : undefined;
    if (name === undefined) continue;
    objects.push({
      apiVersion: String(doc.value.apiVersion),
      kind: String(doc.value.kind),
      name,
      ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
      labels: stringMap(metadata.labels),
      annotations: stringMap(metadata.annotations),
      value: doc.value,
      at: (pointer = '') => doc.at(pointer),
    });
  }
  return objects;
}

/** The pod-running objects with their pod spec and containers. */
export function workloadsOf(objects: readonly KubeObject[]): Workload[] {
  const workloads: Workload[] = [];
  for (const object of objects) {
    const path = POD_SPEC_PATHS[object.kind];
    if (!path) continue;
    let spec: unknown = object.value;
    for (const key of path) spec = isRecord(spec) ? spec[key] : undefined;
    if (!isRecord(spec)) continue;
    const podSpecPointer = `/${path.join('/')}`;
    const containers: ContainerView[] = [];
    for (const list of CONTAINER_LISTS) {
      const entries = spec[list];
      if (!Array.isArray(entries)) continue;
      entries.forEach((entry, i) => {
        if (!isRecord(entry)) return;
        containers.push({
          name: typeof entry.name === 'string' ? entry.name : `${list}[${i}]`,
          value: entry,
          pointer: `${podSpecPointer}/${list}/${i}`,
        });
      });
    }
    workloads.push({ object, podSpec: spec, podSpecPointer, containers });
  }
  return workloads;
}

/** Reads a nested value by keys, `undefined` when any step is missing. */
export function dig(value: unknown, ...keys: readonly (string | number)[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof key === 'number') current = Array.isArray(current) ? current[key] : undefined;
    else current = isRecord(current) ? current[key] : undefined;
  }
  return current;
}

/** The namespace a namespaced object lands in when applied without `-n`. */
export function effectiveNamespace(object: KubeObject): string {
  return object.namespace ?? 'default';
}

function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') out[key] = entry;
    else if (typeof entry === 'number' || typeof entry === 'boolean') out[key] = String(entry);
  }
  return out;
}

/** A capability name as the container runtime reads it: upper case, without the `CAP_` prefix. */
function capabilityName(value: unknown): string {
  return String(value).toUpperCase().replace(/^CAP_/, '');
}

/** The capabilities a container drops and adds, normalized. */
export function containerCapabilities(container: ContainerView): { drop: string[]; add: string[] } {
  const capabilities = dig(container.value, 'securityContext', 'capabilities');
  const list = (key: string) => {
    const entries = dig(capabilities, key);
    return Array.isArray(entries) ? entries.map(capabilityName) : [];
  };
  return { drop: list('drop'), add: list('add') };
}

/** Whether a container sets `securityContext.privileged: true`. */
export function containerIsPrivileged(container: ContainerView): boolean {
  return dig(container.value, 'securityContext', 'privileged') === true;
}

/**
 * Whether a container ends up without `NET_RAW`, as containerd and CRI-O build the set (kubernetes/kubernetes#51980):
 * start from the runtime defaults (which include `NET_RAW`), add `ALL`, drop `ALL`, then add and finally drop the
 * named capabilities. So a named drop always wins, and after `drop: [ALL]` only a named `add` brings it back. A
 * privileged container gets every capability whatever its lists say.
 */
export function containerDropsNetRaw(container: ContainerView): boolean {
  if (containerIsPrivileged(container)) return false;
  const { drop, add } = containerCapabilities(container);
  return drop.includes('NET_RAW') || (drop.includes('ALL') && !add.includes('NET_RAW'));
}

/** The workload object an engine endpoint (`Pod` or a workload's pod template) stands for, if it is among the inputs. */
export function workloadOfEndpoint(
  workloads: readonly Workload[],
  endpoint: { readonly kind: string; readonly name: string; readonly namespace: string },
): Workload | undefined {
  return workloads.find(
    (w) =>
      w.object.kind === endpoint.kind &&
      w.object.name === endpoint.name &&
      effectiveNamespace(w.object) === endpoint.namespace,
  );
}
