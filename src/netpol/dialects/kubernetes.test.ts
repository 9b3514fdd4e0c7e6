import { describe, expect, it } from 'vitest';
import { documentsFromYaml } from '../../../test/support/documents.js';
import { compileKubernetesPolicies, validateNetworkPolicy } from './kubernetes.js';

const policy = (spec: string) =>
  documentsFromYaml(
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: ns}\nspec: ${spec}`,
  )[0]!.value as Record<string, unknown>;

describe('validateNetworkPolicy (as networking/validation)', () => {
  const valid = [
    '{podSelector: {}}',
    '{podSelector: {}, policyTypes: [Egress], egress: [{}]}',
    '{podSelector: {matchExpressions: [{key: a, operator: Exists}]}, ingress: [{from: [], ports: []}]}',
    '{podSelector: {}, ingress: [{ports: [{port: 80, endPort: 80}, {port: serve-80-tcp}, {protocol: SCTP}]}]}',
    '{podSelector: {}, ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]}]}',
    '{podSelector: {}, ingress: [{from: [{ipBlock: {cidr: "fd00::/8", except: ["fd00::/16"]}}]}]}',
    '{podSelector: {matchLabels: {example.com/app: "", a: b-c.d_e}}}',
  ];
  for (const spec of valid)
    it(`accepts ${spec}`, () => expect(validateNetworkPolicy(policy(spec))).toEqual([]));

  const invalid: [string, string, RegExp][] = [
    [
      '{podSelector: {matchExpressions: [{key: a, operator: In}]}}',
      '/spec/podSelector/matchExpressions/0/values',
      /non-empty/,
    ],
    [
      '{podSelector: {matchExpressions: [{key: a, operator: Exists, values: [x]}]}}',
      '/spec/podSelector/matchExpressions/0/values',
      /must be empty/,
    ],
    [
      '{podSelector: {matchExpressions: [{key: a, operator: Gt, values: ["1"]}]}}',
      '/spec/podSelector/matchExpressions/0/operator',
      /not a valid selector operator/,
    ],
    ['{podSelector: {matchLabels: {a: "-x"}}}', '/spec/podSelector/matchLabels/a', /invalid label value/],
    [
      '{podSelector: {matchLabels: {"Example.com/a": x}}}',
      '/spec/podSelector/matchLabels/Example.com~1a',
      /prefix/,
    ],
    [
      '{podSelector: {}, ingress: [{ports: [{port: 0}]}]}',
      '/spec/ingress/0/ports/0/port',
      /between 1 and 65535/,
    ],
    [
      '{podSelector: {}, ingress: [{ports: [{port: serve--80}]}]}',
      '/spec/ingress/0/ports/0/port',
      /invalid port name/,
    ],
    [
      '{podSelector: {}, ingress: [{ports: [{port: "80"}]}]}',
      '/spec/ingress/0/ports/0/port',
      /at least one letter/,
    ],
    [
      '{podSelector: {}, ingress: [{ports: [{endPort: 90}]}]}',
      '/spec/ingress/0/ports/0/endPort',
      /port is not specified/,
    ],
    [
      '{podSelector: {}, ingress: [{ports: [{port: http, endPort: 90}]}]}',
      '/spec/ingress/0/ports/0/endPort',
      /non-numeric/,
    ],
    [
      '{podSelector: {}, ingress: [{ports: [{port: 90, endPort: 80}]}]}',
      '/spec/ingress/0/ports/0/endPort',
      /greater than or equal/,
    ],
    [
      '{podSelector: {}, ingress: [{ports: [{protocol: tcp}]}]}',
      '/spec/ingress/0/ports/0/protocol',
      /unsupported protocol/,
    ],
    ['{podSelector: {}, egress: [{to: [{}]}]}', '/spec/egress/0/to/0', /must specify a peer/],
    [
      '{podSelector: {}, egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8}, namespaceSelector: {}}]}]}',
      '/spec/egress/0/to/0',
      /more than 1 peer type/,
    ],
    [
      '{podSelector: {}, egress: [{to: [{ipBlock: {cidr: 10.0.0.0}}]}]}',
      '/spec/egress/0/to/0/ipBlock/cidr',
      /not a CIDR/,
    ],
    [
      '{podSelector: {}, egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [11.0.0.0/16]}}]}]}',
      '/spec/egress/0/to/0/ipBlock/except/0',
      /strict subset/,
    ],
    [
      '{podSelector: {}, egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8]}}]}]}',
      '/spec/egress/0/to/0/ipBlock/except/0',
      /strict subset/,
    ],
    ['{podSelector: {}, policyTypes: [Ingress, Sideways]}', '/spec/policyTypes/1', /unsupported policy type/],
    [
      '{podSelector: {}, policyTypes: [Ingress, Egress, Ingress]}',
      '/spec/policyTypes',
      /may not specify more than two policyTypes/,
    ],
    // Unknown fields: kubectl's default strict field validation makes the API server refuse them.
    ['{podSelector: {}, ingres: [{}]}', '/spec/ingres', /unknown field "ingres"/],
    [
      '{podSelector: {}, ingress: [{form: [{podSelector: {}}]}]}',
      '/spec/ingress/0/form',
      /unknown field "form"/,
    ],
    [
      '{podSelector: {}, egress: [{from: [{podSelector: {}}]}]}',
      '/spec/egress/0/from',
      /unknown field "from"/,
    ],
    [
      '{podSelector: {}, ingress: [{from: [{podSelector: {}, namespaceselector: {}}]}]}',
      '/spec/ingress/0/from/0/namespaceselector',
      /unknown field/,
    ],
    [
      '{podSelector: {}, ingress: [{ports: [{port: 80, end_port: 90}]}]}',
      '/spec/ingress/0/ports/0/end_port',
      /unknown field/,
    ],
    [
      '{podSelector: {}, egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, excepts: [10.1.0.0/16]}}]}]}',
      '/spec/egress/0/to/0/ipBlock/excepts',
      /unknown field/,
    ],
    ['{podSelector: {matchLabel: {app: web}}}', '/spec/podSelector/matchLabel', /unknown field/],
    [
      '{podSelector: {matchExpressions: [{key: app, operator: In, value: [web]}]}}',
      '/spec/podSelector/matchExpressions/0/value',
      /unknown field/,
    ],
    // ipBlock: strict legacy-field CIDR validation.
    [
      '{podSelector: {}, egress: [{to: [{ipBlock: {cidr: "::ffff:10.0.0.0/104"}}]}]}',
      '/spec/egress/0/to/0/ipBlock/cidr',
      /IPv4-mapped IPv6/,
    ],
    [
      '{podSelector: {}, egress: [{to: [{ipBlock: {cidr: "0:0:0:0:0:ffff:a00:0/104"}}]}]}',
      '/spec/egress/0/to/0/ipBlock/cidr',
      /IPv4-mapped IPv6/,
    ],
    [
      '{podSelector: {}, egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [010.1.0.0/16]}}]}]}',
      '/spec/egress/0/to/0/ipBlock/except/0',
      /leading zeros/,
    ],
    [
      '{podSelector: {}, egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: ["fd00::/16"]}}]}]}',
      '/spec/egress/0/to/0/ipBlock/except/0',
      /strict subset/,
    ],
    ['{podSelector: {}, egress: [{to: [{ipBlock: {}}]}]}', '/spec/egress/0/to/0/ipBlock/cidr', /required/],
    [
      '{podSelector: {}, egress: [{to: [{podSelector: null}]}]}',
      '/spec/egress/0/to/0',
      /must specify a peer/,
    ],
    [
      '{podSelector: {}, ingress: [{from: [{namespaceSelector: {matchLabels: {ns: "a b"}}}]}]}',
      '/spec/ingress/0/from/0/namespaceSelector/matchLabels/ns',
      /invalid label value/,
    ],
  ];
  for (const [spec, pointer, message] of invalid)
    it(`rejects ${spec}`, () => {
      const errors = validateNetworkPolicy(policy(spec));
      expect(errors.map((e) => e.pointer)).toContain(pointer);
      expect(errors.find((e) => e.pointer === pointer)!.message).toMatch(message);
    });
});

describe('validateNetworkPolicy: apiVersion', () => {
  it.each(['extensions/v1beta1', 'networking.k8s.io/v1beta1'])(
    'refuses %s, which no API server serves',
    (version) => {
      const value = documentsFromYaml(
        `apiVersion: ${version}\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: {podSelector: {}}`,
      )[0]!.value as Record<string, unknown>;
      expect(validateNetworkPolicy(value)).toEqual([
        {
          pointer: '/apiVersion',
          message: expect.stringMatching(/is not served for NetworkPolicy \(only networking.k8s.io\/v1/),
        },
      ]);
    },
  );
});

describe('validateNetworkPolicy: metadata (ValidateObjectMeta)', () => {
  const withMetadata = (metadata: string) =>
    documentsFromYaml(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: ${metadata}\nspec: {podSelector: {}}`,
    )[0]!.value as Record<string, unknown>;

  it('accepts valid labels and annotations', () => {
    expect(
      validateNetworkPolicy(
        withMetadata(
          '{name: p, labels: {app.kubernetes.io/name: web}, annotations: {Example.com/Owner: "team a"}}',
        ),
      ),
    ).toEqual([]);
  });

  it('rejects an invalid label key or value and an invalid annotation key, each at its position', () => {
    expect(
      validateNetworkPolicy(
        withMetadata('{name: p, labels: {"a b": x, c: "-d"}, annotations: {"x/y/z": v}}'),
      ),
    ).toEqual([
      { pointer: '/metadata/labels/a b', message: expect.stringMatching(/invalid label key "a b"/) },
      { pointer: '/metadata/labels/c', message: expect.stringMatching(/invalid label value "-d"/) },
      { pointer: '/metadata/annotations/x~1y~1z', message: expect.stringMatching(/invalid annotation key/) },
    ]);
  });

  it('rejects annotations over 256 KiB in all', () => {
    const big = 'v'.repeat(200 * 1024);
    expect(validateNetworkPolicy(withMetadata(`{name: p, annotations: {a: ${big}, b: ${big}}}`))).toEqual([
      { pointer: '/metadata/annotations', message: expect.stringMatching(/more than the limit of 262144/) },
    ]);
  });
});

describe('validateNetworkPolicy: endPort checks follow ValidateNetworkPolicyPort', () => {
  it('reports only "non-numeric" for a named port, whatever the endPort', () => {
    expect(
      validateNetworkPolicy(policy('{podSelector: {}, ingress: [{ports: [{port: http, endPort: 0}]}]}')),
    ).toEqual([
      {
        pointer: '/spec/ingress/0/ports/0/endPort',
        message: 'endPort may not be specified when port is non-numeric',
      },
    ]);
  });
});

// The steps of upstream test/e2e/network/netpol/network_policy_api.go "should support creating NetworkPolicy API
// with endport field": the same generateName policy created with five egress ports, refused or accepted.
describe('upstream API e2e: should support creating NetworkPolicy API with endport field', () => {
  const create = (port: string) =>
    validateNetworkPolicy(
      documentsFromYaml(
        `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {generateName: e2e-example-netpol-endport-validate, labels: {special-label: netpol-1234}}\nspec: {podSelector: {matchLabels: {pod-name: test-pod}}, policyTypes: [Egress], egress: [{ports: [${port}]}]}`,
      )[0]!.value as Record<string, unknown>,
    ).map((e) => e.message);
  it.each([
    ['{endPort: 20000}', /port is not specified/],
    ['{port: serve-80, endPort: 20000}', /non-numeric/],
    ['{port: 30000, endPort: 20000}', /greater than or equal/],
  ])('refuses %s', (port, message) => {
    expect(create(port)).toEqual([expect.stringMatching(message)]);
  });
  it.each(['{port: 20000, endPort: 20000}', '{port: 10000, endPort: 20000}'])('accepts %s', (port) => {
    expect(create(port)).toEqual([]);
  });
});

describe('compileKubernetesPolicies', () => {
  it('names generateName policies <prefix><generated-N>, each a policy of its own; refuses no name at all or a bad prefix', () => {
    const result = compileKubernetesPolicies(
      documentsFromYaml(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {generateName: deny-, namespace: a}
spec: {podSelector: {}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {generateName: deny-, namespace: a}
spec: {podSelector: {}, policyTypes: [Egress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {namespace: a}
spec: {podSelector: {}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {generateName: Bad_, namespace: a}
spec: {podSelector: {}}
`),
    );
    expect(result.tier.policies.map((p) => p.id)).toEqual([
      'NetworkPolicy/a/deny-<generated-1>',
      'NetworkPolicy/a/deny-<generated-2>',
    ]);
    expect(result.diagnostics.map((d) => [d.code, d.message, d.source?.line])).toEqual([
      [
        'invalid-network-policy',
        'NetworkPolicy a/<unnamed>: metadata.name or metadata.generateName is required',
        14,
      ],
      [
        'invalid-network-policy',
        'NetworkPolicy a/Bad_<generated>: invalid generateName "Bad_": must be a DNS subdomain prefix',
        19,
      ],
    ]);
  });

  it('warns about a CIDR with host bits set, naming both readings', () => {
    const result = compileKubernetesPolicies(
      documentsFromYaml(
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: {podSelector: {}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: 10.0.1.1/16}}]}]}',
      ),
    );
    expect(result.diagnostics).toMatchObject([
      {
        severity: 'warning',
        code: 'cidr-host-bits',
        message: 'CIDR "10.0.1.1/16" has host bits set; it is read as 10.0.0.0/16',
        hint: expect.stringMatching(
          /^write 10\.0\.0\.0\/16, or 10\.0\.1\.1\/32 for the one address; .*StrictIPCIDRValidation/,
        ),
      },
    ]);
  });

  it('defaults policyTypes: Ingress always, Egress only when egress rules exist', () => {
    const compile = (spec: string) =>
      compileKubernetesPolicies(
        documentsFromYaml(
          `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: ${spec}`,
        ),
      ).tier.policies[0]!.isolates;
    expect(compile('{podSelector: {}}')).toEqual(['ingress']);
    expect(compile('{podSelector: {}, egress: []}')).toEqual(['ingress']);
    expect(compile('{podSelector: {}, egress: [{}]}')).toEqual(['ingress', 'egress']);
    expect(compile('{podSelector: {}, policyTypes: [Egress]}')).toEqual(['egress']);
    // SetDefaults_NetworkPolicy defaults on len(policyTypes) == 0: an empty list is read as an absent one.
    expect(compile('{podSelector: {}, policyTypes: []}')).toEqual(['ingress']);
    expect(compile('{podSelector: {}, policyTypes: [], egress: [{ports: [{port: 53}]}]}')).toEqual([
      'ingress',
      'egress',
    ]);
  });

  it('keeps the later of two policies with the same name, with a warning; drops an invalid one whole', () => {
    const result = compileKubernetesPolicies(
      documentsFromYaml(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: a}
spec: {podSelector: {}, ingress: [{}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: a}
spec: {podSelector: {}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: bad, namespace: a}
spec: {podSelector: {}, ingress: [{}, {ports: [{port: 99999}]}]}
`),
    );
    expect(result.tier.policies.map((p) => [p.id, p.rules.length])).toEqual([['NetworkPolicy/a/p', 0]]);
    expect(result.diagnostics.map((d) => [d.severity, d.code, d.source?.line])).toEqual([
      ['warning', 'duplicate-policy', 7],
      ['error', 'invalid-network-policy', 15],
    ]);
  });
});
