// Reports clusters with Kubernetes RBAC turned off.
import { reportFlagNot } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksRequireKubernetesRbac = defineRule({
  id: 'aks-require-kubernetes-rbac',
  title: 'Keep Kubernetes RBAC enabled',
  category: 'identity',
  defaultSeverity: 'critical',
  docs: {
    summary: 'Reports clusters created with Kubernetes RBAC disabled (`enableRBAC: false`).',
    rationale: dedent`
      Without Kubernetes RBAC every authenticated identity, including every pod's service account, can do
      anything in the cluster. The talk takes RBAC for granted and builds on it ("Managing RBAC in K8s").

      **What changed since 2021.** Nothing: RBAC is the default and cannot be turned on after creation, so a
      cluster without it must be re-created. An absent \`enableRBAC\` means the default (enabled), so only an
      explicit \`false\` is reported.
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
    ],
  },
  check(ctx) {
    reportFlagNot(
      ctx,
      { path: 'identity/kubernetesRbac', read: (c) => c.identity.kubernetesRbac, absentMeans: true },
      true,
      'disabled',
    );
  },
});
