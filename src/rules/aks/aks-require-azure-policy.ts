// Reports clusters without the Azure Policy add-on.
import { reportFlagNot } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksRequireAzurePolicy = defineRule({
  id: 'aks-require-azure-policy',
  title: 'Enable the Azure Policy add-on',
  category: 'add-ons',
  defaultSeverity: 'medium',
  docs: {
    summary:
      'Reports clusters without the Azure Policy add-on (Gatekeeper admission control managed from Azure).',
    rationale: dedent`
      The talk: Azure Policy for Kubernetes "uses Gatekeeper v3, which is a admission controller webhook for Open
      Policy Agent" and "helps to apply enforcements and safeguards on your AKS" clusters. It is how the
      workload rules of this catalogue (drop \`NET_RAW\`, no host network, no privileged containers, internal load
      balancers only) become enforced at admission instead of reported after the fact.

      **What changed since 2021.** Custom policies ("soon" in the talk) are supported, and Pod Security Policy,
      which "can't co-exist" with it, was removed in Kubernetes 1.25. The built-in initiatives implement the
      Pod Security Standards baseline and restricted profiles.
    `,
    remediation: {
      az: 'az aks enable-addons -g RESOURCE_GROUP -n CLUSTER --addons azure-policy',
      terraform: 'azure_policy_enabled = true',
      arm: dedent`
        "addonProfiles": {
          "azurepolicy": { "enabled": true }
        }
      `,
    },
    references: ['https://learn.microsoft.com/azure/governance/policy/concepts/policy-for-kubernetes'],
  },
  equivalents: { psrule: ['Azure.AKS.AzurePolicyAddOn'], checkov: ['CKV_AZURE_116'], trivy: ['AZU-0066'] },
  messages: {
    disabled:
      'Cluster {{cluster}} has no Azure Policy add-on: nothing enforces workload policies at admission.',
  },
  examples: {
    valid: [
      dedent`
        name: governed
        type: Microsoft.ContainerService/ManagedClusters
        addonProfiles:
          azurepolicy:
            enabled: true
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: ungoverned
          type: Microsoft.ContainerService/ManagedClusters
          addonProfiles:
            azurepolicy:
              enabled: false
        `,
        reports: [{ messageId: 'disabled', line: 5 }],
      },
    ],
  },
  check(ctx) {
    reportFlagNot(
      ctx,
      { path: 'addons/azurePolicy', read: (c) => c.addons.azurePolicy, absentMeans: false },
      true,
      'disabled',
    );
  },
});
