// Reports containers that keep the NET_RAW capability.
import { dedent, defineRule } from '../define-rule.js';
import { containerCapabilities, containerDropsNetRaw, containerIsPrivileged, dig } from '../k8s-objects.js';

export const k8sDropNetRaw = defineRule({
  id: 'k8s-drop-net-raw',
  title: 'Drop the NET_RAW capability',
  category: 'workload',
  defaultSeverity: 'medium',
  docs: {
    summary:
      'Reports containers that keep `NET_RAW`: they drop neither `NET_RAW` nor `ALL` in `securityContext.capabilities`, add `NET_RAW` back after dropping `ALL`, or are privileged.',
    rationale: dedent`
      \`NET_RAW\` lets a process craft raw packets: ARP and DNS spoofing of its neighbours, ICMP tricks, packet
      sniffing setups. The talk names the concrete AKS case: "Kubenet is susceptible to ARP spoofing, you need
      to disable NET_RAW capabilities on your pods to prevent this" (to protect pod identity's token endpoint).
      Container runtimes grant \`NET_RAW\` by default, so it must be dropped explicitly.

      **What changed since 2021.** The advice is wider now: the Pod Security Standards *restricted* profile
      requires \`drop: [ALL]\`, and Azure Policy's "Kubernetes cluster containers should only use allowed
      capabilities" enforces a required drop list. Dropping \`ALL\` and adding back only what a container needs
      is the simplest way to comply.

      **How the set is built.** containerd and CRI-O start from their defaults (which include \`NET_RAW\`),
      apply \`add: [ALL]\`, then \`drop: [ALL]\`, then the named additions and last the named drops: a named
      \`drop: [NET_RAW]\` always wins, \`drop: [ALL]\` loses only to a named \`add: [NET_RAW]\`, and a
      privileged container gets every capability whatever its lists say.

      **Compared with other auditors.** Checkov's CKV_K8S_28 is the same per-container check, but on the drop
      list alone: it passes \`drop: [ALL]\` with \`add: [NET_RAW]\` and a privileged container that drops
      \`ALL\`, which this rule reports, and skips ephemeral containers. kubescape's C-0199 (the CIS item
      "minimize the admission of containers with the NET_RAW capability") is not an equivalent: it reports
      Namespaces without a Pod Security Admission \`enforce\` label of baseline or restricted, never a
      workload.
    `,
    remediation: {
      kubernetes: dedent`
        containers:
          - name: app
            securityContext:
              capabilities:
                drop: ["ALL"]
      `,
    },
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
      'https://learn.microsoft.com/azure/aks/use-azure-ad-pod-identity#mitigation',
    ],
  },
  equivalents: { checkov: ['CKV_K8S_28'] },
  messages: {
    notDropped: 'Container {{container}} of {{kind}} {{name}} keeps NET_RAW: drop NET_RAW or ALL.',
    addedBack:
      'Container {{container}} of {{kind}} {{name}} adds {{capability}} back, which includes NET_RAW.',
    privileged:
      'Container {{container}} of {{kind}} {{name}} is privileged, so it keeps NET_RAW whatever its drop list says.',
  },
  examples: {
    valid: [
      dedent`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
                - name: web
                  image: nginx
                  securityContext:
                    capabilities:
                      drop: [ALL]
                      add: [NET_BIND_SERVICE]
      `,
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
                capabilities:
                  drop: [all]
      `,
    ],
    invalid: [
      {
        input: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: debug
          spec:
            containers:
              - name: shell
                image: busybox
              - name: sniffer
                image: tcpdump
                securityContext:
                  capabilities:
                    drop: [ALL]
                    add: [NET_RAW]
        `,
        reports: [
          { messageId: 'notDropped', line: 7 },
          { messageId: 'addedBack', line: 14 },
        ],
      },
      {
        input: dedent`
          apiVersion: apps/v1
          kind: DaemonSet
          metadata:
            name: agent
          spec:
            template:
              spec:
                containers:
                  - name: agent
                    image: agent
                    securityContext:
                      privileged: true
                      capabilities:
                        drop: [ALL]
        `,
        reports: [{ messageId: 'privileged', line: 12 }],
      },
    ],
  },
  check(ctx) {
    for (const { object, containers } of ctx.workloads) {
      for (const container of containers) {
        if (containerDropsNetRaw(container)) continue;
        const data = { container: container.name, kind: object.kind, name: object.name };
        if (containerIsPrivileged(container)) {
          ctx.report(
            'privileged',
            { object, pointer: `${container.pointer}/securityContext/privileged` },
            data,
          );
          continue;
        }
        const { drop, add } = containerCapabilities(container);
        const addList = dig(container.value, 'securityContext', 'capabilities', 'add');
        // Kept despite a drop list: only `drop: [ALL]` followed by a named `add: [NET_RAW]` does that.
        const index = add.indexOf('NET_RAW');
        if (drop.includes('ALL') && index >= 0 && Array.isArray(addList))
          ctx.report(
            'addedBack',
            { object, pointer: `${container.pointer}/securityContext/capabilities/add/${index}` },
            { ...data, capability: String(addList[index]) },
          );
        else ctx.report('notDropped', { object, pointer: container.pointer }, data);
      }
    }
  },
});
