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

/** The 1-based line of the first line of `yaml` containing `text`. */
const lineOf = (yaml: string, text: string) => yaml.split('\n').findIndex((l) => l.includes(text)) + 1;

describe('AdminNetworkPolicy fields aksguard must not read past', () => {
  it('rejects a field the CRD does not declare, with its position and the v1alpha2 spelling explained', () => {
    const yaml = `${PODS}---
${ANP}
metadata: {name: v1alpha2-rule}
spec:
  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Deny
    from: [{namespaces: {}}]
    protocols: [{tcp: {destinationPort: {number: 22}}}]
`;
    const { diagnostics } = checker(yaml);
    const error = diagnostics.find((d) => d.code === 'anp-unknown-field');
    expect(error?.severity).toBe('error');
    expect(error?.message).toContain('unknown field "protocols"');
    expect(error?.hint).toContain('ClusterNetworkPolicy');
    expect([error?.source?.line, error?.source?.column]).toEqual([lineOf(yaml, 'protocols:'), 5]);
  });

  it("reads the first release's peer shape ({namespaceSelector}, pods.namespaces) as what it means, with a warning", () => {
    const { check, diagnostics } = checker(`${PODS}---
${ANP}
metadata: {name: legacy}
spec:
  priority: 1
  subject: {namespaces: {matchLabels: {team: prod}}}
  ingress:
  - action: Deny
    from: [{namespaces: {namespaceSelector: {matchLabels: {team: dev}}}}]
  - action: Deny
    from: [{pods: {namespaces: {namespaceSelector: {}}, podSelector: {matchLabels: {app: prometheus}}}}]
`);
    expect(diagnostics.filter((d) => d.code === 'anp-legacy-peer')).toHaveLength(2);
    expect(check('dev/tool', 'prod/web', 80).allowed).toBe(false);
    expect(check('monitoring/prom', 'prod/web', 80).allowed).toBe(false);
    expect(check('prod/db', 'prod/web', 80).allowed).toBe(true);
  });

  it('fails closed on sameLabels / notSameLabels, as the API prescribes for a peer an implementation does not know', () => {
    const { check, diagnostics } = checker(`${PODS}---
${ANP}
metadata: {name: same-labels}
spec:
  priority: 1
  subject: {namespaces: {matchLabels: {team: prod}}}
  ingress:
  - action: Allow
    from: [{namespaces: {sameLabels: [team]}}]
  - action: Pass
    from: [{namespaces: {notSameLabels: [team]}}]
`);
    const warning = diagnostics.find((d) => d.code === 'anp-unmodelled-peer');
    expect(warning?.severity).toBe('warning');
    expect(warning?.message).toContain('fails closed');
    // The Allow matches nothing and the Pass becomes a Deny of everything.
    expect(check('prod/db', 'prod/web', 80)).toEqual({ allowed: false, egress: 'allow', ingress: 'deny' });
    expect(check('dev/tool', 'prod/web', 80).allowed).toBe(false);
    expect(check('dev/tool', 'monitoring/prom', 80).allowed).toBe(true);
  });

  it('domainNames: exact names, and *.zone for every name below the zone but not the zone itself; Allow only', () => {
    const { check } = checker(`${PODS}---
${ANP}
metadata: {name: egress-allowlist}
spec:
  priority: 1
  subject: {namespaces: {}}
  egress:
  - action: Allow
    to: [{domainNames: [api.github.com, "*.example.com"]}]
  - action: Deny
    to: [{networks: [0.0.0.0/0]}]
`);
    expect(check('dev/tool', 'fqdn:api.github.com', 443).allowed).toBe(true);
    expect(check('dev/tool', 'fqdn:www.example.com', 443).allowed).toBe(true);
    expect(check('dev/tool', 'fqdn:a.b.example.com', 443).allowed).toBe(true);
    expect(check('dev/tool', 'fqdn:example.com', 443).allowed).toBe(false);
    expect(check('dev/tool', 'fqdn:github.com', 443).allowed).toBe(false);
  });

  it.each([
    [
      'domainNames in a Deny rule',
      `egress: [{action: Deny, to: [{domainNames: [example.com]}]}]`,
      'anp-invalid-peer',
    ],
    [
      'a malformed domain name',
      `egress: [{action: Allow, to: [{domainNames: ["*"]}]}]`,
      'anp-invalid-domain-name',
    ],
    [
      'a named port with a networks peer',
      `egress: [{action: Deny, to: [{networks: [10.0.0.0/8]}], ports: [{namedPort: http}]}]`,
      'anp-invalid-port',
    ],
    [
      'domainNames in ingress',
      `ingress: [{action: Allow, from: [{domainNames: [example.com]}]}]`,
      'anp-invalid-peer',
    ],
    [
      'an unknown label selector field',
      `subject: {namespaces: {matchLabel: {team: prod}}}`,
      'anp-unknown-field',
    ],
  ])('%s is an error', (_, rules, code) => {
    const subject = rules.startsWith('subject') ? '' : 'subject: {namespaces: {}}, ';
    const { diagnostics } = checker(`${ANP}\nmetadata: {name: x}\nspec: {priority: 1, ${subject}${rules}}`);
    expect(diagnostics.find((d) => d.severity === 'error')?.code).toBe(code);
  });

  it('a BaselineAdminNetworkPolicy has no domainNames peers', () => {
    const { diagnostics } = checker(
      `${BANP}\nmetadata: {name: default}\nspec: {subject: {namespaces: {}}, egress: [{action: Allow, to: [{domainNames: [example.com]}]}]}`,
    );
    expect(diagnostics.find((d) => d.severity === 'error')?.message).toContain(
      'exactly one of namespaces, pods, nodes, networks must be set',
    );
  });

  it('warns that a kind or version it does not read is not evaluated, instead of ignoring it', () => {
    const yaml = `${PODS}---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: AdminNetworkPolicy
metadata: {name: admin-deny}
spec: {priority: 1, subject: {namespaces: {}}, ingress: [{action: Deny, from: [{namespaces: {}}]}]}
`;
    const { check, diagnostics } = checker(yaml);
    const warning = diagnostics.find((d) => d.code === 'anp-unsupported-kind');
    expect(warning?.message).toContain(
      'AdminNetworkPolicy (policy.networking.k8s.io/v1alpha2) admin-deny is not evaluated',
    );
    expect(warning?.source?.line).toBe(lineOf(yaml, 'apiVersion: policy.networking.k8s.io/v1alpha2'));
    expect(check('dev/tool', 'prod/web', 80).allowed).toBe(true);
  });
});

describe('ClusterNetworkPolicy (v1alpha2, v1beta1)', () => {
  const CNP = 'apiVersion: policy.networking.k8s.io/v1beta1\nkind: ClusterNetworkPolicy';

  it('Admin tier before NetworkPolicy, Baseline tier after; Accept, Deny, and Pass in either tier', () => {
    const { check, trace } = checker(`${PODS}${K8S_ALLOW_ALL}---
${CNP}
metadata: {name: admin}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {matchLabels: {team: prod}}}
  ingress:
  - {action: Pass, from: [{namespaces: {matchLabels: {team: monitoring}}}]}
  - {action: Deny, from: [{namespaces: {}}], protocols: [{tcp: {destinationPort: {number: 22}}}]}
---
${CNP}
metadata: {name: baseline}
spec:
  tier: Baseline
  priority: 5
  subject: {namespaces: {}}
  ingress:
  - {action: Pass, from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}]}
  - {action: Deny, from: [{namespaces: {}}], protocols: [{udp: {destinationPort: {range: {start: 1000, end: 2000}}}}]}
  - {action: Accept, from: [{namespaces: {}}]}
`);
    expect(check('dev/tool', 'prod/web', 22).allowed).toBe(false);
    expect(check('monitoring/prom', 'prod/web', 22).allowed).toBe(true);
    // dev is not selected by a NetworkPolicy: the Baseline tier decides, and its Pass leaves it to the default.
    expect(check('prod/db', 'dev/tool', 1500, 'UDP')).toEqual({
      allowed: false,
      egress: 'allow',
      ingress: 'deny',
    });
    expect(check('prod/web', 'dev/tool', 1500, 'UDP').allowed).toBe(true);
    expect(trace('prod/web', 'dev/tool', 1500, 'UDP').join('\n')).toContain(
      'baseline ClusterNetworkPolicy/baseline#0 pass',
    );
  });

  it('a pods peer or subject without namespaceSelector means every namespace (an AdminNetworkPolicy must say {})', () => {
    const { check } = checker(`${PODS}---
${CNP}
metadata: {name: no-namespace-selector}
spec:
  tier: Admin
  priority: 1
  subject: {pods: {podSelector: {matchLabels: {app: web}}}}
  ingress: [{action: Deny, from: [{pods: {podSelector: {matchLabels: {app: tool}}}}]}]
`);
    expect(check('dev/tool', 'prod/web', 80).allowed).toBe(false);
    expect(check('dev/tool', 'prod/db', 80).allowed).toBe(true);
    const { diagnostics } = checker(
      `${ANP}\nmetadata: {name: x}\nspec: {priority: 1, subject: {pods: {podSelector: {}}}}`,
    );
    expect(diagnostics.find((d) => d.severity === 'error')?.message).toContain(
      'pods needs a namespaceSelector',
    );
  });

  it("destinationNamedPort resolves on the destination with the container port's protocol", () => {
    const { check } = checker(`${PODS}---
${CNP}
metadata: {name: named}
spec:
  tier: Admin
  priority: 1
  subject: {namespaces: {}}
  egress: [{action: Deny, to: [{namespaces: {}}], protocols: [{destinationNamedPort: http}]}]
`);
    expect(check('dev/tool', 'prod/web', 8080).allowed).toBe(false);
    expect(check('dev/tool', 'prod/web', 8080, 'UDP').allowed).toBe(true);
    expect(check('dev/tool', 'prod/web', 80).allowed).toBe(true);
  });

  it.each([
    [
      'a range whose start is not below its end',
      `tier: Admin, priority: 1, subject: {namespaces: {}}, ingress: [{action: Deny, from: [{namespaces: {}}], protocols: [{tcp: {destinationPort: {range: {start: 80, end: 80}}}}]}]`,
      'anp-invalid-port',
    ],
    ['an unknown tier', `tier: Developer, priority: 1, subject: {namespaces: {}}`, 'anp-invalid-tier'],
    [
      'the v1alpha1 ports field',
      `tier: Admin, priority: 1, subject: {namespaces: {}}, ingress: [{action: Deny, from: [{namespaces: {}}], ports: [{portNumber: {port: 80}}]}]`,
      'anp-unknown-field',
    ],
    [
      'the v1alpha1 Allow action',
      `tier: Admin, priority: 1, subject: {namespaces: {}}, ingress: [{action: Allow, from: [{namespaces: {}}]}]`,
      'anp-invalid-action',
    ],
    [
      'more than 25 rules',
      `tier: Admin, priority: 1, subject: {namespaces: {}}, ingress: [${Array(26).fill('{action: Deny, from: [{namespaces: {}}]}').join(', ')}]`,
      'anp-too-many-rules',
    ],
    [
      "the first AdminNetworkPolicy release's peer shape, which it never had",
      `tier: Admin, priority: 1, subject: {namespaces: {}}, ingress: [{action: Deny, from: [{namespaces: {namespaceSelector: {}}}]}]`,
      'anp-unknown-field',
    ],
    [
      'a CIDR with host bits set (v1beta1 wants it masked)',
      `tier: Admin, priority: 1, subject: {namespaces: {}}, egress: [{action: Deny, to: [{networks: [10.0.0.1/8]}]}]`,
      'anp-invalid-cidr',
    ],
  ])('%s is an error', (_, spec, code) => {
    const { diagnostics } = checker(`${CNP}\nmetadata: {name: x}\nspec: {${spec}}`);
    expect(diagnostics.find((d) => d.severity === 'error')?.code).toBe(code);
  });
});
