// Reports pods and workloads that no network policy selects.
import { applyingPolicies } from '../../netpol/evaluate.js';
import { endpointPeer } from '../../netpol/peers.js';
import { dedent, defineRule } from '../define-rule.js';
import { SYSTEM_NAMESPACES } from '../netpol-facts.js';

export const netpolNoUnselectedPod = defineRule({
  id: 'netpol-no-unselected-pod',
  title: 'Every pod is selected by a network policy',
  category: 'network-policy',
  defaultSeverity: 'medium',
  docs: {
    summary:
      'Reports Pods and workloads that no network policy of any dialect selects: all their ingress and egress is allowed.',
    rationale: dedent`
      A pod no policy selects is not isolated in either direction: every pod of the cluster can reach it and it
      can reach anything. In a cluster that uses network policies this is usually a workload whose labels do not
      match what the policies expect, or a namespace nobody wrote policies for.

      aksguard asks its policy engine which policies apply to each endpoint, with each dialect's selection rules
      (Kubernetes policies select pods of their namespace, Calico global and Cilium clusterwide policies any
      namespace, AdminNetworkPolicies by namespace and pod selectors). Pods with host networking are left out
      (Kubernetes NetworkPolicy does not apply to them), and so are kube-system, kube-public and kube-node-lease.
    `,
    remediation: {
      kubernetes: dedent`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: default-deny-all
          namespace: batch
        spec:
          podSelector: {}
          policyTypes: [Ingress, Egress]
      `,
    },
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#isolated-and-non-isolated-pods',
    ],
  },
  equivalents: {},
  messages: {
    unselected:
      '{{kind}} {{name}} is selected by no network policy: all its ingress and egress is allowed. Add a default deny to its namespace and allow what it needs.',
  },
  examples: {
    valid: [
      dedent`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: shop}
        spec:
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec: {containers: [{name: api, image: api}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: api, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: api}}
          policyTypes: [Ingress]
      `,
    ],
    invalid: [
      {
        input: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: api, namespace: shop}
          spec:
            selector: {matchLabels: {app: api}}
            template:
              metadata: {labels: {app: api}}
              spec: {containers: [{name: api, image: api}]}
          ---
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: api, namespace: shop}
          spec:
            podSelector: {matchLabels: {app: api-v2}}
            policyTypes: [Ingress]
        `,
        reports: [{ messageId: 'unselected', line: 1 }],
      },
    ],
  },
  check(ctx) {
    const { netpol } = ctx;
    if (!netpol.active) return;
    const { model, inventory } = netpol.analysis();
    for (const endpoint of inventory.endpoints) {
      if (endpoint.hostNetwork || SYSTEM_NAMESPACES.has(endpoint.namespace)) continue;
      const peer = endpointPeer(endpoint, inventory.namespaces.get(endpoint.namespace));
      if (applyingPolicies(model, peer).some((tier) => tier.length > 0)) continue;
      const target = netpol.endpointTarget(endpoint);
      if (target)
        ctx.report('unselected', target, {
          kind: endpoint.kind,
          name: `${endpoint.namespace}/${endpoint.name}`,
        });
    }
  },
});
