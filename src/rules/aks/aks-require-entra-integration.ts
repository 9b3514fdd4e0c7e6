// Reports clusters without managed Microsoft Entra ID integration.
import { reportFlagNot } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksRequireEntraIntegration = defineRule({
  id: 'aks-require-entra-integration',
  title: 'Integrate the cluster with Microsoft Entra ID',
  category: 'identity',
  defaultSeverity: 'high',
  docs: {
    summary:
      'Reports clusters without managed Microsoft Entra ID (formerly Azure AD) integration for user sign-in.',
    rationale: dedent`
      The talk: "Use Azure AAD integration for users (admins, devs, ops, etc...)" and, for pipelines,
      "kubelogin" rather than shared certificates. Without it, users authenticate with client certificates from
      the cluster's local accounts, which cannot be revoked one by one, carry no MFA or conditional access,
      and leave no per-person audit trail.

      **What changed since 2021.** Azure AD is now Microsoft Entra ID; the legacy (app-registration) integration
      is deprecated and managed integration (\`aadProfile.managed: true\`) is the only supported form. It is a
      prerequisite for Azure RBAC and for disabling local accounts.
    `,
    remediation: {
      az: 'az aks update -g RESOURCE_GROUP -n CLUSTER --enable-aad --aad-admin-group-object-ids ADMIN_GROUP_ID',
      terraform: dedent`
        azure_active_directory_role_based_access_control {
          admin_group_object_ids = [var.admin_group_id]
          azure_rbac_enabled     = true
        }
      `,
      arm: dedent`
        "aadProfile": {
          "managed": true,
          "adminGroupObjectIDs": ["ADMIN_GROUP_ID"]
        }
      `,
    },
    references: ['https://learn.microsoft.com/azure/aks/enable-authentication-microsoft-entra-id'],
  },
  equivalents: { psrule: ['Azure.AKS.ManagedAAD'] },
  messages: {
    missing:
      'Cluster {{cluster}} is not integrated with Microsoft Entra ID: users sign in with shared certificates.',
  },
  examples: {
    valid: [
      dedent`
        name: entra
        type: Microsoft.ContainerService/ManagedClusters
        aadProfile:
          managed: true
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: certificates
          type: Microsoft.ContainerService/ManagedClusters
          enableRbac: true
        `,
        reports: [{ messageId: 'missing', line: 1 }],
      },
    ],
  },
  check(ctx) {
    reportFlagNot(
      ctx,
      { path: 'identity/entraIntegration', read: (c) => c.identity.entraIntegration, absentMeans: false },
      true,
      'missing',
    );
  },
});
