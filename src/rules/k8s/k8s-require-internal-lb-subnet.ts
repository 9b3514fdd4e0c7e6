// Reports internal load balancers that take their IP from the node subnet.
import {
  AZURE_LB_INTERNAL,
  AZURE_LB_INTERNAL_SUBNET,
  annotationPointer,
  isInternalLoadBalancer,
  isLoadBalancerService,
} from '../azure-service.js';
import { dedent, defineRule } from '../define-rule.js';

export const k8sRequireInternalLbSubnet = defineRule({
  id: 'k8s-require-internal-lb-subnet',
  title: 'Give internal load balancers a dedicated subnet',
  category: 'ingress',
  defaultSeverity: 'low',
  docs: {
    summary: `Reports internal LoadBalancer Services without \`${AZURE_LB_INTERNAL_SUBNET}\`, whose frontend IP then comes from the node subnet.`,
    rationale: dedent`
      The talk: "Dedicating a subnet for the ingress traffic provides clear separation of concerns between
      ingress and egress traffic", so that NSG and firewall rules can tell ingress frontends from nodes — its
      example Service carries exactly this annotation. Without it, the frontend IP is taken from the node subnet,
      which also eats addresses the cluster needs to scale and upgrade.

      **What changed since 2021.** The IP planning guidance now counts internal load balancer IPs in the node
      subnet explicitly ("unless the annotation points elsewhere"). The annotation takes the subnet **name** in the
      cluster's VNet, and the cluster identity needs read access on it.
    `,
    remediation: {
      kubernetes: dedent`
        metadata:
          annotations:
            service.beta.kubernetes.io/azure-load-balancer-internal: "true"
            service.beta.kubernetes.io/azure-load-balancer-internal-subnet: "ingress-subnet"
      `,
    },
    references: [
      'https://learn.microsoft.com/azure/aks/internal-lb',
      'https://learn.microsoft.com/azure/aks/concepts-network-ip-address-planning',
    ],
  },
  equivalents: {},
  messages: {
    nodeSubnet:
      'Internal load balancer Service {{name}} takes its IP from the node subnet; name a dedicated ingress subnet with {{annotation}}.',
  },
  examples: {
    valid: [
      dedent`
        apiVersion: v1
        kind: Service
        metadata:
          name: internal-app
          annotations:
            service.beta.kubernetes.io/azure-load-balancer-internal: "true"
            service.beta.kubernetes.io/azure-load-balancer-internal-subnet: "apps-subnet"
        spec:
          type: LoadBalancer
      `,
    ],
    invalid: [
      {
        input: dedent`
          apiVersion: v1
          kind: Service
          metadata:
            name: internal-app
            annotations:
              service.beta.kubernetes.io/azure-load-balancer-internal: "true"
          spec:
            type: LoadBalancer
        `,
        reports: [{ messageId: 'nodeSubnet', line: 6 }],
      },
    ],
  },
  check(ctx) {
    for (const object of ctx.objects) {
      if (!isLoadBalancerService(object) || !isInternalLoadBalancer(object)) continue;
      if ((object.annotations[AZURE_LB_INTERNAL_SUBNET] ?? '').trim() !== '') continue;
      ctx.report(
        'nodeSubnet',
        { object, pointer: annotationPointer(AZURE_LB_INTERNAL) },
        { name: object.name, annotation: AZURE_LB_INTERNAL_SUBNET },
      );
    }
  },
});
