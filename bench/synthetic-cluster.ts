// A synthetic cluster for benchmarks: namespaces of three-tier apps (web, api, db) with the policies the talk
// recommends (default deny, DNS egress, tier-to-tier allows on named ports, internet egress for the api).
import type { InputDocument } from '../src/load/detect.js';
import { classifyDocument } from '../src/load/detect.js';
import { parseDocuments } from '../src/load/parse.js';

/** Size of the synthetic cluster. */
export interface ClusterSize {
  readonly namespaces: number;
  /** Pods per tier per namespace (3 tiers). */
  readonly podsPerTier: number;
}

const TIERS = [
  { tier: 'web', port: 8080, name: 'http' },
  { tier: 'api', port: 9000, name: 'grpc' },
  { tier: 'db', port: 5432, name: 'postgres' },
] as const;

/** The cluster's raw objects (Namespaces, Pods, NetworkPolicies). */
export function syntheticObjects(size: ClusterSize): Record<string, unknown>[] {
  const objects: Record<string, unknown>[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ingress', labels: { role: 'ingress' } } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system', labels: { role: 'system' } } },
    pod('ingress', 'controller-0', { app: 'ingress' }, 80, 'http', '10.250.0.1'),
    pod('kube-system', 'coredns-0', { 'k8s-app': 'kube-dns' }, 53, 'dns', '10.250.0.2', 'UDP'),
  ];
  for (let n = 0; n < size.namespaces; n++) {
    const ns = `team-${n}`;
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { team: `t${n % 7}`, env: n % 2 ? 'prod' : 'dev' } },
    });
    TIERS.forEach((t, ti) => {
      for (let p = 0; p < size.podsPerTier; p++) {
        const index = (n * 3 + ti) * size.podsPerTier + p;
        objects.push(
          pod(
            ns,
            `${t.tier}-${p}`,
            { app: `app-${n}`, tier: t.tier },
            t.port,
            t.name,
            `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`,
          ),
        );
      }
    });
    objects.push(
      policy(ns, 'default-deny', {}, { policyTypes: ['Ingress', 'Egress'] }),
      policy(
        ns,
        'dns',
        {},
        {
          policyTypes: ['Egress'],
          egress: [
            {
              to: [
                {
                  namespaceSelector: { matchLabels: { role: 'system' } },
                  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
                },
              ],
              ports: [
                { protocol: 'UDP', port: 53 },
                { protocol: 'TCP', port: 53 },
              ],
            },
          ],
        },
      ),
      policy(
        ns,
        'web',
        { tier: 'web' },
        {
          ingress: [
            {
              from: [{ namespaceSelector: { matchLabels: { role: 'ingress' } } }],
              ports: [{ port: 'http' }],
            },
          ],
          egress: [{ to: [{ podSelector: { matchLabels: { tier: 'api' } } }], ports: [{ port: 9000 }] }],
        },
      ),
      policy(
        ns,
        'api',
        { tier: 'api' },
        {
          ingress: [
            { from: [{ podSelector: { matchLabels: { tier: 'web' } } }], ports: [{ port: 'grpc' }] },
            {
              from: [
                {
                  namespaceSelector: { matchLabels: { team: `t${n % 7}`, env: 'prod' } },
                  podSelector: { matchLabels: { tier: 'api' } },
                },
              ],
              ports: [{ port: 9000, endPort: 9010 }],
            },
          ],
          egress: [
            { to: [{ podSelector: { matchLabels: { tier: 'db' } } }], ports: [{ port: 5432 }] },
            { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 443 }] },
          ],
        },
      ),
      policy(
        ns,
        'db',
        { tier: 'db' },
        {
          ingress: [
            { from: [{ podSelector: { matchLabels: { tier: 'api' } } }], ports: [{ port: 'postgres' }] },
          ],
        },
      ),
    );
  }
  return objects;
}

function pod(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  port: number,
  portName: string,
  ip: string,
  protocol = 'TCP',
) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { containers: [{ name: 'c', ports: [{ name: portName, containerPort: port, protocol }] }] },
    status: { podIP: ip },
  };
}

function policy(
  namespace: string,
  name: string,
  podLabels: Record<string, string>,
  spec: Record<string, unknown>,
) {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace },
    spec: { podSelector: { matchLabels: podLabels }, ...spec },
  };
}

/** The objects as input documents, as the loader would produce them from one JSON-lines-like YAML stream. */
export function syntheticDocuments(objects: readonly Record<string, unknown>[]): InputDocument[] {
  const parsed = parseDocuments('synthetic.yaml', objects.map((o) => JSON.stringify(o)).join('\n---\n'));
  return parsed.documents.flatMap(classifyDocument);
}
