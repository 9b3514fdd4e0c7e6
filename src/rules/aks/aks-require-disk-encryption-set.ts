// Reports clusters whose node disks are encrypted with platform-managed keys only.
import { isUnknown } from '../../model/cluster.js';
import { clusterData } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksRequireDiskEncryptionSet = defineRule({
  id: 'aks-require-disk-encryption-set',
  title: 'Encrypt node disks with customer-managed keys',
  category: 'add-ons',
  defaultSeverity: 'low',
  docs: {
    summary:
      'Reports clusters without a disk encryption set (`diskEncryptionSetID`) for the nodes’ OS and data disks.',
    rationale: dedent`
      Node OS disks hold container images, emptyDir volumes and whatever workloads write locally. Without a
      disk encryption set Azure still encrypts them at rest, but with platform-managed keys: you cannot rotate,
      audit or revoke the key, and cannot show that you control it where compliance asks for that. The same
      set also encrypts the cluster's Azure Disk persistent volumes unless a storage class names another.

      **What changed since 2021.** Nothing in the mechanism: the disk encryption set (backed by a Key Vault
      with purge protection, or a Managed HSM) is given when the cluster is created and cannot be added
      later. Absent means platform-managed keys, so it is reported; the severity is low because the disks
      are encrypted either way.
    `,
    remediation: {
      az: 'az aks create -g RESOURCE_GROUP -n CLUSTER --node-osdisk-diskencryptionset-id DISK_ENCRYPTION_SET_ID   # only at creation',
      terraform:
        'disk_encryption_set_id = azurerm_disk_encryption_set.this.id   # changing it recreates the cluster',
      arm: '"diskEncryptionSetID": "DISK_ENCRYPTION_SET_RESOURCE_ID"',
    },
    references: ['https://learn.microsoft.com/azure/aks/azure-disk-customer-managed-keys'],
  },
  equivalents: { checkov: ['CKV_AZURE_117'], trivy: ['AZU-0067'] },
  messages: {
    platformKeys:
      'Cluster {{cluster}} has no disk encryption set: node disks are encrypted with platform-managed keys you do not control.',
  },
  examples: {
    valid: [
      dedent`
        name: own-keys
        type: Microsoft.ContainerService/ManagedClusters
        diskEncryptionSetID: /subscriptions/0000/resourceGroups/keys/providers/Microsoft.Compute/diskEncryptionSets/aks
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: platform-keys
          type: Microsoft.ContainerService/ManagedClusters
          kubernetesVersion: "1.30"
        `,
        reports: [{ messageId: 'platformKeys', line: 1 }],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      const value = cluster.diskEncryptionSetId;
      const target = { cluster, path: 'diskEncryptionSetId' };
      if (isUnknown(value)) ctx.cannotTell(target, value);
      else if (value === undefined || value.trim() === '')
        ctx.report('platformKeys', target, clusterData(cluster));
    }
  },
});
