// Reports authorized IP range lists that AKS rejects or that carry redundant entries.
import { isUnknown } from '../../model/cluster.js';
import { cidrContainsCidr, formatCidr } from '../../net/ip.js';
import { clusterData, parseAuthorizedRange } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

/** AKS accepts at most 200 authorized ranges, 2,000 with API Server VNet Integration. */
const RANGE_LIMIT = 200;
const RANGE_LIMIT_VNET_INTEGRATION = 2000;

export const aksLimitAuthorizedRanges = defineRule({
  id: 'aks-limit-authorized-ranges',
  title: 'Keep authorized IP ranges valid, within the limit and free of redundancy',
  category: 'api-server',
  defaultSeverity: 'medium',
  docs: {
    summary:
      'Reports authorized IP range lists over the AKS limit, entries that are not IP ranges, and ranges already covered by another entry.',
    rationale: dedent`
      Authorized IP ranges are the talk's easier alternative to a private cluster. A list that grows without
      review stops being a restriction anyone understands: entries covered by a broader entry hide what was
      really meant to be allowed, and AKS refuses a deployment with more than ${RANGE_LIMIT} ranges
      (${RANGE_LIMIT_VNET_INTEGRATION} with API Server VNet Integration) or with an entry that is not an address
      or CIDR block.

      **What changed since 2021.** The ${RANGE_LIMIT_VNET_INTEGRATION}-range limit with VNet Integration is new. When
      a list keeps growing, a private cluster (or VNet Integration with a private endpoint) is the better tool.
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
      'https://learn.microsoft.com/azure/aks/api-server-vnet-integration',
    ],
  },
  equivalents: {},
  messages: {
    overLimit: 'Cluster {{cluster}} lists {{count}} authorized IP ranges; AKS accepts at most {{limit}}.',
    invalid: 'Authorized IP range "{{range}}" of cluster {{cluster}} is not an IP address or CIDR block.',
    redundant: 'Authorized IP range {{range}} of cluster {{cluster}} is already covered by {{cover}}.',
  },
  examples: {
    valid: [
      dedent`
        name: tidy
        type: Microsoft.ContainerService/ManagedClusters
        apiServerAccessProfile:
          authorizedIpRanges: [203.0.113.0/24, 198.51.100.7]
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: messy
          type: Microsoft.ContainerService/ManagedClusters
          apiServerAccessProfile:
            authorizedIpRanges:
              - 203.0.113.0/24
              - 203.0.113.8/29
              - office
        `,
        reports: [
          { messageId: 'redundant', line: 6 },
          { messageId: 'invalid', line: 7 },
        ],
      },
      {
        // 201 ranges on one line: 10.0.0.0/24 … 10.0.200.0/24.
        input: `name: many\ntype: Microsoft.ContainerService/ManagedClusters\napiServerAccessProfile:\n  authorizedIpRanges: [${Array.from({ length: 201 }, (_, i) => `10.0.${i}.0/24`).join(', ')}]\n`,
        reports: [{ messageId: 'overLimit', line: 4 }],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      const { authorizedIpRanges: ranges, vnetIntegration } = cluster.apiServer;
      if (isUnknown(ranges)) {
        ctx.cannotTell({ cluster, path: 'apiServer/authorizedIpRanges' }, ranges);
        continue;
      }
      if (ranges === undefined) continue;
      const limit = vnetIntegration === true ? RANGE_LIMIT_VNET_INTEGRATION : RANGE_LIMIT;
      if (ranges.length > limit)
        ctx.report(
          'overLimit',
          { cluster, path: 'apiServer/authorizedIpRanges' },
          clusterData(cluster, { count: ranges.length, limit }),
        );
      const parsed = ranges.map(parseAuthorizedRange);
      parsed.forEach((cidr, i) => {
        const path = `apiServer/authorizedIpRanges/${i}`;
        const range = ranges[i] ?? '';
        if (cidr === undefined) {
          ctx.report('invalid', { cluster, path }, clusterData(cluster, { range }));
          return;
        }
        // An entry is redundant when another entry strictly contains it, or an earlier entry is the same block.
        // A prefix-0 entry covers everything; aks-no-open-authorized-ranges reports that one instead.
        const coverIndex = parsed.findIndex(
          (other, j) =>
            other !== undefined &&
            other.prefix > 0 &&
            j !== i &&
            cidrContainsCidr(other, cidr) &&
            (other.prefix < cidr.prefix || j < i),
        );
        const cover = parsed[coverIndex];
        if (cover)
          ctx.report(
            'redundant',
            { cluster, path },
            clusterData(cluster, { range, cover: formatCidr(cover) }),
          );
      });
    }
  },
});
