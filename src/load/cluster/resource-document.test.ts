import { describe, expect, it } from 'vitest';
import { documentsFrom } from '../../../test/support/cluster-documents.js';
import { loadClusters } from './index.js';

const azCluster = {
  name: 'aks-a',
  type: 'Microsoft.ContainerService/ManagedClusters',
  location: 'westeurope',
  identity: { type: 'SystemAssigned' },
  servicePrincipalProfile: { clientId: 'msi' },
  enableRbac: true,
  aadProfile: { managed: true, enableAzureRbac: false },
  networkProfile: {
    networkPlugin: 'kubenet',
    networkPolicy: 'calico',
    dnsServiceIp: '10.0.0.10',
    outboundType: 'loadBalancer',
  },
  apiServerAccessProfile: { authorizedIpRanges: null, enablePrivateCluster: true, privateDnsZone: 'System' },
  podIdentityProfile: { enabled: true, allowNetworkPluginKubenet: true },
  addonProfiles: { omsAgent: { enabled: false }, httpApplicationRouting: { enabled: true } },
  agentPoolProfiles: [{ name: 'nodes', count: 2, maxPods: 110, vnetSubnetId: null }],
};

describe('az aks show output', () => {
  it('maps az spellings to the model and leaves absent fields absent', () => {
    const { clusters, diagnostics } = loadClusters(documentsFrom({ 'a.json': azCluster }));
    expect(diagnostics).toEqual([]);
    const [cluster] = clusters;
    expect(cluster).toMatchObject({
      name: 'aks-a',
      format: 'az',
      network: {
        plugin: 'kubenet',
        policy: 'calico',
        dnsServiceIP: '10.0.0.10',
        outboundType: 'loadBalancer',
      },
      apiServer: { privateCluster: true, privateDnsZone: 'system' },
      identity: {
        type: 'SystemAssigned',
        kubernetesRbac: true,
        entraIntegration: true,
        azureRbac: false,
        podIdentity: true,
        podIdentityAllowKubenet: true,
      },
      addons: { monitoring: false, httpApplicationRouting: true },
      agentPools: [{ name: 'nodes', count: 2, maxPods: 110, path: 'agentPools/0' }],
    });
    // `null` in az output means "not set": the model leaves it out rather than inventing a default.
    expect(cluster?.apiServer).not.toHaveProperty('authorizedIpRanges');
    expect(cluster?.agentPools[0]).not.toHaveProperty('vnetSubnetId');
    expect(cluster?.addons).not.toHaveProperty('defender');
    expect(cluster?.identity).not.toHaveProperty('localAccountsDisabled');
  });

  it('positions every field read, falling back to the nearest ancestor, then the cluster', () => {
    const [cluster] = loadClusters(documentsFrom({ 'a.json': azCluster })).clusters;
    expect(cluster?.at('network/plugin')).toMatchObject({
      file: 'a.json',
      pointer: '/networkProfile/networkPlugin',
    });
    expect(cluster?.at('agentPools/0/maxPods')).toMatchObject({ pointer: '/agentPoolProfiles/0/maxPods' });
    expect(cluster?.at('agentPools/0/vmSize')).toMatchObject({ pointer: '/agentPoolProfiles/0' });
    expect(cluster?.at('network/podCidr')).toMatchObject({ pointer: '/networkProfile' });
    expect(cluster?.at('identity/azureRbac')).toMatchObject({ pointer: '/aadProfile/enableAzureRbac' });
    expect(cluster?.at()).toMatchObject({ file: 'a.json', line: 1, column: 1 });
  });

  it("tells AKS's own kubelet identity (in the node resource group) from one the user brought", () => {
    const kubelet = (group: string) => ({
      ...azCluster,
      nodeResourceGroup: 'MC_rg_aks-a_westeurope',
      identityProfile: {
        kubeletidentity: {
          resourceId: `/subscriptions/s/resourcegroups/${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id`,
        },
      },
    });
    const own = loadClusters(documentsFrom({ 'a.json': kubelet('mc_rg_aks-a_westeurope') })).clusters[0];
    const brought = loadClusters(documentsFrom({ 'a.json': kubelet('rg-identities') })).clusters[0];
    expect([own?.identity.kubeletIdentity, brought?.identity.kubeletIdentity]).toEqual([false, true]);
    expect(own?.at('identity/kubeletIdentity')).toMatchObject({
      pointer: '/identityProfile/kubeletidentity',
    });
  });

  it('reads a service principal cluster as such', () => {
    const spCluster = { ...azCluster, identity: null, servicePrincipalProfile: { clientId: '1234' } };
    const [cluster] = loadClusters(documentsFrom({ 'a.json': spCluster })).clusters;
    expect(cluster?.identity.type).toBe('ServicePrincipal');
    expect(cluster?.at('identity/type')).toMatchObject({ pointer: '/servicePrincipalProfile/clientId' });
  });

  it('reports values of the wrong type at their position and leaves them out', () => {
    const bad = {
      ...azCluster,
      networkProfile: { networkPlugin: 'flannel', podCidr: 42 },
      disableLocalAccounts: 'yes',
      agentPoolProfiles: [{ maxPods: 'many' }],
    };
    const { clusters, diagnostics } = loadClusters(documentsFrom({ 'a.json': bad }));
    // Sorted by position: the spread puts `disableLocalAccounts` last in the file.
    expect(diagnostics.map((d) => [d.code, d.severity, d.source?.pointer, d.message])).toEqual([
      [
        'cluster-invalid-value',
        'warning',
        '/networkProfile/networkPlugin',
        'expected one of kubenet, azure, none here, found "flannel"; the value is ignored',
      ],
      ['cluster-pool-without-name', 'warning', '/agentPoolProfiles/0', 'node pool has no name'],
      [
        'cluster-invalid-value',
        'warning',
        '/agentPoolProfiles/0/maxPods',
        'expected a whole number here, found "many"; the value is ignored',
      ],
      [
        'cluster-invalid-value',
        'warning',
        '/disableLocalAccounts',
        'expected a boolean here, found "yes"; the value is ignored',
      ],
    ]);
    expect(clusters[0]?.network).toEqual({ podCidr: '42' });
  });

  it('reports settings that should hold others but have another type, and reads them as absent', () => {
    const bad = { ...azCluster, addonProfiles: 'yo', networkProfile: ['kubenet'], agentPoolProfiles: 'many' };
    const { clusters, diagnostics } = loadClusters(documentsFrom({ 'a.json': bad }));
    expect(diagnostics.map((d) => [d.code, d.source?.pointer, d.message])).toEqual([
      [
        'cluster-invalid-value',
        '/networkProfile',
        'expected an object here, found an array; the value is ignored',
      ],
      [
        'cluster-invalid-value',
        '/addonProfiles',
        'expected an object here, found "yo"; the value is ignored',
      ],
      [
        'cluster-invalid-value',
        '/agentPoolProfiles',
        'expected an array here, found "many"; the value is ignored',
      ],
    ]);
    expect(clusters[0]).toMatchObject({ network: {}, addons: {}, agentPools: [] });
  });

  it('refuses a cluster without a name, with its position', () => {
    const { clusters, diagnostics } = loadClusters(
      documentsFrom({ 'a.json': { ...azCluster, name: undefined } }),
    );
    expect(clusters).toEqual([]);
    expect(diagnostics).toMatchObject([
      { code: 'cluster-without-name', severity: 'error', source: { file: 'a.json', line: 1 } },
    ]);
  });
});

describe('an exported ARM resource', () => {
  it('reads properties, exported child pools and network resources given with it', () => {
    const documents = documentsFrom({
      'cluster.json': {
        id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-b',
        name: 'aks-b',
        type: 'Microsoft.ContainerService/managedClusters',
        location: 'northeurope',
        properties: {
          networkProfile: { networkPlugin: 'azure' },
          agentPoolProfiles: [
            {
              name: 'system',
              mode: 'System',
              vnetSubnetID:
                '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/nodes',
            },
          ],
        },
      },
      'pool.json': {
        name: 'aks-b/user',
        type: 'Microsoft.ContainerService/managedClusters/agentPools',
        properties: { mode: 'User', maxPods: 50 },
      },
      'vnet.json': {
        id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v',
        name: 'v',
        type: 'Microsoft.Network/virtualNetworks',
        properties: {
          addressSpace: { addressPrefixes: ['10.1.0.0/16'] },
          subnets: [{ name: 'nodes', properties: { addressPrefix: '10.1.0.0/24' } }],
        },
      },
    });
    const { clusters, diagnostics } = loadClusters(documents);
    expect(diagnostics).toEqual([]);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]).toMatchObject({
      format: 'arm-resource',
      location: 'northeurope',
      agentPools: [
        { name: 'system', mode: 'System' },
        { name: 'user', mode: 'User', maxPods: 50, path: 'agentPools/1' },
      ],
      subnets: [{ name: 'nodes', vnetName: 'v', addressPrefixes: ['10.1.0.0/24'] }],
    });
    expect(clusters[0]?.at('agentPools/1/maxPods')).toMatchObject({
      file: 'pool.json',
      pointer: '/properties/maxPods',
    });
  });
});

describe('az list and az network output', () => {
  it('reads each cluster of `az aks list` and the flattened `az network … show` objects given with them', () => {
    const documents = documentsFrom({
      'clusters.json': [azCluster, { ...azCluster, name: 'aks-second' }],
      'vnet.json': {
        id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/spoke',
        name: 'spoke',
        type: 'Microsoft.Network/virtualNetworks',
        addressSpace: { addressPrefixes: ['10.20.0.0/16'] },
        subnets: [
          {
            id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/spoke/subnets/nodes',
            name: 'nodes',
            addressPrefix: '10.20.0.0/22',
            routeTable: {
              id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt',
            },
          },
        ],
      },
      'firewall.json': {
        id: '/subscriptions/s/resourceGroups/hub/providers/Microsoft.Network/azureFirewalls/fw',
        name: 'fw',
        type: 'Microsoft.Network/azureFirewalls',
        ipConfigurations: [{ name: 'ip', privateIpAddress: '10.0.1.4' }],
        networkRuleCollections: [
          {
            name: 'aks',
            priority: 100,
            action: { type: 'Allow' },
            rules: [
              {
                name: 'ntp',
                protocols: ['UDP'],
                sourceAddresses: ['*'],
                destinationFqdns: ['ntp.ubuntu.com'],
                destinationPorts: ['123'],
              },
            ],
          },
        ],
      },
    });
    const { clusters, diagnostics } = loadClusters(documents);
    expect(diagnostics).toEqual([]);
    expect(clusters.map((c) => [c.name, c.format, c.subnets.length, c.firewalls.length])).toEqual([
      ['aks-a', 'az', 1, 1],
      ['aks-second', 'az', 1, 1],
    ]);
    expect(clusters[1]?.at('network/plugin')).toMatchObject({
      file: 'clusters.json',
      pointer: '/1/networkProfile/networkPlugin',
    });
    expect(clusters[1]?.at()).toMatchObject({ file: 'clusters.json', pointer: '/1' });
    expect(clusters[0]?.subnets[0]).toMatchObject({
      name: 'nodes',
      vnetName: 'spoke',
      addressPrefixes: ['10.20.0.0/22'],
      routeTableId: expect.stringMatching(/routeTables\/rt$/),
    });
    expect(clusters[0]?.firewalls[0]).toMatchObject({
      privateIp: '10.0.1.4',
      rules: [
        {
          kind: 'network',
          collection: 'aks',
          name: 'ntp',
          destinations: ['ntp.ubuntu.com'],
          ports: ['123'],
          protocols: ['UDP'],
        },
      ],
    });
  });
});

describe('PowerShell exports (Get-AzResource -ExpandProperties)', () => {
  const subnet = (prefix: string) => ({
    Id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-A/subnets/subnet-A',
    Name: 'subnet-A',
    ParentResource: 'virtualNetworks/vnet-A',
    Properties: { addressPrefix: prefix },
    Type: 'Microsoft.Network/virtualNetworks/subnets',
  });
  const exported = (name: string, resources: unknown[]) => ({
    Id: `/subscriptions/s/resourcegroups/rg/providers/Microsoft.ContainerService/managedClusters/${name}`,
    Name: name,
    Location: 'australiaeast',
    Identity: { Type: 'SystemAssigned' },
    Sku: { Name: 'Basic', Tier: 'Free' },
    Properties: {
      networkProfile: { networkPlugin: 'azure' },
      agentPoolProfiles: [{ name: 'agentpool', maxPods: 30 }],
    },
    Type: 'Microsoft.ContainerService/managedClusters',
    Tags: null,
    resources,
  });

  it('reads PascalCase exports, gives each cluster its own nested subnets, and skips extension resources', () => {
    const diagnosticSettings = {
      Id: '/subscriptions/s/resourcegroups/rg/providers/microsoft.containerservice/managedclusters/cluster-B/providers/microsoft.insights/diagnosticSettings/metrics',
      Name: 'metrics',
      Properties: { logs: [] },
      Type: 'microsoft.containerservice/managedclusters',
      ExtensionResourceType: 'microsoft.insights/diagnosticSettings',
    };
    const pool = {
      Id: '/subscriptions/s/resourcegroups/rg/providers/Microsoft.ContainerService/managedClusters/cluster-C/agentPools/user',
      Name: 'user',
      ParentResource: 'managedClusters/cluster-C',
      Properties: { mode: 'User', maxPods: 50 },
      Type: 'Microsoft.ContainerService/managedClusters/agentPools',
    };
    const documents = documentsFrom({
      'Resources.AKS.json': [
        exported('cluster-B', [subnet('10.0.0.0/24'), diagnosticSettings]),
        exported('cluster-C', [subnet('10.0.0.0/23')]),
        pool,
      ],
    });
    const { clusters, diagnostics } = loadClusters(documents);
    expect(diagnostics).toEqual([]);
    expect(
      clusters.map((c) => [
        c.name,
        c.format,
        c.skuTier,
        c.identity.type,
        c.subnets.map((s) => `${s.vnetName}/${s.name} ${s.addressPrefixes}`),
        c.agentPools.map((p) => p.name),
      ]),
    ).toEqual([
      ['cluster-B', 'arm-resource', 'Free', 'SystemAssigned', ['vnet-A/subnet-A 10.0.0.0/24'], ['agentpool']],
      [
        'cluster-C',
        'arm-resource',
        'Free',
        'SystemAssigned',
        ['vnet-A/subnet-A 10.0.0.0/23'],
        ['agentpool', 'user'],
      ],
    ]);
    expect(clusters[1]?.at('agentPools/1/maxPods')).toMatchObject({ pointer: '/2/Properties/maxPods' });
    expect(clusters[1]?.at('subnets/0/addressPrefixes')).toMatchObject({
      pointer: '/1/resources/0/Properties/addressPrefix',
    });
  });

  it('says that an exported node pool whose cluster is not among the inputs is not checked', () => {
    const pool = {
      Id: '/subscriptions/s/resourcegroups/rg/providers/Microsoft.ContainerService/managedClusters/cluster-E/agentPools/system',
      Name: 'system',
      ParentResource: 'managedClusters/cluster-E',
      Properties: { mode: 'System', maxPods: 20 },
      Type: 'Microsoft.ContainerService/managedClusters/agentPools',
    };
    const { clusters, diagnostics } = loadClusters(
      documentsFrom({ 'Resources.AKS.json': [exported('cluster-B', []), pool] }),
    );
    expect(clusters.map((c) => c.agentPools.map((p) => p.name))).toEqual([['agentpool']]);
    expect(diagnostics).toMatchObject([
      {
        severity: 'warning',
        code: 'node-pool-without-cluster',
        message: 'node pool system belongs to no cluster defined in the inputs; it is not checked',
        source: { pointer: '/1' },
      },
    ]);
  });
});
