// Reports node pools whose subnet cannot hold their nodes, surge and pod IPs, as the planner sizes them.
import { clusterData } from '../cluster-fields.js';
import { planCluster } from '../cluster-plan.js';
import { dedent, defineRule } from '../define-rule.js';

/** The planner's sizing problems: a range that does not fit, a plugin limit exceeded. */
const SIZING_CODES: Readonly<Record<string, 'tooSmall' | 'limit'>> = {
  'subnet-too-small': 'tooSmall',
  'limit-exceeded': 'limit',
};

export const aksRequireSubnetCapacity = defineRule({
  id: 'aks-require-subnet-capacity',
  title: 'Size subnets for maxPods, autoscaling and upgrade surge',
  category: 'network',
  defaultSeverity: 'high',
  docs: {
    summary:
      'Reports node pools whose node subnet, pod subnet or pod CIDR (defined next to the cluster) cannot hold the addresses the network plugin needs at the autoscaler maximum plus upgrade surge, and plugin limits the pools exceed, as `aksguard plan` computes them.',
    rationale: dedent`
      The talk sizes every plugin with the same ingredients: "No. of Nodes + Node Surge Count + Scale Out Nodes +
      No. of ILB Services", plus "(Max No. of Pods Per Node * No. of Nodes)" for Azure CNI — 442 addresses, a /23,
      for ten nodes. A subnet that is too small does not fail at creation: it fails on the day the autoscaler or an
      upgrade needs one more node, and it cannot be resized while in use.

      **What changed since 2021.** The upgrade surge default went from one node to **10 %** of the pool (rounded
      up), pod subnets hand out addresses in batches of 16 per node, and Overlay needs a /24 of the pod CIDR per
      node. This rule builds the planner's input from the definition (each pool's count, \`maxCount\` when
      autoscaling, \`maxSurge\`, \`maxPods\`; internal load balancers without a subnet annotation among the
      manifests) and reports what the planner reports; \`aksguard plan\` shows the full arithmetic. PSRule's
      CNISubnetSize checks a flat /23, on exported data only, so a small pool on a /24 passes here and fails
      there. A pool's subnet is the one whose resource id (resource group included) its \`vnetSubnetID\`
      names; settings unknown at analysis time (a parameter without a value) are not replaced by defaults.
    `,
    remediation: {
      az: 'az network vnet subnet create -g RESOURCE_GROUP --vnet-name VNET -n aks-nodes-2 --address-prefixes 10.10.8.0/21 && az aks nodepool add -g RESOURCE_GROUP --cluster-name CLUSTER -n pool2 --vnet-subnet-id SUBNET_ID',
      terraform: dedent`
        resource "azurerm_subnet" "aks_nodes" {
          name             = "aks-nodes"
          address_prefixes = ["10.10.8.0/21"]   # as large as aksguard plan says
        }
      `,
      arm: dedent`
        "subnets": [
          { "name": "aks-nodes", "properties": { "addressPrefix": "10.10.8.0/21" } }
        ]
      `,
    },
    references: [
      'https://learn.microsoft.com/azure/aks/concepts-network-ip-address-planning',
      'https://learn.microsoft.com/azure/aks/upgrade-aks-node-pools-rolling',
    ],
  },
  equivalents: { psrule: ['Azure.AKS.CNISubnetSize'] },
  messages: {
    tooSmall: 'Cluster {{cluster}}: {{problem}}',
    limit: 'Cluster {{cluster}}: {{problem}}',
  },
  examples: {
    valid: [
      dedent`
        {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "resources": [
            {
              "type": "Microsoft.Network/virtualNetworks",
              "apiVersion": "2023-09-01",
              "name": "spoke",
              "properties": {
                "addressSpace": { "addressPrefixes": ["10.10.0.0/16"] },
                "subnets": [ { "name": "nodes", "properties": { "addressPrefix": "10.10.0.0/24" } } ]
              }
            },
            {
              "type": "Microsoft.ContainerService/managedClusters",
              "apiVersion": "2024-05-01",
              "name": "overlay",
              "properties": {
                "networkProfile": { "networkPlugin": "azure", "networkPluginMode": "overlay", "podCidr": "10.244.0.0/16" },
                "agentPoolProfiles": [
                  { "name": "system", "count": 10, "enableAutoScaling": true, "minCount": 10, "maxCount": 20, "maxPods": 110,
                    "vnetSubnetID": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'spoke', 'nodes')]" }
                ]
              }
            }
          ]
        }
      `,
      // maxPods comes from a parameter without a value: the subnet is not sized with a default in its place.
      dedent`
        {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "parameters": { "maxPods": { "type": "int" } },
          "resources": [
            {
              "type": "Microsoft.Network/virtualNetworks",
              "apiVersion": "2023-09-01",
              "name": "spoke",
              "properties": {
                "addressSpace": { "addressPrefixes": ["10.10.0.0/16"] },
                "subnets": [ { "name": "nodes", "properties": { "addressPrefix": "10.10.0.0/24" } } ]
              }
            },
            {
              "type": "Microsoft.ContainerService/managedClusters",
              "apiVersion": "2024-05-01",
              "name": "parameterised",
              "properties": {
                "networkProfile": { "networkPlugin": "azure" },
                "agentPoolProfiles": [
                  { "name": "system", "count": 10, "maxPods": "[parameters('maxPods')]",
                    "vnetSubnetID": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'spoke', 'nodes')]" }
                ]
              }
            }
          ]
        }
      `,
    ],
    invalid: [
      {
        input: dedent`
          {
            "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            "contentVersion": "1.0.0.0",
            "resources": [
              {
                "type": "Microsoft.Network/virtualNetworks",
                "apiVersion": "2023-09-01",
                "name": "spoke",
                "properties": {
                  "addressSpace": { "addressPrefixes": ["10.10.0.0/16"] },
                  "subnets": [ { "name": "nodes", "properties": { "addressPrefix": "10.10.0.0/24" } } ]
                }
              },
              {
                "type": "Microsoft.ContainerService/managedClusters",
                "apiVersion": "2024-05-01",
                "name": "classic",
                "properties": {
                  "networkProfile": { "networkPlugin": "azure" },
                  "agentPoolProfiles": [
                    { "name": "system", "count": 10, "enableAutoScaling": true, "minCount": 10, "maxCount": 20, "maxPods": 30,
                      "vnetSubnetID": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'spoke', 'nodes')]" }
                  ]
                }
              }
            ]
          }
        `,
        reports: [{ messageId: 'tooSmall', line: 11 }],
      },
      {
        input: dedent`
          name: big-kubenet
          type: Microsoft.ContainerService/ManagedClusters
          networkProfile:
            networkPlugin: kubenet
          agentPoolProfiles:
            - name: system
              count: 450
        `,
        // 450 nodes (plus 10 % surge) also outgrow the default 10.244.0.0/16 pod CIDR at one /24 per node.
        reports: [
          { messageId: 'tooSmall', line: 3 },
          { messageId: 'limit', line: 6 },
        ],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      for (const plan of planCluster(cluster, ctx.objects)) {
        for (const problem of plan.result.problems) {
          const messageId = SIZING_CODES[problem.code];
          if (!messageId) continue;
          ctx.report(
            messageId,
            { cluster, path: plan.pathOf(problem.subjects[0]) },
            clusterData(cluster, { problem: problem.message }),
          );
        }
      }
    }
  },
});
