// Cilium behaviours as docs.cilium.io defines them (Policy Enforcement Modes, Layer 3 / Layer 4 examples,
// Deny Policies, Kubernetes namespaces, Host Policies) and the CRD field descriptions state them, one scenario per
// documented statement. cilium.test.ts holds the first examples; this file pins the rest of the review checklist.
import { describe, expect, it } from 'vitest';
import { checker, pods } from '../../../test/netpol/check-harness.js';

const PODS = `${pods(
  ['prod/web', { app: 'web' }],
  ['prod/db', { app: 'db' }],
  ['dev/tool', { app: 'tool' }],
)}---
apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: kube-system, labels: {app: agent}}
spec:
  hostNetwork: true
  containers: [{name: c, image: x}]
status: {podIP: 10.240.0.5}
`;
const CNP = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy';
const CCNP = 'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy';
const dbIngress = (rules: string) => `${PODS}---
${CNP}
metadata: {name: db-in, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ingress:
${rules}`;

describe('Cilium endpoint selectors and namespaces', () => {
  it("a CiliumNetworkPolicy's endpointSelector {} selects every pod of its namespace and no other", () => {
    const { check } = checker(`${PODS}---
${CNP}
metadata: {name: isolate, namespace: prod}
spec:
  endpointSelector: {}
  ingress: [{fromEndpoints: [{matchLabels: {app: web}}]}]
`);
    expect(check('dev/tool', 'prod/db', 80).allowed).toBe(false);
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(true);
    expect(check('prod/db', 'dev/tool', 80).allowed).toBe(true);
  });

  it('fromEndpoints [{}] in a CiliumNetworkPolicy: every pod of the policy namespace, nothing else', () => {
    const { check } = checker(dbIngress('  - fromEndpoints: [{}]\n'));
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(true);
    expect(check('dev/tool', 'prod/db', 80).allowed).toBe(false);
    expect(check('203.0.113.1', 'prod/db', 80).allowed).toBe(false);
    expect(check('kube-system/agent', 'prod/db', 80).allowed).toBe(false);
  });

  it('a namespace label key (io.cilium.k8s.namespace.labels.*) or a namespace In list reaches other namespaces', () => {
    const byLabel = checker(
      dbIngress('  - fromEndpoints: [{matchLabels: {io.cilium.k8s.namespace.labels.team: dev}}]\n'),
    );
    expect(byLabel.check('dev/tool', 'prod/db', 80).allowed).toBe(true);
    expect(byLabel.check('prod/web', 'prod/db', 80).allowed).toBe(false);
    const byList = checker(
      dbIngress(
        '  - fromEndpoints: [{matchExpressions: [{key: k8s:io.kubernetes.pod.namespace, operator: In, values: [dev, prod]}]}]\n',
      ),
    );
    expect(byList.check('dev/tool', 'prod/db', 80).allowed).toBe(true);
    expect(byList.check('prod/web', 'prod/db', 80).allowed).toBe(true);
  });

  it('a reserved: key selects the entity and gets no namespace', () => {
    const { check } = checker(dbIngress('  - fromEndpoints: [{matchLabels: {"reserved:host": ""}}]\n'));
    expect(check('kube-system/agent', 'prod/db', 80).allowed).toBe(true);
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(false);
  });

  it('Kubernetes NetworkPolicy and Cilium allows add up', () => {
    const { check } =
      checker(`${dbIngress('  - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: dev}}]\n')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-only, namespace: prod}
spec:
  podSelector: {}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]
`);
    expect(check('dev/tool', 'prod/db', 80).allowed).toBe(true);
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(true);
    expect(check('203.0.113.1', 'prod/db', 80).allowed).toBe(false);
  });
});

describe('Cilium entities', () => {
  const FROM = ['prod/web', 'kube-system/agent', '203.0.113.1'] as const;
  it.each([
    ['world', [false, false, true]],
    ['world-ipv4', [false, false, true]],
    ['world-ipv6', [false, false, false]],
    ['cluster', [true, true, false]],
    ['host', [false, true, false]],
    ['all', [true, true, true]],
    ['remote-node', [false, false, false]],
    ['kube-apiserver', [false, false, false]],
    ['health', [false, false, false]],
    ['init', [false, false, false]],
    ['unmanaged', [false, false, false]],
    ['ingress', [false, false, false]],
  ] as const)('fromEntities [%s] admits pod, host-network pod, outside address: %j', (entity, expected) => {
    const { check } = checker(dbIngress(`  - fromEntities: [${entity}]\n`));
    expect(FROM.map((from) => check(from, 'prod/db', 80).allowed)).toEqual(expected);
  });

  it('toEntities [world] reaches DNS names and outside addresses, not pods', () => {
    const { check } = checker(`${PODS}---
${CNP}
metadata: {name: tool-out, namespace: dev}
spec:
  endpointSelector: {matchLabels: {app: tool}}
  egress: [{toEntities: [world]}]
`);
    expect(check('dev/tool', 'fqdn:example.com', 443).allowed).toBe(true);
    expect(check('dev/tool', '8.8.8.8', 443).allowed).toBe(true);
    expect(check('dev/tool', 'prod/web', 443).allowed).toBe(false);
  });
});

describe('Cilium CIDR rules', () => {
  it('fromCIDR never matches a pod, even one whose IP is inside the block', () => {
    const { check } = checker(dbIngress('  - fromCIDR: [10.0.0.0/8]\n'));
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(false);
    expect(check('10.9.9.9', 'prod/db', 80).allowed).toBe(true);
  });

  it('fromCIDRSet except carves the excepted block out of that entry only', () => {
    const { check } = checker(
      dbIngress(
        '  - fromCIDRSet: [{cidr: 203.0.113.0/24, except: [203.0.113.128/25]}]\n  - fromCIDR: [203.0.113.200/32]\n',
      ),
    );
    expect(check('203.0.113.1', 'prod/db', 80).allowed).toBe(true);
    expect(check('203.0.113.129', 'prod/db', 80).allowed).toBe(false);
    expect(check('203.0.113.200', 'prod/db', 80).allowed).toBe(true);
  });
});

describe('Kubernetes NetworkPolicy under Cilium', () => {
  const ipBlockToDb = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-block, namespace: prod}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}}]}]
`;
  const unrelatedCilium = `---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: unrelated, namespace: dev}
spec:
  endpointSelector: {matchLabels: {app: tool}}
  egress: [{toEntities: [world]}]
`;

  it('an ipBlock matches pods by their IPs, except where Cilium policies show the dataplane is Cilium', () => {
    // prod/web has IP 10.244.0.x, inside the block.
    const plain = checker(`${PODS}${ipBlockToDb}`);
    expect(plain.check('prod/web', 'prod/db', 80).allowed).toBe(true);
    const underCilium = checker(`${PODS}${ipBlockToDb}${unrelatedCilium}`);
    expect(underCilium.check('prod/web', 'prod/db', 80).allowed).toBe(false);
    // Addresses outside the cluster still match.
    expect(underCilium.check('10.9.9.9', 'prod/db', 80).allowed).toBe(true);
  });
});

describe('Cilium ports', () => {
  it('a port without protocol is ANY: TCP, UDP and SCTP', () => {
    const { check } = checker(dbIngress('  - toPorts: [{ports: [{port: "53"}]}]\n'));
    expect(check('prod/web', 'prod/db', 53).allowed).toBe(true);
    expect(check('prod/web', 'prod/db', 53, 'UDP').allowed).toBe(true);
    expect(check('prod/web', 'prod/db', 53, 'SCTP').allowed).toBe(true);
    expect(check('prod/web', 'prod/db', 54, 'UDP').allowed).toBe(false);
  });

  it('endPort makes an inclusive range', () => {
    const { check } = checker(
      dbIngress('  - toPorts: [{ports: [{port: "8000", endPort: 8080, protocol: TCP}]}]\n'),
    );
    expect(check('prod/web', 'prod/db', 8000).allowed).toBe(true);
    expect(check('prod/web', 'prod/db', 8080).allowed).toBe(true);
    expect(check('prod/web', 'prod/db', 8081).allowed).toBe(false);
    expect(check('prod/web', 'prod/db', 8040, 'UDP').allowed).toBe(false);
  });

  it('a named port resolves on the destination pod', () => {
    const { check } = checker(dbIngress('  - toPorts: [{ports: [{port: http, protocol: TCP}]}]\n'));
    expect(check('prod/web', 'prod/db', 8080).allowed).toBe(true);
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(false);
  });

  it('an ICMP-only rule opens no TCP port but still isolates', () => {
    const { check } = checker(dbIngress('  - icmps: [{fields: [{type: 8, family: IPv4}]}]\n'));
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(false);
  });
});

describe('Cilium default deny', () => {
  it('ingress: [{}] isolates without allowing anything; an absent ingress section does not isolate', () => {
    const { check } = checker(`${PODS}---
${CNP}
metadata: {name: lock, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ingress: [{}]
---
${CNP}
metadata: {name: egress-only, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: web}}
  egress: [{toEndpoints: [{matchLabels: {app: db}}]}]
`);
    expect(check('prod/web', 'prod/db', 80)).toEqual({ allowed: false, egress: 'allow', ingress: 'deny' });
    expect(check('dev/tool', 'prod/web', 80)).toEqual({ allowed: true, egress: 'allow', ingress: 'allow' });
    expect(check('prod/web', 'dev/tool', 80)).toEqual({ allowed: false, egress: 'deny', ingress: 'allow' });
  });

  it('ingress: [] is no ingress section: the endpoint is not isolated', () => {
    const { check } = checker(`${PODS}---
${CNP}
metadata: {name: empty, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ingress: []
`);
    expect(check('dev/tool', 'prod/db', 80).allowed).toBe(true);
  });

  it('enableDefaultDeny.egress false: the egress allows add to what is open, nothing is closed', () => {
    const { check } = checker(`${PODS}---
${CNP}
metadata: {name: additive, namespace: dev}
spec:
  endpointSelector: {matchLabels: {app: tool}}
  enableDefaultDeny: {egress: false}
  egress: [{toEntities: [world]}]
`);
    expect(check('dev/tool', 'prod/web', 80).allowed).toBe(true);
  });

  it('one policy turning default deny on is enough, even beside an additive one', () => {
    const { check } = checker(`${PODS}---
${CNP}
metadata: {name: additive, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: db}}
  enableDefaultDeny: {ingress: false}
  ingress: [{fromEndpoints: [{matchLabels: {app: web}}]}]
---
${CNP}
metadata: {name: strict, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ingress: [{fromEntities: [world]}]
`);
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(true);
    expect(check('dev/tool', 'prod/db', 80).allowed).toBe(false);
  });

  it('a deny-only policy with enableDefaultDeny false blocks what it names and leaves the rest open', () => {
    const { check } = checker(`${PODS}---
${CNP}
metadata: {name: deny-tool, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: db}}
  enableDefaultDeny: {ingress: false}
  ingressDeny: [{fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: dev}}]}]
`);
    expect(check('dev/tool', 'prod/db', 80).allowed).toBe(false);
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(true);
    expect(check('203.0.113.1', 'prod/db', 80).allowed).toBe(true);
  });

  it('egressDeny wins over an allow from a clusterwide policy, and puts the endpoint in egress default deny', () => {
    const { check } = checker(`${PODS}---
${CCNP}
metadata: {name: allow-all-egress}
spec:
  endpointSelector: {}
  egress: [{toEntities: [all]}]
---
${CNP}
metadata: {name: no-db, namespace: dev}
spec:
  endpointSelector: {matchLabels: {app: tool}}
  egressDeny: [{toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: prod, app: db}}]}]
`);
    expect(check('dev/tool', 'prod/db', 5432)).toEqual({ allowed: false, egress: 'deny', ingress: 'allow' });
    expect(check('dev/tool', 'prod/web', 80).allowed).toBe(true);
  });
});

describe('Cilium requirements', () => {
  it('toRequires: every egress allow of the selected endpoints also needs the requirement', () => {
    const { check } = checker(`${PODS}---
${CCNP}
metadata: {name: prod-stays-in-prod}
spec:
  endpointSelector: {matchLabels: {k8s:io.kubernetes.pod.namespace: prod}}
  egress:
  - toRequires: [{matchLabels: {k8s:io.kubernetes.pod.namespace: prod}}]
  - toEntities: [all]
`);
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(true);
    expect(check('prod/web', 'dev/tool', 80).allowed).toBe(false);
  });
});

describe('Cilium host policies (nodeSelector)', () => {
  it('a clusterwide nodeSelector policy applies to nodes (host-network pods), not to pods', () => {
    const { check, diagnostics } = checker(`${PODS}---
${CCNP}
metadata: {name: host-ssh}
spec:
  nodeSelector: {}
  ingress: [{fromEntities: [cluster], toPorts: [{ports: [{port: "22", protocol: TCP}]}]}]
`);
    expect(diagnostics.filter((d) => d.code.startsWith('cilium-'))).toEqual([]);
    expect(check('prod/web', 'kube-system/agent', 22).allowed).toBe(true);
    expect(check('prod/web', 'kube-system/agent', 80).allowed).toBe(false);
    expect(check('dev/tool', 'prod/web', 80).allowed).toBe(true);
  });

  it('node labels are not in the inputs: a nodeSelector with labels is warned and taken to select every node', () => {
    const { diagnostics } = checker(`${CCNP}
metadata: {name: host-ssh}
spec:
  nodeSelector: {matchLabels: {role: edge}}
  ingress: [{fromEntities: [cluster]}]
`);
    expect(diagnostics.map((d) => d.code)).toEqual(['cilium-node-labels-unknown']);
  });

  it('nodeSelector is only valid in a clusterwide policy', () => {
    const { diagnostics } = checker(`${CNP}
metadata: {name: host, namespace: prod}
spec:
  nodeSelector: {}
  ingress: [{fromEntities: [cluster]}]
`);
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual([
      'cilium-invalid-rule',
    ]);
  });
});

describe('Cilium clusterwide namespace-label selectors', () => {
  it('a clusterwide peer selector on namespace labels still selects pods only (NotIn does not reach the world)', () => {
    const { check } = checker(`${PODS}---
${CCNP}
metadata: {name: not-from-dev}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ingress:
  - fromEndpoints: [{matchExpressions: [{key: io.cilium.k8s.namespace.labels.team, operator: NotIn, values: [dev]}]}]
`);
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(true);
    expect(check('dev/tool', 'prod/db', 80).allowed).toBe(false);
    expect(check('203.0.113.1', 'prod/db', 80).allowed).toBe(false);
    expect(check('kube-system/agent', 'prod/db', 80).allowed).toBe(false);
  });
});

describe('Cilium DNS visibility for toFQDNs', () => {
  const FQDN_RULE = `  - toFQDNs: [{matchName: api.github.com}]
    toPorts: [{ports: [{port: "443", protocol: TCP}]}]`;
  const DNS_RULE = `  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}]
    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]`;

  it('a DNS rule in one entry of specs makes the DNS proxy see the answers', () => {
    const { check, diagnostics } = checker(`${PODS}---
${CNP}
metadata: {name: fqdn, namespace: dev}
specs:
- endpointSelector: {matchLabels: {app: tool}}
  egress:
${DNS_RULE}
- endpointSelector: {matchLabels: {app: tool}}
  egress:
${FQDN_RULE}
`);
    expect(diagnostics.map((d) => d.code)).not.toContain('cilium-fqdn-without-dns-visibility');
    expect(check('dev/tool', 'fqdn:api.github.com', 443).allowed).toBe(true);
  });

  it('a label named dns is no DNS rule', () => {
    const { check, diagnostics } = checker(`${PODS}---
${CNP}
metadata: {name: fqdn, namespace: dev}
spec:
  endpointSelector: {matchLabels: {app: tool}}
  egress:
${FQDN_RULE}
  - toEndpoints: [{matchLabels: {dns: "yes"}}]
`);
    expect(diagnostics.map((d) => d.code)).toContain('cilium-fqdn-without-dns-visibility');
    expect(check('dev/tool', 'fqdn:api.github.com', 443).allowed).toBe(false);
  });
});

describe('Cilium rule validation (api.Rule.Validate)', () => {
  const rule = (text: string) => `${CNP}
metadata: {name: bad, namespace: prod}
spec:
  endpointSelector: {}
  ${text}
`;
  const errorCodes = (yaml: string) =>
    checker(yaml)
      .diagnostics.filter((d) => d.severity === 'error')
      .map((d) => d.code);
  it.each([
    [
      'two kinds of L3 peer in one rule',
      'ingress: [{fromEndpoints: [{}], fromCIDR: [10.0.0.0/8]}]',
      'cilium-invalid-rule',
    ],
    [
      'toFQDNs beside toEndpoints',
      'egress: [{toFQDNs: [{matchName: a.com}], toEndpoints: [{}]}]',
      'cilium-invalid-rule',
    ],
    [
      'icmps beside toPorts',
      'ingress: [{icmps: [{fields: [{type: 8}]}], toPorts: [{ports: [{port: "80"}]}]}]',
      'cilium-invalid-rule',
    ],
    [
      'a port entry without port',
      'ingress: [{toPorts: [{ports: [{protocol: TCP}]}]}]',
      'cilium-invalid-port',
    ],
    [
      'DNS rules on ingress',
      'ingress: [{toPorts: [{ports: [{port: "53", protocol: UDP}], rules: {dns: [{matchPattern: "*"}]}}]}]',
      'cilium-invalid-rule',
    ],
    [
      'HTTP rules on a UDP port',
      'ingress: [{toPorts: [{ports: [{port: "80", protocol: UDP}], rules: {http: [{}]}}]}]',
      'cilium-invalid-rule',
    ],
    [
      'HTTP rules on port 0',
      'ingress: [{toPorts: [{ports: [{port: "0", protocol: TCP}], rules: {http: [{}]}}]}]',
      'cilium-invalid-rule',
    ],
  ])('rejects %s', (_name, text, code) => {
    expect(errorCodes(rule(text))).toContain(code);
  });

  it('warns that a rule without any section has no effect', () => {
    const { diagnostics, check } = checker(`${PODS}---
${rule('description: nothing')}`);
    expect(
      diagnostics.filter((d) => d.code.startsWith('cilium-')).map((d) => `${d.severity} ${d.code}`),
    ).toEqual(['warning cilium-empty-rule']);
    expect(check('dev/tool', 'prod/db', 80).allowed).toBe(true);
  });

  it('accepts a bare address in fromCIDR and matches it alone', () => {
    const yaml = dbIngress('  - fromCIDR: [203.0.113.7]\n');
    expect(errorCodes(yaml)).toEqual([]);
    const { check } = checker(yaml);
    expect(check('203.0.113.7', 'prod/db', 80).allowed).toBe(true);
    expect(check('203.0.113.8', 'prod/db', 80).allowed).toBe(false);
  });

  it('accepts DNS rules with protocol ANY on egress', () => {
    expect(
      errorCodes(
        rule(
          'egress: [{toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]}]',
        ),
      ),
    ).toEqual([]);
  });
});

describe('Cilium service accounts and services', () => {
  const WITH_SA = `${PODS}---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: prod, labels: {app: api}}
spec: {serviceAccountName: api-sa, containers: [{name: c, image: x, ports: [{name: http, containerPort: 8080}]}]}
status: {podIP: 10.244.1.9}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: prod}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: 8080}]
`;
  it('io.cilium.k8s.policy.serviceaccount selects pods by service account', () => {
    const { check } = checker(`${WITH_SA}---
${CNP}
metadata: {name: api-in, namespace: prod}
spec:
  endpointSelector: {matchLabels: {io.cilium.k8s.policy.serviceaccount: api-sa}}
  ingress: [{fromEndpoints: [{matchLabels: {app: web}}]}]
`);
    expect(check('prod/db', 'prod/api', 8080).allowed).toBe(false);
    expect(check('prod/web', 'prod/api', 8080).allowed).toBe(true);
    expect(check('prod/web', 'prod/db', 8080).allowed).toBe(true);
  });

  it('toServices reaches the pods a Service selects, on their ports', () => {
    const { check } = checker(`${WITH_SA}---
${CNP}
metadata: {name: tool-out, namespace: dev}
spec:
  endpointSelector: {matchLabels: {app: tool}}
  egress: [{toServices: [{k8sService: {serviceName: api, namespace: prod}}]}]
`);
    expect(check('dev/tool', 'prod/api', 8080).allowed).toBe(true);
    expect(check('dev/tool', 'prod/web', 8080).allowed).toBe(false);
  });
});

describe('Cilium peers aksguard cannot resolve offline', () => {
  it('toNodes selects nodes (host-network pods), never every peer; toGroups and CIDR groups match nothing, with warnings', () => {
    const { check, diagnostics } = checker(`${PODS}---
${CNP}
metadata: {name: tool-out, namespace: dev}
spec:
  endpointSelector: {matchLabels: {app: tool}}
  egress:
  - toNodes: [{matchLabels: {role: edge}}]
    toPorts: [{ports: [{port: "10250", protocol: TCP}]}]
  - toGroups: [{aws: {securityGroupsIds: [sg-1]}}]
  - toCIDRSet: [{cidrGroupSelector: {matchLabels: {env: prod}}}]
`);
    expect(
      diagnostics
        .filter((d) => d.code.startsWith('cilium-'))
        .map((d) => d.code)
        .sort(),
    ).toEqual(['cilium-cidr-group', 'cilium-groups', 'cilium-node-labels-unknown']);
    expect(check('dev/tool', 'kube-system/agent', 10250).allowed).toBe(true);
    expect(check('dev/tool', 'prod/web', 10250).allowed).toBe(false);
    expect(check('dev/tool', '8.8.8.8', 443).allowed).toBe(false);
  });
});

describe('Cilium fields outside the schema', () => {
  it('a misspelt peer field is warned (without it the rule is L4-only)', () => {
    const { diagnostics } = checker(`${CNP}
metadata: {name: typo, namespace: prod}
spec:
  endpointSelector: {}
  ingress: [{fromEndpoint: [{matchLabels: {app: web}}], toPorts: [{ports: [{port: "80", protocol: TCP}]}]}]
`);
    expect(diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(['warning cilium-unknown-field']);
  });
});

describe('Cilium DNS visibility is per endpoint', () => {
  it('toFQDNs only work for endpoints whose own DNS traffic a DNS rule sends through the proxy', () => {
    const { check } = checker(`${PODS}---
${CNP}
metadata: {name: tool-dns, namespace: dev}
spec:
  endpointSelector: {matchLabels: {app: tool}}
  egress:
  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system}}]
    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]
  - toFQDNs: [{matchName: api.github.com}]
---
${CCNP}
metadata: {name: everyone-github}
spec:
  endpointSelector: {}
  egress: [{toFQDNs: [{matchName: api.github.com}]}]
`);
    expect(check('dev/tool', 'fqdn:api.github.com', 443).allowed).toBe(true);
    expect(check('prod/web', 'fqdn:api.github.com', 443)).toEqual({
      allowed: false,
      egress: 'deny',
      ingress: 'not-evaluated',
    });
  });
});

describe('Cilium toPorts entries', () => {
  it('an entry without ports opens nothing (Cilium adds one filter per listed port), and says so', () => {
    const { check, diagnostics } = checker(
      dbIngress('  - fromEndpoints: [{matchLabels: {app: web}}]\n    toPorts: [{}]\n'),
    );
    expect(diagnostics.map((d) => d.code)).toContain('cilium-no-ports');
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(false);
  });
});

describe('Cilium explicitly empty peer lists', () => {
  it('fromEndpoints: [] selects no peer, even beside toPorts (an absent list would mean every peer)', () => {
    const empty = checker(
      dbIngress('  - fromEndpoints: []\n    toPorts: [{ports: [{port: "80", protocol: TCP}]}]\n'),
    );
    expect(empty.check('prod/web', 'prod/db', 80).allowed).toBe(false);
    const absent = checker(dbIngress('  - toPorts: [{ports: [{port: "80", protocol: TCP}]}]\n'));
    expect(absent.check('prod/web', 'prod/db', 80).allowed).toBe(true);
  });
});
