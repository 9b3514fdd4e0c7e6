// Reports clusters that use a service principal as their identity.
import { isUnknown } from '../../model/cluster.js';
import { clusterData } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksRequireManagedIdentity = defineRule({
  id: 'aks-require-managed-identity',
  title: 'Use a managed identity, not a service principal',
  category: 'identity',
  defaultSeverity: 'high',
  docs: {
    summary:
      'Reports clusters whose control-plane identity is a service principal instead of a managed identity.',
    rationale: dedent`
      The cluster identity creates load balancers, disks and routes. The talk: "Service Principle is the original
      AKS identity" and "this approach has limitations: requires rotation, a security flow" — and it showed the
      service principal's secret in clear text in \`/etc/kubernetes/azure.json\` on every node. With a managed
      identity that file reads \`"aadClientId": "msi"\`: there is no secret to leak or rotate.

      **What changed since 2021.** Managed identity is the default of \`az aks create\`, and an existing cluster
      can be switched with \`az aks update --enable-managed-identity\`. Prefer a user-assigned identity when you
      pre-grant it rights on the VNet or a private DNS zone.
    `,
    remediation: {
      az: 'az aks update -g RESOURCE_GROUP -n CLUSTER --enable-managed-identity',
      terraform: dedent`
        identity {
          type = "SystemAssigned"
        }
      `,
      arm: dedent`
        "identity": {
          "type": "SystemAssigned"
        }
      `,
    },
    references: ['https://learn.microsoft.com/azure/aks/use-managed-identity'],
  },
  equivalents: { psrule: ['Azure.AKS.ManagedIdentity'] },
  messages: {
    servicePrincipal:
      'Cluster {{cluster}} authenticates to Azure with a service principal, whose secret sits on every node and must be rotated; use a managed identity.',
  },
  examples: {
    valid: [
      dedent`
        name: msi
        type: Microsoft.ContainerService/ManagedClusters
        identity:
          type: SystemAssigned
        servicePrincipalProfile:
          clientId: msi
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: sp
          type: Microsoft.ContainerService/ManagedClusters
          servicePrincipalProfile:
            clientId: 00000000-0000-0000-0000-000000000001
        `,
        reports: [{ messageId: 'servicePrincipal', line: 4 }],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      const type = cluster.identity.type;
      const target = { cluster, path: 'identity/type' };
      if (isUnknown(type)) ctx.cannotTell(target, type);
      else if (type !== undefined && !/^(SystemAssigned|UserAssigned)$/i.test(type))
        ctx.report('servicePrincipal', target, clusterData(cluster));
    }
  },
});
