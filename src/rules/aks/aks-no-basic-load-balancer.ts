// Reports clusters on the retired Basic load balancer SKU.
import { isUnknown } from '../../model/cluster.js';
import { clusterData } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksNoBasicLoadBalancer = defineRule({
  id: 'aks-no-basic-load-balancer',
  title: 'Use the Standard load balancer',
  category: 'ingress',
  defaultSeverity: 'high',
  docs: {
    summary: 'Reports clusters whose `loadBalancerSku` is `basic`, retired on 2025-09-30.',
    rationale: dedent`
      Everything the talk builds on the cluster edge needs the Standard load balancer: \`outboundType\`
      (user-defined routing, NAT gateway), authorized IP ranges, availability zones, multiple node pools and
      internal load balancers in a dedicated subnet.

      **What changed since 2021.** The Basic load balancer was retired on **2025-09-30**; clusters still using it
      are unsupported. Standard is the default.
    `,
    remediation: {
      az: 'az aks update -g RESOURCE_GROUP -n CLUSTER --load-balancer-sku standard',
      terraform: dedent`
        network_profile {
          load_balancer_sku = "standard"
        }
      `,
      arm: dedent`
        "networkProfile": {
          "loadBalancerSku": "standard"
        }
      `,
    },
    references: ['https://learn.microsoft.com/azure/aks/load-balancer-standard'],
  },
  equivalents: { psrule: ['Azure.AKS.StandardLB'] },
  messages: {
    basic: 'Cluster {{cluster}} uses the Basic load balancer, retired on 2025-09-30; use Standard.',
  },
  examples: {
    valid: [
      dedent`
        name: standard
        type: Microsoft.ContainerService/ManagedClusters
        networkProfile:
          loadBalancerSku: standard
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: basic
          type: Microsoft.ContainerService/ManagedClusters
          networkProfile:
            loadBalancerSku: basic
        `,
        reports: [{ messageId: 'basic', line: 4 }],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      const sku = cluster.network.loadBalancerSku;
      const target = { cluster, path: 'network/loadBalancerSku' };
      if (isUnknown(sku)) ctx.cannotTell(target, sku);
      else if (sku?.toLowerCase() === 'basic') ctx.report('basic', target, clusterData(cluster));
    }
  },
});
