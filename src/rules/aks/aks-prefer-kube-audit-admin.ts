// Reports diagnostic settings that keep the full kube-audit log where kube-audit-admin would do.
import { isUnknown } from '../../model/cluster.js';
import { clusterData, whatSendsLog } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksPreferKubeAuditAdmin = defineRule({
  id: 'aks-prefer-kube-audit-admin',
  title: 'Audit changes with kube-audit-admin rather than every read with kube-audit',
  category: 'add-ons',
  defaultSeverity: 'low',
  docs: {
    summary:
      'Reports diagnostic settings that enable the `kube-audit` category, or a category group that includes it (`audit`, `allLogs`).',
    rationale: dedent`
      \`kube-audit\` records every call to the API server, \`get\` and \`list\` included; controllers and
      operators read the API all the time, so on a busy cluster most of the volume — and of the ingestion
      cost — is reads. \`kube-audit-admin\` is the same log without \`get\` and \`list\`: every create, update,
      patch and delete is still there. Keep \`kube-audit\` only where reads must be audited (a compliance
      requirement, say), and say so with a suppression.

      The category groups \`audit\` and \`allLogs\` include \`kube-audit\`; list the categories you want instead.
      \`aks-require-audit-logs\` checks that one of the two audit categories is kept at all.
    `,
    remediation: {
      az: dedent`
        az monitor diagnostic-settings update --name SETTING \\
          --resource "$(az aks show -g RESOURCE_GROUP -n CLUSTER --query id -o tsv)" \\
          --logs '[{"category":"kube-audit","enabled":false},{"category":"kube-audit-admin","enabled":true},{"category":"guard","enabled":true}]'
      `,
      terraform: dedent`
        resource "azurerm_monitor_diagnostic_setting" "aks" {
          # …
          enabled_log {
            category = "kube-audit-admin"
          }
          enabled_log {
            category = "guard"
          }
        }
      `,
      arm: dedent`
        "logs": [
          { "category": "kube-audit", "enabled": false },
          { "category": "kube-audit-admin", "enabled": true },
          { "category": "guard", "enabled": true }
        ]
      `,
    },
    whenNotToUse: 'When reads must be audited too; suppress the finding with the requirement as the reason.',
    references: [
      'https://learn.microsoft.com/azure/aks/monitor-aks#aks-control-planeresource-logs',
      'https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-containerservice-managedclusters-logs',
    ],
  },
  equivalents: { psrule: ['Azure.AKS.AuditAdmin'] },
  messages: {
    fullAudit:
      'Diagnostic setting {{setting}} of cluster {{cluster}} enables {{what}}, which logs every get and list call: kube-audit-admin keeps the changes for a fraction of the volume.',
  },
  examples: {
    valid: [
      dedent`
        {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "resources": [
            { "type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2024-05-01", "name": "lean", "properties": {} },
            {
              "type": "Microsoft.Insights/diagnosticSettings",
              "apiVersion": "2021-05-01-preview",
              "name": "audit",
              "scope": "[format('Microsoft.ContainerService/managedClusters/{0}', 'lean')]",
              "properties": {
                "logs": [
                  { "category": "kube-audit", "enabled": false },
                  { "category": "kube-audit-admin", "enabled": true },
                  { "category": "guard", "enabled": true }
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
              { "type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2024-05-01", "name": "verbose", "properties": {} },
              {
                "type": "Microsoft.Insights/diagnosticSettings",
                "apiVersion": "2021-05-01-preview",
                "name": "everything",
                "scope": "[format('Microsoft.ContainerService/managedClusters/{0}', 'verbose')]",
                "properties": { "logs": [ { "categoryGroup": "allLogs", "enabled": true } ] }
              },
              {
                "type": "Microsoft.Insights/diagnosticSettings",
                "apiVersion": "2021-05-01-preview",
                "name": "audit",
                "scope": "[format('Microsoft.ContainerService/managedClusters/{0}', 'verbose')]",
                "properties": {
                  "logs": [
                    { "category": "kube-audit", "enabled": true },
                    { "category": "guard", "enabled": true }
                  ]
                }
              }
            ]
          }
        `,
        reports: [
          { messageId: 'fullAudit', line: 11 },
          { messageId: 'fullAudit', line: 19 },
        ],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      for (const setting of cluster.diagnosticSettings ?? []) {
        const what = whatSendsLog(setting, 'kube-audit');
        const target = { cluster, path: `${setting.path}/categories` };
        if (isUnknown(what)) ctx.cannotTell(target, what);
        else if (what !== undefined)
          ctx.report('fullAudit', target, clusterData(cluster, { setting: setting.name, what }));
      }
    }
  },
});
