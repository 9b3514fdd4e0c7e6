// Reports pods that mount a service account token without saying they need it.
import { dedent, defineRule } from '../define-rule.js';
import { effectiveNamespace } from '../k8s-objects.js';

export const k8sNoServiceAccountTokenAutomount = defineRule({
  id: 'k8s-no-service-account-token-automount',
  title: 'Mount service account tokens only where needed',
  category: 'workload',
  defaultSeverity: 'low',
  docs: {
    summary:
      'Reports pods that get a Kubernetes API token mounted because neither the pod nor its ServiceAccount (when it is among the inputs) sets `automountServiceAccountToken: false`.',
    rationale: dedent`
      Every pod gets a token for its service account unless told otherwise. Most applications never call the
      Kubernetes API; for them the token is only useful to an attacker who gets code execution, and with RBAC
      mistakes it can be a cluster takeover. The talk separates identities: "k8s service accounts are managed by
      Kubernetes", so their exposure is yours to limit.

      **What changed since 2021.** Tokens are now short-lived and bound to the pod (projected volumes, Kubernetes
      1.22+), which limits replay but not use from inside the pod. Microsoft Entra Workload ID uses a *separate*
      projected token with its own audience, so disabling the API token does not break it. Controllers that do
      call the API (ingress controllers, operators) need the token: setting it to \`true\` explicitly tells this
      rule so (the nginx ingress controller broke when a generic check disabled it).
    `,
    remediation: {
      kubernetes: dedent`
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: web
        automountServiceAccountToken: false
      `,
    },
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
    ],
  },
  equivalents: { checkov: ['CKV_K8S_38'], trivy: ['KSV-0036'], kubescape: ['C-0034'] },
  messages: {
    automounted:
      '{{kind}} {{name}} mounts a token for service account {{serviceAccount}} without declaring it needs one; set automountServiceAccountToken: false (or true where the API is used).',
  },
  examples: {
    valid: [
      dedent`
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: web
          namespace: shop
        automountServiceAccountToken: false
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          template:
            spec:
              serviceAccountName: web
              containers:
                - name: web
                  image: web
      `,
      dedent`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: operator
        spec:
          template:
            spec:
              automountServiceAccountToken: true
              containers:
                - name: operator
                  image: operator
      `,
    ],
    invalid: [
      {
        input: dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
            namespace: shop
          spec:
            template:
              spec:
                containers:
                  - name: web
                    image: web
        `,
        reports: [{ messageId: 'automounted', line: 8 }],
      },
    ],
  },
  check(ctx) {
    const accounts = ctx.objects.filter((o) => o.kind === 'ServiceAccount');
    for (const { object, podSpec, podSpecPointer } of ctx.workloads) {
      // An explicit value on the pod wins over the service account's (Kubernetes API reference).
      if (typeof podSpec.automountServiceAccountToken === 'boolean') continue;
      const serviceAccount =
        typeof podSpec.serviceAccountName === 'string'
          ? podSpec.serviceAccountName
          : typeof podSpec.serviceAccount === 'string'
            ? podSpec.serviceAccount
            : 'default';
      const account = accounts.find(
        (a) => a.name === serviceAccount && effectiveNamespace(a) === effectiveNamespace(object),
      );
      if (account && typeof account.value.automountServiceAccountToken === 'boolean') continue;
      ctx.report(
        'automounted',
        { object, pointer: podSpecPointer },
        { kind: object.kind, name: object.name, serviceAccount },
      );
    }
  },
});
