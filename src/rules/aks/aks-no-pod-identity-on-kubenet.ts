// Reports pod identity on kubenet clusters unless every workload among the inputs drops NET_RAW.
import { isUnknown } from '../../model/cluster.js';
import { clusterData, flagValue } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';
import { containerDropsNetRaw } from '../k8s-objects.js';

export const aksNoPodIdentityOnKubenet = defineRule({
  id: 'aks-no-pod-identity-on-kubenet',
  title: 'Do not run pod identity on kubenet while pods keep NET_RAW',
  category: 'identity',
  defaultSeverity: 'high',
  docs: {
    summary:
      'Reports kubenet clusters with pod-managed identity when workloads among the inputs keep `NET_RAW` (or when no workloads were given to verify it).',
    rationale: dedent`
      The talk: pod identity is "recommended setup with Azure CNI Network Plugin"; on kubenet "some extra work is
      required to ensure security — Kubenet is susceptible to ARP spoofing, you need to disable NET_RAW capabilities
      on your pods to prevent this." A pod with \`NET_RAW\` can spoof the NMI endpoint on its node and obtain other
      pods' Azure tokens. This rule correlates the cluster definition with the manifests: no other auditor does.

      **What changed since 2021.** Pod identity is deprecated and out of support since September 2025 and kubenet
      retires on 2028-03-31 (see \`aks-no-pod-identity\` and \`aks-no-kubenet\`); the AKS API even requires
      \`allowNetworkPluginKubenet: true\` to accept the combination. Microsoft Entra Workload ID does not intercept
      IMDS traffic and removes the risk. Until then, enforce the NET_RAW drop with the Azure Policy built-in
      "Kubernetes cluster containers should only use allowed capabilities".
    `,
    remediation: {
      az: 'az aks update -g RESOURCE_GROUP -n CLUSTER --disable-pod-identity --enable-oidc-issuer --enable-workload-identity',
      terraform: dedent`
        oidc_issuer_enabled       = true
        workload_identity_enabled = true
      `,
      arm: dedent`
        "podIdentityProfile": { "enabled": false },
        "securityProfile": { "workloadIdentity": { "enabled": true } }
      `,
    },
    references: [
      'https://learn.microsoft.com/azure/aks/use-azure-ad-pod-identity#mitigation',
      'https://learn.microsoft.com/azure/aks/workload-identity-overview',
    ],
  },
  equivalents: { psrule: ['Azure.AKS.PodIdentity'] },
  messages: {
    netRawKept:
      'Cluster {{cluster}} runs pod identity on kubenet and {{count}} container(s) keep NET_RAW (first: {{first}}): they can ARP-spoof the identity endpoint.',
    unverified:
      'Cluster {{cluster}} runs pod identity on kubenet, where pods with NET_RAW can ARP-spoof the identity endpoint; no workloads were given to verify that NET_RAW is dropped.',
  },
  examples: {
    valid: [
      dedent`
        name: kubenet-pod-identity
        type: Microsoft.ContainerService/ManagedClusters
        networkProfile:
          networkPlugin: kubenet
        podIdentityProfile:
          enabled: true
          allowNetworkPluginKubenet: true
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          template:
            spec:
              containers:
                - name: api
                  image: api
                  securityContext:
                    capabilities:
                      drop: [ALL]
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: kubenet-pod-identity
          type: Microsoft.ContainerService/ManagedClusters
          networkProfile:
            networkPlugin: kubenet
          podIdentityProfile:
            enabled: true
            allowNetworkPluginKubenet: true
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: api
          spec:
            template:
              spec:
                containers:
                  - name: api
                    image: api
        `,
        reports: [{ messageId: 'netRawKept', line: 6 }],
      },
      {
        input: dedent`
          name: kubenet-pod-identity
          type: Microsoft.ContainerService/ManagedClusters
          networkProfile:
            networkPlugin: kubenet
          podIdentityProfile:
            enabled: true
        `,
        reports: [{ messageId: 'unverified', line: 6 }],
      },
    ],
  },
  check(ctx) {
    const keepers = ctx.workloads.flatMap((w) =>
      w.containers
        .filter((c) => !containerDropsNetRaw(c))
        .map((c) => `${w.object.kind} ${w.object.name}/${c.name}`),
    );
    for (const cluster of ctx.clusters) {
      const podIdentity = cluster.identity.podIdentity;
      const plugin = cluster.network.plugin;
      if (isUnknown(podIdentity)) {
        ctx.cannotTell({ cluster, path: 'identity/podIdentity' }, podIdentity);
        continue;
      }
      if (flagValue(podIdentity, false) !== true) continue;
      if (isUnknown(plugin)) {
        ctx.cannotTell({ cluster, path: 'network/plugin' }, plugin);
        continue;
      }
      if (plugin !== 'kubenet') continue;
      const target = { cluster, path: 'identity/podIdentity' };
      if (ctx.workloads.length === 0) ctx.report('unverified', target, clusterData(cluster));
      else if (keepers.length > 0)
        ctx.report(
          'netRawKept',
          target,
          clusterData(cluster, { count: keepers.length, first: keepers[0] ?? '' }),
        );
    }
  },
});
