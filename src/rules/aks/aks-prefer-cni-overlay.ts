// Reports node pools on the classic (node-subnet) Azure CNI, which reserves every pod IP in the VNet up-front.
import { isUnknown } from '../../model/cluster.js';
import { clusterData } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksPreferCniOverlay = defineRule({
  id: 'aks-prefer-cni-overlay',
  title: 'Prefer Azure CNI Overlay (or a pod subnet) to classic node-subnet CNI',
  category: 'network',
  defaultSeverity: 'low',
  docs: {
    summary:
      'Reports node pools on classic Azure CNI (no overlay mode, no pod subnet), where each node reserves `maxPods` VNet addresses at creation.',
    rationale: dedent`
      The talk's sizing for "Azure CNI V1": "Number of IPs = No. of Nodes + Node Surge Count + Scale Out Nodes +
      No. of ILB Services + (Max No. of Pods Per Node * No. of Nodes)" — 442 addresses, a /23, for a 10-node
      cluster — and its advice: Azure CNI "Always … Unless you're constrained on IPs". Most enterprise networks
      are constrained on IPs.

      **What changed since 2021.** Two models remove the up-front reservation: **Azure CNI Overlay** (GA April
      2023, the default of \`az aks create\`; pods use a private CIDR, only nodes take VNet addresses) and **Azure
      CNI with a dynamic pod subnet** (GA 2022-05; pods take addresses from a separate subnet in batches of 16).
      Classic CNI is now documented as legacy. It still fits when pods must be directly routable from the VNet
      *and* the address space is plentiful; whether the subnet actually fits is checked by the planner rules.
    `,
    remediation: {
      az: 'az aks update -g RESOURCE_GROUP -n CLUSTER --network-plugin-mode overlay --pod-cidr 10.244.0.0/16',
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
    whenNotToUse: 'When pods must be addressable from peered networks and the VNet has the room.',
    references: [
      'https://learn.microsoft.com/azure/aks/concepts-network-legacy-cni',
      'https://learn.microsoft.com/azure/aks/azure-cni-overlay',
      'https://learn.microsoft.com/azure/aks/concepts-network-ip-address-planning',
    ],
  },
  equivalents: {},
  messages: {
    nodeSubnetCni:
      'Node pool {{pool}} of cluster {{cluster}} uses classic Azure CNI: every node reserves {{maxPods}} pod addresses in the VNet up-front; Overlay or a pod subnet saves them.',
  },
  examples: {
    valid: [
      dedent`
        name: overlay
        type: Microsoft.ContainerService/ManagedClusters
        networkProfile:
          networkPlugin: azure
          networkPluginMode: overlay
        agentPoolProfiles:
          - name: system
      `,
      dedent`
        name: pod-subnet
        type: Microsoft.ContainerService/ManagedClusters
        networkProfile:
          networkPlugin: azure
        agentPoolProfiles:
          - name: system
            podSubnetId: /subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pods
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: classic
          type: Microsoft.ContainerService/ManagedClusters
          networkProfile:
            networkPlugin: azure
          agentPoolProfiles:
            - name: system
              maxPods: 30
        `,
        reports: [{ messageId: 'nodeSubnetCni', line: 6 }],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      const { plugin, pluginMode } = cluster.network;
      if (isUnknown(plugin)) {
        ctx.cannotTell({ cluster, path: 'network/plugin' }, plugin);
        continue;
      }
      if (plugin !== 'azure') continue;
      if (isUnknown(pluginMode)) {
        ctx.cannotTell({ cluster, path: 'network/pluginMode' }, pluginMode);
        continue;
      }
      if (pluginMode?.toLowerCase() === 'overlay') continue;
      for (const pool of cluster.agentPools) {
        if (isUnknown(pool.podSubnetId)) {
          ctx.cannotTell({ cluster, path: `${pool.path}/podSubnetId` }, pool.podSubnetId);
          continue;
        }
        if (pool.podSubnetId) continue;
        // The API default for classic CNI is 30 pods per node.
        const maxPods = isUnknown(pool.maxPods) ? 'maxPods (unknown)' : (pool.maxPods ?? 30);
        ctx.report(
          'nodeSubnetCni',
          { cluster, path: pool.path },
          clusterData(cluster, { pool: pool.name, maxPods }),
        );
      }
    }
  },
});
