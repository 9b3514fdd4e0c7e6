// Reports clusters that do not use Azure RBAC for Kubernetes authorization.
import { reportFlagNot } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksRequireAzureRbac = defineRule({
  id: 'aks-require-azure-rbac',
  title: 'Authorize users with Azure RBAC',
  category: 'identity',
  defaultSeverity: 'medium',
  docs: {
    summary: 'Reports clusters that do not use Azure RBAC for Kubernetes authorization.',
    rationale: dedent`
      The talk: without it, "customer is required to pull the (--admin-credentials) to implement RBAC in the
      cluster, which has a flow that this identity is root on the cluster"; "Or use Azure RBAC for Kubernetes
      Authorization (recommended)". Azure RBAC lets you grant the built-in roles (Cluster Admin, Reader, Writer)
      at cluster or namespace scope from Azure, next to every other access review, while Kubernetes RBAC still
      governs service accounts.

      **What changed since 2021.** Azure RBAC for Kubernetes is GA and needs managed Entra ID integration.
    `,
    remediation: {
      az: 'az aks update -g RESOURCE_GROUP -n CLUSTER --enable-azure-rbac',
      terraform: dedent`
        azure_active_directory_role_based_access_control {
          azure_rbac_enabled = true
        }
      `,
      arm: dedent`
        "aadProfile": {
          "managed": true,
          "enableAzureRBAC": true
        }
      `,
    },
    references: ['https://learn.microsoft.com/azure/aks/manage-azure-rbac'],
  },
  equivalents: { psrule: ['Azure.AKS.AzureRBAC'], kubescape: ['C-0241'] },
  messages: {
    missing: 'Cluster {{cluster}} does not use Azure RBAC for Kubernetes authorization.',
  },
  examples: {
    valid: [
      dedent`
        name: azure-rbac
        type: Microsoft.ContainerService/ManagedClusters
        aadProfile:
          managed: true
          enableAzureRbac: true
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: k8s-rbac-only
          type: Microsoft.ContainerService/ManagedClusters
          aadProfile:
            managed: true
            enableAzureRbac: false
        `,
        reports: [{ messageId: 'missing', line: 5 }],
      },
    ],
  },
  check(ctx) {
    reportFlagNot(
      ctx,
      { path: 'identity/azureRbac', read: (c) => c.identity.azureRbac, absentMeans: false },
      true,
      'missing',
    );
  },
});
