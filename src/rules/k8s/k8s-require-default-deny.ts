// Reports namespaces where a pod is open until someone writes a policy for it: no default deny.
import { dedent, defineRule } from '../define-rule.js';
import { effectiveNamespace, workloadOfEndpoint } from '../k8s-objects.js';

export const k8sRequireDefaultDeny = defineRule({
  id: 'k8s-require-default-deny',
  title: 'Deny by default in every namespace',
  category: 'network-policy',
  defaultSeverity: 'medium',
  docs: {
    summary:
      'Reports namespaces with workloads where no policy selects every pod to isolate ingress and egress (a default deny).',
    rationale: dedent`
      Per-workload policies protect the workloads that exist when they are written. A default deny — a policy
      whose selector matches every pod of the namespace and that isolates both directions, with nothing allowed —
      makes every *new* pod closed until it is given a policy, which is the only safe failure mode. The talk's
      advice to "always enable network policies even if you're not planning to use them at the beginning" is the
      cluster half of this; the default deny is the namespace half. Remember to allow DNS egress to kube-dns next
      to it.

      **How this is decided.** aksguard asks its network-policy engine which policies would select a pod with no
      labels at all in the namespace: only a selector that matches every pod (\`podSelector: {}\`, Calico
      \`all()\`, a Cilium empty \`endpointSelector\`, a cluster-wide AdminNetworkPolicy or GlobalNetworkPolicy)
      selects it. No selector logic lives in this rule.
    `,
    remediation: {
      kubernetes: dedent`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: default-deny
          namespace: shop
        spec:
          podSelector: {}
          policyTypes: [Ingress, Egress]
      `,
    },
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies',
      'https://learn.microsoft.com/azure/aks/use-network-policies',
    ],
  },
  equivalents: {},
  messages: {
    noDefaultDeny:
      'Namespace {{namespace}} has no default deny for {{directions}}: a new pod there is open until someone writes a policy for it.',
  },
  examples: {
    valid: [
      dedent`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: default-deny
          namespace: shop
        spec:
          podSelector: {}
          policyTypes: [Ingress, Egress]
        ---
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
      `,
    ],
    invalid: [
      {
        input: dedent`
          apiVersion: v1
          kind: Namespace
          metadata:
            name: shop
          ---
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata:
            name: default-deny-ingress
            namespace: shop
          spec:
            podSelector: {}
            policyTypes: [Ingress]
          ---
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
        `,
        reports: [{ messageId: 'noDefaultDeny', line: 1 }],
      },
    ],
  },
  check(ctx) {
    const namespaces = [...new Set(ctx.netpol.endpoints.map((e) => e.namespace))].sort();
    for (const namespace of namespaces) {
      const isolated = ctx.netpol.defaultIsolatedDirections(namespace);
      const open = (['ingress', 'egress'] as const).filter((d) => !isolated.includes(d));
      if (open.length === 0) continue;
      // Report on the Namespace object when it is among the inputs, else on the namespace's first workload.
      const namespaceObject = ctx.objects.find((o) => o.kind === 'Namespace' && o.name === namespace);
      const firstWorkload = ctx.netpol.endpoints
        .filter((e) => e.namespace === namespace)
        .map((e) => workloadOfEndpoint(ctx.workloads, e))
        .find((w) => w !== undefined && effectiveNamespace(w.object) === namespace);
      const object = namespaceObject ?? firstWorkload?.object;
      if (!object) continue;
      ctx.report('noDefaultDeny', { object }, { namespace, directions: open.join(' and ') });
    }
  },
});
