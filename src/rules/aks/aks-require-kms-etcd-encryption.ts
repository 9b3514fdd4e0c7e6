// Reports clusters whose Kubernetes Secrets are not encrypted with a key the user controls (KMS).
import { reportFlagNot } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksRequireKmsEtcdEncryption = defineRule({
  id: 'aks-require-kms-etcd-encryption',
  title: 'Encrypt Kubernetes Secrets in etcd with your own Key Vault key (KMS)',
  category: 'add-ons',
  defaultSeverity: 'low',
  docs: {
    summary:
      'Reports clusters without the Key Management Service (`securityProfile.azureKeyVaultKms`), which encrypts etcd with a Key Vault key.',
    rationale: dedent`
      Kubernetes Secrets live in etcd, only base64-encoded. AKS encrypts the storage under etcd with keys
      Microsoft manages, which protects against a lost disk but not against anyone who reads etcd or its
      backups. With the Key Management Service the API server encrypts each Secret before writing it (envelope
      encryption: a data key wrapped by a key in *your* Key Vault), so etcd holds ciphertext; disabling the
      key makes the Secrets unreadable, and every use of it is logged in the vault.

      **What changed since 2021.** KMS for AKS is generally available, also with a Key Vault behind a private
      endpoint (\`keyVaultNetworkAccess: Private\`, which needs API server VNet integration); an Azure Policy
      built-in asks for it. The talk's advice to keep secrets in Key Vault and mount them with the CSI driver
      (see \`aks-require-key-vault-secrets-provider\`) still comes first; KMS protects the Secrets that remain.
    `,
    remediation: {
      az: dedent`
        az aks update -g RESOURCE_GROUP -n CLUSTER --enable-azure-keyvault-kms \\
          --azure-keyvault-kms-key-id KEY_ID --azure-keyvault-kms-key-vault-network-access Public
      `,
      terraform: dedent`
        key_management_service {
          key_vault_key_id         = azurerm_key_vault_key.etcd.id
          key_vault_network_access = "Public"
        }
      `,
      arm: dedent`
        "securityProfile": {
          "azureKeyVaultKms": {
            "enabled": true,
            "keyId": "KEY_ID",
            "keyVaultNetworkAccess": "Public"
          }
        }
      `,
    },
    whenNotToUse:
      'When no Kubernetes Secret holds anything sensitive (secrets come from Key Vault through the CSI driver and are not synced to Kubernetes Secrets).',
    references: [
      'https://learn.microsoft.com/azure/aks/use-kms-etcd-encryption',
      'https://kubernetes.io/docs/tasks/administer-cluster/kms-provider/',
    ],
  },
  equivalents: {},
  messages: {
    disabled:
      'Cluster {{cluster}} does not encrypt Kubernetes Secrets with a Key Vault key (KMS): you cannot revoke access to them.',
  },
  examples: {
    valid: [
      dedent`
        name: sealed
        type: Microsoft.ContainerService/ManagedClusters
        securityProfile:
          azureKeyVaultKms:
            enabled: true
            keyId: https://kv-aks.vault.azure.net/keys/etcd/0123456789abcdef
            keyVaultNetworkAccess: Public
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: platform-keys-only
          type: Microsoft.ContainerService/ManagedClusters
          securityProfile:
            azureKeyVaultKms:
              enabled: false
        `,
        reports: [{ messageId: 'disabled', line: 5 }],
      },
    ],
  },
  check(ctx) {
    reportFlagNot(
      ctx,
      // The API default is false.
      { path: 'addons/kmsEtcdEncryption', read: (c) => c.addons.kmsEtcdEncryption, absentMeans: false },
      true,
      'disabled',
    );
  },
});
