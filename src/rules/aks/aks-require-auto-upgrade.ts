// Reports clusters that leave Kubernetes upgrades or node OS patching to manual action.
import { isUnknown } from '../../model/cluster.js';
import { clusterData } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

/** Node OS channels that do not patch nodes: `None` applies nothing, `Unmanaged` leaves it to the OS's own updates. */
const UNPATCHED_NODE_OS_CHANNELS = ['none', 'unmanaged'];

export const aksRequireAutoUpgrade = defineRule({
  id: 'aks-require-auto-upgrade',
  title: 'Upgrade clusters and patch node images automatically',
  category: 'add-ons',
  defaultSeverity: 'medium',
  docs: {
    summary:
      'Reports clusters whose `autoUpgradeProfile.upgradeChannel` is absent or `none`, and clusters whose `nodeOSUpgradeChannel` is `None` or `Unmanaged`.',
    rationale: dedent`
      Kubernetes versions leave AKS support after about a year, and node images carry the OS security
      patches. A cluster nobody upgrades drifts out of support and keeps known vulnerabilities on its nodes.

      **What changed since 2021.** AKS now upgrades both on its own schedule: the cluster auto-upgrade
      channel (\`patch\`, \`stable\`, \`rapid\`, and the legacy \`node-image\`) and, separately, the node OS
      upgrade channel (\`SecurityPatch\`, \`NodeImage\`), both bounded by planned maintenance windows. The
      cluster channel defaults to \`none\` (the API default, and what azurerm sets when the attribute is
      omitted), so an absent one is reported. The node OS channel defaults to \`NodeImage\` for clusters
      created with API version 2023-06-01 or later (azurerm 4.x defaults it too), so an absent one passes.
    `,
    remediation: {
      az: 'az aks update -g RESOURCE_GROUP -n CLUSTER --auto-upgrade-channel patch --node-os-upgrade-channel SecurityPatch',
      terraform: dedent`
        # azurerm 4.x; 3.x names them automatic_channel_upgrade and node_os_channel_upgrade
        automatic_upgrade_channel = "patch"
        node_os_upgrade_channel   = "SecurityPatch"
      `,
      arm: dedent`
        "autoUpgradeProfile": {
          "upgradeChannel": "patch",
          "nodeOSUpgradeChannel": "SecurityPatch"
        }
      `,
    },
    references: [
      'https://learn.microsoft.com/azure/aks/auto-upgrade-cluster',
      'https://learn.microsoft.com/azure/aks/auto-upgrade-node-os-image',
    ],
  },
  equivalents: {
    psrule: ['Azure.AKS.AutoUpgrade', 'Azure.AKS.NodeAutoUpgrade'],
    checkov: ['CKV_AZURE_171'],
  },
  messages: {
    noUpgradeChannel:
      'Cluster {{cluster}} has no auto-upgrade channel: Kubernetes versions are upgraded only by hand.',
    noNodeOsPatching:
      'Cluster {{cluster}} has node OS upgrade channel {{channel}}: node images are not patched automatically.',
  },
  examples: {
    valid: [
      dedent`
        name: self-upgrading
        type: Microsoft.ContainerService/ManagedClusters
        autoUpgradeProfile:
          upgradeChannel: patch
          nodeOSUpgradeChannel: SecurityPatch
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: frozen
          type: Microsoft.ContainerService/ManagedClusters
          autoUpgradeProfile:
            upgradeChannel: none
            nodeOSUpgradeChannel: Unmanaged
        `,
        reports: [
          { messageId: 'noUpgradeChannel', line: 4 },
          { messageId: 'noNodeOsPatching', line: 5 },
        ],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      const channel = cluster.upgradeChannel;
      const channelTarget = { cluster, path: 'upgradeChannel' };
      if (isUnknown(channel)) ctx.cannotTell(channelTarget, channel);
      else if (channel === undefined || channel.toLowerCase() === 'none')
        ctx.report('noUpgradeChannel', channelTarget, clusterData(cluster));

      const nodeOs = cluster.nodeOsUpgradeChannel;
      const nodeOsTarget = { cluster, path: 'nodeOsUpgradeChannel' };
      if (isUnknown(nodeOs)) ctx.cannotTell(nodeOsTarget, nodeOs);
      else if (nodeOs !== undefined && UNPATCHED_NODE_OS_CHANNELS.includes(nodeOs.toLowerCase()))
        ctx.report('noNodeOsPatching', nodeOsTarget, clusterData(cluster, { channel: nodeOs }));
    }
  },
});
