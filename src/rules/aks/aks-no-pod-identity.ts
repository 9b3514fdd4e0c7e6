// Reports clusters on the deprecated pod-managed identity add-on.
import { reportFlagNot } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksNoPodIdentity = defineRule({
  id: 'aks-no-pod-identity',
  title: 'Replace pod-managed identity with workload identity',
  category: 'identity',
  defaultSeverity: 'high',
  docs: {
    summary:
      'Reports clusters with the pod-managed identity add-on enabled, and self-installed aad-pod-identity objects (`AzureIdentity`, `AzureIdentityBinding`) among the manifests.',
    rationale: dedent`
      In 2021 pod identity was the way "to assign AAD identities to Pods so they can access Azure Resources",
      available "as an AKS plugin in Preview". Its Node Managed Identity component works by "intercepting the
      instance metadata service (IMDS) traffic on the nodes (iptables rule)", which is why it needed extra care
      on kubenet.

      **What changed since 2021.** The open-source project was deprecated on 2022-10-24 and archived in 2023;
      the AKS add-on was supported only through September 2025. Its replacement, **Microsoft Entra Workload
      ID** (GA 2023-04), federates a Kubernetes service account token with a managed identity: no IMDS
      interception, no NMI daemonset. It needs the OIDC issuer.
    `,
    remediation: {
      az: 'az aks update -g RESOURCE_GROUP -n CLUSTER --disable-pod-identity --enable-oidc-issuer --enable-workload-identity',
      terraform: dedent`
        oidc_issuer_enabled       = true
        workload_identity_enabled = true
      `,
      arm: dedent`
        "podIdentityProfile": { "enabled": false },
        "oidcIssuerProfile": { "enabled": true },
        "securityProfile": { "workloadIdentity": { "enabled": true } }
      `,
    },
    references: [
      'https://learn.microsoft.com/azure/aks/use-azure-ad-pod-identity',
      'https://learn.microsoft.com/azure/aks/workload-identity-overview',
    ],
  },
  equivalents: {},
  messages: {
    selfManaged:
      '{{kind}} {{name}} belongs to aad-pod-identity, deprecated since 2022-10-24 and archived; move the workload to Microsoft Entra Workload ID.',
    enabled:
      'Cluster {{cluster}} uses pod-managed identity, deprecated and unsupported since September 2025; migrate to Microsoft Entra Workload ID.',
  },
  examples: {
    valid: [
      dedent`
        name: workload-identity
        type: Microsoft.ContainerService/ManagedClusters
        oidcIssuerProfile:
          enabled: true
        securityProfile:
          workloadIdentity:
            enabled: true
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: pod-identity
          type: Microsoft.ContainerService/ManagedClusters
          podIdentityProfile:
            enabled: true
        `,
        reports: [{ messageId: 'enabled', line: 4 }],
      },
      {
        input: dedent`
          apiVersion: aadpodidentity.k8s.io/v1
          kind: AzureIdentityBinding
          metadata:
            name: api-binding
            namespace: shop
          spec:
            azureIdentity: api-identity
            selector: api
        `,
        reports: [{ messageId: 'selfManaged', line: 1 }],
      },
    ],
  },
  check(ctx) {
    reportFlagNot(
      ctx,
      { path: 'identity/podIdentity', read: (c) => c.identity.podIdentity, absentMeans: false },
      false,
      'enabled',
    );
    // The open-source project installed without the add-on ("You can install it on your own too", the talk).
    for (const object of ctx.objects)
      if (object.apiVersion.startsWith('aadpodidentity.k8s.io/'))
        ctx.report('selfManaged', { object }, { kind: object.kind, name: object.name });
  },
});
