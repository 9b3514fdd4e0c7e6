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
      Azure Storage encrypts managed OS and data disks at rest (server-side encryption), but a node's
      temporary disk lives on the VM host, outside that storage. So does an ephemeral OS disk, which AKS
      uses by default where the VM size allows it, and which then holds container images, emptyDir volumes
      and logs. Encryption at host encrypts what the host stores (the temporary disk, the disk caches) and
      the data flowing from it to storage.

      **What changed since 2021.** Encryption at host is GA for AKS node pools and is off unless asked for,
      so an absent \`enableEncryptionAtHost\` is reported. It can only be set when a pool is created: the
      subscription needs the \`Microsoft.Compute/EncryptionAtHost\` feature registered, and the VM size must
      support it.
    `,
    remediation: {
      az: 'az aks nodepool add -g RESOURCE_GROUP --cluster-name CLUSTER -n POOL --enable-encryption-at-host   # new pool; move workloads, then delete the old one',
      terraform: dedent`
        default_node_pool {
          host_encryption_enabled     = true        # azurerm 3.x: enable_host_encryption
          temporary_name_for_rotation = "rotation"  # changing it replaces the pool through a temporary one
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
