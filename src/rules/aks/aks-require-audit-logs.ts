// Reports clusters whose diagnostic settings do not keep the Kubernetes audit log and the guard log.
import { type DiagnosticSetting, isUnknown, type UnknownValue } from '../../model/cluster.js';
import { clusterData, whatSendsLog } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

/** A log the rule wants, by the categories that carry it. */
interface WantedLog {
  readonly messageId: 'noAuditLog' | 'noGuardLog';
  readonly categories: readonly string[];
}

const WANTED: readonly WantedLog[] = [
  { messageId: 'noAuditLog', categories: ['kube-audit', 'kube-audit-admin'] },
  { messageId: 'noGuardLog', categories: ['guard'] },
];

/** Whether a setting sends the wanted log: `true`, `false`, or the reason it cannot be told. */
function sends(setting: DiagnosticSetting, wanted: WantedLog): boolean | UnknownValue {
  const answers = wanted.categories.map((category) => whatSendsLog(setting, category));
  if (answers.some((a) => typeof a === 'string')) return true;
  return answers.find(isUnknown) ?? false;
}

export const aksRequireAuditLogs = defineRule({
  id: 'aks-require-audit-logs',
  title: 'Keep the Kubernetes audit log and the guard log',
  category: 'add-ons',
  defaultSeverity: 'medium',
  docs: {
    summary:
      'Reports clusters with no diagnostic setting, and clusters whose diagnostic settings enable neither `kube-audit-admin` nor `kube-audit`, or not `guard`.',
    rationale: dedent`
      The API server's audit log records who changed what in the cluster, and the \`guard\` log records the
      Entra ID and Azure RBAC authorization decisions. AKS runs the control plane, so these logs exist only
      where a diagnostic setting sends them (a Log Analytics workspace, a storage account, an event hub):
      without one, an investigation has nothing to start from. The talk makes the point for run command —
      "Calls are audited and logged" — and it holds for every call to the API server.

      \`kube-audit-admin\` leaves out \`get\` and \`list\` events and costs far less than \`kube-audit\`, which
      logs every read; either satisfies this rule. The category groups \`audit\` and \`allLogs\` include all
      three categories. The settings are taken together: one setting may keep the audit log and another the
      guard log.

      The rule needs a definition that shows the diagnostic settings: an ARM template (a
      \`Microsoft.Insights/diagnosticSettings\` resource scoped to the cluster, or the older
      \`managedClusters/providers/diagnosticSettings\`), an export that lists the cluster's sub-resources,
      \`az monitor diagnostic-settings list\` output next to \`az aks show\`, or a Terraform
      \`azurerm_monitor_diagnostic_setting\` whose \`target_resource_id\` is the cluster. It is silent on
      \`az aks show\` output alone, where PSRule's AuditLogs fails the cluster.

      A setting belongs to the cluster its \`scope\`, id or name designates, as Azure Resource Manager deploys
      it: a \`managedClusters/providers/diagnosticSettings\` named \`other/Microsoft.Insights/audit\` goes to
      cluster \`other\` even when it is nested in another cluster's \`resources\`, where PSRule counts it for
      the enclosing cluster.
    `,
    remediation: {
      az: dedent`
        az monitor diagnostic-settings create --name aks-audit \\
          --resource "$(az aks show -g RESOURCE_GROUP -n CLUSTER --query id -o tsv)" \\
          --workspace WORKSPACE_ID \\
          --logs '[{"category":"kube-audit-admin","enabled":true},{"category":"guard","enabled":true}]'
      `,
      terraform: dedent`
        resource "azurerm_monitor_diagnostic_setting" "aks_audit" {
          name                       = "aks-audit"
          target_resource_id         = azurerm_kubernetes_cluster.this.id
          log_analytics_workspace_id = azurerm_log_analytics_workspace.this.id

          enabled_log {
            category = "kube-audit-admin"
          }
          enabled_log {
            category = "guard"
          }
        }
      `,
      arm: dedent`
        {
          "type": "Microsoft.Insights/diagnosticSettings",
          "apiVersion": "2021-05-01-preview",
          "name": "aks-audit",
          "scope": "[format('Microsoft.ContainerService/managedClusters/{0}', parameters('clusterName'))]",
          "properties": {
            "workspaceId": "[parameters('workspaceId')]",
            "logs": [
              { "category": "kube-audit-admin", "enabled": true },
              { "category": "guard", "enabled": true }
            ]
          }
        }
      `,
    },
    whenNotToUse: dedent`
      When the settings are deployed outside the definition — by an Azure Policy \`DeployIfNotExists\`
      assignment or another configuration — the definition cannot show them: suppress the finding on the
      cluster and say where the logs go.
    `,
    references: [
      'https://learn.microsoft.com/azure/aks/monitor-aks#aks-control-planeresource-logs',
      'https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-containerservice-managedclusters-logs',
      'https://learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings',
    ],
  },
  equivalents: { psrule: ['Azure.AKS.AuditLogs'] },
  messages: {
    noDiagnosticSettings:
      'Cluster {{cluster}} has no diagnostic setting: its Kubernetes audit log and guard log are not kept.',
    noAuditLog:
      'The diagnostic settings of cluster {{cluster}} ({{settings}}) enable neither kube-audit-admin nor kube-audit: calls to the API server are not audited.',
    noGuardLog:
      'The diagnostic settings of cluster {{cluster}} ({{settings}}) do not enable guard: Entra ID and Azure RBAC authorization decisions are not logged.',
  },
  examples: {
    valid: [
      dedent`
        {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "resources": [
            { "type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2024-05-01", "name": "audited", "properties": {} },
            {
              "type": "Microsoft.Insights/diagnosticSettings",
              "apiVersion": "2021-05-01-preview",
              "name": "aks-audit",
              "scope": "[format('Microsoft.ContainerService/managedClusters/{0}', 'audited')]",
              "properties": {
                "logs": [
                  { "category": "kube-audit-admin", "enabled": true },
                  { "category": "guard", "enabled": true }
                ]
              }
            }
          ]
        }
      `,
      // One setting with the `audit` category group.
      dedent`
        {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "resources": [
            {
              "type": "Microsoft.ContainerService/managedClusters",
              "apiVersion": "2024-05-01",
              "name": "audited",
              "properties": {},
              "resources": [
                {
                  "type": "providers/diagnosticSettings",
                  "apiVersion": "2021-05-01-preview",
                  "name": "Microsoft.Insights/audit",
                  "properties": { "logs": [ { "categoryGroup": "audit", "enabled": true } ] }
                }
              ]
            }
          ]
        }
      `,
      // `az aks show` output does not show diagnostic settings: nothing to say.
      dedent`
        name: shown-by-az
        type: Microsoft.ContainerService/ManagedClusters
      `,
    ],
    invalid: [
      {
        input: dedent`
          {
            "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            "contentVersion": "1.0.0.0",
            "resources": [
              { "type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2024-05-01", "name": "unaudited", "properties": {} }
            ]
          }
        `,
        reports: [{ messageId: 'noDiagnosticSettings', line: 5 }],
      },
      {
        input: dedent`
          {
            "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            "contentVersion": "1.0.0.0",
            "resources": [
              { "type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2024-05-01", "name": "half-audited", "properties": {} },
              {
                "type": "Microsoft.Insights/diagnosticSettings",
                "apiVersion": "2021-05-01-preview",
                "name": "platform",
                "scope": "[format('Microsoft.ContainerService/managedClusters/{0}', 'half-audited')]",
                "properties": {
                  "logs": [
                    { "category": "kube-apiserver", "enabled": true },
                    { "category": "kube-audit-admin", "enabled": false }
                  ]
                }
              }
            ]
          }
        `,
        reports: [
          { messageId: 'noAuditLog', line: 12 },
          { messageId: 'noGuardLog', line: 12 },
        ],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      const settings = cluster.diagnosticSettings;
      if (settings === undefined) continue;
      if (settings.length === 0) {
        ctx.report('noDiagnosticSettings', { cluster }, clusterData(cluster));
        continue;
      }
      const names = settings.map((s) => s.name).join(', ');
      for (const wanted of WANTED) {
        const answers = settings.map((setting) => ({ setting, sends: sends(setting, wanted) }));
        if (answers.some((a) => a.sends === true)) continue;
        const unknown = answers.find((a) => isUnknown(a.sends));
        if (unknown && isUnknown(unknown.sends))
          ctx.cannotTell({ cluster, path: `${unknown.setting.path}/categories` }, unknown.sends);
        else
          ctx.report(
            wanted.messageId,
            { cluster, path: `${settings[0]?.path}/categories` },
            clusterData(cluster, { settings: names }),
          );
      }
    }
  },
});
