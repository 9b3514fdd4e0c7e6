// Reports container ports bound to a port of the node.
import { dedent, defineRule } from '../define-rule.js';
import { dig } from '../k8s-objects.js';

export const k8sNoHostPort = defineRule({
  id: 'k8s-no-host-port',
  title: 'Do not bind host ports',
  category: 'workload',
  defaultSeverity: 'medium',
  docs: {
    summary:
      'Reports container ports with a `hostPort`, which publishes the container on every node IP it runs on.',
    rationale: dedent`
      A \`hostPort\` opens the port on the node's address: the service becomes reachable from anything that can
      reach the node subnet, bypassing the load balancer, the talk's dedicated ingress subnet and its WAF. It also
      limits scheduling to one such pod per node.

      **What changed since 2021.** The Pod Security Standards *baseline* profile disallows host ports (or
      restricts them to a known list), and so does the Azure Policy built-in for approved host network and port
      ranges. Expose services through a Service instead.
    `,
    remediation: {
      kubernetes: dedent`
        ports:
          - containerPort: 8080   # no hostPort; publish it with a Service
      `,
    },
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  },
  equivalents: { checkov: ['CKV_K8S_26'], trivy: ['KSV-0024'], kubescape: ['C-0044'] },
  messages: {
    hostPort: 'Container {{container}} of {{kind}} {{name}} binds host port {{port}} on its node.',
  },
  examples: {
    valid: [
      dedent`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx
              ports:
                - containerPort: 80
      `,
    ],
    invalid: [
      {
        input: dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx
                ports:
                  - containerPort: 80
                    hostPort: 80
        `,
        reports: [{ messageId: 'hostPort', line: 11 }],
      },
    ],
  },
  check(ctx) {
    for (const { object, containers } of ctx.workloads) {
      for (const container of containers) {
        const ports = dig(container.value, 'ports');
        if (!Array.isArray(ports)) continue;
        ports.forEach((port, i) => {
          const hostPort = dig(port, 'hostPort');
          // hostPort 0 (or absent) means no host port.
          if (hostPort === undefined || hostPort === null || hostPort === 0) return;
          ctx.report(
            'hostPort',
            { object, pointer: `${container.pointer}/ports/${i}/hostPort` },
            { container: container.name, kind: object.kind, name: object.name, port: String(hostPort) },
          );
        });
      }
    }
  },
});
