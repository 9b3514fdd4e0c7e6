// Reports clusters without Microsoft Defender for Containers security monitoring.
import { reportFlagNot } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksRequireDefender = defineRule({
  id: 'aks-require-defender',
  title: 'Enable Microsoft Defender for Containers',
  category: 'add-ons',
  defaultSeverity: 'medium',
  docs: {
    summary:
      'Reports clusters whose Defender profile (`securityProfile.defender.securityMonitoring`) is not enabled.',
    rationale: dedent`
      The talk covered "Azure Defender for Kubernetes" for run-time threat detection and noted its limits then:
      it relied on the Log Analytics agent, which "isn't possible/not recommended to install … on the virtual
      machine scaling sets", and "Azure Defender team is already working on providing a native Kubernetes
      deployment for the Defender addon".

      **What changed since 2021.** That native deployment shipped: Microsoft Defender for Containers runs a
      sensor in the cluster, enabled through the cluster's \`securityProfile.defender\`. (Checkov's
      CKV_AZURE_85 checks the subscription pricing plan under a deprecated name, a different resource.)
    `,
    remediation: {
      az: 'az aks update -g RESOURCE_GROUP -n CLUSTER --enable-defender',
      terraform: dedent`
        microsoft_defender {
          log_analytics_workspace_id = azurerm_log_analytics_workspace.this.id
        }
      `,
      arm: dedent`
        "securityProfile": {
          "defender": {
            "logAnalyticsWorkspaceResourceId": "WORKSPACE_RESOURCE_ID",
            "securityMonitoring": { "enabled": true }
          }
        }
      `,
    },
    references: ['https://learn.microsoft.com/azure/defender-for-cloud/defender-for-containers-introduction'],
  },
  equivalents: { psrule: ['Azure.AKS.DefenderProfile'] },
  messages: {
    disabled: 'Cluster {{cluster}} has no Defender for Containers sensor: run-time threats go undetected.',
  },
  examples: {
    valid: [
      dedent`
        name: watched
        type: Microsoft.ContainerService/ManagedClusters
        securityProfile:
          defender:
            securityMonitoring:
              enabled: true
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: unwatched
          type: Microsoft.ContainerService/ManagedClusters
          securityProfile: {}
        `,
        reports: [{ messageId: 'disabled', line: 1 }],
      },
    ],
  },
  check(ctx) {
    reportFlagNot(
      ctx,
      { path: 'addons/defender', read: (c) => c.addons.defender, absentMeans: false },
      true,
      'disabled',
    );
  },
});
