// Reports Key Vault secrets providers that do not rotate secrets.
import { flagValue, reportFlagNot } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksRequireSecretRotation = defineRule({
  id: 'aks-require-secret-rotation',
  title: 'Rotate secrets mounted by the Key Vault secrets provider',
  category: 'add-ons',
  defaultSeverity: 'low',
  docs: {
    summary:
      'Reports clusters whose Key Vault secrets provider is enabled without secret rotation; clusters without the add-on are left to `aks-require-key-vault-secrets-provider`.',
    rationale: dedent`
      Without rotation, the CSI driver mounts a secret once when the pod starts; a secret rotated in Key Vault
      (after a leak, or on schedule) keeps its old value in every running pod until it restarts.

      **What changed since 2021.** Rotation is a setting of the managed add-on
      (\`enableSecretRotation\`, polling every two minutes by default). This rule fires only when the add-on is
      enabled, as PSRule's does; Checkov's CKV_AZURE_172 also fires when the add-on is absent (Checkov #5454).
    `,
    remediation: {
      az: 'az aks addon update -g RESOURCE_GROUP -n CLUSTER --addon azure-keyvault-secrets-provider --enable-secret-rotation',
      terraform: dedent`
        key_vault_secrets_provider {
          secret_rotation_enabled = true
        }
      `,
      arm: dedent`
        "azureKeyvaultSecretsProvider": {
          "enabled": true,
          "config": { "enableSecretRotation": "true" }
        }
      `,
    },
    references: ['https://learn.microsoft.com/azure/aks/csi-secrets-store-configuration-options'],
  },
  equivalents: { psrule: ['Azure.AKS.SecretStoreRotation'], checkov: ['CKV_AZURE_172'] },
  messages: {
    noRotation:
      'Cluster {{cluster}} mounts Key Vault secrets without rotation: rotated secrets stay stale in running pods.',
  },
  examples: {
    valid: [
      dedent`
        name: rotating
        type: Microsoft.ContainerService/ManagedClusters
        addonProfiles:
          azureKeyvaultSecretsProvider:
            enabled: true
            config:
              enableSecretRotation: "true"
      `,
      dedent`
        name: no-addon
        type: Microsoft.ContainerService/ManagedClusters
        addonProfiles: {}
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: stale
          type: Microsoft.ContainerService/ManagedClusters
          addonProfiles:
            azureKeyvaultSecretsProvider:
              enabled: true
              config:
                enableSecretRotation: "false"
        `,
        reports: [{ messageId: 'noRotation', line: 7 }],
      },
    ],
  },
  check(ctx) {
    reportFlagNot(
      ctx,
      {
        path: 'addons/keyVaultSecretsRotation',
        read: (c) => c.addons.keyVaultSecretsRotation,
        absentMeans: false,
      },
      true,
      'noRotation',
      (cluster) => flagValue(cluster.addons.keyVaultSecretsProvider, false) === true,
    );
  },
});
