import { describe, expect, it } from 'vitest';
import { checker, pods } from '../../../test/netpol/check-harness.js';

const PODS = pods(
  ['prod/web', { app: 'web' }],
  ['prod/db', { app: 'db' }],
  ['dev/tool', { app: 'tool' }],
  ['monitoring/prom', { app: 'prometheus' }],
);
const ANP = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy';
const BANP = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy';
const K8S_ALLOW_ALL = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all, namespace: prod}
spec: {podSelector: {}, ingress: [{}]}
`;

describe('AdminNetworkPolicy precedence', () => {
  it('an admin Deny overrides a NetworkPolicy allow; a lower priority number wins; Pass defers to NetworkPolicy', () => {
    const { check, trace } = checker(`${PODS}${K8S_ALLOW_ALL}---
${ANP}
metadata: {name: pass-monitoring}
spec:
  priority: 5
  subject: {namespaces: {matchLabels: {team: prod}}}
  ingress:
  - name: monitoring
    action: Pass
    from: [{namespaces: {matchLabels: {team: monitoring}}}]
---
${ANP}
metadata: {name: deny-all-into-prod}
spec:
  priority: 10
  subject: {namespaces: {matchLabels: {team: prod}}}
  ingress:
  - name: deny
    action: Deny
    from: [{namespaces: {}}]
`);
    expect(check('dev/tool', 'prod/web', 80)).toEqual({ allowed: false, egress: 'allow', ingress: 'deny' });
    expect(check('monitoring/prom', 'prod/web', 80).allowed).toBe(true);
    expect(trace('monitoring/prom', 'prod/web', 80).join('\n')).toContain(
      'admin AdminNetworkPolicy/pass-monitoring#0 pass',
    );
  });

  it('ports: portNumber, portRange and namedPort', () => {
    const { check } = checker(`${PODS}---
${ANP}
metadata: {name: ports}
spec:
  priority: 1
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}}
  ingress:
  - action: Deny
    from: [{namespaces: {}}]
    ports: [{portNumber: {port: 22}}, {portRange: {protocol: UDP, start: 1000, end: 2000}}, {namedPort: http}]
`);
    expect(check('dev/tool', 'prod/db', 22).allowed).toBe(false);
    expect(check('dev/tool', 'prod/db', 1500, 'UDP').allowed).toBe(false);
    expect(check('dev/tool', 'prod/db', 1500).allowed).toBe(true);
    expect(check('dev/tool', 'prod/db', 8080).allowed).toBe(false);
    expect(check('dev/tool', 'prod/web', 22).allowed).toBe(true);
  });

  it('egress to networks', () => {
    const { check } = checker(`${PODS}---
${ANP}
metadata: {name: no-metadata}
spec:
  priority: 1
  subject: {namespaces: {}}
  egress:
  - action: Deny
    to: [{networks: [169.254.169.254/32]}]
`);
    expect(check('dev/tool', '169.254.169.254', 80).allowed).toBe(false);
    expect(check('dev/tool', '8.8.8.8', 80).allowed).toBe(true);
  });
});

describe('BaselineAdminNetworkPolicy', () => {
  const BASELINE = `---
${BANP}
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  ingress:
  - action: Deny
    from: [{namespaces: {}}]
`;
  it('applies only where NetworkPolicy leaves the endpoint unisolated', () => {
    const { check } = checker(`${PODS}${K8S_ALLOW_ALL}${BASELINE}`);
    expect(check('dev/tool', 'prod/web', 80).allowed).toBe(true);
    expect(check('prod/web', 'dev/tool', 80)).toEqual({ allowed: false, egress: 'allow', ingress: 'deny' });
  });
});

describe('AdminNetworkPolicy validation', () => {
  it.each([
    [
      `${ANP}\nmetadata: {name: x}\nspec: {priority: 1001, subject: {namespaces: {}}}`,
      'anp-invalid-priority',
    ],
    [
      `${ANP}\nmetadata: {name: x}\nspec: {priority: 1, subject: {namespaces: {}, pods: {}}}`,
      'anp-invalid-peer',
    ],
    [
      `${ANP}\nmetadata: {name: x}\nspec: {priority: 1, subject: {namespaces: {}}, ingress: [{action: Reject, from: [{namespaces: {}}]}]}`,
      'anp-invalid-action',
    ],
    [`${BANP}\nmetadata: {name: x}\nspec: {subject: {namespaces: {}}}`, 'anp-invalid-name'],
    [
      `${BANP}\nmetadata: {name: default}\nspec: {subject: {namespaces: {}}, ingress: [{action: Pass, from: [{namespaces: {}}]}]}`,
      'anp-invalid-action',
    ],
    [
      `${ANP}\nmetadata: {name: x}\nspec: {priority: 1, subject: {namespaces: {}}, egress: [{action: Deny, to: [{networks: [10.0.0.0/99]}]}]}`,
      'anp-invalid-cidr',
    ],
  ])('%#', (yaml, code) => {
    const { diagnostics } = checker(yaml);
    expect(diagnostics.find((d) => d.severity === 'error')?.code).toBe(code);
  });
});
