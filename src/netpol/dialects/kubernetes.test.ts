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
  ];
  for (const [spec, pointer, message] of invalid)
    it(`rejects ${spec}`, () => {
      const errors = validateNetworkPolicy(policy(spec));
      expect(errors.map((e) => e.pointer)).toContain(pointer);
      expect(errors.find((e) => e.pointer === pointer)!.message).toMatch(message);
    });
});

describe('compileKubernetesPolicies', () => {
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
