// Reports clusters without Container Insights monitoring.
import { reportFlagNot } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksRequireMonitoring = defineRule({
  id: 'aks-require-monitoring',
  title: 'Enable monitoring (Container Insights)',
  category: 'add-ons',
  defaultSeverity: 'low',
  docs: {
    summary: 'Reports clusters without the monitoring add-on (`omsagent`, Container Insights).',
    rationale: dedent`
      Without container logs and metrics, an incident — a compromised pod, a policy that suddenly drops traffic —
      leaves nothing to investigate. The talk's run-command slide makes the same point for the control plane:
      "Calls are audited and logged".

      **What changed since 2021.** Container Insights uses the Azure Monitor Agent with managed identity
      authentication (\`useAADAuth\`), and Managed Prometheus covers metrics. Remember that a filtered egress
      (\`userDefinedRouting\`) must allow the monitoring endpoints (see \`aks-require-firewall-egress-rules\`).
    `,
    remediation: {
      az: 'az aks enable-addons -g RESOURCE_GROUP -n CLUSTER --addons monitoring --workspace-resource-id WORKSPACE_ID',
      terraform: dedent`
        oms_agent {
          log_analytics_workspace_id      = azurerm_log_analytics_workspace.this.id
          msi_auth_for_monitoring_enabled = true
        }
      `,
      arm: dedent`
        "addonProfiles": {
          "omsagent": {
            "enabled": true,
            "config": { "logAnalyticsWorkspaceResourceID": "WORKSPACE_ID", "useAADAuth": "true" }
          }
        }
      `,
    },
    references: ['https://learn.microsoft.com/azure/azure-monitor/containers/container-insights-overview'],
  },
  equivalents: { psrule: ['Azure.AKS.ContainerInsights'], checkov: ['CKV_AZURE_4'], trivy: ['AZU-0040'] },
  messages: {
    disabled: 'Cluster {{cluster}} has no monitoring add-on: container logs and metrics are not collected.',
  },
  examples: {
    valid: [
      dedent`
        name: observed
        type: Microsoft.ContainerService/ManagedClusters
        addonProfiles:
          omsagent:
            enabled: true
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: blind
          type: Microsoft.ContainerService/ManagedClusters
          addonProfiles:
            omsagent:
              enabled: false
        `,
        reports: [{ messageId: 'disabled', line: 5 }],
      },
    ],
  },
  check(ctx) {
    reportFlagNot(
      ctx,
      { path: 'addons/monitoring', read: (c) => c.addons.monitoring, absentMeans: false },
      true,
      'disabled',
    );
  },
});
