// Reports clusters that keep the local (certificate) admin account.
import { reportFlagNot } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksNoLocalAccounts = defineRule({
  id: 'aks-no-local-accounts',
  title: 'Disable local accounts',
  category: 'identity',
  defaultSeverity: 'high',
  docs: {
    summary: 'Reports clusters whose local accounts (`az aks get-credentials --admin`) are not disabled.',
    rationale: dedent`
      The talk: "Currently AKS deploys clusters (AAD or non-AAD) with local accounts enabled"; the admin
      credential "is a root level account and overrides RBAC and AAD", and "with the introduction of Azure RBAC
      for Kubernetes Authorization there is no need for root access to configure RBAC".

      **What changed since 2021.** Disabling local accounts left preview and is GA (PSRule promoted its rule in
      #2448); it requires managed Entra ID integration. Local accounts are still enabled by default, so an
      absent \`disableLocalAccounts\` is reported.
    `,
    remediation: {
      az: 'az aks update -g RESOURCE_GROUP -n CLUSTER --disable-local-accounts',
      terraform: 'local_account_disabled = true',
      arm: '"disableLocalAccounts": true',
    },
    references: ['https://learn.microsoft.com/azure/aks/manage-local-accounts-managed-azure-ad'],
  },
  equivalents: { psrule: ['Azure.AKS.LocalAccounts'], checkov: ['CKV_AZURE_141'] },
  messages: {
    enabled: 'Cluster {{cluster}} keeps local accounts: the admin certificate bypasses Entra ID and RBAC.',
  },
  examples: {
    valid: [
      dedent`
        name: entra-only
        type: Microsoft.ContainerService/ManagedClusters
        aadProfile:
          managed: true
        disableLocalAccounts: true
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: admin-cert
          type: Microsoft.ContainerService/ManagedClusters
          disableLocalAccounts: false
        `,
        reports: [{ messageId: 'enabled', line: 3 }],
      },
    ],
  },
  check(ctx) {
    reportFlagNot(
      ctx,
      {
        path: 'identity/localAccountsDisabled',
        read: (c) => c.identity.localAccountsDisabled,
        absentMeans: false,
      },
      true,
      'enabled',
    );
  },
});
