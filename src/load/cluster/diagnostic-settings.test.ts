import { describe, expect, it } from 'vitest';
import { documentsFrom } from '../../../test/support/cluster-documents.js';
import { formatSourceRef } from '../../model/source.js';
import { loadClusters } from './index.js';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const CLUSTER_ID =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-d';

function template(resources: unknown[]) {
  return { $schema: SCHEMA, contentVersion: '1.0.0.0', resources };
}

function armCluster(name: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'Microsoft.ContainerService/managedClusters',
    apiVersion: '2025-05-01',
    name,
    properties: {},
    ...extra,
  };
}

function scopedSetting(name: string, scope: string, logs: unknown) {
  return {
    type: 'Microsoft.Insights/diagnosticSettings',
    apiVersion: '2021-05-01-preview',
    name,
    scope,
    properties: { workspaceId: 'ws', logs },
  };
}

describe('diagnostic settings in an ARM template', () => {
  it('joins settings to the cluster their scope or name names, in all three spellings', () => {
    const doc = template([
      armCluster('aks-d', {
        resources: [
          {
            type: 'providers/diagnosticSettings',
            apiVersion: '2021-05-01-preview',
            name: 'Microsoft.Insights/nested',
            properties: { logs: [{ categoryGroup: 'audit', enabled: true }] },
          },
        ],
      }),
      armCluster('aks-other'),
      scopedSetting(
        "[concat('by', 'scope')]",
        "[format('Microsoft.ContainerService/managedClusters/{0}', 'aks-d')]",
        [
          { category: 'kube-audit-admin', enabled: true },
          { category: 'kube-audit', enabled: false },
          { category: 'guard', enabled: '[equals(1, 1)]' },
          { category: 'cluster-autoscaler' },
        ],
      ),
      scopedSetting('by-id', `[resourceId('Microsoft.ContainerService/managedClusters', 'aks-d')]`, []),
      {
        type: 'Microsoft.ContainerService/managedClusters/providers/diagnosticSettings',
        apiVersion: '2021-05-01-preview',
        name: 'aks-d/Microsoft.Insights/legacy',
        properties: { logs: [{ category: 'kube-apiserver', enabled: true }] },
      },
      scopedSetting('vault', "[resourceId('Microsoft.KeyVault/vaults', 'kv')]", [
        { category: 'AuditEvent', enabled: true },
      ]),
    ]);
    const { clusters, diagnostics } = loadClusters(documentsFrom({ 'main.json': doc }));
    expect(diagnostics).toEqual([]);
    const byName = Object.fromEntries(clusters.map((c) => [c.name, c]));
    expect(byName['aks-d']?.diagnosticSettings).toEqual([
      { name: 'nested', categories: [], categoryGroups: ['audit'], path: 'diagnosticSettings/0' },
      {
        name: 'byscope',
        categories: ['kube-audit-admin', 'guard'],
        categoryGroups: [],
        path: 'diagnosticSettings/1',
      },
      { name: 'by-id', categories: [], categoryGroups: [], path: 'diagnosticSettings/2' },
      { name: 'legacy', categories: ['kube-apiserver'], categoryGroups: [], path: 'diagnosticSettings/3' },
    ]);
    // A template that deploys the cluster shows its settings: none is none.
    expect(byName['aks-other']?.diagnosticSettings).toEqual([]);
    expect(formatSourceRef(byName['aks-d']!.at('diagnosticSettings/1/categories'))).toMatch(
      /^main\.json:\d+:\d+$/,
    );
  });

  it('makes the categories unknown when an entry is, and joins a setting of unknown scope to the only cluster', () => {
    const doc = {
      ...template([
        armCluster('aks-d'),
        scopedSetting('audit', "[parameters('target')]", [
          { category: "[parameters('category')]", enabled: true },
          { categoryGroup: 'allLogs', enabled: true },
        ]),
      ]),
      parameters: { target: { type: 'string' }, category: { type: 'string' } },
    };
    const [cluster] = loadClusters(documentsFrom({ 'main.json': doc })).clusters;
    expect(cluster?.diagnosticSettings).toEqual([
      {
        name: 'audit',
        categories: { unknown: true, reason: "parameter 'category' has no value" },
        categoryGroups: ['allLogs'],
        path: 'diagnosticSettings/0',
      },
    ]);
  });
});

describe('diagnostic settings next to exported resources', () => {
  it('reads the settings an export nests under the cluster as extension resources', () => {
    const exported = {
      Name: 'aks-d',
      Type: 'Microsoft.ContainerService/managedClusters',
      Id: CLUSTER_ID,
      Properties: { kubernetesVersion: '1.30.3' },
      resources: [
        {
          // An export names the setting's parent type in `Type`; its id may name another cluster.
          Name: 'audit',
          Id: '/subscriptions/s/resourcegroups/rg/providers/microsoft.containerservice/managedclusters/elsewhere/providers/microsoft.insights/diagnosticSettings/audit',
          Type: 'microsoft.containerservice/managedclusters',
          ExtensionResourceType: 'microsoft.insights/diagnosticSettings',
          Properties: {
            logs: [
              { category: 'kube-audit', categoryGroup: null, enabled: true },
              { category: 'guard', categoryGroup: null, enabled: false },
            ],
          },
        },
      ],
    };
    const bare = {
      ...exported,
      Name: 'aks-bare',
      Id: CLUSTER_ID.replace('aks-d', 'aks-bare'),
      resources: [],
    };
    const { clusters } = loadClusters(documentsFrom({ 'export.json': [exported, bare] }));
    expect(Object.fromEntries(clusters.map((c) => [c.name, c.diagnosticSettings]))).toEqual({
      'aks-d': [
        { name: 'audit', categories: ['kube-audit'], categoryGroups: [], path: 'diagnosticSettings/0' },
      ],
      'aks-bare': [],
    });
  });

  it('joins `az monitor diagnostic-settings list` output to `az aks show` by the setting id', () => {
    const azCluster = { name: 'aks-d', type: 'Microsoft.ContainerService/ManagedClusters', id: CLUSTER_ID };
    const setting = (name: string, cluster: string) => ({
      id: `${CLUSTER_ID.replace('aks-d', cluster)}/providers/microsoft.insights/diagnosticSettings/${name}`,
      name,
      type: 'Microsoft.Insights/diagnosticSettings',
      logs: [{ category: null, categoryGroup: 'audit', enabled: true }],
      workspaceId: 'ws',
    });
    const withList = loadClusters(
      documentsFrom({
        'show.json': azCluster,
        'settings.json': [setting('audit', 'aks-d'), setting('other', 'aks-x')],
        'old-az.json': { value: [setting('wrapped', 'aks-d')] },
      }),
    );
    expect(withList.diagnostics).toEqual([]);
    expect(withList.clusters[0]?.diagnosticSettings?.map((s) => [s.name, s.categoryGroups])).toEqual([
      ['audit', ['audit']],
      ['wrapped', ['audit']],
    ]);
    // `az aks show` alone cannot tell.
    const alone = loadClusters(documentsFrom({ 'show.json': azCluster }));
    expect(alone.clusters[0]).not.toHaveProperty('diagnosticSettings');
  });
});

describe('diagnostic settings in a Terraform plan', () => {
  function resource(address: string, values: Record<string, unknown>) {
    const [type, name] = address.split('.').slice(-2);
    return { address, mode: 'managed', type, name, values };
  }

  it('reads enabled_log and log blocks of the settings whose target is the cluster', () => {
    const plan = {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            resource('azurerm_kubernetes_cluster.this', { id: CLUSTER_ID, name: 'aks-d' }),
            resource('azurerm_monitor_diagnostic_setting.audit', {
              name: 'audit',
              target_resource_id: CLUSTER_ID,
              enabled_log: [{ category: 'kube-audit-admin', category_group: null }],
              log: [
                { category: 'guard', category_group: null, enabled: true },
                { category: 'kube-audit', category_group: null, enabled: false },
                { category: null, category_group: 'allLogs', enabled: true },
              ],
            }),
            resource('azurerm_monitor_diagnostic_setting.vault', {
              name: 'vault',
              target_resource_id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv',
              enabled_log: [{ category: 'AuditEvent' }],
            }),
          ],
        },
      },
    };
    const { clusters, diagnostics } = loadClusters(documentsFrom({ 'plan.json': plan }));
    expect(diagnostics).toEqual([]);
    expect(clusters[0]?.diagnosticSettings).toEqual([
      {
        name: 'audit',
        categories: ['kube-audit-admin', 'guard'],
        categoryGroups: ['allLogs'],
        path: 'diagnosticSettings/0',
      },
    ]);
  });

  it('lists no settings for a plan without any, and unknown categories for blocks known only after apply', () => {
    const plan = (settings: unknown[]) => ({
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [resource('azurerm_kubernetes_cluster.this', { name: 'aks-d' }), ...settings],
        },
      },
      resource_changes: [
        {
          address: 'azurerm_monitor_diagnostic_setting.late',
          change: { after_unknown: { enabled_log: true, target_resource_id: true } },
        },
      ],
    });
    expect(loadClusters(documentsFrom({ 'plan.json': plan([]) })).clusters[0]?.diagnosticSettings).toEqual(
      [],
    );
    const late = resource('azurerm_monitor_diagnostic_setting.late', { name: 'late' });
    const [setting] = loadClusters(documentsFrom({ 'plan.json': plan([late]) })).clusters[0]
      ?.diagnosticSettings ?? [undefined];
    expect(setting).toMatchObject({
      name: 'late',
      categories: { unknown: true },
      categoryGroups: { unknown: true },
    });
  });
});
