// Conformance: the behaviours the Kubernetes documentation and the upstream network-policy e2e tests
// (kubernetes/kubernetes test/e2e/network/netpol/network_policy.go) pin down, on their 3 namespaces × 3 pods model,
// ports 80/81 over TCP, UDP and SCTP. Each case states the expected truth table as a predicate; both the engine and
// the naive reference evaluator must match it on every ordered pair, port and protocol. Upstream probes one
// protocol and port per step; these cases check them all, so each also pins down what the upstream step leaves
// implicit (other ports and protocols of the same policy). Upstream steps that relabel a live pod or namespace, or
// update, add or delete a policy, become one static case per state.
import { describe, expect, it } from 'vitest';
import type { Protocol } from '../../src/model/endpoint.js';
import { documentsFromYaml } from '../support/documents.js';
import {
  type ModelRelabel,
  modelDocuments,
  NAMESPACES,
  namespaceLabels,
  POD_IDS,
  PODS,
  PROTOCOLS,
  podIp,
  podLabels,
} from './cluster-model.js';
import { engineOracle } from './engine-harness.js';
import { type RefPod, referenceAllowed } from './reference.js';

/** The `It` titles of upstream network_policy.go, context "NetworkPolicy between server and client" (TCP). */
const T = {
  defaultDenyIngress: "should support a 'default-deny-ingress' policy",
  defaultDenyAll: "should support a 'default-deny-all' policy",
  podSelectorWithinNamespace:
    'should enforce policy to allow traffic from pods within server namespace based on PodSelector',
  ingressForTarget: 'should enforce policy to allow ingress traffic for a target',
  allNamespaces: 'should enforce policy to allow ingress traffic from pods in all namespaces',
  otherNamespaceBySelector:
    'should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector',
  podSelectorExpressions: 'should enforce policy based on PodSelector with MatchExpressions',
  namespaceSelectorExpressions: 'should enforce policy based on NamespaceSelector with MatchExpressions',
  podOrNamespace: 'should enforce policy based on PodSelector or NamespaceSelector',
  podAndNamespace: 'should enforce policy based on PodSelector and NamespaceSelector',
  multiplePodAndNamespace: 'should enforce policy based on Multiple PodSelectors and NamespaceSelectors',
  anyPodSelectors: 'should enforce policy based on any PodSelectors',
  podFromOtherNamespace:
    'should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector',
  ports: 'should enforce policy based on Ports',
  stacked: 'should enforce multiple, stacked policies with overlapping podSelectors',
  allowAll: 'should support allow-all policy',
  ingressNamedPort: 'should allow ingress access on one named port',
  namespaceNamedPort: 'should allow ingress access from namespace on one named port',
  egressNamedPort: 'should allow egress access on one named port',
  updatedPolicy: 'should enforce updated policy',
  updatedNamespace: 'should allow ingress access from updated namespace',
  updatedPod: 'should allow ingress access from updated pod',
  denyOtherNamespaces: 'should deny ingress from pods on other namespaces',
  denyUpdatedPod: 'should deny ingress access to updated pod',
  denyEgressPod: 'should deny egress from pods based on PodSelector',
  denyEgressNamespace: 'should deny egress from all pods in a namespace',
  ingressAndEgress: 'should work with Ingress, Egress specified together',
  clientSideEgressDeny:
    'should support denying of egress traffic on the client side (even if the server explicitly allows this traffic)',
  egressPodAndNamespace:
    'should enforce egress policy allowing traffic to a server in a different namespace based on PodSelector and NamespaceSelector',
  anyPortOneProtocol:
    'should enforce ingress policy allowing any port traffic to a server on a specific protocol',
  ingressAllowAllPrecedence:
    'should enforce multiple ingress policies with ingress allow-all policy taking precedence',
  egressAllowAllPrecedence:
    'should enforce multiple egress policies with egress allow-all policy taking precedence',
  stopAfterDelete: 'should stop enforcing policies after they are deleted',
  egressCidr: 'should allow egress access to server in CIDR block',
  egressCidrExcept: 'should enforce except clause while egress access to server in CIDR block',
  cidrAndExceptOverlap: 'should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed',
  independentDirections:
    'should enforce policies to check ingress and egress policies can be controlled independently based on PodSelector',
  sctpIsNotTcp:
    "should not mistakenly treat 'protocol: SCTP' as 'protocol: TCP', even if the plugin doesn't support SCTP",
  sctpIsolates:
    "should properly isolate pods that are selected by a policy allowing SCTP, even if the plugin doesn't support SCTP",
  udpOnly: 'should not allow access by TCP when a policy specifies only UDP',
  defaultNamespaceLabel:
    'should enforce policy to allow traffic based on NamespaceSelector with MatchLabels using default ns label',
  defaultNamespaceLabelExpressions:
    'should enforce policy based on NamespaceSelector with MatchExpressions using default ns label',
} as const;

/** The same three `It` titles in the contexts "… using UDP" and "… using SCTP". */
const perProtocol = (protocol: 'UDP' | 'SCTP') =>
  ({
    defaultDenyIngress: `[${protocol}] ${T.defaultDenyIngress}`,
    ports: `[${protocol}] ${T.ports}`,
    podFromOtherNamespace: `[${protocol}] ${T.podFromOtherNamespace}`,
  }) as const;
const U = perProtocol('UDP');
const S = perProtocol('SCTP');

/** Every upstream `It` case: 42 in the TCP context, 3 in each of the UDP and SCTP contexts. */
const UPSTREAM_IT_CASES: readonly string[] = [...Object.values(T), ...Object.values(U), ...Object.values(S)];

interface Traffic {
  readonly from: string;
  readonly to: string;
  readonly protocol: Protocol;
  readonly port: number;
}

interface ConformanceCase {
  readonly name: string;
  /** The upstream `It` cases whose truth table (for one of their steps) this case reproduces. */
  readonly upstream?: readonly string[];
  readonly policies: string;
  /** Labels added to the model for this case (an upstream step that relabels a live pod or namespace). */
  readonly relabel?: ModelRelabel;
  /** The ports probed on every protocol; 80 and 81 unless said. */
  readonly ports?: readonly number[];
  /** The expected answer for traffic between different pods (a pod reaching itself is always allowed). */
  readonly expect: (t: Traffic) => boolean;
}

const ns = (id: string) => id.split('/')[0]!;
const pod = (id: string) => id.split('/')[1]!;

/** A NetworkPolicy document with a one-line flow-style spec. */
const policy = (namespace: string, name: string, spec: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: ${spec}`;
const documents = (...docs: string[]) => docs.join('\n---\n');

const CASES: ConformanceCase[] = [
  {
    name: 'no policies: everything is allowed',
    upstream: [T.stopAfterDelete],
    policies: '',
    expect: () => true,
  },
  {
    name: 'default-deny ingress in x isolates every pod of x for ingress',
    upstream: [T.defaultDenyIngress, U.defaultDenyIngress, S.defaultDenyIngress],
    policies: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-ingress, namespace: x}
spec: {podSelector: {}, policyTypes: [Ingress]}`,
    expect: (t) => ns(t.to) !== 'x',
  },
  {
    name: 'default-deny egress in x (policyTypes Egress, no egress rules)',
    upstream: [T.denyEgressNamespace],
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
    upstream: [T.podSelectorWithinNamespace],
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
    upstream: [T.podFromOtherNamespace, U.podFromOtherNamespace, S.podFromOtherNamespace],
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
    upstream: [T.denyOtherNamespaces],
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
  {
    // SetDefaults_NetworkPolicy (pkg/apis/networking/v1/defaults.go) defaults when len(policyTypes) == 0.
    name: 'policyTypes: [] is defaulted like an absent list: egress rules make the policy isolate egress too',
    policies: policy(
      'x',
      'empty-types',
      '{podSelector: {matchLabels: {pod: a}}, policyTypes: [], egress: [{ports: [{port: 80, protocol: TCP}]}]}',
    ),
    expect: (t) => t.to !== 'x/a' && (t.from !== 'x/a' || (t.protocol === 'TCP' && t.port === 80)),
  },
  // ---- The upstream e2e cases, one per state, with upstream's own policies (namespace x unless said). ----
  {
    name: `${T.defaultDenyAll} (step 1 of "${T.stopAfterDelete}")`,
    upstream: [T.defaultDenyAll, T.stopAfterDelete],
    policies: policy(
      'x',
      'deny-all',
      '{podSelector: {}, policyTypes: [Ingress, Egress], ingress: [], egress: []}',
    ),
    expect: (t) => ns(t.from) !== 'x' && ns(t.to) !== 'x',
  },
  {
    name: T.ingressForTarget,
    upstream: [T.ingressForTarget],
    policies: documents(
      policy('x', 'deny-all', '{podSelector: {}, policyTypes: [Ingress], ingress: []}'),
      policy(
        'x',
        'allow-all-to-a',
        '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{from: [{podSelector: {}, namespaceSelector: {}}]}]}',
      ),
    ),
    expect: (t) => ns(t.to) !== 'x' || t.to === 'x/a',
  },
  {
    name: T.allNamespaces,
    upstream: [T.allNamespaces],
    policies: policy(
      'x',
      'allow-from-another-ns',
      '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{from: [{namespaceSelector: {matchLabels: {}}}]}]}',
    ),
    expect: () => true,
  },
  {
    name: `${T.otherNamespaceBySelector} (kubernetes.io/metadata.name)`,
    upstream: [T.otherNamespaceBySelector, T.defaultNamespaceLabel],
    policies: policy(
      'x',
      'allow-client-a-via-ns-selector',
      '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}}]}]}',
    ),
    expect: (t) => t.to !== 'x/a' || ns(t.from) === 'y',
  },
  {
    name: T.podSelectorExpressions,
    upstream: [T.podSelectorExpressions],
    policies: policy(
      'x',
      'x-a-allows-x-b',
      '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{from: [{podSelector: {matchExpressions: [{key: pod, operator: In, values: [b]}]}}]}]}',
    ),
    expect: (t) => t.to !== 'x/a' || t.from === 'x/b',
  },
  {
    name: T.namespaceSelectorExpressions,
    upstream: [T.namespaceSelectorExpressions],
    policies: policy(
      'x',
      'allow-ns-y-match-selector',
      '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{from: [{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: [y]}]}}]}]}',
    ),
    expect: (t) => t.to !== 'x/a' || ns(t.from) === 'y',
  },
  {
    name: T.podOrNamespace,
    upstream: [T.podOrNamespace],
    policies: policy(
      'x',
      'allow-ns-y-match-selector',
      '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{from: [{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [x]}]}}, {podSelector: {matchLabels: {pod: b}}}]}]}',
    ),
    expect: (t) => t.to !== 'x/a' || ns(t.from) !== 'x' || t.from === 'x/b',
  },
  {
    name: T.podAndNamespace,
    upstream: [T.podAndNamespace],
    policies: policy(
      'x',
      'allow-ns-y-podselector-and-nsselector',
      '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{from: [{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [x]}]}, podSelector: {matchLabels: {pod: b}}}]}]}',
    ),
    expect: (t) => t.to !== 'x/a' || t.from === 'y/b' || t.from === 'z/b',
  },
  {
    name: T.multiplePodAndNamespace,
    upstream: [T.multiplePodAndNamespace],
    policies: policy(
      'x',
      'allow-ns-y-z-pod-b-c',
      '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{from: [{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [x]}]}, podSelector: {matchExpressions: [{key: pod, operator: In, values: [b, c]}]}}]}]}',
    ),
    expect: (t) => t.to !== 'x/a' || (ns(t.from) !== 'x' && pod(t.from) !== 'a'),
  },
  {
    name: T.anyPodSelectors,
    upstream: [T.anyPodSelectors],
    policies: policy(
      'x',
      'allow-ns-x-pod-b-c',
      '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{from: [{podSelector: {matchLabels: {pod: b}}}, {podSelector: {matchLabels: {pod: c}}}]}]}',
    ),
    expect: (t) => t.to !== 'x/a' || t.from === 'x/b' || t.from === 'x/c',
  },
  {
    name: `${T.podFromOtherNamespace} (upstream's y/a)`,
    upstream: [T.podFromOtherNamespace, U.podFromOtherNamespace, S.podFromOtherNamespace],
    policies: policy(
      'x',
      'allow-ns-y-pod-a-via-namespace-pod-selector',
      '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}, podSelector: {matchLabels: {pod: a}}}]}]}',
    ),
    expect: (t) => t.to !== 'x/a' || t.from === 'y/a',
  },
  ...PROTOCOLS.map(
    (protocol): ConformanceCase => ({
      name: `${protocol}: ${T.ports}${protocol === 'TCP' ? ` (step 1 of "${T.stacked}")` : ''}`,
      upstream: protocol === 'TCP' ? [T.ports, T.stacked] : [protocol === 'UDP' ? U.ports : S.ports],
      policies: policy(
        'x',
        'allow-client-a-via-ns-selector',
        `{podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}}], ports: [{port: 81, protocol: ${protocol}}]}]}`,
      ),
      expect: (t) => t.to !== 'x/a' || (ns(t.from) === 'y' && t.protocol === protocol && t.port === 81),
    }),
  ),
  {
    name: `${T.stacked} (step 2: a second policy unblocks port 80)`,
    upstream: [T.stacked],
    policies: documents(
      policy(
        'x',
        'allow-client-a-via-ns-selector',
        '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}}], ports: [{port: 81, protocol: TCP}]}]}',
      ),
      policy(
        'x',
        'allow-client-a-via-ns-selector-80',
        '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}}], ports: [{port: 80, protocol: TCP}]}]}',
      ),
    ),
    expect: (t) => t.to !== 'x/a' || (ns(t.from) === 'y' && t.protocol === 'TCP'),
  },
  {
    name: `${T.allowAll} (also step 1 of "${T.updatedPolicy}")`,
    upstream: [T.allowAll, T.updatedPolicy],
    policies: policy(
      'x',
      'allow-all',
      '{podSelector: {matchLabels: {}}, policyTypes: [Ingress], ingress: [{}]}',
    ),
    expect: () => true,
  },
  {
    name: `${T.updatedPolicy} (step 2: the same policy updated to ingress: [])`,
    upstream: [T.updatedPolicy],
    policies: documents(
      policy('x', 'allow-all-mutate-to-deny-all', '{podSelector: {}, policyTypes: [Ingress], ingress: [{}]}'),
      policy('x', 'allow-all-mutate-to-deny-all', '{podSelector: {}, policyTypes: [Ingress], ingress: []}'),
    ),
    expect: (t) => ns(t.to) !== 'x',
  },
  {
    name: T.ingressNamedPort,
    upstream: [T.ingressNamedPort],
    policies: policy(
      'x',
      'allow-all',
      '{podSelector: {matchLabels: {}}, policyTypes: [Ingress], ingress: [{ports: [{port: serve-81-tcp}]}]}',
    ),
    expect: (t) => ns(t.to) !== 'x' || (t.protocol === 'TCP' && t.port === 81),
  },
  {
    name: T.namespaceNamedPort,
    upstream: [T.namespaceNamedPort],
    policies: policy(
      'x',
      'allow-client-a-via-ns-selector-80',
      '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}}], ports: [{port: serve-80-tcp, protocol: TCP}]}]}',
    ),
    expect: (t) => t.to !== 'x/a' || (ns(t.from) === 'y' && t.protocol === 'TCP' && t.port === 80),
  },
  {
    name: T.egressNamedPort,
    upstream: [T.egressNamedPort],
    policies: policy(
      'x',
      'allow-egress',
      '{podSelector: {matchLabels: {}}, policyTypes: [Egress], egress: [{ports: [{port: serve-80-tcp}]}]}',
    ),
    expect: (t) => ns(t.from) !== 'x' || (t.protocol === 'TCP' && t.port === 80),
  },
  {
    name: `${T.updatedNamespace} (step 1: no namespace carries ns2=updated)`,
    upstream: [T.updatedNamespace],
    policies: policy(
      'x',
      'allow-client-a-via-ns-selector',
      '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{from: [{namespaceSelector: {matchLabels: {ns2: updated}}}]}]}',
    ),
    expect: (t) => t.to !== 'x/a',
  },
  {
    name: `${T.updatedNamespace} (step 2: namespace y labelled ns2=updated)`,
    upstream: [T.updatedNamespace],
    relabel: { namespaces: { y: { ns2: 'updated' } } },
    policies: policy(
      'x',
      'allow-client-a-via-ns-selector',
      '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{from: [{namespaceSelector: {matchLabels: {ns2: updated}}}]}]}',
    ),
    expect: (t) => t.to !== 'x/a' || ns(t.from) === 'y',
  },
  {
    name: `${T.updatedPod} (step 1: no pod carries pod2=updated)`,
    upstream: [T.updatedPod],
    policies: policy(
      'x',
      'allow-client-a-via-pod-selector',
      '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{from: [{podSelector: {matchLabels: {pod: b, pod2: updated}}}]}]}',
    ),
    expect: (t) => t.to !== 'x/a',
  },
  {
    name: `${T.updatedPod} (step 2: x/b labelled pod2=updated)`,
    upstream: [T.updatedPod],
    relabel: { pods: { 'x/b': { pod2: 'updated' } } },
    policies: policy(
      'x',
      'allow-client-a-via-pod-selector',
      '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{from: [{podSelector: {matchLabels: {pod: b, pod2: updated}}}]}]}',
    ),
    expect: (t) => t.to !== 'x/a' || t.from === 'x/b',
  },
  {
    name: `${T.denyUpdatedPod} (step 1: no pod carries target=isolated)`,
    upstream: [T.denyUpdatedPod],
    policies: policy(
      'x',
      'deny-ingress-via-label-selector',
      '{podSelector: {matchLabels: {target: isolated}}, policyTypes: [Ingress], ingress: []}',
    ),
    expect: () => true,
  },
  {
    name: `${T.denyUpdatedPod} (step 2: x/a labelled target=isolated)`,
    upstream: [T.denyUpdatedPod],
    relabel: { pods: { 'x/a': { target: 'isolated' } } },
    policies: policy(
      'x',
      'deny-ingress-via-label-selector',
      '{podSelector: {matchLabels: {target: isolated}}, policyTypes: [Ingress], ingress: []}',
    ),
    expect: (t) => t.to !== 'x/a',
  },
  {
    name: T.denyEgressPod,
    upstream: [T.denyEgressPod],
    policies: policy(
      'x',
      'deny-egress-pod-a',
      '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Egress], egress: []}',
    ),
    expect: (t) => t.from !== 'x/a',
  },
  {
    name: `${T.ingressAndEgress} (policyTypes [Egress, Ingress], egress to any peer on port 80)`,
    upstream: [T.ingressAndEgress],
    policies: policy(
      'x',
      'allow-client-a-via-pod-selector',
      '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Egress, Ingress], ingress: [{from: [{podSelector: {matchLabels: {pod: b}}}]}], egress: [{ports: [{port: 80}]}]}',
    ),
    expect: (t) =>
      (t.to !== 'x/a' || t.from === 'x/b') && (t.from !== 'x/a' || (t.protocol === 'TCP' && t.port === 80)),
  },
  {
    name: T.clientSideEgressDeny,
    upstream: [T.clientSideEgressDeny],
    policies: documents(
      policy(
        'x',
        'allow-to-ns-y-pod-a',
        '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Egress], egress: [{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}, podSelector: {matchLabels: {pod: a}}}]}]}',
      ),
      policy(
        'y',
        'allow-from-xa-on-ya-match-selector',
        '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: x}}, podSelector: {matchLabels: {pod: a}}}]}]}',
      ),
      policy(
        'y',
        'allow-from-xa-on-yb-match-selector',
        '{podSelector: {matchLabels: {pod: b}}, policyTypes: [Ingress], ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: x}}, podSelector: {matchLabels: {pod: a}}}]}]}',
      ),
    ),
    // y/b admits only x/a, whose egress reaches y/a only: nobody reaches y/b.
    expect: (t) =>
      (t.from !== 'x/a' || t.to === 'y/a') && (!['y/a', 'y/b'].includes(t.to) || t.from === 'x/a'),
  },
  {
    name: T.egressPodAndNamespace,
    upstream: [T.egressPodAndNamespace],
    policies: policy(
      'x',
      'allow-to-ns-y-pod-a',
      '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Egress], egress: [{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}, podSelector: {matchLabels: {pod: a}}}]}]}',
    ),
    expect: (t) => t.from !== 'x/a' || t.to === 'y/a',
  },
  {
    name: T.anyPortOneProtocol,
    upstream: [T.anyPortOneProtocol],
    policies: policy(
      'x',
      'allow-ingress-by-proto',
      '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{ports: [{protocol: TCP}]}]}',
    ),
    expect: (t) => t.to !== 'x/a' || t.protocol === 'TCP',
  },
  {
    name: `${T.ingressAllowAllPrecedence} (step 1: port 80 only)`,
    upstream: [T.ingressAllowAllPrecedence],
    policies: policy(
      'x',
      'allow-ingress-port-80',
      '{podSelector: {matchLabels: {}}, policyTypes: [Ingress], ingress: [{ports: [{port: 80}]}]}',
    ),
    expect: (t) => ns(t.to) !== 'x' || (t.protocol === 'TCP' && t.port === 80),
  },
  {
    name: `${T.ingressAllowAllPrecedence} (step 2: plus an allow-all policy)`,
    upstream: [T.ingressAllowAllPrecedence],
    policies: documents(
      policy(
        'x',
        'allow-ingress-port-80',
        '{podSelector: {matchLabels: {}}, policyTypes: [Ingress], ingress: [{ports: [{port: 80}]}]}',
      ),
      policy('x', 'allow-ingress', '{podSelector: {matchLabels: {}}, policyTypes: [Ingress], ingress: [{}]}'),
    ),
    expect: () => true,
  },
  {
    name: `${T.egressAllowAllPrecedence} (step 1: port 80 only)`,
    upstream: [T.egressAllowAllPrecedence],
    policies: policy(
      'x',
      'allow-egress-port-80',
      '{podSelector: {matchLabels: {}}, policyTypes: [Egress], egress: [{ports: [{port: 80}]}]}',
    ),
    expect: (t) => ns(t.from) !== 'x' || (t.protocol === 'TCP' && t.port === 80),
  },
  {
    name: `${T.egressAllowAllPrecedence} (step 2: plus an allow-all policy)`,
    upstream: [T.egressAllowAllPrecedence],
    policies: documents(
      policy(
        'x',
        'allow-egress-port-80',
        '{podSelector: {matchLabels: {}}, policyTypes: [Egress], egress: [{ports: [{port: 80}]}]}',
      ),
      policy('x', 'allow-egress', '{podSelector: {matchLabels: {}}, policyTypes: [Egress], egress: [{}]}'),
    ),
    expect: () => true,
  },
  {
    name: `${T.egressCidr} (y/b's IP as a /32)`,
    upstream: [T.egressCidr],
    policies: policy(
      'x',
      'allow-client-a-via-cidr-egress-rule',
      `{podSelector: {matchLabels: {pod: a}}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: ${podIp('y', 'b')}/32}}]}]}`,
    ),
    expect: (t) => t.from !== 'x/a' || t.to === 'y/b',
  },
  {
    name: `${T.egressCidrExcept} (the /4 around x/b, except x/b; step 1 of "${T.cidrAndExceptOverlap}")`,
    upstream: [T.egressCidrExcept, T.cidrAndExceptOverlap],
    policies: policy(
      'x',
      'allow-client-a-via-cidr-egress-rule',
      `{podSelector: {matchLabels: {pod: a}}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: 192.0.0.0/4, except: [${podIp('x', 'b')}/32]}}]}]}`,
    ),
    expect: (t) => t.from !== 'x/a' || t.to !== 'x/b',
  },
  {
    name: `${T.egressCidrExcept} (as older upstream wrote it: x/a's IP /4, host bits set, read as its network)`,
    upstream: [T.egressCidrExcept],
    policies: policy(
      'x',
      'allow-client-a-via-cidr-egress-rule',
      `{podSelector: {matchLabels: {pod: a}}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: ${podIp('x', 'a')}/4, except: [${podIp('x', 'b')}/32]}}]}]}`,
    ),
    expect: (t) => t.from !== 'x/a' || t.to !== 'x/b',
  },
  {
    name: `${T.cidrAndExceptOverlap} (step 2: the policy updated to allow x/b's /32 only)`,
    upstream: [T.cidrAndExceptOverlap],
    policies: documents(
      policy(
        'x',
        'allow-client-a-via-cidr-egress-rule',
        `{podSelector: {matchLabels: {pod: a}}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: 192.0.0.0/4, except: [${podIp('x', 'b')}/32]}}]}]}`,
      ),
      policy(
        'x',
        'allow-client-a-via-cidr-egress-rule',
        `{podSelector: {matchLabels: {pod: a}}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: ${podIp('x', 'b')}/32}}]}]}`,
      ),
    ),
    expect: (t) => t.from !== 'x/a' || t.to === 'x/b',
  },
  {
    name: `${T.independentDirections} (step 1: allow all egress of x/a)`,
    upstream: [T.independentDirections],
    policies: policy(
      'x',
      'allow-egress-for-target',
      '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Egress], egress: [{}]}',
    ),
    expect: () => true,
  },
  {
    name: `${T.independentDirections} (step 2: plus deny all ingress of x/a)`,
    upstream: [T.independentDirections],
    policies: documents(
      policy(
        'x',
        'allow-egress-for-target',
        '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Egress], egress: [{}]}',
      ),
      policy(
        'x',
        'deny-ingress-via-label-selector',
        '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: []}',
      ),
    ),
    expect: (t) => t.to !== 'x/a',
  },
  {
    name: T.sctpIsNotTcp,
    upstream: [T.sctpIsNotTcp],
    policies: documents(
      policy('x', 'deny-ingress', '{podSelector: {}, policyTypes: [Ingress], ingress: []}'),
      policy(
        'x',
        'allow-only-sctp-ingress-on-port-81',
        '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{ports: [{port: 81, protocol: SCTP}]}]}',
      ),
    ),
    expect: (t) => ns(t.to) !== 'x' || (t.to === 'x/a' && t.protocol === 'SCTP' && t.port === 81),
  },
  {
    name: T.sctpIsolates,
    upstream: [T.sctpIsolates],
    policies: policy(
      'x',
      'allow-only-sctp-ingress-on-port-80',
      '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{ports: [{port: 80, protocol: SCTP}]}]}',
    ),
    expect: (t) => t.to !== 'x/a' || (t.protocol === 'SCTP' && t.port === 80),
  },
  {
    name: T.udpOnly,
    upstream: [T.udpOnly],
    policies: policy(
      'x',
      'allow-only-udp-ingress-on-port-81',
      '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{ports: [{port: 81, protocol: UDP}]}]}',
    ),
    expect: (t) => t.to !== 'x/a' || (t.protocol === 'UDP' && t.port === 81),
  },
  {
    name: T.defaultNamespaceLabelExpressions,
    upstream: [T.defaultNamespaceLabelExpressions],
    policies: policy(
      'x',
      'allow-ns-y-match-selector-for-immutable-ns-label',
      '{podSelector: {matchLabels: {pod: a}}, policyTypes: [Egress], egress: [{to: [{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [y]}]}}]}]}',
    ),
    expect: (t) => t.from !== 'x/a' || ns(t.to) !== 'y',
  },
  {
    // Older upstream (policies.go GetDenyAllWithEgressDNS): deny everything in x but DNS lookups out of it.
    name: 'deny-all-tcp-allow-dns: default deny both ways, egress to UDP/53 only',
    policies: policy(
      'x',
      'deny-all-tcp-allow-dns',
      '{podSelector: {}, policyTypes: [Egress, Ingress], ingress: [], egress: [{ports: [{protocol: UDP, port: 53}]}]}',
    ),
    ports: [53, 80, 81],
    expect: (t) => ns(t.to) !== 'x' && (ns(t.from) !== 'x' || (t.protocol === 'UDP' && t.port === 53)),
  },
];

function refPods(relabel: ModelRelabel | undefined): RefPod[] {
  return NAMESPACES.flatMap((n) =>
    PODS.map((p) => ({
      namespace: n,
      name: p,
      labels: podLabels(n, p, relabel),
      namespaceLabels: { ...namespaceLabels(n, relabel), 'kubernetes.io/metadata.name': n },
      ip: podIp(n, p),
      ports: [80, 81].flatMap((port) =>
        PROTOCOLS.map((protocol) => ({ name: `serve-${port}-${protocol.toLowerCase()}`, port, protocol })),
      ),
    })),
  );
}

describe('conformance: upstream network-policy behaviours on the x/y/z × a/b/c model', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const engine = engineOracle(modelDocuments(c.policies, c.relabel));
      const policies = c.policies.trim() ? documentsFromYaml(c.policies).map((d) => d.value) : [];
      const pods = refPods(c.relabel);
      const mismatches: string[] = [];
      for (const from of POD_IDS)
        for (const to of POD_IDS)
          for (const protocol of PROTOCOLS)
            for (const port of c.ports ?? [80, 81]) {
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

  it('reproduces every It case of upstream network_policy.go', () => {
    const reproduced = new Set(CASES.flatMap((c) => c.upstream ?? []));
    expect(UPSTREAM_IT_CASES.filter((title) => !reproduced.has(title))).toEqual([]);
    expect(UPSTREAM_IT_CASES).toHaveLength(48);
  });
});
