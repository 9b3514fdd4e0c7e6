// The classic upstream network-policy test model (KEP-1611, cyclonus, kubernetes e2e netpol): namespaces x, y, z
// with pods a, b, c, each serving ports 80 and 81 over TCP, UDP and SCTP with named ports `serve-<port>-<proto>`.
import type { InputDocument } from '../../src/load/detect.js';
import { documentsFromYaml } from '../support/documents.js';

export const NAMESPACES = ['x', 'y', 'z'] as const;
export const PODS = ['a', 'b', 'c'] as const;
export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

/** The Namespace and Pod manifests of the model, as YAML. */
export function modelYaml(): string {
  const docs: string[] = [];
  NAMESPACES.forEach((ns, i) => {
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels: {ns: ${ns}}`);
    PODS.forEach((pod, j) => {
      const ports = [80, 81]
        .flatMap((port) =>
          PROTOCOLS.map(
            (p) => `{name: serve-${port}-${p.toLowerCase()}, containerPort: ${port}, protocol: ${p}}`,
          ),
        )
        .join(', ');
      docs.push(
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\n  namespace: ${ns}\n  labels: {pod: ${pod}}\nspec:\n  containers: [{name: cont, ports: [${ports}]}]\nstatus: {podIP: 192.168.${i}.${j + 10}}`,
      );
    });
  });
  return docs.join('\n---\n');
}

/** The model plus extra YAML (policies) as input documents. */
export function modelDocuments(policies: string): InputDocument[] {
  return [
    ...documentsFromYaml(modelYaml(), 'model.yaml'),
    ...(policies.trim() ? documentsFromYaml(policies, 'policies.yaml') : []),
  ];
}

/** Every pod id, `x/a` … `z/c`. */
export const POD_IDS: readonly string[] = NAMESPACES.flatMap((ns) => PODS.map((p) => `${ns}/${p}`));
