// Reports node pools whose maxPods is below 50.
import { isUnknown } from '../../model/cluster.js';
import { AZURE_CNI_DEFAULT_MAX_PODS } from '../../plan/index.js';
import { clusterData } from '../cluster-fields.js';
import { plannerPlugin } from '../cluster-plan.js';
import { dedent, defineRule } from '../define-rule.js';

/** The threshold PSRule (AZURE_AKS_POOL_MINIMUM_MAXPODS) and Checkov use. */
const MINIMUM_MAX_PODS = 50;

export const aksRequireMinMaxPods = defineRule({
  id: 'aks-require-min-max-pods',
  title: `Allow at least ${MINIMUM_MAX_PODS} pods per node`,
  category: 'network',
  defaultSeverity: 'low',
  docs: {
    summary: `Reports node pools whose \`maxPods\` is below ${MINIMUM_MAX_PODS}, written or by default: a pool that sets none gets ${AZURE_CNI_DEFAULT_MAX_PODS} on Azure CNI node subnet, 110 on kubenet and pod subnets, 250 on Overlay.`,
    rationale: dedent`
      \`maxPods\` is a network decision: with classic Azure CNI each node reserves that many VNet addresses, so
      the talk's sizing multiplies it by the node count. Setting it low to save addresses strands CPU and memory
      (DaemonSets alone take ten or more pods per node) and forces more nodes, each taking its own addresses.

      **What changed since 2021.** With Overlay (default 250) or a dynamic pod subnet (addresses in batches of
      16), a high \`maxPods\` no longer costs VNet addresses. \`maxPods\` cannot be changed on an existing pool;
      add a new pool. The threshold of ${MINIMUM_MAX_PODS} is the one PSRule and Checkov use.

      A pool without \`maxPods\` gets the API default of its network plugin, and this rule judges that value:
      PSRule's NodeMinPods and Checkov's CKV_AZURE_168 fail every pool that does not write \`maxPods\`, even on
      kubenet (110) or Overlay (250), where this rule passes it. A node pool resource given without its cluster
      (a template that adds a pool to an existing cluster) is not checked, and the loader warns; Checkov checks
      such a pool on its own.
    `,
    remediation: {
      az: 'az aks nodepool add -g RESOURCE_GROUP --cluster-name CLUSTER -n POOL --max-pods 110',
      terraform: dedent`
        default_node_pool {
          max_pods = 110
        }
      `,
      arm: dedent`
        "agentPoolProfiles": [
          { "name": "system", "maxPods": 110 }
        ]
      `,
    },
    references: [
      'https://learn.microsoft.com/azure/aks/concepts-network-ip-address-planning',
      'https://azure.github.io/PSRule.Rules.Azure/en/rules/Azure.AKS.NodeMinPods/',
    ],
  },
  equivalents: { psrule: ['Azure.AKS.NodeMinPods'], checkov: ['CKV_AZURE_168'] },
  messages: {
    tooFew:
      'Node pool {{pool}} of cluster {{cluster}} allows only {{maxPods}} pods per node (fewer than 50).',
    tooFewByDefault:
      'Node pool {{pool}} of cluster {{cluster}} sets no maxPods and gets the Azure CNI default of {{maxPods}} pods per node (fewer than 50).',
  },
  examples: {
    valid: [
      dedent`
        name: roomy
        type: Microsoft.ContainerService/ManagedClusters
        networkProfile:
          networkPlugin: azure
          networkPluginMode: overlay
        agentPoolProfiles:
          - name: system
            maxPods: 110
      `,
      // kubenet gives a pool without maxPods 110.
      dedent`
        name: kubenet-default
        type: Microsoft.ContainerService/ManagedClusters
        networkProfile:
          networkPlugin: kubenet
        agentPoolProfiles:
          - name: system
            count: 3
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: cramped
          type: Microsoft.ContainerService/ManagedClusters
          agentPoolProfiles:
            - name: system
              maxPods: 30
        `,
        reports: [{ messageId: 'tooFew', line: 5 }],
      },
      {
        // Azure CNI node subnet gives a pool without maxPods only 30.
        input: dedent`
          name: defaulted
          type: Microsoft.ContainerService/ManagedClusters
          networkProfile:
            networkPlugin: azure
          agentPoolProfiles:
            - name: system
              count: 3
        `,
        reports: [{ messageId: 'tooFewByDefault', line: 6 }],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      for (const pool of cluster.agentPools) {
        const maxPods = pool.maxPods;
        const target = { cluster, path: `${pool.path}/maxPods` };
        if (isUnknown(maxPods)) ctx.cannotTell(target, maxPods);
        else if (maxPods !== undefined && maxPods < MINIMUM_MAX_PODS)
          ctx.report('tooFew', target, clusterData(cluster, { pool: pool.name, maxPods }));
        else if (
          maxPods === undefined &&
          !isUnknown(pool.podSubnetId) &&
          plannerPlugin(cluster, [pool]) === 'azure'
        )
          ctx.report(
            'tooFewByDefault',
            { cluster, path: pool.path },
            clusterData(cluster, { pool: pool.name, maxPods: AZURE_CNI_DEFAULT_MAX_PODS }),
          );
      }
    }
  },
});
