import { describe, expect, it } from 'vitest';
import { checker, pods } from '../../../test/netpol/check-harness.js';
import { documentsFromYaml } from '../../../test/support/documents.js';
import { analyzeNetworkPolicies } from '../analysis.js';
import { computeMatrix, expandMatrix } from '../matrix.js';
import { isDroppedIdentityLabel } from './cilium.js';

const PODS = pods(
  ['prod/web', { app: 'web' }],
  ['prod/db', { app: 'db', 'pod-template-hash': 'abc' }],
  ['dev/tool', { app: 'tool' }],
  ['kube-system/coredns', { 'k8s-app': 'kube-dns' }],
);
const CNP = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy';
const CCNP = 'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy';

describe('Cilium endpoint selectors and namespace defaulting', () => {
  it('a CiliumNetworkPolicy peer selector defaults to the policy namespace', () => {
    const { check } = checker(`${PODS}---
${CNP}
metadata: {name: db, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ingress:
  - fromEndpoints: [{matchLabels: {app: web}}]
    toPorts: [{ports: [{port: "5432", protocol: TCP}]}]
`);
    expect(check('prod/web', 'prod/db', 5432)).toEqual({ allowed: true, egress: 'allow', ingress: 'allow' });
    expect(check('prod/web', 'prod/db', 5433).allowed).toBe(false);
    expect(check('dev/tool', 'prod/db', 5432).allowed).toBe(false);
  });

  it('k8s:io.kubernetes.pod.namespace reaches another namespace; a clusterwide {} selects pods of every namespace but not the world', () => {
    const { check } = checker(`${PODS}---
${CNP}
metadata: {name: db, namespace: prod}
spec:
  endpointSelector: {matchLabels: {"k8s:app": db}}
  ingress:
  - fromEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": dev}}]
---
${CCNP}
metadata: {name: web}
spec:
  endpointSelector: {matchLabels: {"any:app": web}}
  ingress:
  - fromEndpoints: [{}]
`);
    expect(check('dev/tool', 'prod/db', 1).allowed).toBe(true);
    expect(check('prod/web', 'prod/db', 1).allowed).toBe(false);
    expect(check('dev/tool', 'prod/web', 80).allowed).toBe(true);
    expect(check('203.0.113.1', 'prod/web', 80).allowed).toBe(false);
  });

  it('labels the identity filter drops never match', () => {
    expect(isDroppedIdentityLabel('pod-template-hash')).toBe(true);
    expect(isDroppedIdentityLabel('app.kubernetes.io/name')).toBe(false);
    const { check } = checker(`${PODS}---
${CNP}
metadata: {name: db, namespace: prod}
spec:
  endpointSelector: {matchLabels: {pod-template-hash: abc}}
  ingress: [{fromEndpoints: [{matchLabels: {app: nothing}}]}]
`);
    expect(check('prod/web', 'prod/db', 1).allowed).toBe(true);
  });
});

describe('Cilium entities, CIDRs, services and requirements', () => {
  it('world and CIDR rules match only outside the cluster; except carves out', () => {
    const { check } = checker(`${PODS}---
${CNP}
metadata: {name: tool-out, namespace: dev}
spec:
  endpointSelector: {matchLabels: {app: tool}}
  egress:
  - toCIDRSet: [{cidr: 0.0.0.0/0, except: [10.0.0.0/8, 192.168.0.0/16]}]
  - toEntities: [cluster]
    toPorts: [{ports: [{port: "53", protocol: UDP}]}]
`);
    expect(check('dev/tool', '8.8.8.8', 443).allowed).toBe(true);
    expect(check('dev/tool', '10.1.2.3', 443).allowed).toBe(false);
    // 0.0.0.0/0 does not include pods: only the cluster entity rule (UDP 53) reaches them.
    expect(check('dev/tool', 'prod/web', 443).allowed).toBe(false);
    expect(check('dev/tool', 'kube-system/coredns', 53, 'UDP').allowed).toBe(true);
  });

  it('fromRequires denies every peer that does not meet the requirement', () => {
    const { check } = checker(`${PODS}---
${CCNP}
metadata: {name: prod-only}
spec:
  endpointSelector: {matchLabels: {"k8s:io.kubernetes.pod.namespace": prod}}
  ingress:
  - fromRequires: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": prod}}]
  - fromEntities: [all]
`);
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(true);
    expect(check('dev/tool', 'prod/db', 80).allowed).toBe(false);
  });
});

describe('Cilium deny rules and default deny', () => {
  const ALLOW_ALL_K8S = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all, namespace: prod}
spec:
  podSelector: {}
  ingress: [{}]
`;
  it('ingressDeny wins over allows from Kubernetes NetworkPolicy and Cilium policies, only on its ports', () => {
    const { check, trace } = checker(`${PODS}${ALLOW_ALL_K8S}---
${CNP}
metadata: {name: no-tool, namespace: prod}
spec:
  endpointSelector: {}
  ingress:
  - fromEntities: [all]
  ingressDeny:
  - fromEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": dev}}]
    toPorts: [{ports: [{port: "80", protocol: TCP}]}]
`);
    expect(check('dev/tool', 'prod/web', 80)).toEqual({ allowed: false, egress: 'allow', ingress: 'deny' });
    expect(check('dev/tool', 'prod/web', 81).allowed).toBe(true);
    expect(trace('dev/tool', 'prod/web', 80).join('\n')).toContain('CiliumNetworkPolicy/no-tool#0 deny');
  });

  it('enableDefaultDeny false keeps a policy additive', () => {
    const { check } = checker(`${PODS}---
${CNP}
metadata: {name: additive, namespace: prod}
spec:
  endpointSelector: {}
  enableDefaultDeny: {ingress: false}
  ingress: [{fromEndpoints: [{matchLabels: {app: web}}]}]
`);
    expect(check('dev/tool', 'prod/db', 80).allowed).toBe(true);
  });
});

describe('Cilium toFQDNs and L7', () => {
  const DNS = `---
${CNP}
metadata: {name: fqdn, namespace: dev}
spec:
  endpointSelector: {matchLabels: {app: tool}}
  egress:
  - toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, k8s-app: kube-dns}}]
    toPorts:
    - ports: [{port: "53", protocol: ANY}]
      rules: {dns: [{matchPattern: "*"}]}
  - toFQDNs: [{matchName: api.github.com}, {matchPattern: "*.blob.core.windows.net"}]
    toPorts: [{ports: [{port: "443", protocol: TCP}]}]
  - toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": prod}}]
    toPorts:
    - ports: [{port: "80", protocol: TCP}]
      rules: {http: [{method: GET, path: "/api/.*"}]}
`;
  it('a DNS name is reachable when a toFQDNs entry matches it and DNS goes through the proxy', () => {
    const { check, diagnostics } = checker(`${PODS}${DNS}`);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(check('dev/tool', 'fqdn:api.github.com', 443)).toEqual({
      allowed: true,
      egress: 'allow',
      ingress: 'not-evaluated',
    });
    expect(check('dev/tool', 'fqdn:x.blob.core.windows.net', 443).allowed).toBe(true);
    expect(check('dev/tool', 'fqdn:a.x.blob.core.windows.net', 443).allowed).toBe(false);
    expect(check('dev/tool', 'fqdn:github.com', 443).allowed).toBe(false);
    expect(check('dev/tool', 'kube-system/coredns', 53, 'UDP').allowed).toBe(true);
    expect(check('dev/tool', 'prod/web', 80).allowed).toBe(true);
  });

  it('without a DNS rule toFQDNs allows nothing, and says so', () => {
    const { check, diagnostics } = checker(`${PODS}---
${CNP}
metadata: {name: fqdn, namespace: dev}
spec:
  endpointSelector: {matchLabels: {app: tool}}
  egress: [{toFQDNs: [{matchName: api.github.com}]}]
`);
    expect(diagnostics.map((d) => d.code)).toContain('cilium-fqdn-without-dns-visibility');
    expect(check('dev/tool', 'fqdn:api.github.com', 443).allowed).toBe(false);
  });
});

describe('Cilium validation', () => {
  it.each([
    ['ingress: [{fromEntities: [galaxy]}]', 'invalid-entity'],
    ['egress: [{toCIDRSet: [{cidr: 10.0.0.0/8, except: [11.0.0.0/24]}]}]', 'invalid-cidr'],
    ['egress: [{toFQDNs: [{matchName: "a b"}]}]', 'invalid-fqdn'],
    ['egress: [{toFQDNs: [{matchName: a.com}], toEndpoints: [{}]}]', 'invalid-rule'],
    ['egressDeny: [{toPorts: [{ports: [{port: "80"}], rules: {http: [{}]}}]}]', 'invalid-rule'],
    ['ingress: [{toPorts: [{ports: [{port: "80", endPort: 70}]}]}]', 'invalid-port'],
    ['ingress: [{toPorts: [{ports: [{port: "80", protocol: ICMP}]}]}]', 'invalid-protocol'],
  ])('%s → %s', (rules, code) => {
    const { diagnostics } = checker(`${CNP}
metadata: {name: bad, namespace: prod}
spec:
  endpointSelector: {}
  ${rules}
`);
    const error = diagnostics.find((d) => d.severity === 'error');
    expect(error?.code).toBe(`cilium-${code}`);
    expect(error?.source?.line).toBeGreaterThanOrEqual(5);
  });
});

describe('Cilium rule shapes', () => {
  it('an empty rule {} puts the endpoint in default deny without allowing anything; toPorts alone allows every peer', () => {
    const { check } = checker(`${PODS}---
${CNP}
metadata: {name: deny-all-egress, namespace: dev}
spec:
  endpointSelector: {matchLabels: {app: tool}}
  egress:
  - {}
  - toPorts: [{ports: [{port: "53", protocol: UDP}]}]
`);
    expect(check('dev/tool', 'prod/web', 80)).toEqual({ allowed: false, egress: 'deny', ingress: 'allow' });
    expect(check('dev/tool', 'kube-system/coredns', 53, 'UDP').allowed).toBe(true);
    expect(check('dev/tool', '8.8.8.8', 53, 'UDP').allowed).toBe(true);
  });

  it("a CiliumNetworkPolicy's endpointSelector cannot reach into another namespace", () => {
    const { check } = checker(`${PODS}---
${CNP}
metadata: {name: db, namespace: prod}
spec:
  endpointSelector: {matchLabels: {"k8s:io.kubernetes.pod.namespace": dev, app: db}}
  ingress: [{fromEndpoints: [{matchLabels: {app: web}}]}]
`);
    expect(check('dev/tool', 'prod/db', 1).allowed).toBe(false);
    expect(check('prod/web', 'prod/db', 1).allowed).toBe(true);
  });
});

describe('Cilium L7 rules in the matrix', () => {
  const matrixLine = (yaml: string): unknown => {
    const analysis = analyzeNetworkPolicies(documentsFromYaml(yaml));
    const view = expandMatrix(computeMatrix(analysis.model, analysis.inventory), 'pod');
    return view.connections.find((c) => c.from === 'prod/web' && c.to === 'prod/db')?.allowed;
  };
  const L7 = `${PODS}---
${CNP}
metadata: {name: db, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ingress:
  - fromEndpoints: [{matchLabels: {app: web}}]
    toPorts:
    - ports: [{port: "80", protocol: TCP}]
      rules: {http: [{method: GET, path: "/api/.*"}]}
`;
  it('an L7 rule restricts the allowed port rather than disappearing', () => {
    expect(matrixLine(L7)).toEqual([
      { protocol: 'TCP', ports: [[80, 80]], l7: [{ ports: [[80, 80]], rules: ['HTTP GET /api/.*'] }] },
    ]);
  });

  it('an L4-only allow for the same peer and port lifts the L7 filter', () => {
    expect(
      matrixLine(`${L7}---
${CNP}
metadata: {name: db-l4, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ingress:
  - fromEndpoints: [{matchLabels: {app: web}}]
    toPorts: [{ports: [{port: "80", protocol: TCP}]}]
`),
    ).toEqual([{ protocol: 'TCP', ports: [[80, 80]] }]);
  });
});

// The allow/deny table of Cilium's "Deny Policies" documentation: columns of deployed policies, and the
// verdicts for curl to ports 81 and 80 from the client.
describe('Cilium deny policy table (docs)', () => {
  const CLIENT_SERVER = pods(['default/client', { app: 'client' }], ['default/server', { app: 'server' }]);
  const policy = (name: string, section: string, rules: string) => `---
${CNP}
metadata: {name: ${name}, namespace: default}
spec:
  endpointSelector: {matchLabels: {app: server}}
  ${section}:
${rules}`;
  const ALLOWS = [
    policy(
      'allow-l7',
      'ingress',
      '  - toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [{method: GET}]}}]\n',
    ),
    policy('allow-l4-80', 'ingress', '  - toPorts: [{ports: [{port: "80", protocol: TCP}]}]\n'),
    policy('allow-l4-81', 'ingress', '  - toPorts: [{ports: [{port: "81", protocol: TCP}]}]\n'),
    policy('allow-l3', 'ingress', '  - fromEndpoints: [{matchLabels: {app: client}}]\n'),
  ].join('');
  const DENY_L4 = policy(
    'deny-l4-80',
    'ingressDeny',
    '  - toPorts: [{ports: [{port: "80", protocol: TCP}]}]\n',
  );
  const DENY_L3 = policy('deny-l3', 'ingressDeny', '  - fromEndpoints: [{matchLabels: {app: client}}]\n');
  it.each([
    ['allows only', ALLOWS, true, true],
    ['allows and an L4 deny on 80', ALLOWS + DENY_L4, true, false],
    ['allows and an L3 deny', ALLOWS + DENY_L3, false, false],
    ['allows and both denies', ALLOWS + DENY_L4 + DENY_L3, false, false],
    ['an L4 deny on 80 alone', DENY_L4, false, false],
  ])('%s: curl :81 %s, curl :80 %s', (_name, policies, port81, port80) => {
    const { check } = checker(`${CLIENT_SERVER}${policies}`);
    expect(check('default/client', 'default/server', 81).allowed).toBe(port81);
    expect(check('default/client', 'default/server', 80).allowed).toBe(port80);
  });
});
