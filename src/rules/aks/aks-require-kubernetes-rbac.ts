// Reports clusters with Kubernetes RBAC turned off, or not turned on explicitly.
import { isUnknown } from '../../model/cluster.js';
import { clusterData } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksRequireKubernetesRbac = defineRule({
  id: 'aks-require-kubernetes-rbac',
  title: 'Keep Kubernetes RBAC enabled',
  category: 'identity',
  defaultSeverity: 'critical',
  docs: {
    summary:
      'Reports clusters with Kubernetes RBAC disabled (`enableRBAC: false`), and definitions that leave `enableRBAC` unset.',
    rationale: dedent`
      Without Kubernetes RBAC every authenticated identity, including every pod's service account, can do
      anything in the cluster. The talk takes RBAC for granted and builds on it ("Managing RBAC in K8s").

      **What changed since 2021.** Nothing: RBAC is the default of \`az aks create\` and Terraform, and it cannot be
      turned on after creation, so a cluster without it must be re-created. A template that leaves \`enableRBAC\`
      out relies on the API's behaviour instead of saying what it wants; PSRule and Checkov fail it too, so it is
      reported with its own message (\`az aks show\` and Terraform plans always carry the value).
    `,
    remediation: {
      az: 'az aks create -g RESOURCE_GROUP -n CLUSTER ...   # RBAC is on by default and cannot be enabled later',
      terraform: 'role_based_access_control_enabled = true',
      arm: '"enableRBAC": true',
    },
    references: ['https://learn.microsoft.com/azure/aks/concepts-identity'],
  },
  equivalents: { psrule: ['Azure.AKS.UseRBAC'], checkov: ['CKV_AZURE_5'], trivy: ['AZU-0042'] },
  messages: {
    disabled:
      'Cluster {{cluster}} has Kubernetes RBAC disabled: every authenticated identity is all-powerful.',
    unset:
      'Cluster {{cluster}} does not set enableRBAC: state enableRBAC: true, as RBAC cannot be turned on after creation.',
  },
  examples: {
    valid: [
      dedent`
        name: rbac
        type: Microsoft.ContainerService/ManagedClusters
        enableRbac: true
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: no-rbac
          type: Microsoft.ContainerService/ManagedClusters
          enableRbac: false
        `,
        reports: [{ messageId: 'disabled', line: 3 }],
      },
      {
        input: dedent`
          name: unstated
          type: Microsoft.ContainerService/ManagedClusters
          kubernetesVersion: 1.30.6
        `,
        reports: [{ messageId: 'unset', line: 1 }],
      },
    ],
  },
  check(ctx) {
    for (const cluster of ctx.clusters) {
      const value = cluster.identity.kubernetesRbac;
      const target = { cluster, path: 'identity/kubernetesRbac' };
      if (isUnknown(value)) ctx.cannotTell(target, value);
      else if (value === false) ctx.report('disabled', target, clusterData(cluster));
      else if (value === undefined) ctx.report('unset', target, clusterData(cluster));
    }
  },
});
