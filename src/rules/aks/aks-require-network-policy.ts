// Reports clusters without a network policy engine.
import { isUnknown } from '../../model/cluster.js';
import { clusterData } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksRequireNetworkPolicy = defineRule({
  id: 'aks-require-network-policy',
  title: 'Enable a network policy engine',
  category: 'network-policy',
  defaultSeverity: 'high',
  docs: {
    summary:
      'Reports clusters whose `networkPolicy` is absent or `none`: NetworkPolicy objects are accepted but nothing enforces them.',
    rationale: dedent`
      Without an engine every pod can reach every other pod, and NetworkPolicy objects are stored but silently
      ignored. The talk: "Network policies can only be enabled at cluster provisioning time, always enable
      network policies even if you're not planning to use them at the beginning."

      **What changed since 2021.** An engine can now be installed on an existing cluster with
      \`az aks update --network-policy\` (Calico or Azure NPM; AKS rejects installing them on Kubernetes older than
      1.30 since 2026-05-29), and Azure CNI powered by Cilium (GA 2023-05) enforces policy in eBPF. The advice to
      decide at creation still stands, because changing the engine restarts the networking of every node.
      Unlike PSRule, this rule accepts \`cilium\`; unlike Checkov and Trivy, it does not accept \`none\`, which the
      API documents as "not enforced". Clusters on a bring-your-own CNI (\`networkPlugin: none\`) are skipped:
      their CNI enforces policy, and AKS requires \`networkPolicy\` to stay unset.
    `,
    remediation: {
      az: 'az aks update -g RESOURCE_GROUP -n CLUSTER --network-dataplane cilium --network-policy cilium',
      terraform: dedent`
        network_profile {
          network_plugin      = "azure"
          network_plugin_mode = "overlay"
          network_data_plane  = "cilium"
          network_policy      = "cilium"
        }
      `,
      arm: dedent`
        "networkProfile": {
          "networkPlugin": "azure",
          "networkPluginMode": "overlay",
          "networkDataplane": "cilium",
          "networkPolicy": "cilium"
        }
      `,
    },
    references: [
      'https://learn.microsoft.com/azure/aks/use-network-policies',
      'https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium',
    ],
  },
  equivalents: {
    psrule: ['Azure.AKS.NetworkPolicy'],
    checkov: ['CKV_AZURE_7'],
    trivy: ['AZU-0043'],
    kubescape: ['C-0240'],
  },
  messages: {
    missing: 'Cluster {{cluster}} has no network policy engine: NetworkPolicy objects would not be enforced.',
    none: 'Cluster {{cluster}} sets networkPolicy to none: NetworkPolicy objects are not enforced.',
  },
  examples: {
    valid: [
      dedent`
        name: cilium
        type: Microsoft.ContainerService/ManagedClusters
        networkProfile:
          networkPlugin: azure
          networkDataplane: cilium
          networkPolicy: cilium
      `,
      dedent`
        name: byo-cni
        type: Microsoft.ContainerService/ManagedClusters
        networkProfile:
          networkPlugin: none
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: open
          type: Microsoft.ContainerService/ManagedClusters
          networkProfile:
            networkPlugin: azure
        `,
        reports: [{ messageId: 'missing', line: 3 }],
      },
      {
        input: dedent`
          name: none
          type: Microsoft.ContainerService/ManagedClusters
          networkProfile:
            networkPlugin: azure
            networkPolicy: none
        `,
        reports: [{ messageId: 'none', line: 5 }],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      const { plugin, policy } = cluster.network;
      if (isUnknown(plugin)) {
        ctx.cannotTell({ cluster, path: 'network/plugin' }, plugin);
        continue;
      }
      if (plugin === 'none') continue;
      const target = { cluster, path: 'network/policy' };
      if (isUnknown(policy)) ctx.cannotTell(target, policy);
      else if (policy === undefined) ctx.report('missing', target, clusterData(cluster));
      else if (policy === 'none') ctx.report('none', target, clusterData(cluster));
    }
  },
});
