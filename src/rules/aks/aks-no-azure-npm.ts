// Reports clusters on Azure Network Policy Manager, which AKS retires.
import { isUnknown } from '../../model/cluster.js';
import { clusterData } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksNoAzureNpm = defineRule({
  id: 'aks-no-azure-npm',
  title: 'Move off Azure Network Policy Manager',
  category: 'network-policy',
  defaultSeverity: 'medium',
  docs: {
    summary:
      'Reports clusters whose network policy engine is Azure NPM (`networkPolicy: azure`), which AKS retires.',
    rationale: dedent`
      In 2021 the talk presented Azure Network Policy as "developed by Azure Networking team" with "one stop shop
      for support", next to Calico.

      **What changed since 2021.** Azure NPM is being retired: on Windows nodes support ends on **2026-09-30**
      with no new onboarding, on Linux on **2028-09-30**. It also caps a cluster at 250 nodes and 20,000 pods.
      The replacement on Linux is Azure CNI powered by Cilium (GA 2023-05-23), which enforces the same
      NetworkPolicy objects in eBPF and adds FQDN and L7 policies; on Windows, NSGs or Calico.
    `,
    remediation: {
      az: 'az aks update -g RESOURCE_GROUP -n CLUSTER --network-dataplane cilium',
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
  equivalents: {},
  messages: {
    azureNpm:
      'Cluster {{cluster}} enforces network policy with Azure NPM, retired on 2026-09-30 (Windows) and 2028-09-30 (Linux); move to Cilium.',
  },
  examples: {
    valid: [
      dedent`
        name: calico
        type: Microsoft.ContainerService/ManagedClusters
        networkProfile:
          networkPlugin: azure
          networkPolicy: calico
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: npm
          type: Microsoft.ContainerService/ManagedClusters
          networkProfile:
            networkPlugin: azure
            networkPolicy: azure
        `,
        reports: [{ messageId: 'azureNpm', line: 5 }],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      const policy = cluster.network.policy;
      const target = { cluster, path: 'network/policy' };
      if (isUnknown(policy)) ctx.cannotTell(target, policy);
      else if (policy === 'azure') ctx.report('azureNpm', target, clusterData(cluster));
    }
  },
});
