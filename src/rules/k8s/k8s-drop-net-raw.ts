// Reports containers that keep the NET_RAW capability.
import { dedent, defineRule } from '../define-rule.js';
import { containerCapabilities, dig } from '../k8s-objects.js';

export const k8sDropNetRaw = defineRule({
  id: 'k8s-drop-net-raw',
  title: 'Drop the NET_RAW capability',
  category: 'workload',
  defaultSeverity: 'medium',
  docs: {
    summary:
      'Reports containers that do not drop `NET_RAW` (or `ALL`) in `securityContext.capabilities`, or that add it back.',
    rationale: dedent`
      \`NET_RAW\` lets a process craft raw packets: ARP and DNS spoofing of its neighbours, ICMP tricks, packet
      sniffing setups. The talk names the concrete AKS case: "Kubenet is susceptible to ARP spoofing, you need
      to disable NET_RAW capabilities on your pods to prevent this" (to protect pod identity's token endpoint).
      Container runtimes grant \`NET_RAW\` by default, so it must be dropped explicitly.

      **What changed since 2021.** The advice is wider now: the Pod Security Standards *restricted* profile
      requires \`drop: [ALL]\`, and Azure Policy's "Kubernetes cluster containers should only use allowed
      capabilities" enforces a required drop list. Dropping \`ALL\` and adding back only what a container needs
      is the simplest way to comply.
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
  equivalents: { checkov: ['CKV_K8S_28'], kubescape: ['C-0199'] },
  messages: {
    notDropped: 'Container {{container}} of {{kind}} {{name}} keeps NET_RAW: drop NET_RAW or ALL.',
    addedBack:
      'Container {{container}} of {{kind}} {{name}} adds {{capability}} back, which includes NET_RAW.',
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
    ],
  },
  check(ctx) {
    for (const { object, containers } of ctx.workloads) {
      for (const container of containers) {
        const { drop, add } = containerCapabilities(container);
        const data = { container: container.name, kind: object.kind, name: object.name };
        if (!drop.includes('NET_RAW') && !drop.includes('ALL')) {
          ctx.report('notDropped', { object, pointer: container.pointer }, data);
          continue;
        }
        const addList = dig(container.value, 'securityContext', 'capabilities', 'add');
        const index = add.findIndex((cap) => cap === 'NET_RAW' || cap === 'ALL');
        if (index >= 0 && Array.isArray(addList))
          ctx.report(
            'addedBack',
            { object, pointer: `${container.pointer}/securityContext/capabilities/add/${index}` },
            { ...data, capability: String(addList[index]) },
          );
      }
    }
  },
});
