// Reports clusters on the kubenet network plugin.
import { isUnknown } from '../../model/cluster.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksNoKubenet = defineRule({
  id: 'aks-no-kubenet',
  title: 'Do not use the kubenet network plugin',
  category: 'network',
  defaultSeverity: 'medium',
  docs: {
    summary: 'Reports clusters whose network plugin is kubenet, which AKS retires on 2028-03-31.',
    rationale: dedent`
      The 2021 talk recommended kubenet "when you are constrained on IPs, network team only provide small
      subnets", and listed its costs: pod traffic crosses nodes through a route table, so a cluster stops at
      "400 Nodes (Route Table Limits)", integrations with Azure services "lag behind", and "Kubenet is
      susceptible to ARP spoofing" when pod identity is used.

      **What changed since 2021.** The IP problem kubenet solved is now solved by Azure CNI Overlay (GA April
      2023, the default of \`az aks create\`): pods get addresses from a private pod CIDR, only nodes take VNet
      addresses, and clusters scale to 5,000 nodes. kubenet retirement was announced on 2025-03-12 and support
      ends on **2028-03-31**; the portal no longer offers it. An existing cluster migrates in place to Overlay
      (GA 2024-01-23).
    `,
    remediation: {
      az: 'az aks update -g RESOURCE_GROUP -n CLUSTER --network-plugin azure --network-plugin-mode overlay',
      terraform: dedent`
        network_profile {
          network_plugin      = "azure"
          network_plugin_mode = "overlay"
          pod_cidr            = "10.244.0.0/16"
        }
      `,
      arm: dedent`
        "networkProfile": {
          "networkPlugin": "azure",
          "networkPluginMode": "overlay",
          "podCidr": "10.244.0.0/16"
        }
      `,
    },
    references: [
      'https://learn.microsoft.com/azure/aks/configure-kubenet',
      'https://learn.microsoft.com/azure/aks/azure-cni-overlay',
      'https://learn.microsoft.com/azure/aks/upgrade-azure-cni',
    ],
  },
  equivalents: { checkov: ['CKV2_AZURE_29'] },
  messages: {
    kubenet:
      'Cluster {{cluster}} uses kubenet, which AKS retires on 2028-03-31; migrate to Azure CNI Overlay, which saves VNet addresses the same way.',
  },
  examples: {
    valid: [
      dedent`
        name: overlay
        type: Microsoft.ContainerService/ManagedClusters
        networkProfile:
          networkPlugin: azure
          networkPluginMode: overlay
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: legacy
          type: Microsoft.ContainerService/ManagedClusters
          networkProfile:
            networkPlugin: kubenet
        `,
        reports: [{ messageId: 'kubenet', line: 4 }],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      const plugin = cluster.network.plugin;
      const target = { cluster, path: 'network/plugin' };
      if (isUnknown(plugin)) ctx.cannotTell(target, plugin);
      else if (plugin === 'kubenet') ctx.report('kubenet', target, { cluster: cluster.name });
    }
  },
});
