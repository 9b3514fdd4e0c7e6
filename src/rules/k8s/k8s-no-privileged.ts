// Reports privileged containers.
import { dedent, defineRule } from '../define-rule.js';
import { containerIsPrivileged } from '../k8s-objects.js';

export const k8sNoPrivileged = defineRule({
  id: 'k8s-no-privileged',
  title: 'Do not run privileged containers',
  category: 'workload',
  defaultSeverity: 'critical',
  docs: {
    summary: 'Reports containers with `securityContext.privileged: true`.',
    rationale: dedent`
      A privileged container has every capability (including \`NET_RAW\` and \`NET_ADMIN\`, whatever its drop
      list says) and access to the node's devices: escaping to the node is a few commands away, and from the node
      the kubelet identity and every pod on it. No network control of the talk survives that.

      **What changed since 2021.** Pod Security Policy, which the talk's Azure Policy slide mentions, is gone
      (Kubernetes 1.25); the Pod Security Standards *baseline* profile and the Azure Policy built-in "Kubernetes
      cluster should not allow privileged containers" forbid it.

      **Compared with other auditors.** Checkov (CKV_K8S_16) and Trivy (KSV-0017) check the same field; like
      this rule, kubescape's C-0057 looks at init and ephemeral containers too. kubescape also fails a
      container that adds \`SYS_ADMIN\`; this rule does not, because such a container is not privileged (it
      gets no host devices, and seccomp and AppArmor still apply). The Pod Security Standards *baseline*
      profile forbids adding \`SYS_ADMIN\`.
    `,
    remediation: {
      kubernetes: dedent`
        securityContext:
          privileged: false
          allowPrivilegeEscalation: false
          capabilities:
            drop: ["ALL"]
      `,
    },
    whenNotToUse: 'Node-level system components that need device access; suppress them with a reason.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  },
  equivalents: { checkov: ['CKV_K8S_16'], trivy: ['KSV-0017'], kubescape: ['C-0057'] },
  messages: {
    privileged:
      "Container {{container}} of {{kind}} {{name}} is privileged: it has every capability and the node's devices.",
  },
  examples: {
    valid: [
      dedent`
        apiVersion: v1
        kind: Pod
        metadata:
          name: app
        spec:
          containers:
            - name: app
              image: app
              securityContext:
                privileged: false
      `,
      dedent`
        apiVersion: v1
        kind: Pod
        metadata:
          name: fuse
        spec:
          containers:
            - name: mounter
              image: fuse
              securityContext:
                capabilities:
                  add: [SYS_ADMIN]
      `,
    ],
    invalid: [
      {
        input: dedent`
          apiVersion: batch/v1
          kind: CronJob
          metadata:
            name: tuner
          spec:
            schedule: "0 * * * *"
            jobTemplate:
              spec:
                template:
                  spec:
                    containers:
                      - name: sysctl
                        image: busybox
                        securityContext:
                          privileged: true
        `,
        reports: [{ messageId: 'privileged', line: 15 }],
      },
      {
        input: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: app
          spec:
            containers:
              - name: app
                image: app
            ephemeralContainers:
              - name: debugger
                image: busybox
                securityContext:
                  privileged: true
        `,
        reports: [{ messageId: 'privileged', line: 13 }],
      },
    ],
  },
  check(ctx) {
    for (const { object, containers } of ctx.workloads) {
      for (const container of containers) {
        if (containerIsPrivileged(container))
          ctx.report(
            'privileged',
            { object, pointer: `${container.pointer}/securityContext/privileged` },
            { container: container.name, kind: object.kind, name: object.name },
          );
      }
    }
  },
});
