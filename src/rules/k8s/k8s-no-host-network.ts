// Reports pods that share the node's network namespace.
import { dedent, defineRule } from '../define-rule.js';

export const k8sNoHostNetwork = defineRule({
  id: 'k8s-no-host-network',
  title: 'Do not use the host network',
  category: 'workload',
  defaultSeverity: 'high',
  docs: {
    summary: 'Reports pods and pod templates with `hostNetwork: true`.',
    rationale: dedent`
      A host-network pod uses the node's IP and interfaces: it can bind any node port, reach the node's
      metadata endpoint (IMDS, where the kubelet identity's tokens come from) and sniff node traffic, and it is
      outside every NetworkPolicy — the talk's segmentation model ("ingress and egress policies based on labels
      or IP CIDRs") does not apply to it. Azure CNI powered by Cilium documents that host-network pods are not
      policed.

      **What changed since 2021.** The Pod Security Standards *baseline* profile forbids host namespaces, and
      Azure Policy has the built-in "Kubernetes cluster pods should only use approved host network and port
      range". Node-level agents (CNI, CSI, monitoring) legitimately need it: suppress those with a reason.
    `,
    remediation: {
      kubernetes: dedent`
        spec:
          hostNetwork: false
      `,
    },
    whenNotToUse:
      'Node agents (CNI plugins, node exporters) that must see the node network; suppress with a reason.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  },
  equivalents: { checkov: ['CKV_K8S_19'], trivy: ['KSV-0009'], kubescape: ['C-0041'] },
  messages: {
    hostNetwork:
      '{{kind}} {{name}} runs on the host network: no NetworkPolicy applies and node interfaces are exposed.',
  },
  examples: {
    valid: [
      dedent`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
        spec:
          template:
            spec:
              hostNetwork: false
              containers:
                - name: agent
                  image: agent
      `,
    ],
    invalid: [
      {
        input: dedent`
          apiVersion: apps/v1
          kind: DaemonSet
          metadata:
            name: agent
          spec:
            template:
              spec:
                hostNetwork: true
                containers:
                  - name: agent
                    image: agent
        `,
        reports: [{ messageId: 'hostNetwork', line: 8 }],
      },
    ],
  },
  check(ctx) {
    for (const { object, podSpec, podSpecPointer } of ctx.workloads) {
      if (podSpec.hostNetwork === true)
        ctx.report(
          'hostNetwork',
          { object, pointer: `${podSpecPointer}/hostNetwork` },
          { kind: object.kind, name: object.name },
        );
    }
  },
});
