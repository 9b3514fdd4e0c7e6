import { describe, expect, it } from 'vitest';
import { documentsFrom } from '../../../test/support/cluster-documents.js';
import { loadClusters } from './index.js';

const SUBNET_ID =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/spoke/subnets/nodes';
const ROUTE_TABLE_ID = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt';

function resource(address: string, values: Record<string, unknown>) {
  const [type, name] = address.split('.').slice(-2);
  return {
    address,
    mode: 'managed',
    type,
    name,
    provider_name: 'registry.terraform.io/hashicorp/azurerm',
    schema_version: 0,
    values,
  };
}

/** A state written by an older (3.x) provider: attribute names the 4.0 provider renamed. */
const legacyState = {
  format_version: '1.0',
  terraform_version: '1.5.7',
  values: {
    root_module: {
      resources: [
        resource('azurerm_kubernetes_cluster.legacy', {
          id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-legacy',
          name: 'aks-legacy',
          location: 'eastus',
          api_server_authorized_ip_ranges: ['0.0.0.0/0'],
          private_dns_zone_id: 'System',
          run_command_enabled: false,
          service_principal: [{ client_id: '00000000-0000-0000-0000-000000000001' }],
          identity: [],
          http_application_routing_enabled: true,
          automatic_channel_upgrade: 'Stable',
          network_profile: [
            { network_plugin: 'kubenet', network_policy: null, docker_bridge_cidr: '172.17.0.1/16' },
          ],
          default_node_pool: [
            {
              name: 'default',
              enable_auto_scaling: false,
              enable_node_public_ip: true,
              enable_host_encryption: false,
              node_count: 2,
              vnet_subnet_id: SUBNET_ID,
            },
          ],
          tags: { 'aksguard.io/suppress-x': 'reason' },
        }),
      ],
      child_modules: [
        {
          address: 'module.net',
          resources: [
            resource('module.net.azurerm_subnet.nodes', {
              id: SUBNET_ID,
              name: 'nodes',
              virtual_network_name: 'spoke',
              resource_group_name: 'rg',
              address_prefixes: ['10.1.0.0/24'],
            }),
            resource('module.net.azurerm_subnet_route_table_association.nodes', {
              id: SUBNET_ID,
              subnet_id: SUBNET_ID,
              route_table_id: ROUTE_TABLE_ID,
            }),
            resource('module.net.azurerm_route_table.rt', {
              id: ROUTE_TABLE_ID,
              name: 'rt',
              resource_group_name: 'rg',
              route: [],
            }),
            resource('module.net.azurerm_route.default', {
              name: 'default',
              route_table_name: 'rt',
              resource_group_name: 'rg',
              address_prefix: '0.0.0.0/0',
              next_hop_type: 'Internet',
              next_hop_in_ip_address: null,
            }),
          ],
        },
      ],
    },
  },
};

describe('Terraform state', () => {
  it('reads the older provider attribute names and links pools, subnets and route tables by id', () => {
    const { clusters, diagnostics } = loadClusters(documentsFrom({ 'terraform.tfstate.json': legacyState }));
    expect(diagnostics).toEqual([]);
    const [cluster] = clusters;
    expect(cluster).toMatchObject({
      name: 'aks-legacy',
      format: 'terraform',
      network: { plugin: 'kubenet', dockerBridgeCidr: '172.17.0.1/16' },
      apiServer: { authorizedIpRanges: ['0.0.0.0/0'], privateDnsZone: 'system', disableRunCommand: true },
      identity: { type: 'ServicePrincipal' },
      addons: { httpApplicationRouting: true },
      upgradeChannel: 'stable',
      agentPools: [
        {
          name: 'default',
          mode: 'System',
          count: 2,
          enableAutoScaling: false,
          enableNodePublicIp: true,
          enableEncryptionAtHost: false,
          vnetSubnetId: SUBNET_ID,
        },
      ],
      subnets: [
        {
          id: SUBNET_ID,
          name: 'nodes',
          vnetName: 'spoke',
          addressPrefixes: ['10.1.0.0/24'],
          routeTableId: ROUTE_TABLE_ID,
        },
      ],
      routeTables: [
        { name: 'rt', routes: [{ name: 'default', addressPrefix: '0.0.0.0/0', nextHopType: 'Internet' }] },
      ],
      tags: { 'aksguard.io/suppress-x': 'reason' },
    });
    expect(cluster?.network).not.toHaveProperty('policy');
    expect(cluster?.at('apiServer/authorizedIpRanges/0')).toMatchObject({
      pointer: '/values/root_module/resources/0/values/api_server_authorized_ip_ranges/0',
    });
    expect(cluster?.at('subnets/0/routeTableId')).toMatchObject({
      pointer: '/values/root_module/child_modules/0/resources/1/values/route_table_id',
    });
  });
});

describe('Terraform plan', () => {
  const plan = {
    format_version: '1.2',
    planned_values: {
      root_module: {
        resources: [
          resource('azurerm_kubernetes_cluster.a', {
            name: 'aks-a',
            default_node_pool: [{ name: 'system' }],
            oms_agent: [],
            microsoft_defender: [{}],
            key_management_service: [{ key_vault_key_id: 'https://kv.vault.azure.net/keys/etcd/1' }],
          }),
          resource('azurerm_kubernetes_cluster.b', {
            name: 'aks-b',
            default_node_pool: [{ name: 'system' }],
          }),
          resource('azurerm_kubernetes_cluster_node_pool.b_user', {
            name: 'user',
            mode: 'User',
            max_pods: 60,
          }),
          resource('azurerm_firewall.fw', {
            name: 'fw',
            resource_group_name: 'hub',
            ip_configuration: [{ name: 'ip' }],
          }),
          resource('azurerm_firewall_network_rule_collection.aks', {
            name: 'aks-net',
            azure_firewall_name: 'fw',
            action: 'Allow',
            rule: [
              {
                name: 'tunnel',
                protocols: ['UDP'],
                source_addresses: ['10.1.0.0/24'],
                destination_addresses: ['AzureCloud.eastus'],
                destination_ports: ['1194'],
              },
            ],
          }),
          resource('azurerm_firewall_application_rule_collection.aks', {
            name: 'aks-app',
            azure_firewall_name: 'fw',
            action: 'Allow',
            rule: [
              {
                name: 'tag',
                source_addresses: ['*'],
                fqdn_tags: ['AzureKubernetesService'],
                target_fqdns: [],
                protocol: [{ type: 'Https', port: 443 }],
              },
            ],
          }),
        ],
      },
    },
    resource_changes: [
      {
        address: 'azurerm_kubernetes_cluster.a',
        change: { after_unknown: { network_profile: true, oidc_issuer_enabled: true } },
      },
      {
        address: 'azurerm_kubernetes_cluster_node_pool.b_user',
        change: { after_unknown: { kubernetes_cluster_id: true, vnet_subnet_id: true } },
      },
      {
        address: 'azurerm_firewall.fw',
        change: { after_unknown: { ip_configuration: [{ private_ip_address: true }] } },
      },
    ],
    configuration: {
      root_module: {
        resources: [
          {
            address: 'azurerm_kubernetes_cluster_node_pool.b_user',
            expressions: {
              kubernetes_cluster_id: {
                references: ['azurerm_kubernetes_cluster.b.id', 'azurerm_kubernetes_cluster.b'],
              },
            },
          },
        ],
      },
    },
  };

  it('marks values known only after apply as unknown, and joins node pools to their cluster by reference', () => {
    const { clusters, diagnostics } = loadClusters(documentsFrom({ 'plan.json': plan }));
    expect(diagnostics).toEqual([]);
    const [a, b] = clusters;
    // A whole block known only after apply makes each of its fields unknown, positioned at the block.
    expect(a?.network.plugin).toEqual({ unknown: true, reason: 'known after apply' });
    expect(a?.at('network/plugin')).toMatchObject({
      pointer: '/planned_values/root_module/resources/0/values/network_profile',
    });
    expect(a?.identity.oidcIssuer).toEqual({ unknown: true, reason: 'known after apply' });
    // An empty block list is the plan saying "none"; a present block is "enabled".
    expect(a?.addons).toMatchObject({ monitoring: false, defender: true, kmsEtcdEncryption: true });
    expect(a?.agentPools.map((p) => p.name)).toEqual(['system']);
    expect(b?.agentPools).toMatchObject([
      { name: 'system' },
      { name: 'user', mode: 'User', maxPods: 60, vnetSubnetId: { unknown: true } },
    ]);
    expect(a?.firewalls).toEqual([
      {
        id: '/subscriptions/{subscriptionId}/resourceGroups/hub/providers/Microsoft.Network/azureFirewalls/fw',
        name: 'fw',
        privateIp: { unknown: true, reason: 'known after apply' },
        rules: [
          {
            kind: 'application',
            collection: 'aks-app',
            name: 'tag',
            action: 'Allow',
            sourceAddresses: ['*'],
            fqdns: [],
            fqdnTags: ['AzureKubernetesService'],
            protocols: ['Https:443'],
            destinations: [],
            ports: [],
          },
          {
            kind: 'network',
            collection: 'aks-net',
            name: 'tunnel',
            action: 'Allow',
            sourceAddresses: ['10.1.0.0/24'],
            fqdns: [],
            fqdnTags: [],
            protocols: ['UDP'],
            destinations: ['AzureCloud.eastus'],
            ports: ['1194'],
          },
        ],
        path: 'firewalls/0',
      },
    ]);
  });

  it('says so when the JSON holds neither planned values nor state values', () => {
    const { clusters, diagnostics } = loadClusters(
      documentsFrom({ 'empty.json': { format_version: '1.2', resource_changes: [] } }),
    );
    expect(clusters).toEqual([]);
    expect(diagnostics).toMatchObject([
      { code: 'terraform-no-values', severity: 'warning', source: { file: 'empty.json', line: 1 } },
    ]);
  });
});

describe('Terraform data sources', () => {
  it('reads the existing network a plan refers to through data sources', () => {
    const existingSubnet =
      '/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/shared/subnets/aks';
    const plan = {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            resource('azurerm_kubernetes_cluster.main', {
              name: 'aks',
              default_node_pool: [{ name: 'system', vnet_subnet_id: existingSubnet }],
            }),
          ],
        },
      },
      prior_state: {
        format_version: '1.0',
        values: {
          root_module: {
            resources: [
              {
                ...resource('data.azurerm_subnet.aks', {
                  id: existingSubnet,
                  name: 'aks',
                  virtual_network_name: 'shared',
                  address_prefixes: ['10.50.0.0/24'],
                  route_table_id: '',
                }),
                mode: 'data',
              },
              {
                ...resource('data.azurerm_firewall.hub', {
                  id: '/subscriptions/s/resourceGroups/hub/providers/Microsoft.Network/azureFirewalls/hub',
                  name: 'hub',
                  ip_configuration: [{ private_ip_address: '10.0.1.4' }],
                }),
                mode: 'data',
              },
              {
                ...resource('data.azurerm_kubernetes_cluster.other', { name: 'not-this-one' }),
                mode: 'data',
              },
            ],
          },
        },
      },
    };
    const { clusters } = loadClusters(documentsFrom({ 'plan.json': plan }));
    expect(clusters.map((c) => c.name)).toEqual(['aks']);
    expect(clusters[0]?.subnets).toMatchObject([
      { id: existingSubnet, name: 'aks', vnetName: 'shared', addressPrefixes: ['10.50.0.0/24'] },
    ]);
    expect(clusters[0]?.firewalls).toMatchObject([
      {
        name: 'hub',
        privateIp: '10.0.1.4',
        rules: [],
        rulesUnknown: 'the firewall is managed outside this plan (a data source)',
      },
    ]);
    expect(clusters[0]?.at('subnets/0/addressPrefixes')).toMatchObject({
      pointer: '/prior_state/values/root_module/resources/0/values/address_prefixes',
    });
  });
});

describe('Terraform plan without planned values', () => {
  it("reads each change's after values, and skips deleted resources", () => {
    const plan = {
      format_version: '1.2',
      resource_changes: [
        {
          address: 'module.aks.azurerm_kubernetes_cluster.this',
          module_address: 'module.aks',
          mode: 'managed',
          type: 'azurerm_kubernetes_cluster',
          name: 'this',
          change: {
            actions: ['create'],
            after: { name: 'aks-changes', local_account_disabled: true },
            after_unknown: { oidc_issuer_enabled: true },
          },
        },
        {
          address: 'azurerm_kubernetes_cluster.old',
          mode: 'managed',
          type: 'azurerm_kubernetes_cluster',
          name: 'old',
          change: { actions: ['delete'], before: { name: 'aks-old' }, after: null },
        },
      ],
    };
    const { clusters, diagnostics } = loadClusters(documentsFrom({ 'changes.json': plan }));
    expect(diagnostics).toEqual([]);
    expect(clusters).toMatchObject([
      { name: 'aks-changes', identity: { localAccountsDisabled: true, oidcIssuer: { unknown: true } } },
    ]);
    expect(clusters[0]?.at('identity/localAccountsDisabled')).toMatchObject({
      pointer: '/resource_changes/0/change/after/local_account_disabled',
    });
  });
});

describe('Terraform 2.x provider attributes', () => {
  it('reads add-ons from addon_profile and Entra ID and RBAC from role_based_access_control', () => {
    const state = {
      format_version: '0.1',
      values: {
        root_module: {
          resources: [
            resource('azurerm_kubernetes_cluster.v2', {
              name: 'aks-v2',
              private_link_enabled: true,
              addon_profile: [
                {
                  oms_agent: [{ enabled: false }],
                  azure_policy: [{ enabled: true }],
                  http_application_routing: [],
                  ingress_application_gateway: [{ enabled: true }],
                  kube_dashboard: [{ enabled: true }],
                },
              ],
              role_based_access_control: [
                { enabled: true, azure_active_directory: [{ managed: true, azure_rbac_enabled: false }] },
              ],
              default_node_pool: [{ name: 'default' }],
            }),
          ],
        },
      },
    };
    const [cluster] = loadClusters(documentsFrom({ 'v2.json': state })).clusters;
    expect(cluster?.addons).toEqual({
      azurePolicy: true,
      monitoring: false,
      applicationGatewayIngress: true,
      kubeDashboard: true,
    });
    expect(cluster?.identity).toMatchObject({
      kubernetesRbac: true,
      entraIntegration: true,
      azureRbac: false,
    });
    expect(cluster?.apiServer.privateCluster).toBe(true);
    expect(cluster?.at('addons/monitoring')).toMatchObject({
      pointer: '/values/root_module/resources/0/values/addon_profile/0/oms_agent/0/enabled',
    });
    expect(cluster?.at('addons/kubeDashboard')).toMatchObject({
      pointer: '/values/root_module/resources/0/values/addon_profile/0/kube_dashboard/0/enabled',
    });
  });
});

describe('Terraform upgrade channels and the CriticalAddonsOnly taint', () => {
  const CRITICAL_ADDONS_ONLY = 'CriticalAddonsOnly=true:NoSchedule';

  function stateOf(...resources: ReturnType<typeof resource>[]) {
    return { format_version: '1.0', values: { root_module: { resources } } };
  }

  it('reads only_critical_addons_enabled on the default pool and the taint in node_taints on node pools', () => {
    const state = stateOf(
      resource('azurerm_kubernetes_cluster.main', {
        name: 'aks',
        default_node_pool: [{ name: 'system', only_critical_addons_enabled: true }],
      }),
      resource('azurerm_kubernetes_cluster_node_pool.system2', {
        name: 'system2',
        mode: 'System',
        node_taints: ['sku=gpu:NoSchedule', CRITICAL_ADDONS_ONLY],
      }),
      resource('azurerm_kubernetes_cluster_node_pool.user', {
        name: 'user',
        mode: 'User',
        node_taints: ['sku=gpu:NoSchedule'],
      }),
    );
    const { clusters, diagnostics } = loadClusters(documentsFrom({ 'state.json': state }));
    expect(diagnostics).toEqual([]);
    expect(clusters[0]?.agentPools).toMatchObject([
      { name: 'system', onlyCriticalAddons: true },
      { name: 'system2', onlyCriticalAddons: true },
      { name: 'user', onlyCriticalAddons: false },
    ]);
    expect(clusters[0]?.at('agentPools/0/onlyCriticalAddons')).toMatchObject({
      pointer: '/values/root_module/resources/0/values/default_node_pool/0/only_critical_addons_enabled',
    });
    expect(clusters[0]?.at('agentPools/1/onlyCriticalAddons')).toMatchObject({
      pointer: '/values/root_module/resources/1/values/node_taints',
    });
  });

  it('takes the taint listed in a 3.x default_node_pool.node_taints when the flag is off or missing', () => {
    const pools = [
      { name: 'flag-off', only_critical_addons_enabled: false, node_taints: [CRITICAL_ADDONS_ONLY] },
      { name: 'no-flag', node_taints: [CRITICAL_ADDONS_ONLY] },
      { name: 'neither', only_critical_addons_enabled: false, node_taints: [] },
    ];
    const onlyCritical = pools.map((pool) => {
      const state = stateOf(resource('azurerm_kubernetes_cluster.main', { default_node_pool: [pool] }));
      return loadClusters(documentsFrom({ 'state.json': state })).clusters[0]?.agentPools[0]
        ?.onlyCriticalAddons;
    });
    expect(onlyCritical).toEqual([true, true, false]);
  });

  it.each([
    ['4.x node_os_upgrade_channel', { node_os_upgrade_channel: 'SecurityPatch' }],
    ['3.x node_os_channel_upgrade', { node_os_channel_upgrade: 'securitypatch' }],
  ])('reads the node OS channel from %s in the API spelling', (_, attributes) => {
    const state = stateOf(resource('azurerm_kubernetes_cluster.main', { name: 'aks', ...attributes }));
    const [cluster] = loadClusters(documentsFrom({ 'state.json': state })).clusters;
    expect(cluster?.nodeOsUpgradeChannel).toBe('SecurityPatch');
    expect(cluster?.at('nodeOsUpgradeChannel').pointer).toBe(
      `/values/root_module/resources/0/values/${Object.keys(attributes)[0]}`,
    );
  });

  it('takes the empty values a 3.x state holds for unset channels as none and as absent', () => {
    const state = stateOf(
      resource('azurerm_kubernetes_cluster.main', {
        name: 'aks',
        automatic_channel_upgrade: '',
        node_os_channel_upgrade: '',
      }),
    );
    const { clusters, diagnostics } = loadClusters(documentsFrom({ 'state.json': state }));
    expect(diagnostics).toEqual([]);
    expect(clusters[0]?.upgradeChannel).toBe('none');
    expect(clusters[0]).not.toHaveProperty('nodeOsUpgradeChannel');
  });
});
