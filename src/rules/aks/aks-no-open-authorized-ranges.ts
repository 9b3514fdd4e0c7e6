// Reports authorized IP ranges that admit every address.
import { isUnknown } from '../../model/cluster.js';
import { clusterData, parseAuthorizedRange } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksNoOpenAuthorizedRanges = defineRule({
  id: 'aks-no-open-authorized-ranges',
  title: 'Do not authorize every address on the API server',
  category: 'api-server',
  defaultSeverity: 'high',
  docs: {
    summary:
      'Reports an authorized IP range of prefix length 0 (`0.0.0.0/0`, `::/0`), which turns the restriction off.',
    rationale: dedent`
      Authorized IP ranges are how the talk secures a public API server ("block all unwanted traffic"). A
      \`0.0.0.0/0\` entry keeps the feature switched on in every checklist that only asks whether ranges are set
      (PSRule, Checkov and Trivy all pass it) while the API server answers the whole internet again.

      **What changed since 2021.** Nothing in the feature, but note the special value \`0.0.0.0/32\`: it is not
      open, it allows only the cluster's own load balancer egress IP (used to block all external access while
      keeping node traffic working). AKS also adds the API server and outbound IPs itself, so you never need a
      broad range for the cluster's own traffic.
    `,
    remediation: {
      az: 'az aks update -g RESOURCE_GROUP -n CLUSTER --api-server-authorized-ip-ranges 203.0.113.0/24,198.51.100.7/32',
      terraform: dedent`
        api_server_access_profile {
          authorized_ip_ranges = ["203.0.113.0/24", "198.51.100.7/32"]
        }
      `,
      arm: dedent`
        "apiServerAccessProfile": {
          "authorizedIPRanges": ["203.0.113.0/24", "198.51.100.7/32"]
        }
      `,
    },
    references: ['https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges'],
  },
  equivalents: {},
  messages: {
    anyAddress:
      'Authorized IP range {{range}} of cluster {{cluster}} admits every address, so the API server is open to the internet.',
  },
  examples: {
    valid: [
      dedent`
        name: office
        type: Microsoft.ContainerService/ManagedClusters
        apiServerAccessProfile:
          authorizedIpRanges:
            - 203.0.113.0/24
            - 0.0.0.0/32
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: open
          type: Microsoft.ContainerService/ManagedClusters
          apiServerAccessProfile:
            authorizedIpRanges:
              - 203.0.113.0/24
              - 0.0.0.0/0
        `,
        reports: [{ messageId: 'anyAddress', line: 6 }],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      const ranges = cluster.apiServer.authorizedIpRanges;
      if (isUnknown(ranges)) {
        ctx.cannotTell({ cluster, path: 'apiServer/authorizedIpRanges' }, ranges);
        continue;
      }
      (ranges ?? []).forEach((range, i) => {
        if (parseAuthorizedRange(range)?.prefix === 0)
          ctx.report(
            'anyAddress',
            { cluster, path: `apiServer/authorizedIpRanges/${i}` },
            clusterData(cluster, { range }),
          );
      });
    }
  },
});
