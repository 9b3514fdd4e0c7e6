// Reports LoadBalancer Services that get a public IP.
import {
  AZURE_LB_INTERNAL,
  annotationPointer,
  isInternalLoadBalancer,
  isLoadBalancerService,
} from '../azure-service.js';
import { dedent, defineRule } from '../define-rule.js';

export const k8sNoPublicLoadBalancer = defineRule({
  id: 'k8s-no-public-load-balancer',
  title: 'Expose Services on internal load balancers',
  category: 'ingress',
  defaultSeverity: 'medium',
  docs: {
    summary: `Reports Services of type LoadBalancer without \`${AZURE_LB_INTERNAL}: "true"\`, which AKS publishes on a public IP.`,
    rationale: dedent`
      On AKS a LoadBalancer Service gets a public frontend on the cluster's load balancer unless it is annotated
      internal. The talk's ingress designs never publish pods directly: traffic enters through a dedicated ingress
      subnet, behind a WAF and Azure Firewall ("AKS Ingress Subnet + WAF + AZ Firewall"), and the internal load
      balancer is the building block. A public Service skips all of it; with \`outboundType: userDefinedRouting\`
      it also breaks by asymmetric routing unless the firewall DNATs it.

      **What changed since 2021.** Azure Policy has a built-in "Kubernetes clusters should use internal load
      balancers", and the application routing add-on and Application Gateway for Containers give managed ways to
      publish HTTP without a public Service per application.
    `,
    remediation: {
      kubernetes: dedent`
        apiVersion: v1
        kind: Service
        metadata:
          name: app
          annotations:
            service.beta.kubernetes.io/azure-load-balancer-internal: "true"
            service.beta.kubernetes.io/azure-load-balancer-internal-subnet: "ingress-subnet"
        spec:
          type: LoadBalancer
      `,
    },
    whenNotToUse:
      'The one public entry point of the cluster (an ingress controller behind a WAF or DDoS protection).',
    references: [
      'https://learn.microsoft.com/azure/aks/internal-lb',
      'https://learn.microsoft.com/azure/aks/load-balancer-standard',
    ],
  },
  equivalents: { kubescape: ['C-0256'] },
  messages: {
    public: 'Service {{name}} is a LoadBalancer without the internal annotation: AKS gives it a public IP.',
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
          ports:
            - port: 80
          selector:
            app: internal-app
      `,
    ],
    invalid: [
      {
        input: dedent`
          apiVersion: v1
          kind: Service
          metadata:
            name: shop
            namespace: web
          spec:
            type: LoadBalancer
            ports:
              - port: 5432
        `,
        reports: [{ messageId: 'public', line: 7 }],
      },
    ],
  },
  check(ctx) {
    for (const object of ctx.objects) {
      if (!isLoadBalancerService(object) || isInternalLoadBalancer(object)) continue;
      const annotated = AZURE_LB_INTERNAL in object.annotations;
      ctx.report(
        'public',
        { object, pointer: annotated ? annotationPointer(AZURE_LB_INTERNAL) : '/spec/type' },
        { name: object.name },
      );
    }
  },
});
