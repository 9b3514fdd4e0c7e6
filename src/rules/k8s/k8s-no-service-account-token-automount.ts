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

      **Compared with other auditors.** The effective setting is the pod's \`automountServiceAccountToken\`,
      else its ServiceAccount's (when that ServiceAccount is among the inputs, in the same namespace), else
      \`true\`; this rule reports the last case only. Checkov (CKV_K8S_38) and kubescape (C-0034) also fail an
      explicit \`true\`, and kubescape fails a ServiceAccount that does not opt out; here an explicit \`true\`,
      on the pod or on its ServiceAccount, is the declared need the rule asks for. kubescape also passes a
      workload whose ServiceAccount is not among the inputs, which this rule reports, since the
      \`default\` ServiceAccount mounts a token unless someone changed it. Trivy's KSV-0036 is not an
      equivalent: it flags only an explicit \`true\` (or a hand-written mount of the token path) and passes a
      pod that does not set the field, the very case reported here.
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
  equivalents: { checkov: ['CKV_K8S_38'], kubescape: ['C-0034'] },
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
      dedent`
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: operator
        automountServiceAccountToken: true
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: operator
        spec:
          serviceAccountName: operator
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
      {
        input: dedent`
          apiVersion: v1
          kind: ServiceAccount
          metadata:
            name: web
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            serviceAccountName: web
            containers:
              - name: web
                image: web
        `,
        reports: [{ messageId: 'automounted', line: 10 }],
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
