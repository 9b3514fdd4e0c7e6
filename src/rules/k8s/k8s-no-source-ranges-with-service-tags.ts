// Reports Services that combine loadBalancerSourceRanges with the azure-allowed-service-tags annotation.
import { AZURE_ALLOWED_SERVICE_TAGS } from '../azure-service.js';
import { dedent, defineRule } from '../define-rule.js';
import { dig } from '../k8s-objects.js';

export const k8sNoSourceRangesWithServiceTags = defineRule({
  id: 'k8s-no-source-ranges-with-service-tags',
  title: 'Do not combine loadBalancerSourceRanges with azure-allowed-service-tags',
  category: 'ingress',
  defaultSeverity: 'high',
  docs: {
    summary: `Reports Services that set both \`spec.loadBalancerSourceRanges\` and \`${AZURE_ALLOWED_SERVICE_TAGS}\`, a combination the Azure cloud provider rejects.`,
    rationale: dedent`
      Both restrict who may reach a load balancer, in different places: \`loadBalancerSourceRanges\` is enforced in
      the NSG **and** on the node (kube-proxy or Cilium), the service-tags annotation only in the NSG. The AKS
      documentation states that combining them is an error: the Service's load balancer is not reconciled, so the
      restriction you think you have may not be in place.

      **What changed since 2021.** Since Kubernetes 1.25 \`loadBalancerSourceRanges\` is also enforced on the
      node, so pods that call the load balancer IP need the pod CIDR in the list. Use
      \`azure-allowed-ip-ranges\` together with \`azure-allowed-service-tags\` when you need both kinds.
    `,
    remediation: {
      kubernetes: dedent`
        metadata:
          annotations:
            service.beta.kubernetes.io/azure-allowed-service-tags: "AzureFrontDoor.Backend"
            service.beta.kubernetes.io/azure-allowed-ip-ranges: "203.0.113.0/24"
        spec:
          type: LoadBalancer   # and no loadBalancerSourceRanges
      `,
    },
    references: ['https://learn.microsoft.com/azure/aks/configure-load-balancer-standard'],
  },
  equivalents: {},
  messages: {
    combined:
      'Service {{name}} sets both loadBalancerSourceRanges and {{annotation}}; the Azure cloud provider rejects the combination.',
  },
  examples: {
    valid: [
      dedent`
        apiVersion: v1
        kind: Service
        metadata:
          name: frontdoor-only
          annotations:
            service.beta.kubernetes.io/azure-allowed-service-tags: "AzureFrontDoor.Backend"
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
            name: mixed
            annotations:
              service.beta.kubernetes.io/azure-allowed-service-tags: "AzureFrontDoor.Backend"
          spec:
            type: LoadBalancer
            loadBalancerSourceRanges:
              - 203.0.113.0/24
        `,
        reports: [{ messageId: 'combined', line: 9 }],
      },
    ],
  },
  check(ctx) {
    for (const object of ctx.objects) {
      if (object.kind !== 'Service' || !(AZURE_ALLOWED_SERVICE_TAGS in object.annotations)) continue;
      const ranges = dig(object.value, 'spec', 'loadBalancerSourceRanges');
      if (!Array.isArray(ranges) || ranges.length === 0) continue;
      ctx.report(
        'combined',
        { object, pointer: '/spec/loadBalancerSourceRanges' },
        { name: object.name, annotation: AZURE_ALLOWED_SERVICE_TAGS },
      );
    }
  },
});
