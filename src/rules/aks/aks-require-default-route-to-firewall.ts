// Reports userDefinedRouting clusters whose node subnet route table does not send 0.0.0.0/0 to the firewall.
import { type Cluster, findRouteTable, findSubnet, isUnknown, type RouteTable } from '../../model/cluster.js';
import { parseCidr } from '../../net/ip.js';
import { clusterData } from '../cluster-fields.js';
import type { RuleContext } from '../context.js';
import { dedent, defineRule } from '../define-rule.js';

type MessageId = 'noRouteTable' | 'noDefaultRoute' | 'notToFirewall';

/** Whether a route prefix is the IPv4 default route (prefix length 0). */
function isDefaultRoute(prefix: string): boolean {
  const parsed = parseCidr(prefix.trim());
  return 'cidr' in parsed && parsed.cidr.family === 4 && parsed.cidr.prefix === 0;
}

/** Checks one route table of a userDefinedRouting cluster; the firewall addresses known in the definition are the expected next hops. */
function checkRouteTable(
  ctx: RuleContext<MessageId>,
  cluster: Cluster,
  table: RouteTable,
  firewallIps: readonly string[],
) {
  const target = { cluster, path: table.path, resource: { kind: 'RouteTable', name: table.name } };
  const data = clusterData(cluster, { table: table.name });
  const defaults = [];
  for (const [i, route] of table.routes.entries()) {
    if (isUnknown(route.addressPrefix)) {
      ctx.cannotTell({ ...target, path: `${table.path}/routes/${i}/addressPrefix` }, route.addressPrefix);
      return;
    }
    if (isDefaultRoute(route.addressPrefix)) defaults.push({ route, i });
  }
  const viaAppliance = defaults.find(
    ({ route }) => !isUnknown(route.nextHopType) && route.nextHopType.toLowerCase() === 'virtualappliance',
  );
  if (!viaAppliance) {
    ctx.report('noDefaultRoute', target, data);
    return;
  }
  const hop = viaAppliance.route.nextHopIpAddress;
  const routePath = `${table.path}/routes/${viaAppliance.i}/nextHopIpAddress`;
  if (isUnknown(hop)) ctx.cannotTell({ ...target, path: routePath }, hop);
  else if (firewallIps.length > 0 && (hop === undefined || !firewallIps.includes(hop)))
    ctx.report(
      'notToFirewall',
      { ...target, path: routePath },
      { ...data, hop: hop ?? 'none', firewall: firewallIps.join(', ') },
    );
}

export const aksRequireDefaultRouteToFirewall = defineRule({
  id: 'aks-require-default-route-to-firewall',
  title: 'Route 0.0.0.0/0 from the cluster subnet to the firewall',
  category: 'egress',
  defaultSeverity: 'high',
  docs: {
    summary:
      'Reports `userDefinedRouting` clusters whose node subnet (defined next to the cluster) has no route table, no `0.0.0.0/0` route to a virtual appliance, or one that points elsewhere than the firewall defined with it.',
    rationale: dedent`
      With \`outboundType: userDefinedRouting\` "the assumption is that you have a NVA/FW in place which you can
      route all the traffic to" (the talk). The assumption is carried by the subnet's route table: a
      \`0.0.0.0/0\` route with next hop type \`VirtualAppliance\` to the firewall's private IP. Without it AKS refuses
      to create the cluster; with a route to the wrong address, egress is black-holed or leaves unfiltered through
      another appliance.

      **What changed since 2021.** Nothing in the mechanism. AKS validates the route table at creation only; a
      later edit of the route table or of the firewall address breaks egress silently. Only subnets and route
      tables defined in the same template, plan or state are checked; a subnet defined elsewhere cannot be.
    `,
    remediation: {
      az: 'az network route-table route create -g RESOURCE_GROUP --route-table-name RT -n default --address-prefix 0.0.0.0/0 --next-hop-type VirtualAppliance --next-hop-ip-address FIREWALL_PRIVATE_IP',
      terraform: dedent`
        resource "azurerm_route" "default" {
          name                   = "default-via-firewall"
          resource_group_name    = azurerm_route_table.aks.resource_group_name
          route_table_name       = azurerm_route_table.aks.name
          address_prefix         = "0.0.0.0/0"
          next_hop_type          = "VirtualAppliance"
          next_hop_in_ip_address = azurerm_firewall.hub.ip_configuration[0].private_ip_address
        }
      `,
      arm: dedent`
        {
          "type": "Microsoft.Network/routeTables",
          "name": "rt-aks",
          "properties": {
            "routes": [
              { "name": "default", "properties": { "addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.0.1.4" } }
            ]
          }
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
    noRouteTable:
      'Subnet {{subnet}} of userDefinedRouting cluster {{cluster}} has no route table: AKS needs a 0.0.0.0/0 route to the firewall.',
    noDefaultRoute:
      'Route table {{table}} of userDefinedRouting cluster {{cluster}} has no 0.0.0.0/0 route to a virtual appliance: egress is not sent to the firewall.',
    notToFirewall:
      'Route table {{table}} of cluster {{cluster}} sends 0.0.0.0/0 to {{hop}}, not to the firewall ({{firewall}}).',
  },
  examples: {
    valid: [
      dedent`
        {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "resources": [
            {
              "type": "Microsoft.Network/routeTables",
              "apiVersion": "2023-09-01",
              "name": "rt-aks",
              "properties": {
                "routes": [
                  { "name": "default", "properties": { "addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.0.1.4" } }
                ]
              }
            },
            {
              "type": "Microsoft.Network/virtualNetworks",
              "apiVersion": "2023-09-01",
              "name": "spoke",
              "properties": {
                "addressSpace": { "addressPrefixes": ["10.10.0.0/16"] },
                "subnets": [
                  { "name": "nodes", "properties": { "addressPrefix": "10.10.0.0/22", "routeTable": { "id": "[resourceId('Microsoft.Network/routeTables', 'rt-aks')]" } } }
                ]
              }
            },
            {
              "type": "Microsoft.Network/azureFirewalls",
              "apiVersion": "2023-09-01",
              "name": "fw",
              "properties": { "ipConfigurations": [ { "name": "ip", "properties": { "privateIPAddress": "10.0.1.4" } } ] }
            },
            {
              "type": "Microsoft.ContainerService/managedClusters",
              "apiVersion": "2024-05-01",
              "name": "aks",
              "properties": {
                "networkProfile": { "networkPlugin": "azure", "outboundType": "userDefinedRouting" },
                "agentPoolProfiles": [
                  { "name": "system", "vnetSubnetID": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'spoke', 'nodes')]" }
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
                "type": "Microsoft.Network/routeTables",
                "apiVersion": "2023-09-01",
                "name": "rt-aks",
                "properties": {
                  "routes": [
                    { "name": "to-hub", "properties": { "addressPrefix": "10.0.0.0/8", "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.0.1.4" } }
                  ]
                }
              },
              {
                "type": "Microsoft.Network/virtualNetworks",
                "apiVersion": "2023-09-01",
                "name": "spoke",
                "properties": {
                  "addressSpace": { "addressPrefixes": ["10.10.0.0/16"] },
                  "subnets": [
                    { "name": "nodes", "properties": { "addressPrefix": "10.10.0.0/22", "routeTable": { "id": "[resourceId('Microsoft.Network/routeTables', 'rt-aks')]" } } },
                    { "name": "batch", "properties": { "addressPrefix": "10.10.4.0/22" } }
                  ]
                }
              },
              {
                "type": "Microsoft.ContainerService/managedClusters",
                "apiVersion": "2024-05-01",
                "name": "aks",
                "properties": {
                  "networkProfile": { "networkPlugin": "azure", "outboundType": "userDefinedRouting" },
                  "agentPoolProfiles": [
                    { "name": "system", "vnetSubnetID": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'spoke', 'nodes')]" },
                    { "name": "batch", "vnetSubnetID": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'spoke', 'batch')]" }
                  ]
                }
              }
            ]
          }
        `,
        reports: [
          { messageId: 'noDefaultRoute', line: 5 },
          { messageId: 'noRouteTable', line: 23 },
        ],
      },
      {
        input: dedent`
          {
            "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            "contentVersion": "1.0.0.0",
            "resources": [
              {
                "type": "Microsoft.Network/routeTables",
                "apiVersion": "2023-09-01",
                "name": "rt-aks",
                "properties": {
                  "routes": [
                    { "name": "default", "properties": { "addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.0.2.4" } }
                  ]
                }
              },
              {
                "type": "Microsoft.Network/virtualNetworks",
                "apiVersion": "2023-09-01",
                "name": "spoke",
                "properties": {
                  "addressSpace": { "addressPrefixes": ["10.10.0.0/16"] },
                  "subnets": [
                    { "name": "nodes", "properties": { "addressPrefix": "10.10.0.0/22", "routeTable": { "id": "[resourceId('Microsoft.Network/routeTables', 'rt-aks')]" } } }
                  ]
                }
              },
              {
                "type": "Microsoft.Network/azureFirewalls",
                "apiVersion": "2023-09-01",
                "name": "fw",
                "properties": { "ipConfigurations": [ { "name": "ip", "properties": { "privateIPAddress": "10.0.1.4" } } ] }
              },
              {
                "type": "Microsoft.ContainerService/managedClusters",
                "apiVersion": "2024-05-01",
                "name": "aks",
                "properties": {
                  "networkProfile": { "networkPlugin": "azure", "outboundType": "userDefinedRouting" },
                  "agentPoolProfiles": [
                    { "name": "system", "vnetSubnetID": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'spoke', 'nodes')]" }
                  ]
                }
              }
            ]
          }
        `,
        reports: [{ messageId: 'notToFirewall', line: 11 }],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      const outbound = cluster.network.outboundType;
      if (isUnknown(outbound)) {
        ctx.cannotTell({ cluster, path: 'network/outboundType' }, outbound);
        continue;
      }
      if (outbound !== 'userDefinedRouting') continue;
      const firewallIps = cluster.firewalls.flatMap((f) =>
        f.privateIp === undefined || isUnknown(f.privateIp) ? [] : [f.privateIp],
      );
      const seen = new Set<string>();
      for (const pool of cluster.agentPools) {
        const subnet = findSubnet(cluster, pool.vnetSubnetId);
        // A subnet defined elsewhere (or an unknown id) cannot be checked from this definition.
        if (!subnet || seen.has(subnet.path)) continue;
        seen.add(subnet.path);
        if (isUnknown(subnet.routeTableId)) {
          ctx.cannotTell({ cluster, path: `${subnet.path}/routeTableId` }, subnet.routeTableId);
          continue;
        }
        if (subnet.routeTableId === undefined) {
          ctx.report(
            'noRouteTable',
            { cluster, path: subnet.path, resource: { kind: 'Subnet', name: subnet.name } },
            clusterData(cluster, { subnet: subnet.name }),
          );
          continue;
        }
        const table = findRouteTable(cluster, subnet.routeTableId);
        if (table && !seen.has(table.path)) {
          seen.add(table.path);
          checkRouteTable(ctx, cluster, table, firewallIps);
        }
      }
    }
  },
});
