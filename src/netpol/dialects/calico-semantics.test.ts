// Calico behaviours as the Calico documentation (docs.tigera.io: NetworkPolicy, GlobalNetworkPolicy, Tier,
// NetworkSet, HostEndpoint references; "Get started with Calico network policy"; "Policy tiers") and
// libcalico-go's rule conversion and validation define them, one scenario per documented statement.
// calico.test.ts holds the first examples; this file pins the remaining items of the review checklist.
import { describe, expect, it } from 'vitest';
import { checker, pods } from '../../../test/netpol/check-harness.js';

const PODS = pods(
  ['prod/web', { app: 'web' }],
  ['prod/db', { app: 'db' }],
  ['dev/tool', { app: 'tool' }],
  ['dev/web', { app: 'web' }],
);
const GNP = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy';
const NP = 'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy';
const K8S_DENY_ALL_PROD = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: prod}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;

const errorsOf = (yaml: string) =>
  checker(yaml)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.code} ${d.message}`);

describe('Calico types defaulting (libcalico-go defaultPolicyTypesField)', () => {
  it('no rules at all: types [Ingress], a pure ingress default deny; egress stays open', () => {
    const { check } = checker(`${PODS}---
${NP}
metadata: {name: isolate, namespace: prod}
spec: {selector: app == "db"}
`);
    expect(check('prod/web', 'prod/db', 80)).toEqual({ allowed: false, egress: 'allow', ingress: 'deny' });
    expect(check('prod/db', 'prod/web', 80).allowed).toBe(true);
  });

  it('ingress and egress rules: types [Ingress, Egress]', () => {
    const { check } = checker(`${PODS}---
${NP}
metadata: {name: both, namespace: prod}
spec:
  selector: app == "db"
  ingress: [{action: Allow, source: {selector: app == "web"}}]
  egress: [{action: Allow, protocol: UDP, destination: {ports: [53]}}]
`);
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(true);
    expect(check('dev/tool', 'prod/db', 80).allowed).toBe(false);
    expect(check('prod/db', 'prod/web', 80)).toEqual({ allowed: false, egress: 'deny', ingress: 'allow' });
  });

  it('types: [] is defaulted like an absent types (only egress rules: [Egress])', () => {
    const { check } = checker(`${PODS}---
${NP}
metadata: {name: empty-types, namespace: prod}
spec:
  selector: app == "db"
  types: []
  egress: [{action: Deny, destination: {selector: app == "web"}}, {action: Allow}]
`);
    expect(check('dev/tool', 'prod/db', 80).allowed).toBe(true);
    expect(check('prod/db', 'prod/web', 80)).toEqual({ allowed: false, egress: 'deny', ingress: 'allow' });
  });

  it('explicit types: [Egress] ignores the ingress rules written beside it', () => {
    const { check } = checker(`${PODS}---
${NP}
metadata: {name: egress-only, namespace: prod}
spec:
  selector: app == "db"
  types: [Egress]
  ingress: [{action: Deny}]
  egress: [{action: Allow}]
`);
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(true);
  });
});

describe('Calico policy order and tiers', () => {
  it('equal order: the policy with the smaller name runs first, whatever its kind', () => {
    // Felix sorts a tier's policies by order, then by name: "a-allow" (a NetworkPolicy) before "b-deny" (global).
    const { check } = checker(`${PODS}---
${GNP}
metadata: {name: b-deny}
spec:
  order: 10
  selector: app == "db"
  ingress: [{action: Deny}]
---
${NP}
metadata: {name: a-allow, namespace: prod}
spec:
  order: 10
  selector: app == "db"
  ingress: [{action: Allow}]
`);
    expect(check('dev/tool', 'prod/db', 80).allowed).toBe(true);
  });

  it('no order on either: ties broken by name too', () => {
    const { check } = checker(`${PODS}---
${GNP}
metadata: {name: a-deny}
spec:
  selector: app == "db"
  ingress: [{action: Deny}]
---
${NP}
metadata: {name: b-allow, namespace: prod}
spec:
  selector: app == "db"
  ingress: [{action: Allow}]
`);
    expect(check('dev/tool', 'prod/db', 80).allowed).toBe(false);
  });

  it('at order 1000 a Kubernetes policy runs as knp.default.NAME: Calico names before it run first', () => {
    const kubernetesAllow = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all, namespace: prod}
spec: {podSelector: {matchLabels: {app: db}}, ingress: [{}]}
`;
    const calicoDeny = (name: string) => `---
${NP}
metadata: {name: ${name}, namespace: prod}
spec:
  order: 1000
  selector: app == "db"
  ingress: [{action: Deny}]
`;
    // "aaa" < "knp.default.allow-all" < "zzz"
    expect(
      checker(`${PODS}${kubernetesAllow}${calicoDeny('aaa')}`).check('dev/tool', 'prod/db', 80).allowed,
    ).toBe(false);
    expect(
      checker(`${PODS}${kubernetesAllow}${calicoDeny('zzz')}`).check('dev/tool', 'prod/db', 80).allowed,
    ).toBe(true);
  });

  it('a Calico policy after the Kubernetes ones (order 1000) still allows what they leave undecided', () => {
    // Kubernetes NetworkPolicies hold only allow rules: an unmatched packet moves on to the next policy of the
    // default tier, and only the end of the tier denies.
    const { check } = checker(`${PODS}${K8S_DENY_ALL_PROD}---
${NP}
metadata: {name: late-allow, namespace: prod}
spec:
  order: 2000
  selector: app == "db"
  ingress: [{action: Allow, source: {namespaceSelector: team == "dev"}}]
`);
    expect(check('dev/tool', 'prod/db', 80).allowed).toBe(true);
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(false);
    expect(check('dev/tool', 'prod/web', 80).allowed).toBe(false);
  });

  it('a Tier without order sorts after every ordered tier, the default tier included', () => {
    const { check } = checker(`${PODS}---
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: last}
spec: {}
---
${GNP}
metadata: {name: last.deny-db}
spec:
  tier: last
  selector: app == "db"
  ingress: [{action: Deny}]
---
${NP}
metadata: {name: allow-db, namespace: prod}
spec:
  selector: app == "db"
  ingress: [{action: Allow}]
`);
    expect(check('dev/tool', 'prod/db', 80).allowed).toBe(true);
  });

  it('tiers of equal order run by name; a policy naming a Tier missing from the inputs is warned and sorts last', () => {
    const { check, diagnostics } = checker(`${PODS}---
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: alpha}
spec: {order: 100}
---
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: beta}
spec: {order: 100}
---
${GNP}
metadata: {name: beta.allow}
spec: {tier: beta, selector: app == "db", ingress: [{action: Allow}]}
---
${GNP}
metadata: {name: alpha.deny}
spec: {tier: alpha, selector: app == "db", ingress: [{action: Deny, source: {selector: app == "tool"}}, {action: Pass}]}
---
${GNP}
metadata: {name: ghost.deny}
spec: {tier: ghost, selector: app == "web", ingress: [{action: Deny}]}
---
${NP}
metadata: {name: allow-web, namespace: prod}
spec: {selector: app == "web", ingress: [{action: Allow}]}
`);
    expect(check('dev/tool', 'prod/db', 80).allowed).toBe(false);
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(true);
    expect(check('dev/tool', 'prod/web', 80).allowed).toBe(true);
    expect(diagnostics.map((d) => d.code)).toContain('calico-unknown-tier');
  });

  it('a Pass rule skips the rest of its tier, and the next applying tier decides', () => {
    const { check } = checker(`${PODS}---
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 100}
---
${GNP}
metadata: {name: security.pass-prod}
spec:
  tier: security
  order: 1
  selector: projectcalico.org/namespace == "prod"
  ingress: [{action: Pass, source: {namespaceSelector: team == "dev"}}]
---
${GNP}
metadata: {name: security.deny}
spec:
  tier: security
  order: 2
  selector: projectcalico.org/namespace == "prod"
  ingress: [{action: Deny}]
${K8S_DENY_ALL_PROD}`);
    // From dev: passed to the default tier, whose Kubernetes deny-all isolates prod.
    expect(check('dev/tool', 'prod/db', 80)).toEqual({ allowed: false, egress: 'allow', ingress: 'deny' });
    // From prod: the Deny of the security tier.
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(false);
  });

  it('a Pass rule with no later applying tier ends in the namespace profile, which allows', () => {
    const { check } = checker(`${PODS}---
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 100}
---
${GNP}
metadata: {name: security.pass-all}
spec:
  tier: security
  selector: all()
  ingress: [{action: Pass}]
  egress: [{action: Pass}]
`);
    expect(check('dev/tool', 'prod/db', 80)).toEqual({ allowed: true, egress: 'allow', ingress: 'allow' });
  });

  it('end-of-tier deny is per direction: a tier whose policies only have Ingress leaves egress to later tiers', () => {
    const { check } = checker(`${PODS}---
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 100}
---
${GNP}
metadata: {name: security.ingress-only}
spec:
  tier: security
  selector: app == "tool"
  types: [Ingress]
  ingress: [{action: Allow, source: {selector: app == "web"}}]
`);
    expect(check('dev/tool', 'prod/db', 80)).toEqual({ allowed: true, egress: 'allow', ingress: 'allow' });
    expect(check('prod/db', 'dev/tool', 80)).toEqual({ allowed: false, egress: 'allow', ingress: 'deny' });
  });
});

describe('Calico rule selectors and their scope', () => {
  const SETS = `---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkSet
metadata: {name: partners, labels: {role: partner}}
spec: {nets: [192.0.2.0/24]}
---
apiVersion: projectcalico.org/v3
kind: NetworkSet
metadata: {name: vendors, namespace: dev, labels: {role: partner}}
spec: {nets: [198.51.100.0/24]}
---
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: {name: node1-eth0, labels: {role: partner}}
spec: {node: node1, interfaceName: eth0, expectedIPs: [10.240.0.4], profiles: [projectcalico-default-allow]}
`;
  const egressTo = (destination: string) => `${PODS}${SETS}---
${GNP}
metadata: {name: tool-out}
spec:
  selector: app == "tool"
  types: [Egress]
  egress: [{action: Allow, destination: ${destination}}]
`;

  it('a GlobalNetworkPolicy rule selector matches pods of every namespace, HostEndpoints and both kinds of network set', () => {
    const { check } = checker(egressTo('{selector: role == "partner"}'));
    expect(check('dev/tool', '192.0.2.1', 443).allowed).toBe(true);
    expect(check('dev/tool', '198.51.100.1', 443).allowed).toBe(true);
    expect(check('dev/tool', '10.240.0.4', 443).allowed).toBe(true);
    expect(check('dev/tool', '203.0.113.1', 443).allowed).toBe(false);
  });

  it('selector all() means every endpoint and network set, not every address', () => {
    const { check } = checker(egressTo('{selector: all()}'));
    expect(check('dev/tool', 'prod/web', 443).allowed).toBe(true);
    expect(check('dev/tool', '192.0.2.1', 443).allowed).toBe(true);
    expect(check('dev/tool', '203.0.113.1', 443).allowed).toBe(false);
  });

  it('namespaceSelector all(): namespaced pods and NetworkSets only (no GlobalNetworkSet, no HostEndpoint)', () => {
    const { check } = checker(egressTo('{namespaceSelector: all()}'));
    expect(check('dev/tool', 'prod/web', 443).allowed).toBe(true);
    expect(check('dev/tool', '198.51.100.1', 443).allowed).toBe(true);
    expect(check('dev/tool', '192.0.2.1', 443).allowed).toBe(false);
    expect(check('dev/tool', '10.240.0.4', 443).allowed).toBe(false);
  });

  it('namespaceSelector global(): only non-namespaced resources (GlobalNetworkSets, HostEndpoints)', () => {
    const { check } = checker(egressTo('{namespaceSelector: global(), selector: role == "partner"}'));
    expect(check('dev/tool', '192.0.2.1', 443).allowed).toBe(true);
    expect(check('dev/tool', '10.240.0.4', 443).allowed).toBe(true);
    expect(check('dev/tool', '198.51.100.1', 443).allowed).toBe(false);
    expect(check('dev/tool', 'prod/web', 443).allowed).toBe(false);
  });

  it('a namespaced policy: rule selectors stay in its namespace, so GlobalNetworkSets need namespaceSelector global()', () => {
    const policy = (destination: string) => `${PODS}${SETS}---
${NP}
metadata: {name: tool-out, namespace: dev}
spec:
  selector: app == "tool"
  types: [Egress]
  egress: [{action: Allow, destination: ${destination}}]
`;
    const scoped = checker(policy('{selector: role == "partner"}'));
    expect(scoped.check('dev/tool', '198.51.100.1', 443).allowed).toBe(true);
    expect(scoped.check('dev/tool', '192.0.2.1', 443).allowed).toBe(false);
    const global = checker(policy('{namespaceSelector: global(), selector: role == "partner"}'));
    expect(global.check('dev/tool', '192.0.2.1', 443).allowed).toBe(true);
    expect(global.check('dev/tool', '198.51.100.1', 443).allowed).toBe(false);
  });

  it('a namespaced rule with only nets has no namespace restriction', () => {
    const { check } = checker(`${PODS}---
${NP}
metadata: {name: db-in, namespace: prod}
spec:
  selector: app == "db"
  ingress: [{action: Allow, source: {nets: [10.244.0.0/16]}}]
`);
    expect(check('dev/tool', 'prod/db', 80).allowed).toBe(true);
  });

  it('namespaceSelector equals selecting on projectcalico.org/namespace (documented equivalence)', () => {
    const policy = (source: string) => `${PODS}---
${GNP}
metadata: {name: db-in}
spec:
  selector: app == "db"
  ingress: [{action: Allow, source: ${source}}]
`;
    const viaNamespace = checker(
      policy('{namespaceSelector: projectcalico.org/name == "dev", selector: app == "web"}'),
    );
    const viaLabel = checker(policy('{selector: app == "web" && projectcalico.org/namespace == "dev"}'));
    for (const { check } of [viaNamespace, viaLabel]) {
      expect(check('dev/web', 'prod/db', 80).allowed).toBe(true);
      expect(check('prod/web', 'prod/db', 80).allowed).toBe(false);
      expect(check('dev/tool', 'prod/db', 80).allowed).toBe(false);
    }
  });

  it('a global notSelector matches everything else, external addresses included', () => {
    const { check } = checker(`${PODS}---
${GNP}
metadata: {name: db-in}
spec:
  selector: app == "db"
  ingress: [{action: Allow, source: {notSelector: app == "tool"}}]
`);
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(true);
    expect(check('203.0.113.1', 'prod/db', 80).allowed).toBe(true);
    expect(check('dev/tool', 'prod/db', 80).allowed).toBe(false);
  });

  it('a negated selector (!has) still matches only Calico endpoints, unlike notSelector (EntityRule docs)', () => {
    const { check } = checker(`${PODS}---
${GNP}
metadata: {name: db-in}
spec:
  selector: app == "db"
  ingress: [{action: Allow, source: {selector: "!has(tier)"}}]
`);
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(true);
    expect(check('203.0.113.1', 'prod/db', 80).allowed).toBe(false);
  });

  it('serviceAccounts.selector matches pods whose service account carries the labels', () => {
    const { check } = checker(`${PODS}---
apiVersion: v1
kind: ServiceAccount
metadata: {name: api-sa, namespace: prod, labels: {role: api}}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: prod, labels: {app: api}}
spec: {serviceAccountName: api-sa, containers: [{name: c, image: x}]}
---
${NP}
metadata: {name: db-in, namespace: prod}
spec:
  selector: app == "db"
  ingress: [{action: Allow, source: {serviceAccounts: {selector: role == "api"}}}]
`);
    expect(check('prod/api', 'prod/db', 5432).allowed).toBe(true);
    expect(check('prod/web', 'prod/db', 5432).allowed).toBe(false);
  });
});

describe('Calico protocols, ports and IP versions', () => {
  const dbIngress = (rule: string) => `${PODS}---
${GNP}
metadata: {name: db-in}
spec:
  selector: app == "db"
  ingress: [${rule}]
`;
  it('an ICMP rule opens no TCP or UDP port', () => {
    const { check } = checker(dbIngress('{action: Allow, protocol: ICMP}'));
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(false);
    expect(check('prod/web', 'prod/db', 53, 'UDP').allowed).toBe(false);
  });

  it('protocol numbers: 17 is UDP', () => {
    const { check } = checker(dbIngress('{action: Allow, protocol: 17, destination: {ports: [53]}}'));
    expect(check('prod/web', 'prod/db', 53, 'UDP').allowed).toBe(true);
    expect(check('prod/web', 'prod/db', 53).allowed).toBe(false);
  });

  it('notProtocol: everything but that protocol', () => {
    const { check } = checker(dbIngress('{action: Allow, notProtocol: TCP}'));
    expect(check('prod/web', 'prod/db', 53, 'UDP').allowed).toBe(true);
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(false);
  });

  it('ipVersion 6 never matches IPv4 peers', () => {
    const { check } = checker(dbIngress('{action: Allow, ipVersion: 6}'));
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(false);
    expect(check('203.0.113.1', 'prod/db', 80).allowed).toBe(false);
    expect(check('2001:db8::1', 'prod/db', 80).allowed).toBe(true);
  });

  it('a named port without protocol matches the port of that name whatever its protocol', () => {
    const { check } = checker(dbIngress('{action: Allow, destination: {ports: [http]}}'));
    expect(check('prod/web', 'prod/db', 8080).allowed).toBe(true);
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(false);
  });
});

describe('Calico validation (libcalico-go validator)', () => {
  const rule = (text: string) => `${GNP}
metadata: {name: bad}
spec:
  selector: all()
  ingress: [${text}]
`;
  it.each([
    [
      'a named port with a protocol that has no ports',
      '{action: Allow, protocol: ICMP, destination: {ports: [http]}}',
      'calico-invalid-port',
    ],
    ['port 0', '{action: Allow, protocol: TCP, destination: {ports: [0]}}', 'calico-invalid-port'],
    ['a protocol name in the wrong case', '{action: Allow, protocol: tcp}', 'calico-invalid-protocol'],
    [
      'IPv4 and IPv6 CIDRs in one rule',
      '{action: Allow, source: {nets: [10.0.0.0/8, "2001:db8::/32"]}}',
      'calico-invalid-cidr',
    ],
    [
      'ipVersion that does not match the CIDRs',
      '{action: Allow, ipVersion: 6, source: {nets: [10.0.0.0/8]}}',
      'calico-invalid-ip-version',
    ],
    [
      'global() in a rule selector',
      '{action: Allow, source: {selector: global()}}',
      'calico-invalid-selector',
    ],
    [
      'a rule CIDR with host bits set',
      '{action: Allow, source: {nets: [10.0.1.1/16]}}',
      'calico-invalid-cidr',
    ],
  ])('rejects %s', (_name, text, code) => {
    expect(errorsOf(rule(text)).map((e) => e.split(' ')[0])).toContain(code);
  });

  it('accepts named ports without a protocol', () => {
    expect(errorsOf(rule('{action: Allow, destination: {ports: [http, metrics]}}'))).toEqual([]);
  });
});

describe('Calico host endpoint policy flags', () => {
  it('doNotTrack and preDNAT policies are reported and left out; applyOnForward is warned', () => {
    const { diagnostics } = checker(`${GNP}
metadata: {name: untracked}
spec:
  selector: role == "node"
  doNotTrack: true
  applyOnForward: true
  ingress: [{action: Allow}]
---
${GNP}
metadata: {name: forward}
spec:
  selector: role == "node"
  applyOnForward: true
  ingress: [{action: Allow}]
`);
    expect(diagnostics.map((d) => `${d.severity} ${d.code}`).sort()).toEqual([
      'warning calico-apply-on-forward',
      'warning calico-host-policy-not-modelled',
    ]);
  });

  it('outbound failsafe ports stay open on a host endpoint without policy; other egress is denied', () => {
    const { check } = checker(`${PODS}---
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: {name: node1-eth0}
spec: {node: node1, interfaceName: eth0, expectedIPs: [10.240.0.4]}
`);
    expect(check('10.240.0.4', 'prod/web', 53, 'UDP')).toEqual({
      allowed: true,
      egress: 'allow',
      ingress: 'allow',
    });
    expect(check('10.240.0.4', 'prod/web', 80)).toEqual({ allowed: false, egress: 'deny', ingress: 'allow' });
  });
});

describe('Calico global policy scoping', () => {
  const WITH_HOSTS = `${PODS}---
apiVersion: v1
kind: ServiceAccount
metadata: {name: api-sa, namespace: prod, labels: {role: api}}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: prod, labels: {app: api}}
spec: {serviceAccountName: api-sa, containers: [{name: c, image: x}]}
---
apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: kube-system, labels: {app: agent}}
spec: {hostNetwork: true, containers: [{name: c, image: x}]}
status: {podIP: 10.240.0.5}
---
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: {name: node1-eth0, labels: {app: web}}
spec: {node: node1, interfaceName: eth0, expectedIPs: [10.240.0.4], profiles: [projectcalico-default-allow]}
`;
  it('a top-level namespaceSelector limits a GlobalNetworkPolicy to pods of those namespaces (no HostEndpoint)', () => {
    const { check } = checker(`${WITH_HOSTS}---
${GNP}
metadata: {name: web-lock}
spec:
  namespaceSelector: team == "prod"
  selector: app == "web"
  ingress: [{action: Deny}]
`);
    expect(check('dev/tool', 'prod/web', 80).allowed).toBe(false);
    expect(check('dev/tool', 'dev/web', 80).allowed).toBe(true);
    expect(check('dev/tool', '10.240.0.4', 80).allowed).toBe(true);
  });

  it('a top-level serviceAccountSelector selects the pods running as matching service accounts', () => {
    const { check } = checker(`${WITH_HOSTS}---
${GNP}
metadata: {name: api-lock}
spec:
  serviceAccountSelector: role == "api"
  ingress: [{action: Deny}]
`);
    expect(check('prod/web', 'prod/api', 80).allowed).toBe(false);
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(true);
  });

  it('a pod with host networking is no Calico endpoint: policies do not select it and rule selectors do not match it', () => {
    const { check } = checker(`${WITH_HOSTS}---
${GNP}
metadata: {name: agents}
spec:
  selector: app == "agent" || app == "tool"
  types: [Ingress, Egress]
  ingress: [{action: Deny}]
  egress: [{action: Allow, destination: {selector: app == "agent"}}]
`);
    expect(check('prod/web', 'kube-system/agent', 80).allowed).toBe(true);
    expect(check('dev/tool', 'kube-system/agent', 80)).toEqual({
      allowed: false,
      egress: 'deny',
      ingress: 'allow',
    });
  });

  it('staged policies never change enforcement', () => {
    const { check } = checker(`${PODS}---
apiVersion: projectcalico.org/v3
kind: StagedGlobalNetworkPolicy
metadata: {name: deny-all}
spec: {selector: all(), ingress: [{action: Deny}]}
---
apiVersion: projectcalico.org/v3
kind: StagedNetworkPolicy
metadata: {name: deny-all, namespace: prod}
spec: {selector: all(), ingress: [{action: Deny}]}
`);
    expect(check('dev/tool', 'prod/db', 80).allowed).toBe(true);
  });

  it('an HTTP match is only valid on ingress Allow rules', () => {
    expect(
      errorsOf(`${GNP}
metadata: {name: bad}
spec:
  selector: all()
  egress: [{action: Allow, http: {methods: [GET]}}]
`).map((e) => e.split(' ')[0]),
    ).toContain('calico-invalid-http');
  });
});

describe('Calico service matches on ingress', () => {
  it('an ingress source naming a Service matches the pods behind it, on any port', () => {
    const { check } = checker(`${PODS}---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: prod}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
${NP}
metadata: {name: db-in, namespace: prod}
spec:
  selector: app == "db"
  ingress: [{action: Allow, source: {services: {name: web}}}]
`);
    expect(check('prod/web', 'prod/db', 5432).allowed).toBe(true);
    expect(check('dev/web', 'prod/db', 5432).allowed).toBe(false);
  });

  it('a global policy must name the Service namespace', () => {
    expect(
      errorsOf(`${GNP}
metadata: {name: bad}
spec:
  selector: all()
  ingress: [{action: Allow, source: {services: {name: web}}}]
`).map((e) => e.split(' ')[0]),
    ).toContain('calico-invalid-services');
  });
});

describe('Calico fields outside the Open Source schema', () => {
  it('destination.domains (Calico Enterprise) is warned: without it the rule matches every destination', () => {
    const { check, diagnostics } = checker(`${PODS}---
${GNP}
metadata: {name: tool-out}
spec:
  selector: app == "tool"
  types: [Egress]
  egress: [{action: Allow, destination: {domains: [api.github.com]}}]
`);
    expect(diagnostics.map((d) => `${d.severity} ${d.code}`)).toContain('warning calico-unknown-field');
    expect(check('dev/tool', '8.8.8.8', 443).allowed).toBe(true);
  });
});

describe('Calico network set CIDRs', () => {
  it('a GlobalNetworkSet CIDR with host bits set is masked, not rejected', () => {
    const { check, diagnostics } = checker(`${PODS}---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkSet
metadata: {name: partners, labels: {role: partner}}
spec: {nets: [192.0.2.77/24]}
---
${GNP}
metadata: {name: tool-out}
spec:
  selector: app == "tool"
  types: [Egress]
  egress: [{action: Allow, destination: {selector: role == "partner"}}]
`);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(check('dev/tool', '192.0.2.1', 443).allowed).toBe(true);
  });
});
