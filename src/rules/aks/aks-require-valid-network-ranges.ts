// Reports cluster CIDRs that AKS refuses or that break routing, as the planner checks them.
import { clusterData } from '../cluster-fields.js';
import { planCluster } from '../cluster-plan.js';
import { dedent, defineRule } from '../define-rule.js';

/**
 * Planner problems that are not about ranges: sizing (aks-require-subnet-capacity), kubenet's retirement
 * (aks-no-kubenet), and checks of the planner's own input that a cluster definition cannot trigger.
 */
const NOT_RANGE_CODES = new Set([
  'subnet-too-small',
  'limit-exceeded',
  'kubenet-retiring',
  'max-nodes-below-nodes',
  'windows-unsupported',
]);

export const aksRequireValidNetworkRanges = defineRule({
  id: 'aks-require-valid-network-ranges',
  title: 'Use network ranges AKS accepts and that do not collide',
  category: 'network',
  defaultSeverity: 'high',
  docs: {
    summary:
      "Reports the cluster's pod CIDR, service CIDR, DNS service IP, subnets and VNet when they overlap, use ranges AKS reserves, lie outside their VNet, or are otherwise refused or risky, as `aksguard plan` checks them.",
    rationale: dedent`
      The talk's design rules: the pod CIDR (kubenet) "ensure it doesn't overlap with connected networks", the
      service CIDR "shouldn't overlap with connected networks, can be reused across clusters". Overlaps do not
      always fail the deployment: they silently black-hole traffic to whatever shares the range.

      **What changed since 2021.** AKS now refuses pod, service and VNet ranges that overlap 169.254.0.0/16,
      172.30.0.0/16, 172.31.0.0/16 or 192.0.2.0/24; the DNS service IP must be inside the service CIDR and not its
      first address; \`dockerBridgeCidr\` was removed from the API in 2023-04-01 ("no longer required in 1.19+" in
      the talk). This rule hands the definition's ranges to the planner — the same checks as \`aksguard plan\` —
      and reports its errors and warnings.
    `,
    remediation: {
      az: 'az aks create ... --service-cidr 10.2.0.0/16 --dns-service-ip 10.2.0.10 --pod-cidr 10.244.0.0/16   # ranges are fixed at creation',
      terraform: dedent`
        network_profile {
          network_plugin      = "azure"
          network_plugin_mode = "overlay"
          pod_cidr            = "10.244.0.0/16"
          service_cidr        = "10.2.0.0/16"
          dns_service_ip      = "10.2.0.10"
        }
      `,
      arm: dedent`
        "networkProfile": {
          "podCidr": "10.244.0.0/16",
          "serviceCidr": "10.2.0.0/16",
          "dnsServiceIP": "10.2.0.10"
        }
      `,
    },
    references: [
      'https://learn.microsoft.com/azure/aks/concepts-network-cni-overview',
      'https://learn.microsoft.com/azure/aks/concepts-network-ip-address-planning',
    ],
  },
  equivalents: {},
  messages: {
    refused: 'Cluster {{cluster}}: {{problem}}',
    risky: 'Cluster {{cluster}}: {{problem}}',
  },
  examples: {
    valid: [
      dedent`
        name: tidy
        type: Microsoft.ContainerService/ManagedClusters
        networkProfile:
          networkPlugin: azure
          networkPluginMode: overlay
          podCidr: 10.244.0.0/16
          serviceCidr: 10.2.0.0/16
          dnsServiceIP: 10.2.0.10
        agentPoolProfiles:
          - name: system
            count: 3
      `,
      // The service CIDR comes from a parameter without a value: the DNS service IP is not checked against a
      // default the deployment will not use.
      dedent`
        {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "parameters": { "serviceCidr": { "type": "string" } },
          "resources": [
            {
              "type": "Microsoft.ContainerService/managedClusters",
              "apiVersion": "2024-05-01",
              "name": "parameterised",
              "properties": {
                "networkProfile": {
                  "networkPlugin": "azure",
                  "networkPluginMode": "overlay",
                  "serviceCidr": "[parameters('serviceCidr')]",
                  "dnsServiceIP": "10.2.0.10"
                },
                "agentPoolProfiles": [ { "name": "system", "count": 3 } ]
              }
            }
          ]
        }
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: colliding
          type: Microsoft.ContainerService/ManagedClusters
          networkProfile:
            networkPlugin: azure
            networkPluginMode: overlay
            podCidr: 172.31.0.0/16
            serviceCidr: 10.2.0.0/16
            dnsServiceIP: 10.3.0.10
            dockerBridgeCidr: 172.17.0.1/16
          agentPoolProfiles:
            - name: system
              count: 3
        `,
        reports: [
          { messageId: 'refused', line: 6 },
          { messageId: 'refused', line: 8 },
          { messageId: 'risky', line: 9 },
        ],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      for (const plan of planCluster(cluster, ctx.objects)) {
        for (const problem of plan.result.problems) {
          if (NOT_RANGE_CODES.has(problem.code) || problem.severity === 'info') continue;
          ctx.report(
            problem.severity === 'error' ? 'refused' : 'risky',
            { cluster, path: plan.pathOf(problem.subjects[0]) },
            clusterData(cluster, { problem: problem.message }),
          );
        }
      }
    }
  },
});
