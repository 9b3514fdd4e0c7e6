// Reports system node pools that also accept application pods.
import { isUnknown } from '../../model/cluster.js';
import { clusterData } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksRequireCriticalAddonsOnly = defineRule({
  id: 'aks-require-critical-addons-only',
  title: 'Keep application pods off system node pools',
  category: 'workload',
  defaultSeverity: 'low',
  docs: {
    summary:
      'Reports System-mode node pools without the `CriticalAddonsOnly=true:NoSchedule` taint (Terraform `only_critical_addons_enabled`).',
    rationale: dedent`
      System pools run the pods the whole cluster depends on, such as CoreDNS and metrics-server. When
      application pods share those nodes, a noisy, misconfigured or compromised workload competes with them
      or accidentally deletes them. The \`CriticalAddonsOnly=true:NoSchedule\` taint keeps every pod that
      does not tolerate it (the AKS system components do) off the pool, so applications land on user pools.

      **What changed since 2021.** AKS documents the taint for dedicated system pools and Terraform offers
      \`default_node_pool.only_critical_addons_enabled\`; a System-mode pool without the taint is reported.
      Clusters need a User pool for applications once their system pools are tainted.
    `,
    remediation: {
      az: 'az aks nodepool add -g RESOURCE_GROUP --cluster-name CLUSTER -n systempool --mode System --node-taints CriticalAddonsOnly=true:NoSchedule   # then move system components and delete the old pool',
      terraform: dedent`
        default_node_pool {
          only_critical_addons_enabled = true
          temporary_name_for_rotation  = "rotation"  # changing it replaces the pool through a temporary one
        }
        # an azurerm_kubernetes_cluster_node_pool with mode = "System":
        # node_taints = ["CriticalAddonsOnly=true:NoSchedule"]
      `,
      arm: dedent`
        "agentPoolProfiles": [
          { "name": "system", "mode": "System", "nodeTaints": ["CriticalAddonsOnly=true:NoSchedule"] }
        ]
      `,
    },
    references: ['https://learn.microsoft.com/azure/aks/use-system-pools'],
  },
  equivalents: { checkov: ['CKV_AZURE_232'] },
  messages: {
    shared:
      'System node pool {{pool}} of cluster {{cluster}} has no CriticalAddonsOnly=true:NoSchedule taint: application pods can run next to system components.',
  },
  examples: {
    valid: [
      dedent`
        name: dedicated-system
        type: Microsoft.ContainerService/ManagedClusters
        agentPoolProfiles:
          - name: system
            mode: System
            nodeTaints: [CriticalAddonsOnly=true:NoSchedule]
          - name: user
            mode: User
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: shared-system
          type: Microsoft.ContainerService/ManagedClusters
          agentPoolProfiles:
            - name: system
              mode: System
              nodeTaints: [sku=gpu:NoSchedule]
        `,
        reports: [{ messageId: 'shared', line: 6 }],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      for (const pool of cluster.agentPools) {
        const modeTarget = { cluster, path: `${pool.path}/mode` };
        if (isUnknown(pool.mode)) {
          ctx.cannotTell(modeTarget, pool.mode);
          continue;
        }
        if (pool.mode?.toLowerCase() !== 'system') continue;
        const value = pool.onlyCriticalAddons;
        const target = { cluster, path: `${pool.path}/onlyCriticalAddons` };
        // Absent means untainted: AKS adds no taints to a pool unless asked.
        if (isUnknown(value)) ctx.cannotTell(target, value);
        else if (value !== true) ctx.report('shared', target, clusterData(cluster, { pool: pool.name }));
      }
    }
  },
});
