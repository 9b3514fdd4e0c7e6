// Reports Kubernetes Secrets passed to containers as environment variables.
import { dedent, defineRule } from '../define-rule.js';
import { dig } from '../k8s-objects.js';

export const k8sNoSecretsInEnv = defineRule({
  id: 'k8s-no-secrets-in-env',
  title: 'Do not pass secrets as environment variables',
  category: 'workload',
  defaultSeverity: 'low',
  docs: {
    summary:
      'Reports containers that read a Kubernetes Secret into environment variables (`env[].valueFrom.secretKeyRef`, `envFrom[].secretRef`).',
    rationale: dedent`
      Environment variables leak: into crash dumps, debug endpoints, child processes and logs, and anyone who
      can read the pod spec of a running process sees where they come from. Their values are also fixed at
      container start, so a rotated secret stays stale. The talk's answer for secrets is the "Azure CSI secret
      store driver": secrets stay in Key Vault and are mounted as files.

      **What changed since 2021.** The driver is a managed add-on (\`azureKeyvaultSecretsProvider\`) with
      rotation, authenticating with Microsoft Entra Workload ID. It can still sync to a Kubernetes Secret when an
      application insists on environment variables; mounting files is the better default.
    `,
    remediation: {
      kubernetes: dedent`
        volumes:
          - name: secrets
            csi:
              driver: secrets-store.csi.k8s.io
              readOnly: true
              volumeAttributes:
                secretProviderClass: app-secrets
        containers:
          - name: app
            volumeMounts:
              - name: secrets
                mountPath: /mnt/secrets
                readOnly: true
      `,
    },
    references: [
      'https://learn.microsoft.com/azure/aks/csi-secrets-store-driver',
      'https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables',
    ],
  },
  equivalents: { checkov: ['CKV_K8S_35'] },
  messages: {
    secretKeyRef:
      'Container {{container}} of {{kind}} {{name}} reads secret {{secret}} into environment variable {{variable}}.',
    secretRef:
      'Container {{container}} of {{kind}} {{name}} loads every key of secret {{secret}} into its environment.',
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
              env:
                - name: LOG_LEVEL
                  value: info
              volumeMounts:
                - name: secrets
                  mountPath: /mnt/secrets
          volumes:
            - name: secrets
              csi:
                driver: secrets-store.csi.k8s.io
                volumeAttributes:
                  secretProviderClass: app-secrets
      `,
    ],
    invalid: [
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
                env:
                  - name: DB_PASSWORD
                    valueFrom:
                      secretKeyRef:
                        name: db
                        key: password
                envFrom:
                  - secretRef:
                      name: api-keys
        `,
        reports: [
          { messageId: 'secretKeyRef', line: 10 },
          { messageId: 'secretRef', line: 16 },
        ],
      },
    ],
  },
  check(ctx) {
    for (const { object, containers } of ctx.workloads) {
      for (const container of containers) {
        const base = { container: container.name, kind: object.kind, name: object.name };
        const env = dig(container.value, 'env');
        if (Array.isArray(env))
          env.forEach((entry, i) => {
            const ref = dig(entry, 'valueFrom', 'secretKeyRef');
            if (ref === undefined) return;
            ctx.report(
              'secretKeyRef',
              { object, pointer: `${container.pointer}/env/${i}` },
              {
                ...base,
                secret: String(dig(ref, 'name') ?? '?'),
                variable: String(dig(entry, 'name') ?? '?'),
              },
            );
          });
        const envFrom = dig(container.value, 'envFrom');
        if (Array.isArray(envFrom))
          envFrom.forEach((entry, i) => {
            const ref = dig(entry, 'secretRef');
            if (ref === undefined) return;
            ctx.report(
              'secretRef',
              { object, pointer: `${container.pointer}/envFrom/${i}` },
              { ...base, secret: String(dig(ref, 'name') ?? '?') },
            );
          });
      }
    }
  },
});
