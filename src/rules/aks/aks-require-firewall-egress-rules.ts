// Reports firewalls in front of a userDefinedRouting cluster that do not allow what AKS and its add-ons must reach.
import { type Cluster, type Firewall, type FirewallRule, isUnknown } from '../../model/cluster.js';
import {
  cloudOfLocation,
  fqdnAdmits,
  type PortRequirement,
  portsInclude,
  requiredFqdns,
  requiredPorts,
} from '../aks-egress-requirements.js';
import { clusterData, flagValue } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

/** Azure Firewall's FQDN tag for the AKS dependencies. */
const AKS_FQDN_TAG = 'azurekubernetesservice';

const allows = (rule: FirewallRule) => (rule.action ?? 'Allow').toLowerCase() !== 'deny';

/** Whether some allow rule lets HTTPS reach the name: an application rule on Https, or a TCP 443 network rule. */
function allowsHttps(rules: readonly FirewallRule[], name: string, coveredByAksTag: boolean): boolean {
  return rules.filter(allows).some((rule) => {
    if (rule.kind === 'application') {
      const https = rule.protocols.some((p) => /^https(:443)?$/i.test(p));
      if (!https) return false;
      if (coveredByAksTag && rule.fqdnTags.some((t) => t.toLowerCase() === AKS_FQDN_TAG)) return true;
      return rule.fqdns.some((fqdn) => fqdnAdmits(fqdn, name));
    }
    const tcp = rule.protocols.some((p) => /^(tcp|any)$/i.test(p));
    return tcp && portsInclude(rule.ports, 443) && rule.destinations.some((d) => fqdnAdmits(d, name));
  });
}

/** Whether some allow network rule opens the protocol and port (to any destination: the API server or AzureCloud). */
function allowsPort(rules: readonly FirewallRule[], need: PortRequirement): boolean {
  return rules
    .filter((r) => allows(r) && r.kind === 'network')
    .some(
      (rule) =>
        rule.protocols.some((p) => p.toUpperCase() === need.protocol || /^any$/i.test(p)) &&
        portsInclude(rule.ports, need.port),
    );
}

/** The firewall the cluster's routes point at, or the only firewall of the definition. */
function egressFirewall(cluster: Cluster): Firewall | undefined {
  const hops = new Set(
    cluster.routeTables.flatMap((t) =>
      t.routes.flatMap((r) => (typeof r.nextHopIpAddress === 'string' ? [r.nextHopIpAddress] : [])),
    ),
  );
  return (
    cluster.firewalls.find((f) => typeof f.privateIp === 'string' && hops.has(f.privateIp)) ??
    (cluster.firewalls.length === 1 ? cluster.firewalls[0] : undefined)
  );
}

export const aksRequireFirewallEgressRules = defineRule({
  id: 'aks-require-firewall-egress-rules',
  title: 'Allow the FQDNs and ports AKS needs through the egress firewall',
  category: 'egress',
  defaultSeverity: 'high',
  docs: {
    summary:
      'Reports the Azure Firewall (defined next to a `userDefinedRouting` cluster) when its rules do not allow the FQDNs AKS needs in its cloud and region, those of the add-ons the cluster enables, or the network rules of sovereign clouds.',
    rationale: dedent`
      The talk routes all egress to Azure Firewall. Egress FQDNs have no static IPs, so this needs application
      rules (or the \`AzureKubernetesService\` FQDN tag, which Microsoft keeps current). A firewall that misses one
      breaks the cluster in ways that surface late: nodes that cannot pull system images from MCR, an upgrade that
      cannot download binaries, monitoring or Azure Policy that silently stop reporting.

      **What changed since 2021.** The list moved: \`packages.aks.azure.com\` is replacing \`acs-mirror.azureedge.net\`,
      MCR added \`mcr-0001.mcr-msedge.net\`, konnectivity made the API-server tunnel HTTPS to
      \`*.hcp.<region>.azmk8s.io\` (UDP 1194 / TCP 9000 are no longer needed in the public cloud, nor NTP for nodes
      provisioned after March 2021), and each add-on has its own endpoints. Azure Government and Azure operated by
      21Vianet have their own names (and still list the tunnel ports; 21Vianet adds TCP 22). Private clusters do
      not need the API server FQDN. Rules whose content is unknown at analysis time make this rule say it cannot
      tell; source addresses are not checked.
    `,
    remediation: {
      az: 'az network firewall application-rule create -g RESOURCE_GROUP -f FIREWALL -c aks -n aks-fqdn-tag --action Allow --priority 100 --source-addresses 10.10.0.0/22 --protocols https=443 http=80 --fqdn-tags AzureKubernetesService',
      terraform: dedent`
        application_rule_collection {
          name     = "aks"
          priority = 100
          action   = "Allow"
          rule {
            name                  = "aks-fqdn-tag"
            source_addresses      = ["10.10.0.0/22"]
            destination_fqdn_tags = ["AzureKubernetesService"]
            protocols {
              type = "Https"
              port = 443
            }
          }
        }
      `,
      arm: dedent`
        "applicationRuleCollections": [
          {
            "name": "aks",
            "properties": {
              "priority": 100,
              "action": { "type": "Allow" },
              "rules": [
                {
                  "name": "aks-fqdn-tag",
                  "sourceAddresses": ["10.10.0.0/22"],
                  "protocols": [ { "protocolType": "Https", "port": 443 } ],
                  "fqdnTags": ["AzureKubernetesService"]
                }
              ]
            }
          }
        ]
      `,
    },
    references: [
      'https://learn.microsoft.com/azure/aks/outbound-rules-control-egress',
      'https://learn.microsoft.com/azure/aks/limit-egress-traffic',
      'https://learn.microsoft.com/azure/firewall/fqdn-tags',
    ],
  },
  equivalents: {},
  messages: {
    missingFqdns:
      'Firewall {{firewall}} does not allow HTTPS to {{missing}}, needed by {{feature}} of cluster {{cluster}}.',
    missingPorts:
      'Firewall {{firewall}} does not allow {{missing}}, needed in {{cloud}} by cluster {{cluster}}.',
  },
  examples: {
    valid: [
      dedent`
        {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "resources": [
            {
              "type": "Microsoft.Network/azureFirewalls",
              "apiVersion": "2023-09-01",
              "name": "fw",
              "properties": {
                "applicationRuleCollections": [
                  {
                    "name": "aks",
                    "properties": {
                      "priority": 100,
                      "action": { "type": "Allow" },
                      "rules": [
                        { "name": "tag", "sourceAddresses": ["10.10.0.0/22"], "protocols": [ { "protocolType": "Https", "port": 443 } ], "fqdnTags": ["AzureKubernetesService"] },
                        { "name": "policy", "sourceAddresses": ["10.10.0.0/22"], "protocols": [ { "protocolType": "Https", "port": 443 } ],
                          "targetFqdns": ["data.policy.core.windows.net", "store.policy.core.windows.net", "dc.services.visualstudio.com"] }
                      ]
                    }
                  }
                ]
              }
            },
            {
              "type": "Microsoft.ContainerService/managedClusters",
              "apiVersion": "2024-05-01",
              "name": "aks",
              "location": "westeurope",
              "properties": {
                "networkProfile": { "networkPlugin": "azure", "outboundType": "userDefinedRouting" },
                "addonProfiles": { "azurepolicy": { "enabled": true } }
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
                "type": "Microsoft.Network/azureFirewalls",
                "apiVersion": "2023-09-01",
                "name": "fw",
                "properties": {
                  "applicationRuleCollections": [
                    {
                      "name": "aks",
                      "properties": {
                        "priority": 100,
                        "action": { "type": "Allow" },
                        "rules": [
                          { "name": "core", "sourceAddresses": ["10.10.0.0/22"], "protocols": [ { "protocolType": "Https", "port": 443 } ],
                            "targetFqdns": ["*.hcp.westeurope.azmk8s.io", "*.microsoft.com", "management.azure.com", "login.microsoftonline.com"] }
                        ]
                      }
                    }
                  ]
                }
              },
              {
                "type": "Microsoft.ContainerService/managedClusters",
                "apiVersion": "2024-05-01",
                "name": "aks",
                "location": "westeurope",
                "properties": {
                  "networkProfile": { "networkPlugin": "azure", "outboundType": "userDefinedRouting" },
                  "addonProfiles": { "azureKeyvaultSecretsProvider": { "enabled": true } }
                }
              }
            ]
          }
        `,
        reports: [
          { messageId: 'missingFqdns', line: 5 },
          { messageId: 'missingFqdns', line: 5 },
        ],
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
                "name": "fw",
                "properties": {
                  "applicationRuleCollections": [
                    {
                      "name": "aks",
                      "properties": {
                        "priority": 100,
                        "action": { "type": "Allow" },
                        "rules": [
                          { "name": "tag", "sourceAddresses": ["10.10.0.0/22"], "protocols": [ { "protocolType": "Https", "port": 443 } ], "fqdnTags": ["AzureKubernetesService"] }
                        ]
                      }
                    }
                  ]
                }
              },
              {
                "type": "Microsoft.ContainerService/managedClusters",
                "apiVersion": "2024-05-01",
                "name": "aks-gov",
                "location": "usgovvirginia",
                "properties": {
                  "networkProfile": { "networkPlugin": "azure", "outboundType": "userDefinedRouting" }
                }
              }
            ]
          }
        `,
        reports: [
          { messageId: 'missingPorts', line: 5 },
          { messageId: 'missingPorts', line: 5 },
        ],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      const outbound = cluster.network.outboundType;
      if (isUnknown(outbound) || outbound !== 'userDefinedRouting') continue;
      const firewall = egressFirewall(cluster);
      if (!firewall) continue;
      const target = { cluster, path: firewall.path, resource: { kind: 'Firewall', name: firewall.name } };
      if (firewall.rulesUnknown !== undefined) {
        ctx.cannotTell(
          { ...target, path: `${firewall.path}/rules` },
          { unknown: true, reason: firewall.rulesUnknown },
        );
        continue;
      }
      const location = cluster.location;
      if (location === undefined || isUnknown(location)) {
        if (isUnknown(location)) ctx.cannotTell({ ...target, path: 'location' }, location);
        continue;
      }
      const cloud = cloudOfLocation(location);
      for (const group of requiredFqdns(cluster, cloud, location.toLowerCase())) {
        const missing = group.fqdns.filter(
          (name) => !allowsHttps(firewall.rules, name, group.coveredByAksTag),
        );
        if (missing.length > 0)
          ctx.report(
            'missingFqdns',
            target,
            clusterData(cluster, {
              firewall: firewall.name,
              feature: group.feature,
              missing: missing.join(', '),
            }),
          );
      }
      const isPrivate = flagValue(cluster.apiServer.privateCluster, false) === true;
      for (const need of requiredPorts(cloud, isPrivate)) {
        if (!allowsPort(firewall.rules, need))
          ctx.report(
            'missingPorts',
            target,
            clusterData(cluster, {
              firewall: firewall.name,
              missing: `${need.protocol} ${need.port}`,
              cloud,
            }),
          );
      }
    }
  },
});
