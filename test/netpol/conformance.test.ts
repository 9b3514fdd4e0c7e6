// Conformance: the behaviours the Kubernetes documentation and the upstream network-policy e2e tests
// (test/e2e/network/netpol/network_policy.go) pin down, on their 3 namespaces × 3 pods model, ports 80/81
// over TCP, UDP and SCTP. Each case states the expected truth table as a predicate; both the engine and the
// naive reference evaluator must match it on every ordered pair, port and protocol.
import { describe, expect, it } from 'vitest';
import type { Protocol } from '../../src/model/endpoint.js';
import { documentsFromYaml } from '../support/documents.js';
import { modelDocuments, NAMESPACES, POD_IDS, PODS, PROTOCOLS } from './cluster-model.js';
import { engineOracle } from './engine-harness.js';
import { type RefPod, referenceAllowed } from './reference.js';

interface Traffic {
  readonly from: string;
  readonly to: string;
  readonly protocol: Protocol;
  readonly port: number;
}

interface ConformanceCase {
  readonly name: string;
  readonly policies: string;
  /** The expected answer for traffic between different pods (a pod reaching itself is always allowed). */
  readonly expect: (t: Traffic) => boolean;
}

const ns = (id: string) => id.split('/')[0]!;
const pod = (id: string) => id.split('/')[1]!;

const CASES: ConformanceCase[] = [
  { name: 'no policies: everything is allowed', policies: '', expect: () => true },
  {
    name: 'default-deny ingress in x isolates every pod of x for ingress',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-ingress, namespace: x}
spec: {podSelector: {}, policyTypes: [Ingress]}`,
    expect: (t) => ns(t.to) !== 'x',
  },
  {
    name: 'default-deny egress in x (policyTypes Egress, no egress rules)',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-egress, namespace: x}
spec: {podSelector: {}, policyTypes: [Egress]}`,
    expect: (t) => ns(t.from) !== 'x',
  },
  {
    name: 'ingress: [] allows nothing, like a default deny',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: empty, namespace: x}
spec: {podSelector: {matchLabels: {pod: a}}, ingress: []}`,
    expect: (t) => t.to !== 'x/a',
  },
  {
    name: 'ingress: [{}] allows everything to the selected pods despite a default deny',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: x}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all-to-a, namespace: x}
spec: {podSelector: {matchLabels: {pod: a}}, ingress: [{}]}`,
    expect: (t) => ns(t.to) !== 'x' || t.to === 'x/a',
  },
  {
    name: 'podSelector peer: only pods of the policy namespace',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-b, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress: [{from: [{podSelector: {matchLabels: {pod: b}}}]}]`,
    expect: (t) => t.to !== 'x/a' || t.from === 'x/b',
  },
  {
    name: 'namespaceSelector peer: every pod of the selected namespaces',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-ns-y, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress: [{from: [{namespaceSelector: {matchLabels: {ns: y}}}]}]`,
    expect: (t) => t.to !== 'x/a' || ns(t.from) === 'y',
  },
  {
    name: 'namespaceSelector NotIn on kubernetes.io/metadata.name: every other namespace',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-other-ns, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress:
    - from:
        - namespaceSelector:
            matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [x]}]`,
    expect: (t) => t.to !== 'x/a' || ns(t.from) !== 'x',
  },
  {
    name: 'namespaceSelector and podSelector in one peer: the intersection',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: and, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress: [{from: [{namespaceSelector: {matchLabels: {ns: y}}, podSelector: {matchLabels: {pod: c}}}]}]`,
    expect: (t) => t.to !== 'x/a' || t.from === 'y/c',
  },
  {
    name: 'namespaceSelector and podSelector as two peers: the union',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: or, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress: [{from: [{namespaceSelector: {matchLabels: {ns: y}}}, {podSelector: {matchLabels: {pod: c}}}]}]`,
    expect: (t) => t.to !== 'x/a' || ns(t.from) === 'y' || t.from === 'x/c',
  },
  {
    name: 'matchExpressions Exists / DoesNotExist / In',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: exprs, namespace: x}
spec:
  podSelector: {matchExpressions: [{key: pod, operator: In, values: [a, b]}]}
  ingress:
    - from:
        - namespaceSelector: {matchExpressions: [{key: ns, operator: Exists}]}
          podSelector: {matchExpressions: [{key: pod, operator: NotIn, values: [a]}, {key: missing, operator: DoesNotExist}]}`,
    expect: (t) => !['x/a', 'x/b'].includes(t.to) || pod(t.from) !== 'a',
  },
  {
    name: 'port 80 only: 81 stays denied, and other protocols too',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: port-80, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress: [{ports: [{port: 80}]}]`,
    expect: (t) => t.to !== 'x/a' || (t.protocol === 'TCP' && t.port === 80),
  },
  {
    name: 'named port resolves on the destination with its protocol',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: named, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress: [{ports: [{port: serve-81-udp, protocol: UDP}]}]`,
    expect: (t) => t.to !== 'x/a' || (t.protocol === 'UDP' && t.port === 81),
  },
  {
    name: 'named port with the wrong protocol opens nothing (serve-81-udp over TCP)',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: named-wrong, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress: [{ports: [{port: serve-81-udp}]}]`,
    expect: (t) => t.to !== 'x/a',
  },
  {
    name: 'egress named port resolves on the destination pod',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress-named, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Egress]
  egress: [{ports: [{port: serve-80-tcp}]}]`,
    expect: (t) => t.from !== 'x/a' || (t.protocol === 'TCP' && t.port === 80),
  },
  {
    name: 'endPort range 80-81 over SCTP',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: range, namespace: x}
spec:
  podSelector: {}
  ingress: [{ports: [{protocol: SCTP, port: 80, endPort: 81}]}]`,
    expect: (t) => ns(t.to) !== 'x' || t.protocol === 'SCTP',
  },
  {
    name: 'a UDP-only allowance keeps the pod isolated for TCP',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: udp, namespace: x}
spec:
  podSelector: {matchLabels: {pod: b}}
  ingress: [{ports: [{protocol: UDP}]}]`,
    expect: (t) => t.to !== 'x/b' || t.protocol === 'UDP',
  },
  {
    name: 'egress deny-all plus allow to namespace y on port 80: both directions must allow',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress, namespace: x}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress: [{to: [{namespaceSelector: {matchLabels: {ns: y}}}], ports: [{port: 80, protocol: TCP}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: y-deny-b, namespace: y}
spec: {podSelector: {matchLabels: {pod: b}}, policyTypes: [Ingress]}`,
    expect: (t) =>
      (ns(t.from) !== 'x' || (ns(t.to) === 'y' && t.protocol === 'TCP' && t.port === 80)) && t.to !== 'y/b',
  },
  {
    name: 'policies are a union: two allows add up',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: one, namespace: y}
spec:
  podSelector: {matchLabels: {pod: c}}
  ingress: [{from: [{podSelector: {matchLabels: {pod: a}}}], ports: [{port: 80}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: two, namespace: y}
spec:
  podSelector: {matchLabels: {pod: c}}
  ingress: [{from: [{namespaceSelector: {matchLabels: {ns: z}}}], ports: [{port: 81, protocol: UDP}]}]`,
    expect: (t) =>
      t.to !== 'y/c' ||
      (t.from === 'y/a' && t.protocol === 'TCP' && t.port === 80) ||
      (ns(t.from) === 'z' && t.protocol === 'UDP' && t.port === 81),
  },
  {
    name: 'policyTypes [Egress] ignores the ingress rules written beside it',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: only-egress, namespace: z}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Egress]
  ingress: [{from: [{podSelector: {matchLabels: {pod: b}}}]}]
  egress: [{to: [{podSelector: {}}]}]`,
    expect: (t) => t.from !== 'z/a' || ns(t.to) === 'z',
  },
  {
    name: 'ipBlock with except, matched against pod IPs',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ipblock, namespace: x}
spec:
  podSelector: {matchLabels: {pod: c}}
  ingress: [{from: [{ipBlock: {cidr: 192.168.0.0/16, except: [192.168.1.0/24]}}]}]`,
    // x/* are 192.168.0.x, y/* 192.168.1.x (excepted), z/* 192.168.2.x
    expect: (t) => t.to !== 'x/c' || ns(t.from) !== 'y',
  },
  {
    name: 'egress to one pod IP by ipBlock /32',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: to-ip, namespace: y}
spec:
  podSelector: {matchLabels: {pod: b}}
  policyTypes: [Egress]
  egress: [{to: [{ipBlock: {cidr: 192.168.2.11/32}}], ports: [{port: 81, protocol: TCP}]}]`,
    expect: (t) => t.from !== 'y/b' || (t.to === 'z/b' && t.protocol === 'TCP' && t.port === 81),
  },
  {
    name: 'deny ingress from other namespaces: podSelector {} peer keeps traffic within the namespace',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: same-ns, namespace: y}
spec:
  podSelector: {}
  ingress: [{from: [{podSelector: {}}]}]`,
    expect: (t) => ns(t.to) !== 'y' || ns(t.from) === 'y',
  },
  {
    name: 'namespaceSelector {} allows pods of every namespace',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: all-ns, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress: [{from: [{namespaceSelector: {}}], ports: [{port: 81, protocol: UDP}]}]`,
    expect: (t) => t.to !== 'x/a' || (t.protocol === 'UDP' && t.port === 81),
  },
  {
    name: 'podSelector matchExpressions In selects any of the listed pods',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: any-of, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress: [{from: [{podSelector: {matchExpressions: [{key: pod, operator: In, values: [b, c]}]}}]}]`,
    expect: (t) => t.to !== 'x/a' || t.from === 'x/b' || t.from === 'x/c',
  },
  {
    name: 'egress deny on the client wins even when the server allows everything',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-deny, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: server-allow, namespace: y}
spec:
  podSelector: {}
  ingress: [{}]`,
    expect: (t) => t.from !== 'x/a',
  },
  {
    name: 'egress allow-all takes precedence over a narrower egress policy',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: narrow, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Egress]
  egress: [{to: [{podSelector: {matchLabels: {pod: b}}}], ports: [{port: 80}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Egress]
  egress: [{}]`,
    expect: () => true,
  },
  {
    name: 'ingress and egress together in one policy',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: both, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Ingress, Egress]
  ingress: [{from: [{namespaceSelector: {matchLabels: {ns: y}}}]}]
  egress: [{to: [{namespaceSelector: {matchLabels: {ns: z}}}], ports: [{port: 80, protocol: TCP}]}]`,
    expect: (t) =>
      (t.to !== 'x/a' || ns(t.from) === 'y') &&
      (t.from !== 'x/a' || (ns(t.to) === 'z' && t.protocol === 'TCP' && t.port === 80)),
  },
  {
    name: 'an IP excepted by one ipBlock is still allowed by another policy (rules are a union)',
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: except, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Egress]
  egress: [{to: [{ipBlock: {cidr: 192.168.0.0/16, except: [192.168.2.11/32]}}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-excepted, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Egress]
  egress: [{to: [{ipBlock: {cidr: 192.168.2.11/32}}], ports: [{port: 81, protocol: TCP}]}]`,
    // z/b is 192.168.2.11: reachable from x/a on TCP/81 only
    expect: (t) => t.from !== 'x/a' || t.to !== 'z/b' || (t.protocol === 'TCP' && t.port === 81),
  },
];

function refPods(): RefPod[] {
  return NAMESPACES.flatMap((n, i) =>
    PODS.map((p, j) => ({
      namespace: n,
      name: p,
      labels: { pod: p },
      namespaceLabels: { ns: n, 'kubernetes.io/metadata.name': n },
      ip: `192.168.${i}.${j + 10}`,
      ports: [80, 81].flatMap((port) =>
        PROTOCOLS.map((protocol) => ({ name: `serve-${port}-${protocol.toLowerCase()}`, port, protocol })),
      ),
    })),
  );
}

describe('conformance: upstream network-policy behaviours on the x/y/z × a/b/c model', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const engine = engineOracle(modelDocuments(c.policies));
      const policies = c.policies.trim() ? documentsFromYaml(c.policies).map((d) => d.value) : [];
      const pods = refPods();
      const mismatches: string[] = [];
      for (const from of POD_IDS)
        for (const to of POD_IDS)
          for (const protocol of PROTOCOLS)
            for (const port of [80, 81]) {
              const expected = from === to || c.expect({ from, to, protocol, port });
              const got = engine(from, to, protocol, port);
              const fromPod = pods.find((p) => `${p.namespace}/${p.name}` === from)!;
              const toPod = pods.find((p) => `${p.namespace}/${p.name}` === to)!;
              const reference = referenceAllowed(policies, fromPod, toPod, protocol, port);
              if (got !== expected || reference !== expected)
                mismatches.push(
                  `${from} → ${to} ${protocol}/${port}: expected ${expected}, engine ${got}, reference ${reference}`,
                );
            }
      expect(mismatches).toEqual([]);
    });
  }
});
