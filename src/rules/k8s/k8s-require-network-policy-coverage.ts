// Reports workloads that no network policy isolates, so they accept (or send) any traffic.
import { dedent, defineRule } from '../define-rule.js';
import { workloadOfEndpoint } from '../k8s-objects.js';

export const k8sRequireNetworkPolicyCoverage = defineRule({
  id: 'k8s-require-network-policy-coverage',
  title: 'Select every workload with a network policy',
  category: 'network-policy',
  defaultSeverity: 'medium',
  docs: {
    summary:
      'Reports pods and workloads that no network policy (Kubernetes, Calico, Cilium or AdminNetworkPolicy) isolates for ingress or egress.',
    rationale: dedent`
      Kubernetes allows all traffic to and from a pod until some policy selects it and isolates that direction.
      The talk: AKS network policies "allow you to create ingress and egress policies based on labels or IP
      CIDRs" — a pod that no policy selects gets none of that, and one compromised pod can reach it from anywhere
      in the cluster. The Azure Review Checklist adds the obvious second step to enabling an engine: actually write
      the policies (06.07.06).

      **How this is decided.** The question "which policies select this pod" is answered by aksguard's
      network-policy engine, the same one behind \`aksguard netpol\`: full label-selector semantics
      (\`matchExpressions\`, empty selectors, namespace selectors), Calico selectors and tiers, Cilium endpoint
      selectors, AdminNetworkPolicy. kube-score's equivalent check matched any single \`matchLabels\` pair and
      ignored \`matchExpressions\`; this one cannot drift from the engine. Host-network pods are their node and
      are not subject to pod policies (see \`k8s-no-host-network\`).

      **Compared with other auditors.** Checkov's CKV2_K8S_6 and kubescape's C-0260 pass a workload as soon
      as some policy in its namespace selects it (kubescape matches \`matchLabels\` only). This rule asks
      for isolation in both directions, so a workload selected only by an ingress policy (a policy without
      \`policyTypes\` and without \`egress\` rules is one) is still reported, for egress.
    `,
    remediation: {
      kubernetes: dedent`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: api
          namespace: shop
        spec:
          podSelector:
            matchLabels:
              app: api
          policyTypes: [Ingress, Egress]
          ingress:
            - from:
                - podSelector:
                    matchLabels:
                      app: web
              ports:
                - port: 8080
          egress:
            - to:
                - podSelector:
                    matchLabels:
                      app: db
      `,
    },
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
      'https://learn.microsoft.com/azure/aks/use-network-policies',
    ],
  },
  equivalents: { checkov: ['CKV2_K8S_6'], kubescape: ['C-0260'] },
  messages: {
    notIsolated:
      '{{kind}} {{name}} in namespace {{namespace}} is isolated by no network policy for {{directions}}: that traffic is allowed from and to anywhere.',
  },
  examples: {
    valid: [
      dedent`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
          namespace: shop
        spec:
          template:
            metadata:
              labels:
                app: api
            spec:
              containers:
                - name: api
                  image: api
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: api
          namespace: shop
        spec:
          podSelector:
            matchExpressions:
              - key: app
                operator: In
                values: [api, web]
          policyTypes: [Ingress, Egress]
      `,
    ],
    invalid: [
      {
        input: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: api
            namespace: shop
          spec:
            template:
              metadata:
                labels:
                  app: api
              spec:
                containers:
                  - name: api
                    image: api
          ---
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata:
            name: web-only
            namespace: shop
          spec:
            podSelector:
              matchExpressions:
                - key: app
                  operator: NotIn
                  values: [api]
            policyTypes: [Ingress]
          ---
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata:
            name: api-egress
            namespace: shop
          spec:
            podSelector:
              matchLabels:
                app: api
            policyTypes: [Egress]
        `,
        reports: [{ messageId: 'notIsolated', line: 1 }],
      },
      {
        input: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: api
            namespace: shop
            labels:
              app: api
          spec:
            containers:
              - name: api
                image: api
          ---
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata:
            name: api-ingress
            namespace: shop
          spec:
            podSelector: {}
            ingress:
              - ports:
                  - port: 8080
        `,
        reports: [{ messageId: 'notIsolated', line: 1 }],
      },
    ],
  },
  check(ctx) {
    for (const endpoint of ctx.netpol.endpoints) {
      const isolated = ctx.netpol.isolatedDirections(endpoint);
      const open = (['ingress', 'egress'] as const).filter((d) => !isolated.includes(d));
      if (open.length === 0) continue;
      const workload = workloadOfEndpoint(ctx.workloads, endpoint);
      if (!workload) continue;
      ctx.report(
        'notIsolated',
        { object: workload.object },
        {
          kind: endpoint.kind,
          name: endpoint.name,
          namespace: endpoint.namespace,
          directions: open.join(' and '),
        },
      );
    }
  },
});
