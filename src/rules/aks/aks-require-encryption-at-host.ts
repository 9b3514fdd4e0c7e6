// Reports node pools without host-based encryption.
import { isUnknown } from '../../model/cluster.js';
import { clusterData } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksRequireEncryptionAtHost = defineRule({
  id: 'aks-require-encryption-at-host',
  title: 'Enable encryption at host on node pools',
  category: 'add-ons',
  defaultSeverity: 'medium',
  docs: {
    summary: 'Reports node pools whose `enableEncryptionAtHost` is not `true`.',
    rationale: dedent`
      Azure encrypts managed OS and data disks at rest on the storage side, but a node's temporary disk,
      its disk caches and the data flowing between the VM host and storage are encrypted only with encryption
      at host. On AKS the node's temporary disk holds container images, emptyDir volumes and logs, so without
      it workload data sits unencrypted on the host.

      **What changed since 2021.** Encryption at host is GA for AKS node pools and is off by default, so an
      absent \`enableEncryptionAtHost\` is reported. The subscription needs the \`Microsoft.Compute/EncryptionAtHost\`
      feature registered, and the VM size must support it.
    `,
    remediation: {
      az: 'az aks nodepool add -g RESOURCE_GROUP --cluster-name CLUSTER -n POOL --enable-encryption-at-host   # new pool; move workloads, then delete the old one',
      terraform: dedent`
        default_node_pool {
          host_encryption_enabled = true
        }
      `,
      arm: dedent`
        "agentPoolProfiles": [
          { "name": "system", "enableEncryptionAtHost": true }
        ]
      `,
    },
    references: ['https://learn.microsoft.com/azure/aks/enable-host-encryption'],
  },
  equivalents: { checkov: ['CKV_AZURE_227'] },
  messages: {
    unencrypted:
      'Node pool {{pool}} of cluster {{cluster}} has no encryption at host: temporary disks and disk caches are not encrypted.',
  },
  examples: {
    valid: [
      dedent`
        name: encrypted-nodes
        type: Microsoft.ContainerService/ManagedClusters
        agentPoolProfiles:
          - name: system
            enableEncryptionAtHost: true
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: plain-nodes
          type: Microsoft.ContainerService/ManagedClusters
          agentPoolProfiles:
            - name: system
              enableEncryptionAtHost: true
            - name: user
              enableEncryptionAtHost: false
        `,
        reports: [{ messageId: 'unencrypted', line: 7 }],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      for (const pool of cluster.agentPools) {
        const value = pool.enableEncryptionAtHost;
        const target = { cluster, path: `${pool.path}/enableEncryptionAtHost` };
        // Absent means off: AKS creates pools without encryption at host unless asked.
        if (isUnknown(value)) ctx.cannotTell(target, value);
        else if (value !== true) ctx.report('unencrypted', target, clusterData(cluster, { pool: pool.name }));
      }
    }
  },
});
