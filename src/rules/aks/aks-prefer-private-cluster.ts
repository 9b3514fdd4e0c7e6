// Reports clusters whose API server has a public endpoint.
import { isUnknown } from '../../model/cluster.js';
import { clusterData } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksPreferPrivateCluster = defineRule({
  id: 'aks-prefer-private-cluster',
  title: 'Prefer a private cluster',
  category: 'api-server',
  defaultSeverity: 'low',
  docs: {
    summary:
      'Reports clusters whose API server has a public endpoint, even one restricted by authorized IP ranges.',
    rationale: dedent`
      A private cluster gives the API server a private endpoint in your VNet and no public one. The talk weighs
      it: private clusters "are great at hiding your API server from the public internet, however, introduces
      its own challenges with having to design all the surrounding services to be privately connected", and
      authorized IP ranges are "easier to manage". That is why this rule is \`low\`: a public endpoint with
      authorized ranges is a valid choice (see \`aks-require-api-server-restriction\` for the one that is not).

      **What changed since 2021.** \`az aks command invoke\` (run command, preview in the talk) and API Server
      VNet Integration make private clusters easier to operate, and a private cluster can keep a public FQDN
      (\`enablePrivateClusterPublicFQDN\`) that resolves to the private address, which removes most of the DNS
      work the talk described.
    `,
    remediation: {
      az: 'az aks create -g RESOURCE_GROUP -n CLUSTER --enable-private-cluster   # private API needs a new cluster or API Server VNet Integration',
      terraform: 'private_cluster_enabled = true',
      arm: dedent`
        "apiServerAccessProfile": {
          "enablePrivateCluster": true
        }
      `,
    },
    whenNotToUse:
      'When the API server is public by design and restricted with authorized IP ranges, suppress this rule with a reason.',
    references: [
      'https://learn.microsoft.com/azure/aks/private-clusters',
      'https://learn.microsoft.com/azure/aks/api-server-vnet-integration',
    ],
  },
  equivalents: { checkov: ['CKV_AZURE_115'], trivy: ['AZU-0065'], kubescape: ['C-0252'] },
  messages: {
    public:
      'The API server of cluster {{cluster}} has a public endpoint; a private cluster keeps it off the internet.',
  },
  examples: {
    valid: [
      dedent`
        name: private
        type: Microsoft.ContainerService/ManagedClusters
        apiServerAccessProfile:
          enablePrivateCluster: true
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: public
          type: Microsoft.ContainerService/ManagedClusters
          apiServerAccessProfile:
            authorizedIpRanges: [203.0.113.0/24]
        `,
        reports: [{ messageId: 'public', line: 3 }],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      const value = cluster.apiServer.privateCluster;
      const target = { cluster, path: 'apiServer/privateCluster' };
      if (isUnknown(value)) ctx.cannotTell(target, value);
      else if (value !== true) ctx.report('public', target, clusterData(cluster));
    }
  },
});
