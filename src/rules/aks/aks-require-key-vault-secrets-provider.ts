// Reports clusters without the Key Vault secrets provider (Secrets Store CSI driver) add-on.
import { reportFlagNot } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksRequireKeyVaultSecretsProvider = defineRule({
  id: 'aks-require-key-vault-secrets-provider',
  title: 'Enable the Key Vault secrets provider',
  category: 'add-ons',
  defaultSeverity: 'low',
  docs: {
    summary: 'Reports clusters without the Azure Key Vault provider for the Secrets Store CSI driver.',
    rationale: dedent`
      The talk points to the "Azure CSI secret store driver": secrets stay in Key Vault, are mounted into pods as
      files at run time, are rotated there, and are not stored base64-encoded in etcd and in every manifest
      repository.

      **What changed since 2021.** The driver is a managed add-on (\`azureKeyvaultSecretsProvider\`) and
      authenticates with Microsoft Entra Workload ID. See also \`k8s-no-secrets-in-env\` and
      \`aks-require-secret-rotation\`.
    `,
    remediation: {
      az: 'az aks enable-addons -g RESOURCE_GROUP -n CLUSTER --addons azure-keyvault-secrets-provider',
      terraform: dedent`
        key_vault_secrets_provider {
          secret_rotation_enabled = true
        }
      `,
      arm: dedent`
        "addonProfiles": {
          "azureKeyvaultSecretsProvider": {
            "enabled": true,
            "config": { "enableSecretRotation": "true" }
          }
        }
      `,
    },
    references: ['https://learn.microsoft.com/azure/aks/csi-secrets-store-driver'],
  },
  equivalents: { psrule: ['Azure.AKS.SecretStore'] },
  messages: {
    disabled:
      'Cluster {{cluster}} has no Key Vault secrets provider: secrets live in Kubernetes Secrets instead of Key Vault.',
  },
  examples: {
    valid: [
      dedent`
        name: vaulted
        type: Microsoft.ContainerService/ManagedClusters
        addonProfiles:
          azureKeyvaultSecretsProvider:
            enabled: true
            config:
              enableSecretRotation: "true"
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: unvaulted
          type: Microsoft.ContainerService/ManagedClusters
          addonProfiles: {}
        `,
        reports: [{ messageId: 'disabled', line: 1 }],
      },
    ],
  },
  check(ctx) {
    reportFlagNot(
      ctx,
      {
        path: 'addons/keyVaultSecretsProvider',
        read: (c) => c.addons.keyVaultSecretsProvider,
        absentMeans: false,
      },
      true,
      'disabled',
    );
  },
});
