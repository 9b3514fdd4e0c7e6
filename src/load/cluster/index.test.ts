import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { documentsFrom } from '../../../test/support/cluster-documents.js';
import { loadClusters } from './index.js';

/** JSON values with a good share of template expressions among the strings. */
const value = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, 0, 3, -1, 1.5, '', 'azure', '10.0.0.0/8'),
    fc.string(),
    fc
      .array(
        fc.constantFrom(
          "parameters('p')",
          'resourceGroup().location',
          "concat('a'",
          'copyIndex()',
          "variables('v')[0]",
          "reference('x').outputs.y.value",
          "if(true(), 'a', 1)",
          'union(createObject(), createArray())',
        ),
      )
      .map((parts) => `[${parts.join('')}]`),
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(
      fc.constantFrom(
        'properties',
        'name',
        'type',
        'networkProfile',
        'networkPlugin',
        'agentPoolProfiles',
        'copy',
        'count',
        'input',
        'resources',
        'subnets',
        'routes',
        'rules',
        'value',
        'id',
        'tags',
        'default_node_pool',
        'network_profile',
        'after_unknown',
      ),
      tie('json'),
      { maxKeys: 5 },
    ),
  ),
})).json;

describe('loadClusters on arbitrary input', () => {
  it('never throws, whatever the az, ARM or Terraform documents hold', () => {
    fc.assert(
      fc.property(value, value, value, (properties, parameters, values) => {
        const documents = documentsFrom({
          'az.json': {
            name: 'aks',
            type: 'Microsoft.ContainerService/ManagedClusters',
            networkProfile: properties,
            agentPoolProfiles: values,
          },
          'arm/t.json': {
            $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
            contentVersion: '1.0.0.0',
            parameters: { p: { type: 'object', defaultValue: parameters } },
            variables: { v: values },
            resources: [
              { type: 'Microsoft.ContainerService/managedClusters', name: 'aks', properties },
              { type: 'Microsoft.Network/virtualNetworks', name: 'v', properties: values, copy: parameters },
              {
                type: 'Microsoft.Resources/deployments',
                name: 'x',
                properties: { template: properties, expressionEvaluationOptions: { scope: 'inner' } },
              },
            ],
          },
          'arm/t.parameters.json': {
            $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
            contentVersion: '1.0.0.0',
            parameters: { p: parameters },
          },
          'plan.json': {
            format_version: '1.2',
            planned_values: {
              root_module: {
                resources: [
                  {
                    address: 'azurerm_kubernetes_cluster.a',
                    mode: 'managed',
                    type: 'azurerm_kubernetes_cluster',
                    values,
                  },
                ],
              },
            },
            resource_changes: [
              { address: 'azurerm_kubernetes_cluster.a', change: { after_unknown: properties } },
            ],
            configuration: { root_module: parameters },
          },
        });
        const { clusters } = loadClusters(documents);
        expect(clusters.length).toBeGreaterThan(0);
        // The model serializes (no cycles, no functions in the data).
        expect(() => JSON.stringify(clusters)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
