// Reports managed-identity clusters without a user-assigned kubelet identity.
import { isUnknown } from '../../model/cluster.js';
import { clusterData } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksRequireKubeletIdentity = defineRule({
  id: 'aks-require-kubelet-identity',
  title: 'Bring your own kubelet identity',
  category: 'identity',
  defaultSeverity: 'low',
  docs: {
    summary:
      'Reports managed-identity clusters that let AKS create the kubelet identity instead of using a user-assigned one.',
    rationale: dedent`
      The kubelet identity is what nodes use to pull images from ACR and reach other Azure resources. The talk
      provisioned the cluster with \`--assign-kubelet-identity\` (then in preview) so that the identity exists
      before the cluster and its rights can be granted and reviewed like any other resource.

      **What changed since 2021.** Bringing your own kubelet identity is GA and the Azure Review Checklist
      recommends it (05.01.12): an identity you own survives cluster re-creation, keeps its role assignments
      (for example \`AcrPull\`) and can be shared by blue/green clusters. AKS still creates one in the node
      resource group when you do not, so this is a \`low\` finding.
    `,
    remediation: {
      az: 'az aks update -g RESOURCE_GROUP -n CLUSTER --assign-kubelet-identity KUBELET_IDENTITY_RESOURCE_ID',
      terraform: dedent`
        kubelet_identity {
          client_id                 = azurerm_user_assigned_identity.kubelet.client_id
          object_id                 = azurerm_user_assigned_identity.kubelet.principal_id
          user_assigned_identity_id = azurerm_user_assigned_identity.kubelet.id
        }
      `,
      arm: dedent`
        "identityProfile": {
          "kubeletidentity": {
            "resourceId": "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'kubelet')]"
          }
        }
      `,
    },
    references: ['https://learn.microsoft.com/azure/aks/use-managed-identity'],
  },
  equivalents: {},
  messages: {
    missing: 'Cluster {{cluster}} has no user-assigned kubelet identity; AKS creates one you do not manage.',
  },
  examples: {
    valid: [
      dedent`
        name: own-kubelet
        type: Microsoft.ContainerService/ManagedClusters
        identity:
          type: UserAssigned
        identityProfile:
          kubeletidentity:
            resourceId: /subscriptions/0/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/kubelet
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: default-kubelet
          type: Microsoft.ContainerService/ManagedClusters
          identity:
            type: SystemAssigned
        `,
        reports: [{ messageId: 'missing', line: 1 }],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      const { type, kubeletIdentity } = cluster.identity;
      // Service-principal clusters have no kubelet identity to bring; aks-require-managed-identity covers them.
      if (isUnknown(type) || type === undefined || !/^(SystemAssigned|UserAssigned)$/i.test(type)) continue;
      const target = { cluster, path: 'identity/kubeletIdentity' };
      if (isUnknown(kubeletIdentity)) ctx.cannotTell(target, kubeletIdentity);
      else if (kubeletIdentity !== true) ctx.report('missing', target, clusterData(cluster));
    }
  },
});
