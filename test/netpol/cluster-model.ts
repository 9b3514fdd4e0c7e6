// The classic upstream network-policy test model (KEP-1611, cyclonus, kubernetes e2e netpol): namespaces x, y, z
// with pods a, b, c, each serving ports 80 and 81 over TCP, UDP and SCTP with named ports `serve-<port>-<proto>`.
import type { InputDocument } from '../../src/load/detect.js';
import { documentsFromYaml } from '../support/documents.js';

export const NAMESPACES = ['x', 'y', 'z'] as const;
export const PODS = ['a', 'b', 'c'] as const;
export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

/**
 * Labels added to the model's namespaces (by name) and pods (by `ns/pod`): how a static input expresses the upstream
 * steps that relabel a live namespace or pod.
 */
export interface ModelRelabel {
  readonly namespaces?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly pods?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** The labels of namespace `ns` in the model (its automatic `kubernetes.io/metadata.name` excluded). */
export function namespaceLabels(ns: string, relabel: ModelRelabel = {}): Record<string, string> {
  return { ns, ...relabel.namespaces?.[ns] };
}

/** The labels of pod `pod` of namespace `ns` in the model. */
export function podLabels(ns: string, pod: string, relabel: ModelRelabel = {}): Record<string, string> {
  return { pod, ...relabel.pods?.[`${ns}/${pod}`] };
}

/** The IP of a model pod: 192.168.<namespace index>.<10 + pod index>. */
export function podIp(ns: string, pod: string): string {
  return `192.168.${NAMESPACES.indexOf(ns as (typeof NAMESPACES)[number])}.${PODS.indexOf(pod as (typeof PODS)[number]) + 10}`;
}

const flowMap = (labels: Record<string, string>) =>
  `{${Object.entries(labels)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')}}`;

/** The Namespace and Pod manifests of the model, as YAML. */
export function modelYaml(relabel: ModelRelabel = {}): string {
  const docs: string[] = [];
  for (const ns of NAMESPACES) {
    docs.push(
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels: ${flowMap(namespaceLabels(ns, relabel))}`,
    );
    for (const pod of PODS) {
      const ports = [80, 81]
        .flatMap((port) =>
          PROTOCOLS.map(
            (p) => `{name: serve-${port}-${p.toLowerCase()}, containerPort: ${port}, protocol: ${p}}`,
          ),
        )
        .join(', ');
      docs.push(
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\n  namespace: ${ns}\n  labels: ${flowMap(podLabels(ns, pod, relabel))}\nspec:\n  containers: [{name: cont, ports: [${ports}]}]\nstatus: {podIP: ${podIp(ns, pod)}}`,
      );
    }
  }
  return docs.join('\n---\n');
}

/** The model (relabelled as asked) plus extra YAML (policies) as input documents. */
export function modelDocuments(policies: string, relabel: ModelRelabel = {}): InputDocument[] {
  return [
    ...documentsFromYaml(modelYaml(relabel), 'model.yaml'),
    ...(policies.trim() ? documentsFromYaml(policies, 'policies.yaml') : []),
  ];
}

/** Every pod id, `x/a` … `z/c`. */
export const POD_IDS: readonly string[] = NAMESPACES.flatMap((ns) => PODS.map((p) => `${ns}/${p}`));
