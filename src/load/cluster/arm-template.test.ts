import { describe, expect, it } from 'vitest';
import { documentsFrom } from '../../../test/support/cluster-documents.js';
import { loadClusters } from './index.js';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const PARAMETERS_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#';

function template(
  resources: unknown[],
  parameters: Record<string, unknown> = {},
  variables: Record<string, unknown> = {},
) {
  return { $schema: SCHEMA, contentVersion: '1.0.0.0', parameters, variables, resources };
}

function managedCluster(properties: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    type: 'Microsoft.ContainerService/managedClusters',
    apiVersion: '2025-05-01',
    name: 'aks-t',
    location: '[resourceGroup().location]',
    properties,
    ...extra,
  };
}

describe('ARM template', () => {
  it('reports a parameter whose default refers to itself instead of recursing', () => {
    const doc = template([managedCluster({ networkProfile: { networkPolicy: "[parameters('p')]" } })], {
      p: { type: 'string', defaultValue: "[parameters('p')]" },
    });
    const { clusters, diagnostics } = loadClusters(documentsFrom({ 'azuredeploy.json': doc }));
    expect(clusters).toHaveLength(1);
    expect(diagnostics.map((d) => d.message).join('\n')).toContain("parameter 'p' refers to itself");
  });

  it('uses parameter defaults when no parameters file is given, and unknown for what only deployment tells', () => {
    const doc = template(
      [
        managedCluster({
          networkProfile: {
            networkPlugin: "[if(parameters('overlay'), 'azure', 'kubenet')]",
            networkPolicy: "[parameters('policy')]",
          },
          apiServerAccessProfile: { authorizedIPRanges: "[parameters('ranges')]" },
          dnsPrefix: '[uniqueString(resourceGroup().id)]',
        }),
      ],
      {
        overlay: { type: 'bool', defaultValue: true },
        policy: { type: 'string' },
        ranges: { type: 'array', defaultValue: ['[[literal]', "[concat('10.0.0.0', '/8')]"] },
      },
    );
    const { clusters, diagnostics } = loadClusters(documentsFrom({ 't/azuredeploy.json': doc }));
    expect(clusters[0]).toMatchObject({
      format: 'arm-template',
      location: { unknown: true, reason: 'unknown at analysis time: resourceGroup().location' },
      network: { plugin: 'azure', policy: { unknown: true, reason: "parameter 'policy' has no value" } },
      apiServer: { authorizedIpRanges: ['[literal]', '10.0.0.0/8'] },
    });
    expect(diagnostics).toMatchObject([
      {
        code: 'arm-parameter-missing',
        severity: 'warning',
        source: { file: 't/azuredeploy.json', pointer: '/parameters/policy' },
      },
    ]);
    // A value that comes from a parameter's default is positioned where the default is written.
    expect(clusters[0]?.at('apiServer/authorizedIpRanges/1')).toMatchObject({
      pointer: '/parameters/ranges/defaultValue/1',
    });
  });

  it('says when the node pool list is unknown, and still lists the pools defined on their own', () => {
    const doc = template(
      [
        managedCluster({ agentPoolProfiles: "[parameters('pools')]" }),
        {
          type: 'Microsoft.ContainerService/managedClusters/agentPools',
          name: 'aks-t/extra',
          properties: { mode: 'User' },
        },
      ],
      { pools: { type: 'array' } },
    );
    const [cluster] = loadClusters(documentsFrom({ 'pools.json': doc })).clusters;
    expect(cluster?.agentPoolsUnknown).toBe("parameter 'pools' has no value");
    expect(cluster?.agentPools).toMatchObject([{ name: 'extra', mode: 'User', path: 'agentPools/0' }]);
    // Positioned at the parameter that has no value.
    expect(cluster?.at('agentPools')).toMatchObject({ pointer: '/parameters/pools' });
  });

  it('says that a node pool added to a cluster the template does not define is not checked', () => {
    const doc = template([
      managedCluster({}),
      {
        type: 'Microsoft.ContainerService/managedClusters/agentPools',
        apiVersion: '2025-05-01',
        name: 'existing/spot',
        properties: { maxPods: 20 },
      },
    ]);
    const { clusters, diagnostics } = loadClusters(documentsFrom({ 'pool.json': doc }));
    expect(clusters.map((c) => [c.name, c.agentPools.length])).toEqual([['aks-t', 0]]);
    expect(diagnostics).toMatchObject([
      {
        severity: 'warning',
        code: 'node-pool-without-cluster',
        message: 'node pool existing/spot belongs to no cluster defined in the inputs; it is not checked',
        source: { pointer: '/resources/1' },
      },
    ]);
  });

  it('reads a template without $schema, contentVersion or resource names, and says the name is missing', () => {
    const doc = { resources: [{ type: 'Microsoft.ContainerService/managedClusters', properties: {} }] };
    const { clusters, diagnostics } = loadClusters(documentsFrom({ 'fragment.json': doc }));
    expect(clusters.map((c) => [c.name, c.format])).toEqual([['', 'arm-template']]);
    expect(diagnostics).toMatchObject([
      {
        severity: 'warning',
        code: 'arm-name-missing',
        message:
          'this Microsoft.ContainerService/managedClusters has no name, which Azure Resource Manager requires; it is analysed without one',
        source: { pointer: '/resources/0' },
      },
    ]);
  });

  it('takes values from the paired parameters file and positions them there', () => {
    const documents = documentsFrom({
      'infra/main.json': template(
        [
          managedCluster({
            disableLocalAccounts: "[parameters('noLocal')]",
            apiServerAccessProfile: { authorizedIPRanges: "[parameters('ranges')]" },
          }),
        ],
        { noLocal: { type: 'bool', defaultValue: true }, ranges: { type: 'array' } },
      ),
      'infra/main.parameters.json': {
        $schema: PARAMETERS_SCHEMA,
        contentVersion: '1.0.0.0',
        parameters: {
          noLocal: { value: false },
          ranges: { value: ['1.2.3.0/24', '0.0.0.0/0'] },
          stray: { value: 1 },
        },
      },
    });
    const { clusters, diagnostics } = loadClusters(documents);
    expect(clusters[0]?.identity.localAccountsDisabled).toBe(false);
    expect(clusters[0]?.at('identity/localAccountsDisabled')).toMatchObject({
      file: 'infra/main.parameters.json',
      pointer: '/parameters/noLocal/value',
    });
    expect(clusters[0]?.at('apiServer/authorizedIpRanges/1')).toMatchObject({
      file: 'infra/main.parameters.json',
      pointer: '/parameters/ranges/value/1',
    });
    expect(diagnostics).toMatchObject([
      { code: 'arm-parameter-undeclared', source: { file: 'infra/main.parameters.json' } },
    ]);
  });

  it('reports a malformed expression at its string and keeps reading the rest', () => {
    const doc = template([
      managedCluster({
        networkProfile: {
          networkPlugin: "[concat('az', 're']",
          outboundType: "[toLower(parameters('missing'))]",
          podCidr: '10.244.0.0/16',
        },
      }),
    ]);
    const { clusters, diagnostics } = loadClusters(documentsFrom({ 'bad.json': doc }));
    expect(diagnostics.map((d) => [d.code, d.severity, d.source?.pointer, d.message])).toEqual([
      [
        'arm-expression-syntax',
        'error',
        '/resources/0/properties/networkProfile/networkPlugin',
        `invalid template expression at character 19 of "[concat('az', 're']": expected ')' but found the end`,
      ],
      [
        'arm-expression-error',
        'warning',
        '/resources/0/properties/networkProfile/outboundType',
        `cannot evaluate "[toLower(parameters('missing'))]": parameters: the template declares no parameter 'missing'`,
      ],
    ]);
    expect(clusters[0]?.network).toMatchObject({
      plugin: { unknown: true },
      outboundType: { unknown: true },
      podCidr: '10.244.0.0/16',
    });
  });

  it('evaluates only the resources the model reads, and reports cluster properties that are not an object', () => {
    const doc = template([
      managedCluster({}, { properties: 'yo' }),
      {
        type: 'Microsoft.Storage/storageAccounts',
        name: "[parameters('undeclared')]",
        properties: { x: '[broken(' },
      },
    ]);
    const { clusters, diagnostics } = loadClusters(documentsFrom({ 'odd.json': doc }));
    expect(clusters).toHaveLength(1);
    expect(diagnostics.map((d) => [d.code, d.source?.pointer])).toEqual([
      ['cluster-invalid-value', '/resources/0/properties'],
    ]);
  });

  it('reads variables (once, case-insensitively), copy loops, child agent pools, nested and conditional resources', () => {
    const doc = template(
      [
        managedCluster(
          {
            agentPoolProfiles: [
              {
                name: 'system',
                mode: 'System',
                maxPods: "[variables('Pods')]",
                vnetSubnetID: "[variables('subnetId')]",
              },
            ],
          },
          { tags: "[union(variables('tags'), createObject('aksguard.io/suppress-some-rule', 'accepted'))]" },
        ),
        {
          type: 'Microsoft.ContainerService/managedClusters/agentPools',
          name: "[format('{0}/{1}', 'aks-t', 'user')]",
          properties: { mode: 'User', count: "[int('5')]" },
        },
        {
          type: 'Microsoft.Network/virtualNetworks',
          name: 'spoke',
          properties: { addressSpace: { addressPrefixes: ['10.10.0.0/16'] } },
          resources: [
            {
              type: 'subnets',
              name: 'nodes',
              properties: {
                addressPrefix: '10.10.0.0/22',
                routeTable: { id: "[resourceId('Microsoft.Network/routeTables', 'rt')]" },
              },
            },
          ],
        },
        {
          condition: "[equals('a', 'b')]",
          type: 'Microsoft.Network/virtualNetworks',
          name: 'never',
          properties: {},
        },
        {
          type: 'Microsoft.Network/virtualNetworks/subnets',
          name: "[format('spoke/extra-{0}', copyIndex(1))]",
          copy: { name: 'extra', count: "[length(variables('extraPrefixes'))]" },
          properties: { addressPrefix: "[variables('extraPrefixes')[copyIndex()]]" },
        },
        {
          type: 'Microsoft.Network/virtualNetworks/subnets',
          name: 'spoke/unknown',
          copy: { name: 'u', count: "[parameters('n')]" },
          properties: {},
        },
        {
          type: 'Microsoft.Network/routeTables',
          name: 'rt',
          properties: {
            copy: [
              {
                name: 'routes',
                count: 2,
                input: {
                  name: "[if(equals(copyIndex('routes'), 0), 'default', 'onprem')]",
                  properties: {
                    addressPrefix: "[variables('routePrefixes')[copyIndex('routes')]]",
                    nextHopType: 'VirtualAppliance',
                    nextHopIpAddress: '10.0.1.4',
                  },
                },
              },
            ],
          },
        },
      ],
      { n: { type: 'int' } },
      {
        copy: [
          {
            name: 'routePrefixes',
            count: 2,
            input: "[if(equals(copyIndex('routePrefixes'), 0), '0.0.0.0/0', '192.168.0.0/16')]",
          },
        ],
        extraPrefixes: ['10.10.8.0/24', '10.10.9.0/24'],
        pods: 50,
        subnetId: "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'spoke', 'nodes')]",
        tags: { team: 'platform' },
      },
    );
    const { clusters, diagnostics } = loadClusters(documentsFrom({ 'net.json': doc }));
    expect(diagnostics.map((d) => [d.code, d.source?.pointer])).toEqual([
      ['arm-parameter-missing', '/parameters/n'],
      ['arm-copy-not-expanded', '/resources/5/copy/count'],
    ]);
    const [cluster] = clusters;
    expect(cluster?.agentPools).toMatchObject([
      {
        name: 'system',
        maxPods: 50,
        vnetSubnetId:
          '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/spoke/subnets/nodes',
      },
      { name: 'user', mode: 'User', count: 5 },
    ]);
    expect(cluster?.virtualNetworks.map((v) => v.name)).toEqual(['spoke']);
    // Copy loops expand: a resource loop (one subnet per iteration) and property and variable loops (routes).
    expect(cluster?.subnets).toMatchObject([
      { name: 'nodes', vnetName: 'spoke', addressPrefixes: ['10.10.0.0/22'] },
      { name: 'extra-1', vnetName: 'spoke', addressPrefixes: ['10.10.8.0/24'] },
      { name: 'extra-2', vnetName: 'spoke', addressPrefixes: ['10.10.9.0/24'] },
    ]);
    expect(cluster?.routeTables[0]?.routes).toEqual([
      {
        name: 'default',
        addressPrefix: '0.0.0.0/0',
        nextHopType: 'VirtualAppliance',
        nextHopIpAddress: '10.0.1.4',
      },
      {
        name: 'onprem',
        addressPrefix: '192.168.0.0/16',
        nextHopType: 'VirtualAppliance',
        nextHopIpAddress: '10.0.1.4',
      },
    ]);
    expect(cluster?.at('routeTables/0/routes/1/nextHopType')).toMatchObject({
      pointer: '/resources/6/properties/copy/0/input/properties/nextHopType',
    });
    // Indexed by a computed value, so positioned at the expression that computes it.
    expect(cluster?.at('routeTables/0/routes/1/addressPrefix')).toMatchObject({
      pointer: '/resources/6/properties/copy/0/input/properties/addressPrefix',
    });
    expect(cluster?.tags).toEqual({ team: 'platform', 'aksguard.io/suppress-some-rule': 'accepted' });
    expect(cluster?.at('agentPools/0/maxPods')).toMatchObject({ pointer: '/variables/pods' });
    expect(cluster?.at('tags/aksguard.io~1suppress-some-rule')).toMatchObject({
      pointer: '/resources/0/tags',
    });
  });

  it('reads classic firewall rule collections, and says when some rules are unknown', () => {
    const doc = template(
      [
        managedCluster({}),
        {
          type: 'Microsoft.Network/azureFirewalls',
          name: 'fw',
          properties: {
            applicationRuleCollections: [
              {
                name: 'aks',
                properties: {
                  priority: 100,
                  action: { type: 'Allow' },
                  rules: [
                    {
                      name: 'tag',
                      sourceAddresses: ['10.10.0.0/22'],
                      protocols: [
                        { protocolType: 'Https', port: 443 },
                        { protocolType: 'Http', port: 80 },
                      ],
                      fqdnTags: ['AzureKubernetesService'],
                    },
                  ],
                },
              },
            ],
            networkRuleCollections: "[parameters('networkRules')]",
          },
        },
      ],
      { networkRules: { type: 'array' } },
    );
    const { clusters } = loadClusters(documentsFrom({ 'fw.json': doc }));
    expect(clusters[0]?.firewalls).toEqual([
      {
        id: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/azureFirewalls/fw',
        name: 'fw',
        rules: [
          {
            kind: 'application',
            collection: 'aks',
            name: 'tag',
            action: 'Allow',
            sourceAddresses: ['10.10.0.0/22'],
            fqdns: [],
            fqdnTags: ['AzureKubernetesService'],
            protocols: ['Https:443', 'Http:80'],
            destinations: [],
            ports: [],
          },
        ],
        rulesUnknown: "parameter 'networkRules' has no value",
        path: 'firewalls/0',
      },
    ]);
  });

  it('reads compiled Bicep: symbolic resource names, existing references skipped', () => {
    const doc = {
      $schema: SCHEMA,
      languageVersion: '2.0',
      contentVersion: '1.0.0.0',
      metadata: { _generator: { name: 'bicep', version: '0.30.23.60470' } },
      parameters: { clusterName: { type: 'string', defaultValue: 'aks-bicep' } },
      resources: {
        vnet: {
          existing: true,
          type: 'Microsoft.Network/virtualNetworks',
          apiVersion: '2024-05-01',
          name: 'shared',
        },
        aks: {
          type: 'Microsoft.ContainerService/managedClusters',
          apiVersion: '2025-05-01',
          name: "[parameters('clusterName')]",
          location: 'westeurope',
          properties: {
            addonProfiles: { omsAgent: { enabled: '[true()]' } },
            networkProfile: { networkPlugin: 'azure', networkDataplane: 'cilium', networkPolicy: 'cilium' },
          },
        },
      },
    };
    const { clusters, diagnostics } = loadClusters(documentsFrom({ 'main.json': doc }));
    expect(diagnostics).toEqual([]);
    expect(clusters).toMatchObject([
      {
        name: 'aks-bicep',
        addons: { monitoring: true },
        network: { policy: 'cilium', dataplane: 'cilium' },
        virtualNetworks: [],
      },
    ]);
    expect(clusters[0]?.at('network/policy')).toMatchObject({
      pointer: '/resources/aks/properties/networkProfile/networkPolicy',
    });
  });
});

describe('pairing templates with parameters files', () => {
  const minimal = (name: string) =>
    template([managedCluster({ kubernetesVersion: "[parameters('version')]" }, { name })], {
      version: { type: 'string', defaultValue: 'default' },
    });
  const parameters = (version: string) => ({
    $schema: PARAMETERS_SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: { version: { value: version } },
  });
  const versions = (files: Record<string, unknown>) => {
    const { clusters, diagnostics } = loadClusters(documentsFrom(files));
    return {
      versions: Object.fromEntries(clusters.map((c) => [c.name, c.kubernetesVersion])),
      codes: diagnostics.map((d) => d.code),
    };
  };

  it('pairs by folder, then by name', () => {
    expect(
      versions({
        'a/azuredeploy.json': minimal('a'),
        'a/azuredeploy.parameters.json': parameters('1.31'),
        'b/main.json': minimal('b'),
        'b/main.parameters.prod.json': parameters('1.32'),
        'b/other.parameters.json': parameters('9.99'),
      }),
    ).toEqual({ versions: { a: '1.31', b: '1.32' }, codes: ['arm-parameters-unpaired'] });
  });

  it('pairs one template with one parameters file given from different folders', () => {
    expect(versions({ 'templates/t.json': minimal('t'), 'env/prod.json': parameters('1.33') })).toEqual({
      versions: { t: '1.33' },
      codes: [],
    });
  });

  it('reads a template with its defaults when several parameters files could be its own', () => {
    expect(
      versions({ 'x/t.json': minimal('t'), 'x/dev.json': parameters('1'), 'x/prod.json': parameters('2') }),
    ).toEqual({
      versions: { t: 'default' },
      codes: ['arm-parameters-unpaired', 'arm-parameters-unpaired', 'arm-parameters-ambiguous'],
    });
  });
});

describe('nested deployments', () => {
  it('reads an outer-scope nested template with the parent parameters, and reports linked templates', () => {
    const doc = template(
      [
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'inline',
          properties: {
            mode: 'Incremental',
            template: {
              $schema: SCHEMA,
              contentVersion: '1.0.0.0',
              resources: [managedCluster({ kubernetesVersion: "[parameters('version')]" })],
            },
          },
        },
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'linked',
          properties: { mode: 'Incremental', templateLink: { uri: 'https://example.com/network.json' } },
        },
      ],
      { version: { type: 'string', defaultValue: '1.33.0' } },
    );
    const { clusters, diagnostics } = loadClusters(documentsFrom({ 'nested.json': doc }));
    expect(clusters).toMatchObject([{ name: 'aks-t', kubernetesVersion: '1.33.0' }]);
    expect(clusters[0]?.at('kubernetesVersion')).toMatchObject({
      pointer: '/parameters/version/defaultValue',
    });
    expect(diagnostics).toMatchObject([
      { code: 'arm-linked-template', source: { pointer: '/resources/1/properties/templateLink' } },
    ]);
  });

  it("evaluates a nested deployment's outputs for reference(), by deployment name or id", () => {
    const network = {
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2022-09-01',
      name: "[format('{0}-net', 'aks')]",
      properties: {
        expressionEvaluationOptions: { scope: 'inner' },
        mode: 'Incremental',
        parameters: { prefix: { value: '10.30.0.0/22' } },
        template: {
          $schema: SCHEMA,
          contentVersion: '1.0.0.0',
          parameters: { prefix: { type: 'string' } },
          resources: [
            {
              type: 'Microsoft.Network/virtualNetworks/subnets',
              name: 'v/nodes',
              properties: { addressPrefix: "[parameters('prefix')]" },
            },
          ],
          outputs: {
            subnetId: {
              type: 'string',
              value: "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'v', 'nodes')]",
            },
          },
        },
      },
    };
    const doc = template([
      managedCluster({
        agentPoolProfiles: [
          {
            name: 'byid',
            vnetSubnetID:
              "[reference(resourceId('Microsoft.Resources/deployments', 'aks-net'), '2022-09-01').outputs.subnetId.value]",
          },
          { name: 'byname', vnetSubnetID: "[reference('aks-net').outputs.subnetId.value]" },
          { name: 'other', vnetSubnetID: "[reference('elsewhere').outputs.subnetId.value]" },
        ],
      }),
      network,
    ]);
    const { clusters, diagnostics } = loadClusters(documentsFrom({ 'modules.json': doc }));
    expect(diagnostics).toEqual([]);
    const subnetId =
      '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/v/subnets/nodes';
    expect(clusters[0]?.agentPools.map((p) => p.vnetSubnetId)).toEqual([
      subnetId,
      subnetId,
      { unknown: true, reason: "unknown at analysis time: reference('elsewhere').outputs.subnetId.value" },
    ]);
    expect(clusters[0]?.subnets).toMatchObject([{ id: subnetId, addressPrefixes: ['10.30.0.0/22'] }]);
    expect(clusters[0]?.at('subnets/0/addressPrefixes')).toMatchObject({
      pointer: '/resources/1/properties/parameters/prefix/value',
    });
  });
});

describe('templates with several clusters', () => {
  it('gives every cluster the network, and reports a network problem once', () => {
    const doc = template([
      managedCluster({}, { name: 'aks-one' }),
      managedCluster({}, { name: 'aks-two' }),
      { type: 'Microsoft.Network/virtualNetworks/subnets', name: 'v/empty', properties: {} },
    ]);
    const { clusters, diagnostics } = loadClusters(documentsFrom({ 'two.json': doc }));
    expect(clusters.map((c) => [c.name, c.subnets.map((s) => s.name)])).toEqual([
      ['aks-one', ['empty']],
      ['aks-two', ['empty']],
    ]);
    expect(diagnostics.map((d) => d.code)).toEqual(['subnet-without-prefix']);
  });
});
