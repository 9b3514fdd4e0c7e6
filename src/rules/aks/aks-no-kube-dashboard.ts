// Reports clusters that still enable the retired Kubernetes dashboard add-on.
import { type Cluster, isUnknown } from '../../model/cluster.js';
import { clusterData } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

/** The first Kubernetes minor version on which AKS left the dashboard add-on off unless asked for. */
const OFF_BY_DEFAULT_FROM_MINOR = 18;

export const aksNoKubeDashboard = defineRule({
  id: 'aks-no-kube-dashboard',
  title: 'Do not enable the Kubernetes dashboard add-on',
  category: 'add-ons',
  defaultSeverity: 'high',
  docs: {
    summary:
      'Reports clusters whose `addonProfiles.kubeDashboard.enabled` is `true`, or absent on a Kubernetes version before 1.18, where AKS enabled the add-on by default.',
    rationale: dedent`
      The dashboard add-on ran the Kubernetes dashboard inside the cluster with a service account that
      many installations bound to broad permissions; anyone reaching it through \`kubectl proxy\` or an exposed
      service could read secrets and change workloads.

      **What changed since 2021.** The add-on is retired. AKS enabled it by default on clusters before
      Kubernetes 1.18, left it off by default from 1.18, and stopped installing it from 1.19 (clusters that
      had it kept it); azurerm 3.0 dropped \`addon_profile.kube_dashboard\`. So an absent setting means
      enabled only when the cluster's Kubernetes version is known to be before 1.18; the rule matters for
      old clusters, templates and 2.x Terraform configurations. Use the Azure portal's Kubernetes resources
      view or Headlamp instead.
    `,
    remediation: {
      az: 'az aks disable-addons -g RESOURCE_GROUP -n CLUSTER --addons kube-dashboard',
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
    references: [
      'https://learn.microsoft.com/azure/aks/kubernetes-portal',
      'https://github.com/MicrosoftDocs/azure-docs/blob/b044a4fc08fd60787ac653f10aa1cb7d7090855d/articles/aks/kubernetes-dashboard.md',
    ],
  },
  equivalents: { checkov: ['CKV_AZURE_8'] },
  messages: {
    enabled:
      'Cluster {{cluster}} has the Kubernetes dashboard add-on enabled, which AKS stopped supporting from Kubernetes 1.19; disable it and use the portal Kubernetes resources view.',
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
      dedent`
        name: current-version
        type: Microsoft.ContainerService/ManagedClusters
        kubernetesVersion: "1.30"
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
      {
        input: dedent`
          name: dashboard-by-default
          type: Microsoft.ContainerService/ManagedClusters
          kubernetesVersion: 1.17.9
        `,
        reports: [{ messageId: 'enabled', line: 3 }],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      const value = cluster.addons.kubeDashboard;
      if (isUnknown(value)) ctx.cannotTell({ cluster, path: 'addons/kubeDashboard' }, value);
      else if (value === true)
        ctx.report('enabled', { cluster, path: 'addons/kubeDashboard' }, clusterData(cluster));
      else if (value === undefined && enabledByDefault(cluster))
        ctx.report('enabled', { cluster, path: 'kubernetesVersion' }, clusterData(cluster));
    }
  },
});

/**
 * Whether AKS turned the add-on on for a cluster that does not mention it: only before Kubernetes 1.18.
 * An unknown or absent version is taken as a current one, since AKS creates no cluster that old today.
 */
function enabledByDefault(cluster: Cluster): boolean {
  const version = cluster.kubernetesVersion;
  if (typeof version !== 'string') return false;
  const match = /^v?(\d+)\.(\d+)/.exec(version.trim());
  return match !== null && Number(match[1]) === 1 && Number(match[2]) < OFF_BY_DEFAULT_FROM_MINOR;
}
