// Reports node pools that give every node a public IP.
import { isUnknown } from '../../model/cluster.js';
import { clusterData } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksNoNodePublicIp = defineRule({
  id: 'aks-no-node-public-ip',
  title: 'Do not give nodes public IPs',
  category: 'egress',
  defaultSeverity: 'high',
  docs: {
    summary: 'Reports node pools with `enableNodePublicIP`, which puts a public address on every node.',
    rationale: dedent`
      The talk's network designs keep nodes private: ingress arrives through a load balancer in a dedicated
      subnet (behind a WAF), egress leaves through a firewall. A node with its own public IP bypasses both — its
      traffic goes straight to and from the internet, unfiltered by \`outboundType\`, and anything listening on a
      host port becomes reachable unless an NSG stops it.

      **What changed since 2021.** Nothing in the advice; node public IPs remain a niche feature for gaming and
      similar direct-connection workloads, where \`allowedHostPorts\` and an NSG must then limit what is exposed.
    `,
    remediation: {
      az: 'az aks nodepool add -g RESOURCE_GROUP --cluster-name CLUSTER -n POOL   # without --enable-node-public-ip; the setting cannot be changed on an existing pool',
      terraform: dedent`
        default_node_pool {
          node_public_ip_enabled = false
        }
      `,
      arm: dedent`
        "agentPoolProfiles": [
          { "name": "system", "enableNodePublicIP": false }
        ]
      `,
    },
    references: ['https://learn.microsoft.com/azure/aks/use-node-public-ips'],
  },
  equivalents: { checkov: ['CKV_AZURE_143'], kubescape: ['C-0248'] },
  messages: {
    publicIp:
      'Node pool {{pool}} of cluster {{cluster}} gives every node a public IP, bypassing the cluster egress and ingress path.',
  },
  examples: {
    valid: [
      dedent`
        name: private-nodes
        type: Microsoft.ContainerService/ManagedClusters
        agentPoolProfiles:
          - name: system
            enableNodePublicIp: false
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: public-nodes
          type: Microsoft.ContainerService/ManagedClusters
          agentPoolProfiles:
            - name: system
              enableNodePublicIp: false
            - name: games
              enableNodePublicIp: true
        `,
        reports: [{ messageId: 'publicIp', line: 7 }],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      for (const pool of cluster.agentPools) {
        const value = pool.enableNodePublicIp;
        const target = { cluster, path: `${pool.path}/enableNodePublicIp` };
        if (isUnknown(value)) ctx.cannotTell(target, value);
        else if (value === true) ctx.report('publicIp', target, clusterData(cluster, { pool: pool.name }));
      }
    }
  },
});
