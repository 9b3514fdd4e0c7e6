// Reports public API servers open to every address.
import { isUnknown } from '../../model/cluster.js';
import { clusterData } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksRequireApiServerRestriction = defineRule({
  id: 'aks-require-api-server-restriction',
  title: 'Restrict who can reach the API server',
  category: 'api-server',
  defaultSeverity: 'high',
  docs: {
    summary:
      'Reports clusters that are neither private nor restricted to authorized IP ranges, so the API server answers the whole internet.',
    rationale: dedent`
      The talk: "Private clusters are great at hiding your API server from the public internet, however,
      introduces its own challenges"; "AKS Public API server IP can be secured by using **Authorized IP
      Ranges** to block all unwanted traffic, which is easier to manage" and "can be added at any stage of the
      cluster lifecycle". Either is fine; neither leaves the control plane exposed to credential stuffing and to
      the next API server vulnerability.

      **What changed since 2021.** API Server VNet Integration puts the API server in your VNet (and raises the
      authorized-range limit from 200 to 2,000), and a private cluster can keep a public FQDN that resolves to
      the private IP. Authorized ranges do not apply to a private endpoint, so private clusters pass this rule
      (as in PSRule and Trivy; Checkov's ARM check still flags them).
    `,
    remediation: {
      az: 'az aks update -g RESOURCE_GROUP -n CLUSTER --api-server-authorized-ip-ranges 203.0.113.0/24',
      terraform: dedent`
        api_server_access_profile {
          authorized_ip_ranges = ["203.0.113.0/24"]
        }
      `,
      arm: dedent`
        "apiServerAccessProfile": {
          "authorizedIPRanges": ["203.0.113.0/24"]
        }
      `,
    },
    references: [
      'https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges',
      'https://learn.microsoft.com/azure/aks/private-clusters',
    ],
  },
  equivalents: {
    psrule: ['Azure.AKS.AuthorizedIPs'],
    checkov: ['CKV_AZURE_6'],
    trivy: ['AZU-0041'],
    kubescape: ['C-0247'],
  },
  messages: {
    open: 'The API server of cluster {{cluster}} is public and accepts connections from any address: set authorized IP ranges or make the cluster private.',
  },
  examples: {
    valid: [
      dedent`
        name: restricted
        type: Microsoft.ContainerService/ManagedClusters
        apiServerAccessProfile:
          authorizedIpRanges:
            - 203.0.113.0/24
      `,
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
            enablePrivateCluster: false
        `,
        reports: [{ messageId: 'open', line: 3 }],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      const { privateCluster, authorizedIpRanges } = cluster.apiServer;
      if (isUnknown(privateCluster)) {
        ctx.cannotTell({ cluster, path: 'apiServer/privateCluster' }, privateCluster);
        continue;
      }
      if (privateCluster === true) continue;
      if (isUnknown(authorizedIpRanges)) {
        ctx.cannotTell({ cluster, path: 'apiServer/authorizedIpRanges' }, authorizedIpRanges);
        continue;
      }
      if ((authorizedIpRanges ?? []).length === 0)
        ctx.report('open', { cluster, path: 'apiServer/authorizedIpRanges' }, clusterData(cluster));
    }
  },
});
