// Reports clusters whose egress leaves through the load balancer instead of a firewall.
import { isUnknown } from '../../model/cluster.js';
import { clusterData } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksRequireEgressFiltering = defineRule({
  id: 'aks-require-egress-filtering',
  title: 'Send egress through a firewall (userDefinedRouting) or a NAT gateway',
  category: 'egress',
  defaultSeverity: 'medium',
  docs: {
    summary:
      "Reports clusters whose `outboundType` is `loadBalancer` (the default), where pods reach the internet unfiltered through the load balancer's public IP, and clusters defined next to an Azure Firewall whose egress does not go through it.",
    rationale: dedent`
      The talk: with "Outbound-type=userDefinedRouting … the assumption is that you have a NVA/FW in place which
      you can route all the traffic to, and this NVA will handle the egress to the internet"; its reference
      designs route all egress through Azure Firewall. With \`loadBalancer\`, a compromised pod can exfiltrate to
      any address, and the egress IP is shared with inbound services.

      **What changed since 2021.** \`outboundType\` can be changed on an existing cluster (GA 2024-03-17), and
      there are now NAT gateway types (\`managedNATGateway\`, \`userAssignedNATGateway\`) and \`none\` for
      network-isolated clusters. A NAT gateway gives stable, dedicated egress IPs and SNAT scale but filters
      nothing; this rule accepts it, and \`userDefinedRouting\` to a firewall is what filters. Changing the
      outbound type changes the egress IPs: update authorized IP ranges and partner allow-lists.
    `,
    remediation: {
      az: 'az aks update -g RESOURCE_GROUP -n CLUSTER --outbound-type userDefinedRouting   # after the subnet route table sends 0.0.0.0/0 to the firewall',
      terraform: dedent`
        network_profile {
          network_plugin = "azure"
          outbound_type  = "userDefinedRouting"
        }
      `,
      arm: dedent`
        "networkProfile": {
          "outboundType": "userDefinedRouting"
        }
      `,
    },
    references: [
      'https://learn.microsoft.com/azure/aks/egress-outboundtype',
      'https://learn.microsoft.com/azure/aks/limit-egress-traffic',
    ],
  },
  equivalents: {},
  messages: {
    firewallBypassed:
      'Cluster {{cluster}} is defined with firewall {{firewall}} but its outboundType is {{outboundType}}: egress bypasses the firewall; use userDefinedRouting.',
    loadBalancer:
      'Cluster {{cluster}} sends egress through the load balancer: pods reach any internet address unfiltered; route it through a firewall (userDefinedRouting).',
  },
  examples: {
    valid: [
      dedent`
        name: firewalled
        type: Microsoft.ContainerService/ManagedClusters
        networkProfile:
          outboundType: userDefinedRouting
      `,
      dedent`
        name: nat
        type: Microsoft.ContainerService/ManagedClusters
        networkProfile:
          outboundType: managedNATGateway
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: direct
          type: Microsoft.ContainerService/ManagedClusters
          networkProfile:
            outboundType: loadBalancer
        `,
        reports: [{ messageId: 'loadBalancer', line: 4 }],
      },
      {
        input: dedent`
          {
            "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            "contentVersion": "1.0.0.0",
            "resources": [
              {
                "type": "Microsoft.Network/azureFirewalls",
                "apiVersion": "2023-09-01",
                "name": "fw-hub",
                "properties": { "ipConfigurations": [ { "name": "ip", "properties": { "privateIPAddress": "10.0.1.4" } } ] }
              },
              {
                "type": "Microsoft.ContainerService/managedClusters",
                "apiVersion": "2024-05-01",
                "name": "aks",
                "properties": {
                  "networkProfile": { "networkPlugin": "azure", "outboundType": "managedNATGateway" }
                }
              }
            ]
          }
        `,
        reports: [{ messageId: 'firewallBypassed', line: 16 }],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      const outbound = cluster.network.outboundType;
      const target = { cluster, path: 'network/outboundType' };
      if (isUnknown(outbound)) {
        ctx.cannotTell(target, outbound);
        continue;
      }
      // Absent means the API default, loadBalancer.
      const effective = outbound ?? 'loadBalancer';
      const firewall = cluster.firewalls[0];
      if (firewall && effective !== 'userDefinedRouting' && effective !== 'none')
        ctx.report(
          'firewallBypassed',
          target,
          clusterData(cluster, { firewall: firewall.name, outboundType: effective }),
        );
      else if (effective === 'loadBalancer') ctx.report('loadBalancer', target, clusterData(cluster));
    }
  },
});
