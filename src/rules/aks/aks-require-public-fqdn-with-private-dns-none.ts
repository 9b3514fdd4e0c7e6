// Reports private clusters with no private DNS zone and no public FQDN, which AKS does not support.
import { isUnknown } from '../../model/cluster.js';
import { clusterData } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksRequirePublicFqdnWithPrivateDnsNone = defineRule({
  id: 'aks-require-public-fqdn-with-private-dns-none',
  title: 'Keep a public FQDN when a private cluster has no private DNS zone',
  category: 'api-server',
  defaultSeverity: 'high',
  docs: {
    summary:
      'Reports private clusters with `privateDNSZone: none` and the public FQDN disabled: nothing would resolve the API server name.',
    rationale: dedent`
      The talk describes the \`None\` option: "No zone will be created, the AKS API server FQDN will be created
      inside the nodes host file and coreDNS. You will need to bring your own DNS servers and ensure creating the
      entries there." It also announced a "Public Zone for Private clusters [in progress]": a public name that
      resolves to the private IP.

      **What changed since 2021.** That public FQDN shipped (\`enablePrivateClusterPublicFQDN\`), and today the
      AKS documentation states that \`privateDNSZone: none\` is supported only together with the public FQDN:
      without it, clients outside the nodes cannot resolve the API server at all. Use \`system\` (AKS manages a
      \`privatelink.<region>.azmk8s.io\` zone) or your own zone when you do not want a public name.
    `,
    remediation: {
      az: 'az aks update -g RESOURCE_GROUP -n CLUSTER --enable-public-fqdn',
      terraform: dedent`
        private_cluster_enabled             = true
        private_dns_zone_id                 = "None"
        private_cluster_public_fqdn_enabled = true
      `,
      arm: dedent`
        "apiServerAccessProfile": {
          "enablePrivateCluster": true,
          "privateDNSZone": "none",
          "enablePrivateClusterPublicFQDN": true
        }
      `,
    },
    references: ['https://learn.microsoft.com/azure/aks/private-clusters'],
  },
  equivalents: {},
  messages: {
    noName:
      'Private cluster {{cluster}} has privateDNSZone none and no public FQDN: AKS does not support this, nothing resolves the API server name.',
  },
  examples: {
    valid: [
      dedent`
        name: private-public-fqdn
        type: Microsoft.ContainerService/ManagedClusters
        apiServerAccessProfile:
          enablePrivateCluster: true
          privateDnsZone: none
          enablePrivateClusterPublicFqdn: true
      `,
      dedent`
        name: private-system-zone
        type: Microsoft.ContainerService/ManagedClusters
        apiServerAccessProfile:
          enablePrivateCluster: true
          privateDnsZone: system
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: unresolvable
          type: Microsoft.ContainerService/ManagedClusters
          apiServerAccessProfile:
            enablePrivateCluster: true
            privateDnsZone: none
            enablePrivateClusterPublicFqdn: false
        `,
        reports: [{ messageId: 'noName', line: 5 }],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      const { privateCluster, privateDnsZone, privateClusterPublicFqdn } = cluster.apiServer;
      if (isUnknown(privateCluster)) {
        ctx.cannotTell({ cluster, path: 'apiServer/privateCluster' }, privateCluster);
        continue;
      }
      if (privateCluster !== true) continue;
      if (isUnknown(privateDnsZone)) {
        ctx.cannotTell({ cluster, path: 'apiServer/privateDnsZone' }, privateDnsZone);
        continue;
      }
      if (privateDnsZone?.toLowerCase() !== 'none') continue;
      if (isUnknown(privateClusterPublicFqdn))
        ctx.cannotTell({ cluster, path: 'apiServer/privateClusterPublicFqdn' }, privateClusterPublicFqdn);
      else if (privateClusterPublicFqdn !== true)
        ctx.report('noName', { cluster, path: 'apiServer/privateDnsZone' }, clusterData(cluster));
    }
  },
});
