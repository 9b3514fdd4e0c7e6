// Reports namespaces where a pod added without labels would not be isolated in one direction.
import { evaluateDirection } from '../../netpol/evaluate.js';
import { PROBE_NAMESPACE, probePeer, unnamedTcpPort } from '../../netpol/lint-queries.js';
import { dedent, defineRule } from '../define-rule.js';
import { SYSTEM_NAMESPACES } from '../netpol-facts.js';

export const netpolRequireDefaultDeny = defineRule({
  id: 'netpol-require-default-deny',
  title: 'Every namespace has a default deny in both directions',
  category: 'network-policy',
  defaultSeverity: 'medium',
  docs: {
    summary:
      'Reports namespaces where a pod added without labels would accept traffic from, or send traffic to, a pod of any other namespace on every port: no default-deny ingress or egress policy covers it.',
    rationale: dedent`
      The talk's segmentation advice starts with a default deny per namespace, in both directions, and then allows
      what each application needs. Without it, policies protect only the pods they name: a new workload, or one
      whose labels change, is open to every pod of the cluster.

      aksguard asks its policy engine about a probe: a pod without labels in the namespace, talking with a pod
      without labels in a namespace that does not exist yet, on a TCP port no rule names. The namespace has a
      default deny in a direction when that traffic is denied, whichever dialect denies it (a Kubernetes \`podSelector: {}\` policy, a
      Calico GlobalNetworkPolicy, a Cilium clusterwide policy, a BaselineAdminNetworkPolicy). kube-system,
      kube-public and kube-node-lease are left out: AKS manages them.
    `,
    remediation: {
      kubernetes: dedent`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: default-deny-all
          namespace: shop
        spec:
          podSelector: {}
          policyTypes: [Ingress, Egress]
      `,
    },
    whenNotToUse:
      'When the namespace is deliberately open (a shared ingress controller still benefits from an egress default deny).',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies',
      'https://learn.microsoft.com/azure/aks/use-network-policies',
    ],
  },
  equivalents: {},
  messages: {
    ingress:
      'Namespace {{namespace}} has no default-deny ingress: a pod added there without labels accepts every port from pods of any namespace. Add a policy selecting every pod (podSelector: {}) with policyTypes [Ingress].',
    egress:
      'Namespace {{namespace}} has no default-deny egress: a pod added there without labels reaches every port of pods in any namespace. Add a policy selecting every pod (podSelector: {}) with policyTypes [Egress], and allow DNS.',
  },
  examples: {
    valid: [
      dedent`
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec: {containers: [{name: web, image: nginx}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny-all, namespace: shop}
        spec:
          podSelector: {}
          policyTypes: [Ingress, Egress]
      `,
    ],
    invalid: [
      {
        input: dedent`
          apiVersion: v1
          kind: Namespace
          metadata: {name: shop}
          ---
          apiVersion: v1
          kind: Pod
          metadata: {name: web, namespace: shop, labels: {app: web}}
          spec: {containers: [{name: web, image: nginx}]}
          ---
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: web, namespace: shop}
          spec:
            podSelector: {matchLabels: {app: web}}
            policyTypes: [Ingress, Egress]
        `,
        reports: [
          { messageId: 'ingress', line: 1 },
          { messageId: 'egress', line: 1 },
        ],
      },
    ],
  },
  check(ctx) {
    const { netpol } = ctx;
    if (!netpol.active) return;
    const { model, inventory } = netpol.analysis();
    const { frame } = netpol.probedMatrix();
    const stranger = probePeer(inventory, PROBE_NAMESPACE);
    // A port nobody named (or, if rules name every port, all of them): a deny of SSH alone is no default deny.
    const unnamed = unnamedTcpPort(model, frame.peers);
    const probe = unnamed ? [unnamed] : frame.atoms;
    const namespaces = [
      ...new Set(inventory.endpoints.filter((e) => !e.hostNetwork).map((e) => e.namespace)),
    ];
    for (const namespace of namespaces) {
      if (SYSTEM_NAMESPACES.has(namespace)) continue;
      const first = inventory.endpoints.find((e) => e.namespace === namespace)!;
      const target = netpol.namespaceTarget(namespace) ?? netpol.endpointTarget(first);
      if (!target) continue;
      const newPod = probePeer(inventory, namespace);
      for (const direction of ['ingress', 'egress'] as const) {
        const { decision } = evaluateDirection(model, direction, newPod, stranger, probe);
        if (!decision.includes('deny')) ctx.report(direction, target, { namespace });
      }
    }
  },
});
