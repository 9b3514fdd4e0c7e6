// Reports clusters that still enable the removed Kubernetes dashboard add-on.
import { reportFlagNot } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksNoKubeDashboard = defineRule({
  id: 'aks-no-kube-dashboard',
  title: 'Do not enable the Kubernetes dashboard add-on',
  category: 'add-ons',
  defaultSeverity: 'high',
  docs: {
    summary: 'Reports clusters whose `addonProfiles.kubeDashboard.enabled` is `true`.',
    rationale: dedent`
      The dashboard add-on ran the Kubernetes dashboard inside the cluster with a service account that
      many installations bound to broad permissions; anyone reaching it through \`kubectl proxy\` or an exposed
      service could read secrets and change workloads.

      **What changed since 2021.** The add-on was deprecated and then removed from AKS: clusters on
      Kubernetes 1.19 and later cannot enable it, and azurerm 3.0 dropped \`addon_profile.kube_dashboard\`.
      An absent setting therefore means the add-on is not enabled; the rule still matters for old templates
      and 2.x Terraform configurations. Use the Azure portal's Kubernetes resource view or Headlamp instead.
    `,
    remediation: {
      az: 'az aks disable-addons -g RESOURCE_GROUP -n CLUSTER --addons kube-dashboard   # then upgrade past 1.18',
      terraform: dedent`
        # azurerm 2.x; azurerm 3.0 and later cannot enable the dashboard
        addon_profile {
          kube_dashboard {
            enabled = false
          }
        }
      `,
      arm: dedent`
        "addonProfiles": { "kubeDashboard": { "enabled": false } }
      `,
    },
    references: ['https://learn.microsoft.com/azure/aks/kubernetes-portal'],
  },
  equivalents: { checkov: ['CKV_AZURE_8'] },
  messages: {
    enabled:
      'Cluster {{cluster}} enables the Kubernetes dashboard add-on, removed from AKS for Kubernetes 1.19 and later; use the portal Kubernetes resource view.',
  },
  examples: {
    valid: [
      dedent`
        name: no-dashboard
        type: Microsoft.ContainerService/ManagedClusters
        addonProfiles:
          kubeDashboard:
            enabled: false
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: old-dashboard
          type: Microsoft.ContainerService/ManagedClusters
          addonProfiles:
            kubeDashboard:
              enabled: true
        `,
        reports: [{ messageId: 'enabled', line: 5 }],
      },
    ],
  },
  check(ctx) {
    reportFlagNot(
      ctx,
      // Absent means off: the add-on no longer exists for supported Kubernetes versions.
      { path: 'addons/kubeDashboard', read: (c) => c.addons.kubeDashboard, absentMeans: false },
      false,
      'enabled',
    );
  },
});
