// Conformance: the AdminNetworkPolicy / BaselineAdminNetworkPolicy cases of the upstream suite
// (kubernetes-sigs/network-policy-api, conformance/tests and conformance/base), on its model: the houses
// gryffindor, slytherin, hufflepuff and ravenclaw with two pods each, the hogwarts-staff professors, and the
// host-networked centaurs of the forbidden forest. Each upstream test is a sequence of steps; a step may change
// the policies the way the upstream test updates them (rule swaps, a new priority, a deleted NetworkPolicy),
// and the changes carry over to the steps after it, as they do on a live cluster. Every probe is checked
// through `netpol check` (the engine with a trace) and the pod matrix, which must agree with the expectation.
import { describe, expect, it } from 'vitest';
import type { Protocol } from '../../src/model/endpoint.js';
import { analyzeNetworkPolicies } from '../../src/netpol/analysis.js';
import { checkConnection, resolvePeer } from '../../src/netpol/check.js';
import { computeMatrix, expandMatrix, portAllowed } from '../../src/netpol/matrix.js';
import { documentsFromYaml } from '../support/documents.js';
import { runBuiltCli } from '../support/run-cli.js';
import {
  CEDRIC_0,
  CEDRIC_1,
  CENTAUR_1,
  DRACO_0,
  DRACO_1,
  DUMBLEDORE,
  HARRY_0,
  HARRY_1,
  LUNA_0,
  LUNA_1,
  MODEL_YAML,
  type ModelPod,
  namespaceOf,
  QUIRRELL,
} from './houses-model.js';

// ── Policy text ───────────────────────────────────────────────────────────────────────────────────────────────

/** Every pod of one namespace, by its `kubernetes.io/metadata.name`. */
const inNamespace = (house: string) =>
  `{namespaces: {matchLabels: {kubernetes.io/metadata.name: ${namespaceOf(house)}}}}`;
/** The pods of a house, by the `conformance-house` labels of namespace and pod. */
const ofHouse = (house: string) =>
  `{pods: {namespaceSelector: {matchLabels: {conformance-house: ${house}}}, podSelector: {matchLabels: {conformance-house: ${house}}}}}`;
/** One hogwarts-staff pod, by its StatefulSet pod name. */
const professor = (pod: ModelPod) =>
  `{pods: {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${namespaceOf('hogwarts-staff')}}}, podSelector: {matchLabels: {statefulset.kubernetes.io/pod-name: ${pod.id.split('/')[1]}}}}}`;
/** A port clause, written `ports` (v1alpha1) or `protocols` (ClusterNetworkPolicy) when rendered. */
type PortClause =
  | { readonly protocol: Protocol; readonly port: number }
  | { readonly protocol: Protocol; readonly start: number; readonly end: number }
  | { readonly named: string };
const portNumber = (protocol: Protocol, port: number): PortClause => ({ protocol, port });
const portRange = (protocol: Protocol, start: number, end: number): PortClause => ({ protocol, start, end });
const namedPort = (named: string): PortClause => ({ named });

/** One rule; its peers go to `from` or `to` depending on the list it is put in. */
interface Rule {
  readonly name: string;
  readonly action: 'Allow' | 'Deny' | 'Pass';
  readonly peers: readonly string[];
  readonly ports?: readonly PortClause[];
}

const rule = (name: string, action: Rule['action'], peers: string[], ports?: PortClause[]): Rule => ({
  name,
  action,
  peers,
  ...(ports ? { ports } : {}),
});

/**
 * The APIs the cases are written in: AdminNetworkPolicy / BaselineAdminNetworkPolicy (v1alpha1), the same in the
 * peer shape of its first release (which the older upstream manifests use), and the ClusterNetworkPolicy
 * (v1beta1) the upstream suite has since moved to, whose Admin and Baseline tiers mean the same.
 */
type Api = 'v1alpha1' | 'v1alpha1-first-release' | 'v1beta1';

/** A peer in the first release's shape: `namespaces: {namespaceSelector}`, `pods: {namespaces: {...}, podSelector}`. */
function firstReleasePeer(peer: string): string {
  const pods = /^\{pods: \{namespaceSelector: (.*), podSelector: (.*)\}\}$/.exec(peer);
  if (pods) return `{pods: {namespaces: {namespaceSelector: ${pods[1]}}, podSelector: ${pods[2]}}}`;
  const namespaces = /^\{namespaces: (.*)\}$/.exec(peer);
  return namespaces ? `{namespaces: {namespaceSelector: ${namespaces[1]}}}` : peer;
}

function portYaml(clause: PortClause, api: Api): string {
  if ('named' in clause)
    return api !== 'v1beta1' ? `{namedPort: ${clause.named}}` : `{destinationNamedPort: ${clause.named}}`;
  const protocol = clause.protocol.toLowerCase();
  if ('port' in clause)
    return api !== 'v1beta1'
      ? `{portNumber: {protocol: ${clause.protocol}, port: ${clause.port}}}`
      : `{${protocol}: {destinationPort: {number: ${clause.port}}}}`;
  return api !== 'v1beta1'
    ? `{portRange: {protocol: ${clause.protocol}, start: ${clause.start}, end: ${clause.end}}}`
    : `{${protocol}: {destinationPort: {range: {start: ${clause.start}, end: ${clause.end}}}}}`;
}

function ruleYaml(r: Rule, peersKey: 'from' | 'to', api: Api): string {
  const portsKey = api === 'v1beta1' ? 'protocols' : 'ports';
  const peers = api === 'v1alpha1-first-release' ? r.peers.map(firstReleasePeer) : r.peers;
  const ports = r.ports ? `, ${portsKey}: [${r.ports.map((c) => portYaml(c, api)).join(', ')}]` : '';
  const action = api === 'v1beta1' && r.action === 'Allow' ? 'Accept' : r.action;
  return `    - {name: ${r.name}, action: ${action}, ${peersKey}: [${peers.join(', ')}]${ports}}`;
}

interface Policy {
  readonly kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
  readonly name: string;
  /** AdminNetworkPolicy only (a Baseline-tier ClusterNetworkPolicy gets 0). */
  readonly priority?: number;
  readonly subject: string;
  readonly ingress?: readonly Rule[];
  readonly egress?: readonly Rule[];
}

function policyYaml(policy: Policy, api: Api): string {
  const admin = policy.kind === 'AdminNetworkPolicy';
  const header =
    api !== 'v1beta1'
      ? [
          'apiVersion: policy.networking.k8s.io/v1alpha1',
          `kind: ${policy.kind}`,
          `metadata: {name: ${policy.name}}`,
          'spec:',
          ...(admin ? [`  priority: ${policy.priority}`] : []),
        ]
      : [
          'apiVersion: policy.networking.k8s.io/v1beta1',
          'kind: ClusterNetworkPolicy',
          `metadata: {name: ${policy.name}}`,
          'spec:',
          `  tier: ${admin ? 'Admin' : 'Baseline'}`,
          `  priority: ${policy.priority ?? 0}`,
        ];
  return [
    ...header,
    `  subject: ${policy.subject}`,
    ...(policy.ingress ? ['  ingress:', ...policy.ingress.map((r) => ruleYaml(r, 'from', api))] : []),
    ...(policy.egress ? ['  egress:', ...policy.egress.map((r) => ruleYaml(r, 'to', api))] : []),
  ].join('\n');
}

/** The policies in force at a step: admin policies, and other manifests (a NetworkPolicy) as YAML text. */
type PolicySet = readonly (Policy | string)[];

const yamlOf = (...policies: (Policy | string)[]): PolicySet => policies;

function renderPolicies(policies: PolicySet, api: Api): string {
  return policies.map((p) => (typeof p === 'string' ? p : policyYaml(p, api))).join('\n---\n');
}

const GRYFFINDOR_NAMESPACE = `{namespaces: {matchLabels: {kubernetes.io/metadata.name: ${namespaceOf('gryffindor')}}}}`;
const GRYFFINDOR_PODS = ofHouse('gryffindor');

/** `list` with the items at `i` and `j` exchanged, as the upstream tests reorder rules. */
function swap<T>(list: readonly T[], i: number, j: number): T[] {
  const out = [...list];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

// ── Cases ─────────────────────────────────────────────────────────────────────────────────────────────────────

type Probe = readonly [from: ModelPod, to: ModelPod, protocol: Protocol, port: number, allowed: boolean];

interface Step {
  /** The upstream subtest's title. */
  readonly name: string;
  /** Every policy in force at this step (after the upstream test's updates so far). */
  readonly policies: PolicySet;
  readonly probes: readonly Probe[];
}

interface UpstreamTest {
  /** The upstream ShortName (the Admin-tier ClusterNetworkPolicy tests are named after their ANP form). */
  readonly name: string;
  readonly steps: readonly Step[];
  /** The one API family the case is written for, when the other cannot say it the same way. */
  readonly only?: 'v1alpha1' | 'v1beta1';
}

const TCP = 'TCP';
const UDP = 'UDP';
const SCTP = 'SCTP';
const ALLOWED = true;
const DENIED = false;

// base/admin_network_policy/core-ingress-tcp-rules.yaml and core-egress-tcp-rules.yaml: `ingress-tcp` and
// `egress-tcp`, subject gryffindor, the same rule list in each direction.
function tcpRules(peerDirection: 'from' | 'to'): Rule[] {
  const d = peerDirection;
  return [
    rule(`allow-${d}-ravenclaw-everything`, 'Allow', [inNamespace('ravenclaw')]),
    rule(`deny-${d}-ravenclaw-everything`, 'Deny', [inNamespace('ravenclaw')]),
    rule(`pass-${d}-ravenclaw-everything`, 'Pass', [inNamespace('ravenclaw')]),
    rule(`deny-${d}-slytherin-at-port-80`, 'Deny', [inNamespace('slytherin')], [portNumber(TCP, 80)]),
    rule(`pass-${d}-slytherin-at-port-80`, 'Pass', [inNamespace('slytherin')], [portNumber(TCP, 80)]),
    d === 'from'
      ? rule('allow-from-hufflepuff-at-port-80', 'Allow', [inNamespace('hufflepuff')], [portNumber(TCP, 80)])
      : rule(
          'allow-to-hufflepuff-at-port-8080',
          'Allow',
          [inNamespace('hufflepuff')],
          [portNumber(TCP, 8080)],
        ),
    rule(`deny-${d}-hufflepuff-everything-else`, 'Deny', [inNamespace('hufflepuff')]),
    rule(`deny-${d}-professor-quirrell-at-port-8080`, 'Deny', [professor(QUIRRELL)], [portNumber(TCP, 8080)]),
    rule(
      `allow-${d}-professor-dumbledore-at-port-8080`,
      'Allow',
      [professor(DUMBLEDORE)],
      [portNumber(TCP, 8080)],
    ),
    rule(`deny-${d}-dumbledore-everything-else`, 'Deny', [professor(DUMBLEDORE)]),
  ];
}

const ingressTcp = (ingress: Rule[]): PolicySet =>
  yamlOf({
    kind: 'AdminNetworkPolicy',
    name: 'ingress-tcp',
    priority: 3,
    subject: GRYFFINDOR_NAMESPACE,
    ingress,
  });
const egressTcp = (egress: Rule[]): PolicySet =>
  yamlOf({
    kind: 'AdminNetworkPolicy',
    name: 'egress-tcp',
    priority: 6,
    subject: GRYFFINDOR_NAMESPACE,
    egress,
  });

function ingressTcpTest(): UpstreamTest {
  const declared = tcpRules('from');
  const denyFirst = swap(declared, 0, 1);
  const passFirst = swap(denyFirst, 0, 2);
  const passAtPortFirst = swap(passFirst, 3, 4);
  return {
    name: 'AdminNetworkPolicyIngressTCP',
    steps: [
      {
        name: "Should support an 'allow-ingress' policy for TCP protocol; ensure rule ordering is respected",
        policies: ingressTcp(declared),
        probes: [
          [LUNA_0!, HARRY_0!, TCP, 80, ALLOWED],
          [LUNA_1!, HARRY_0!, TCP, 8080, ALLOWED],
        ],
      },
      {
        name: "Should support an 'allow-ingress' policy for TCP protocol at the specified port",
        policies: ingressTcp(declared),
        probes: [
          [CEDRIC_0!, HARRY_1!, TCP, 80, ALLOWED],
          [CEDRIC_1!, HARRY_1!, TCP, 8080, DENIED],
        ],
      },
      {
        name: 'Should not affect egress traffic when only ingress rules are specified',
        policies: ingressTcp(declared),
        probes: [
          [HARRY_0!, LUNA_0!, TCP, 80, ALLOWED],
          [HARRY_1!, DRACO_0!, TCP, 80, ALLOWED],
        ],
      },
      {
        name: "Should support an 'deny-ingress' policy for TCP protocol; ensure rule ordering is respected",
        policies: ingressTcp(denyFirst),
        probes: [
          [LUNA_0!, HARRY_1!, TCP, 80, DENIED],
          [LUNA_1!, HARRY_1!, TCP, 8080, DENIED],
        ],
      },
      {
        name: "Should support a 'deny-ingress' policy for TCP protocol at the specified port",
        policies: ingressTcp(denyFirst),
        probes: [
          [DRACO_0!, HARRY_0!, TCP, 80, DENIED],
          [DRACO_1!, HARRY_0!, TCP, 8080, ALLOWED],
        ],
      },
      {
        name: "Should support an 'pass-ingress' policy for TCP protocol; ensure rule ordering is respected",
        policies: ingressTcp(passFirst),
        probes: [
          [LUNA_0!, HARRY_0!, TCP, 80, ALLOWED],
          [LUNA_1!, HARRY_0!, TCP, 8080, ALLOWED],
        ],
      },
      {
        name: "Should support a 'pass-ingress' policy for TCP protocol at the specified port",
        policies: ingressTcp(passAtPortFirst),
        probes: [
          [DRACO_0!, HARRY_0!, TCP, 80, ALLOWED],
          [DRACO_1!, HARRY_0!, TCP, 8080, ALLOWED],
        ],
      },
    ],
  };
}

function egressTcpTest(): UpstreamTest {
  const declared = tcpRules('to');
  const denyFirst = swap(declared, 0, 1);
  const passFirst = swap(denyFirst, 0, 2);
  const passAtPortFirst = swap(passFirst, 3, 4);
  return {
    name: 'AdminNetworkPolicyEgressTCP',
    steps: [
      {
        name: "Should support an 'allow-egress' policy for TCP protocol; ensure rule ordering is respected",
        policies: egressTcp(declared),
        probes: [
          [HARRY_0!, LUNA_0!, TCP, 80, ALLOWED],
          [HARRY_1!, LUNA_0!, TCP, 8080, ALLOWED],
        ],
      },
      {
        name: "Should support an 'allow-egress' policy for TCP protocol at the specified port",
        policies: egressTcp(declared),
        probes: [
          [HARRY_0!, CEDRIC_1!, TCP, 8080, ALLOWED],
          [HARRY_1!, CEDRIC_1!, TCP, 80, DENIED],
        ],
      },
      {
        name: "Should support an 'deny-egress' policy for TCP protocol; ensure rule ordering is respected",
        policies: egressTcp(denyFirst),
        probes: [
          [HARRY_0!, LUNA_1!, TCP, 80, DENIED],
          [HARRY_1!, LUNA_1!, TCP, 8080, DENIED],
        ],
      },
      {
        name: "Should support a 'deny-egress' policy for TCP protocol at the specified port",
        policies: egressTcp(denyFirst),
        probes: [
          [HARRY_0!, DRACO_0!, TCP, 80, DENIED],
          [HARRY_1!, DRACO_0!, TCP, 8080, ALLOWED],
        ],
      },
      {
        name: "Should support an 'pass-egress' policy for TCP protocol; ensure rule ordering is respected",
        policies: egressTcp(passFirst),
        probes: [
          [HARRY_0!, LUNA_0!, TCP, 80, ALLOWED],
          [HARRY_1!, LUNA_0!, TCP, 8080, ALLOWED],
        ],
      },
      {
        name: "Should support a 'pass-egress' policy for TCP protocol at the specified port",
        policies: egressTcp(passAtPortFirst),
        probes: [
          [HARRY_0!, DRACO_0!, TCP, 80, ALLOWED],
          [HARRY_1!, DRACO_0!, TCP, 8080, ALLOWED],
        ],
      },
    ],
  };
}

const podSelectorTcpTests: UpstreamTest[] = [
  {
    name: 'AdminNetworkPolicyIngressPodSelectorTCP',
    steps: [
      {
        name: "Should support an 'allow-ingress' policy for TCP protocol at the specified pod",
        policies: ingressTcp(tcpRules('from')),
        probes: [[DUMBLEDORE, HARRY_0!, TCP, 8080, ALLOWED]],
      },
      {
        name: "Should support a 'deny-ingress' policy for TCP protocol at the specified pod",
        policies: ingressTcp(tcpRules('from')),
        probes: [[QUIRRELL, HARRY_0!, TCP, 8080, DENIED]],
      },
    ],
  },
];

// AdminNetworkPolicyEgressNamedPort: egress-tcp with rule 5's port 8080 replaced by the named port `web`
// (TCP 80 in the pod spec).
function namedPortTest(): UpstreamTest {
  const rules = tcpRules('to');
  rules[5] = { ...rules[5]!, ports: [namedPort('web')] };
  return {
    name: 'AdminNetworkPolicyEgressNamedPort',
    steps: [
      {
        name: "Should support an 'allow-egress' policy for named port",
        policies: egressTcp(rules),
        probes: [
          [HARRY_0!, CEDRIC_1!, TCP, 80, ALLOWED],
          [HARRY_1!, CEDRIC_1!, TCP, 8080, DENIED],
        ],
      },
    ],
  };
}

// The single-protocol manifests share one rule list: everything from (to) one house as Allow, Deny, Pass; a
// Deny then a Pass of slytherin at one port; an Allow of a third house at one port, then a Deny of the rest of
// it. (The professors' rules the manifests append match only hogwarts-staff pods; they are written out where a
// test probes the professors.)
function orderedRules(
  d: 'from' | 'to',
  everything: string,
  slytherinPort: PortClause,
  house: string,
  housePort: PortClause,
): Rule[] {
  return [
    rule(`allow-${d}-${everything}-everything`, 'Allow', [inNamespace(everything)]),
    rule(`deny-${d}-${everything}-everything`, 'Deny', [inNamespace(everything)]),
    rule(`pass-${d}-${everything}-everything`, 'Pass', [inNamespace(everything)]),
    rule(`deny-${d}-slytherin-at-port`, 'Deny', [inNamespace('slytherin')], [slytherinPort]),
    rule(`pass-${d}-slytherin-at-port`, 'Pass', [inNamespace('slytherin')], [slytherinPort]),
    rule(`allow-${d}-${house}-at-port`, 'Allow', [inNamespace(house)], [housePort]),
    rule(`deny-${d}-${house}-everything-else`, 'Deny', [inNamespace(house)]),
  ];
}

// base/admin_network_policy/core-ingress-udp-rules.yaml: `ingress-udp`, subject hufflepuff.
const ingressUdp = (ingress: Rule[]): PolicySet =>
  yamlOf({
    kind: 'AdminNetworkPolicy',
    name: 'ingress-udp',
    priority: 4,
    subject: inNamespace('hufflepuff'),
    ingress,
  });
const INGRESS_UDP_RULES = orderedRules(
  'from',
  'ravenclaw',
  portNumber(UDP, 5353),
  'gryffindor',
  portNumber(UDP, 53),
);

function ingressUdpTest(): UpstreamTest {
  const denyFirst = swap(INGRESS_UDP_RULES, 0, 1);
  const passFirst = swap(denyFirst, 0, 2);
  return {
    name: 'AdminNetworkPolicyIngressUDP',
    steps: [
      {
        name: "Should support an 'allow-ingress' policy for UDP protocol; ensure rule ordering is respected",
        policies: ingressUdp(INGRESS_UDP_RULES),
        probes: [
          [LUNA_0!, CEDRIC_0!, UDP, 53, ALLOWED],
          [LUNA_1!, CEDRIC_0!, UDP, 5353, ALLOWED],
        ],
      },
      {
        name: "Should support an 'allow-ingress' policy for UDP protocol at the specified port",
        policies: ingressUdp(INGRESS_UDP_RULES),
        probes: [
          [HARRY_0!, CEDRIC_1!, UDP, 53, ALLOWED],
          [HARRY_1!, CEDRIC_1!, UDP, 5353, DENIED],
        ],
      },
      {
        name: "Should support an 'deny-ingress' policy for UDP protocol; ensure rule ordering is respected",
        policies: ingressUdp(denyFirst),
        probes: [
          [LUNA_0!, CEDRIC_1!, UDP, 53, DENIED],
          [LUNA_1!, CEDRIC_1!, UDP, 5353, DENIED],
        ],
      },
      {
        name: "Should support a 'deny-ingress' policy for UDP protocol at the specified port",
        policies: ingressUdp(denyFirst),
        probes: [
          [DRACO_0!, CEDRIC_0!, UDP, 5353, DENIED],
          [DRACO_1!, CEDRIC_0!, UDP, 53, ALLOWED],
        ],
      },
      {
        name: "Should support an 'pass-ingress' policy for UDP protocol; ensure rule ordering is respected",
        policies: ingressUdp(passFirst),
        probes: [
          [LUNA_0!, CEDRIC_1!, UDP, 5353, ALLOWED],
          [LUNA_1!, CEDRIC_1!, UDP, 53, ALLOWED],
        ],
      },
      {
        name: "Should support a 'pass-ingress' policy for UDP protocol at the specified port",
        policies: ingressUdp(swap(passFirst, 3, 4)),
        probes: [
          [DRACO_0!, CEDRIC_0!, UDP, 5353, ALLOWED],
          [DRACO_1!, CEDRIC_0!, UDP, 53, ALLOWED],
        ],
      },
    ],
  };
}

// AdminNetworkPolicyIngressNamedPort: ingress-udp with rule 5's UDP 53 replaced by the named port `dns`.
function ingressNamedPortTest(): UpstreamTest {
  const rules = [...INGRESS_UDP_RULES];
  rules[5] = { ...rules[5]!, ports: [namedPort('dns')] };
  return {
    name: 'AdminNetworkPolicyIngressNamedPort',
    steps: [
      {
        name: "Should support an 'allow-ingress' policy for named port",
        policies: ingressUdp(rules),
        probes: [
          [HARRY_0!, CEDRIC_1!, UDP, 53, ALLOWED],
          [HARRY_1!, CEDRIC_1!, UDP, 5353, DENIED],
        ],
      },
    ],
  };
}

// base/admin_network_policy/core-ingress-sctp-rules.yaml: `ingress-sctp`, subject ravenclaw, with its professors.
const ingressSctp = (ingress: Rule[]): PolicySet =>
  yamlOf({
    kind: 'AdminNetworkPolicy',
    name: 'ingress-sctp',
    priority: 5,
    subject: inNamespace('ravenclaw'),
    ingress,
  });
const INGRESS_SCTP_RULES = [
  ...orderedRules('from', 'gryffindor', portNumber(SCTP, 9003), 'hufflepuff', portNumber(SCTP, 9003)),
  rule('deny-from-professor-quirrell-at-ports-9003', 'Deny', [professor(QUIRRELL)], [portNumber(SCTP, 9003)]),
  rule(
    'allow-from-professor-dumbledore-at-ports-9003',
    'Allow',
    [professor(DUMBLEDORE)],
    [portNumber(SCTP, 9003)],
  ),
  rule('deny-from-dumbledore-everything-else', 'Deny', [professor(DUMBLEDORE)]),
];

function ingressSctpTests(): UpstreamTest[] {
  const denyFirst = swap(INGRESS_SCTP_RULES, 0, 1);
  const passFirst = swap(denyFirst, 0, 2);
  const dumbledore: Probe[] = [
    [DUMBLEDORE, LUNA_0!, SCTP, 9003, ALLOWED],
    [DUMBLEDORE, LUNA_0!, TCP, 80, DENIED],
  ];
  return [
    {
      name: 'AdminNetworkPolicyIngressPodSelector',
      steps: [
        {
          name: "Should support an 'allow-ingress' policy for the specified pod (SCTP)",
          policies: ingressSctp(INGRESS_SCTP_RULES),
          probes: dumbledore,
        },
        {
          name: "Should support an 'deny-ingress' policy for the specified pod (SCTP)",
          policies: ingressSctp(INGRESS_SCTP_RULES),
          probes: [
            [QUIRRELL, LUNA_0!, SCTP, 9003, DENIED],
            [QUIRRELL, LUNA_0!, TCP, 80, ALLOWED],
          ],
        },
      ],
    },
    {
      name: 'AdminNetworkPolicyIngressSCTP',
      steps: [
        {
          name: "Should support an 'allow-ingress' policy for SCTP protocol; ensure rule ordering is respected",
          policies: ingressSctp(INGRESS_SCTP_RULES),
          probes: [
            [HARRY_0!, LUNA_0!, SCTP, 9003, ALLOWED],
            [HARRY_1!, LUNA_0!, SCTP, 9005, ALLOWED],
            ...dumbledore,
          ],
        },
        {
          name: "Should support an 'allow-ingress' policy for SCTP protocol at the specified port",
          policies: ingressSctp(INGRESS_SCTP_RULES),
          probes: [
            [CEDRIC_0!, LUNA_1!, SCTP, 9003, ALLOWED],
            [CEDRIC_1!, LUNA_1!, SCTP, 9005, DENIED],
          ],
        },
        {
          name: "Should support an 'deny-ingress' policy for SCTP protocol; ensure rule ordering is respected",
          policies: ingressSctp(denyFirst),
          probes: [
            [HARRY_0!, LUNA_1!, SCTP, 9003, DENIED],
            [HARRY_1!, LUNA_1!, SCTP, 9005, DENIED],
          ],
        },
        {
          name: "Should support a 'deny-ingress' policy for SCTP protocol at the specified port",
          policies: ingressSctp(denyFirst),
          probes: [
            [DRACO_0!, LUNA_0!, SCTP, 9003, DENIED],
            [DRACO_1!, LUNA_0!, SCTP, 9005, ALLOWED],
          ],
        },
        {
          name: "Should support an 'pass-ingress' policy for SCTP protocol; ensure rule ordering is respected",
          policies: ingressSctp(passFirst),
          probes: [
            [HARRY_0!, LUNA_1!, SCTP, 9003, ALLOWED],
            [HARRY_1!, LUNA_1!, SCTP, 9005, ALLOWED],
          ],
        },
        {
          name: "Should support a 'pass-ingress' policy for SCTP protocol at the specified port",
          policies: ingressSctp(swap(passFirst, 3, 4)),
          probes: [
            [DRACO_0!, LUNA_0!, SCTP, 9003, ALLOWED],
            [DRACO_1!, LUNA_0!, SCTP, 9005, ALLOWED],
          ],
        },
      ],
    },
  ];
}

// base/baseline_admin_network_policy/core-ingress-tcp-rules.yaml: the `default` BANP, subject gryffindor.
const baselineIngressTcp = (ingress: Rule[]): PolicySet =>
  yamlOf({ kind: 'BaselineAdminNetworkPolicy', name: 'default', subject: GRYFFINDOR_NAMESPACE, ingress });
const BASELINE_INGRESS_TCP_RULES = [
  rule('allow-from-ravenclaw-everything', 'Allow', [inNamespace('ravenclaw')]),
  rule('deny-from-ravenclaw-everything', 'Deny', [inNamespace('ravenclaw')]),
  rule('deny-from-slytherin-at-port-80', 'Deny', [inNamespace('slytherin')], [portNumber(TCP, 80)]),
  rule('allow-from-hufflepuff-at-port-80', 'Allow', [inNamespace('hufflepuff')], [portNumber(TCP, 80)]),
  rule('deny-from-hufflepuff-everything-else', 'Deny', [inNamespace('hufflepuff')]),
  rule('deny-professor-quirrell-at-80', 'Deny', [professor(QUIRRELL)], [portNumber(TCP, 80)]),
  rule('allow-professor-dumbledore-at-80', 'Allow', [professor(DUMBLEDORE)], [portNumber(TCP, 80)]),
];

function baselineIngressTcpTests(): UpstreamTest[] {
  const denyFirst = swap(BASELINE_INGRESS_TCP_RULES, 0, 1);
  const namedPortRules = [...BASELINE_INGRESS_TCP_RULES];
  namedPortRules[3] = { ...namedPortRules[3]!, ports: [namedPort('web')] };
  return [
    {
      name: 'BaselineAdminNetworkPolicyIngressTCP',
      steps: [
        {
          name: "Should support an 'allow-ingress' policy for TCP protocol; ensure rule ordering is respected",
          policies: baselineIngressTcp(BASELINE_INGRESS_TCP_RULES),
          probes: [
            [LUNA_0!, HARRY_0!, TCP, 80, ALLOWED],
            [LUNA_1!, HARRY_0!, TCP, 8080, ALLOWED],
          ],
        },
        {
          name: "Should support an 'allow-ingress' policy for TCP protocol at the specified port",
          policies: baselineIngressTcp(BASELINE_INGRESS_TCP_RULES),
          probes: [
            [CEDRIC_0!, HARRY_1!, TCP, 80, ALLOWED],
            [CEDRIC_1!, HARRY_1!, TCP, 8080, DENIED],
          ],
        },
        {
          name: "Should support an 'deny-ingress' policy for TCP protocol; ensure rule ordering is respected",
          policies: baselineIngressTcp(denyFirst),
          probes: [
            [LUNA_0!, HARRY_1!, TCP, 80, DENIED],
            [LUNA_1!, HARRY_1!, TCP, 8080, DENIED],
          ],
        },
        {
          name: "Should support a 'deny-ingress' policy for TCP protocol at the specified port",
          policies: baselineIngressTcp(denyFirst),
          probes: [
            [DRACO_0!, HARRY_0!, TCP, 80, DENIED],
            [DRACO_1!, HARRY_0!, TCP, 8080, ALLOWED],
          ],
        },
      ],
    },
    {
      name: 'BaselineAdminNetworkPolicyIngressNamedPort',
      steps: [
        {
          name: "Should support an 'allow-ingress' policy for named port",
          policies: baselineIngressTcp(namedPortRules),
          probes: [
            [CEDRIC_0!, HARRY_1!, TCP, 80, ALLOWED],
            [CEDRIC_1!, HARRY_1!, TCP, 8080, DENIED],
          ],
        },
      ],
    },
    {
      name: 'BaselineAdminNetworkPolicyIngressPodSelectorTCP',
      steps: [
        {
          name: "Should support an 'allow-ingress' policy for TCP protocol at the specified pod",
          policies: baselineIngressTcp(BASELINE_INGRESS_TCP_RULES),
          probes: [[DUMBLEDORE, HARRY_1!, TCP, 8080, ALLOWED]],
        },
        {
          name: "Should support an 'deny-ingress' policy for TCP protocol at the specified pod",
          policies: baselineIngressTcp(BASELINE_INGRESS_TCP_RULES),
          probes: [
            [QUIRRELL, HARRY_1!, TCP, 80, DENIED],
            [QUIRRELL, HARRY_1!, TCP, 8080, ALLOWED],
          ],
        },
      ],
    },
  ];
}

// The other BaselineAdminNetworkPolicy manifests (base/baseline_admin_network_policy/core-{egress-tcp,
// egress-udp,egress-sctp,ingress-udp,ingress-sctp}-rules.yaml) share one rule list, the Baseline tier having no
// Pass: everything from (to) one house as Allow then Deny; a Deny of slytherin at one port; an Allow of a third
// house at one port, then a Deny of the rest of it; a Deny of professor Quirrell and an Allow of professor
// Dumbledore at the professors' port.
function baselineRules(
  d: 'from' | 'to',
  everything: string,
  slytherinPort: PortClause & { readonly port: number },
  house: string,
  housePort: PortClause & { readonly port: number },
  professorsPort: PortClause,
): Rule[] {
  return [
    rule(`allow-${d}-${everything}-everything`, 'Allow', [inNamespace(everything)]),
    rule(`deny-${d}-${everything}-everything`, 'Deny', [inNamespace(everything)]),
    rule(
      `deny-${d}-slytherin-at-port-${slytherinPort.port}`,
      'Deny',
      [inNamespace('slytherin')],
      [slytherinPort],
    ),
    rule(`allow-${d}-${house}-at-port-${housePort.port}`, 'Allow', [inNamespace(house)], [housePort]),
    rule(`deny-${d}-${house}-everything-else`, 'Deny', [inNamespace(house)]),
    rule(`deny-${d}-professor-quirrell`, 'Deny', [professor(QUIRRELL)], [professorsPort]),
    rule(`allow-${d}-professor-dumbledore`, 'Allow', [professor(DUMBLEDORE)], [professorsPort]),
  ];
}

/** The `default` BaselineAdminNetworkPolicy of one house, its rules in one direction. */
function baselineDefault(house: string, direction: 'ingress' | 'egress', rules: Rule[]): PolicySet {
  return yamlOf({
    kind: 'BaselineAdminNetworkPolicy',
    name: 'default',
    subject: inNamespace(house),
    [direction]: rules,
  });
}

// core-egress-tcp-rules.yaml: subject gryffindor.
const BASELINE_EGRESS_TCP_RULES = baselineRules(
  'to',
  'ravenclaw',
  { protocol: TCP, port: 80 },
  'hufflepuff',
  { protocol: TCP, port: 8080 },
  portNumber(TCP, 80),
);

function baselineEgressTcpTests(): UpstreamTest[] {
  const declared = baselineDefault('gryffindor', 'egress', BASELINE_EGRESS_TCP_RULES);
  const denyFirst = baselineDefault('gryffindor', 'egress', swap(BASELINE_EGRESS_TCP_RULES, 0, 1));
  return [
    {
      name: 'BaselineAdminNetworkPolicyEgressTCP',
      steps: [
        {
          name: "Should support an 'allow-egress' policy for TCP protocol; ensure rule ordering is respected",
          policies: declared,
          probes: [
            [HARRY_0!, LUNA_0!, TCP, 80, ALLOWED],
            [HARRY_1!, LUNA_0!, TCP, 8080, ALLOWED],
          ],
        },
        {
          name: "Should support an 'allow-egress' policy for TCP protocol at the specified port",
          policies: declared,
          probes: [
            [HARRY_0!, CEDRIC_1!, TCP, 8080, ALLOWED],
            [HARRY_1!, CEDRIC_1!, TCP, 80, DENIED],
          ],
        },
        {
          name: "Should support an 'deny-egress' policy for TCP protocol; ensure rule ordering is respected",
          policies: denyFirst,
          probes: [
            [HARRY_0!, LUNA_1!, TCP, 80, DENIED],
            [HARRY_1!, LUNA_1!, TCP, 8080, DENIED],
          ],
        },
        {
          name: "Should support a 'deny-egress' policy for TCP protocol at the specified port",
          policies: denyFirst,
          probes: [
            [HARRY_0!, DRACO_0!, TCP, 80, DENIED],
            [HARRY_1!, DRACO_0!, TCP, 8080, ALLOWED],
          ],
        },
      ],
    },
    {
      name: 'BaselineAdminNetworkPolicyEgressPodSelectorTCP',
      steps: [
        {
          name: "Should support an 'allow-egress' policy for TCP protocol at the specified pod",
          policies: declared,
          probes: [[HARRY_0!, DUMBLEDORE, TCP, 80, ALLOWED]],
        },
        {
          name: "Should support a 'deny-egress' policy for TCP protocol at the specified pod",
          policies: declared,
          probes: [[HARRY_0!, QUIRRELL, TCP, 80, DENIED]],
        },
      ],
    },
  ];
}

// core-egress-udp-rules.yaml: subject hufflepuff.
const BASELINE_EGRESS_UDP_RULES = baselineRules(
  'to',
  'ravenclaw',
  { protocol: UDP, port: 5353 },
  'gryffindor',
  { protocol: UDP, port: 53 },
  portNumber(UDP, 53),
);

function baselineEgressUdpTests(): UpstreamTest[] {
  const declared = baselineDefault('hufflepuff', 'egress', BASELINE_EGRESS_UDP_RULES);
  const denyFirst = baselineDefault('hufflepuff', 'egress', swap(BASELINE_EGRESS_UDP_RULES, 0, 1));
  // BaselineAdminNetworkPolicyEgressNamedPort rewrites rule 3's UDP 53 as the named port `dns`.
  const namedPortRules = [...BASELINE_EGRESS_UDP_RULES];
  namedPortRules[3] = { ...namedPortRules[3]!, ports: [namedPort('dns')] };
  return [
    {
      name: 'BaselineAdminNetworkPolicyEgressUDP',
      steps: [
        {
          name: "Should support an 'allow-egress' policy for UDP protocol; ensure rule ordering is respected",
          policies: declared,
          probes: [
            [CEDRIC_0!, LUNA_0!, UDP, 53, ALLOWED],
            [CEDRIC_1!, LUNA_0!, UDP, 5353, ALLOWED],
          ],
        },
        {
          name: "Should support an 'allow-egress' policy for UDP protocol at the specified port",
          policies: declared,
          probes: [
            [CEDRIC_0!, HARRY_1!, UDP, 53, ALLOWED],
            [CEDRIC_1!, HARRY_1!, UDP, 5353, DENIED],
          ],
        },
        {
          name: "Should support an 'deny-egress' policy for UDP protocol; ensure rule ordering is respected",
          policies: denyFirst,
          probes: [
            [CEDRIC_0!, LUNA_1!, UDP, 53, DENIED],
            [CEDRIC_1!, LUNA_1!, UDP, 5353, DENIED],
          ],
        },
        {
          name: "Should support a 'deny-egress' policy for UDP protocol at the specified port",
          policies: denyFirst,
          probes: [
            [CEDRIC_0!, DRACO_0!, UDP, 5353, DENIED],
            [CEDRIC_1!, DRACO_0!, UDP, 53, ALLOWED],
          ],
        },
      ],
    },
    {
      name: 'BaselineAdminNetworkPolicyEgressNamedPort',
      steps: [
        {
          name: "Should support an 'allow-egress' policy for named port",
          policies: baselineDefault('hufflepuff', 'egress', namedPortRules),
          probes: [
            [CEDRIC_0!, HARRY_1!, UDP, 53, ALLOWED],
            [CEDRIC_1!, HARRY_1!, UDP, 5353, DENIED],
          ],
        },
      ],
    },
    {
      name: 'BaselineAdminNetworkPolicyEgressPodSelectorUDP',
      steps: [
        {
          name: "Should support an 'deny-egress' policy for UDP protocol at the specified pod",
          policies: declared,
          probes: [[CEDRIC_0!, QUIRRELL, UDP, 53, DENIED]],
        },
        {
          // Upstream's title says SCTP; the probe is UDP, from ravenclaw, which the policy does not select.
          name: "Should support an 'allow-egress' policy for SCTP protocol at the specified pod",
          policies: declared,
          probes: [[LUNA_0!, DUMBLEDORE, UDP, 53, ALLOWED]],
        },
      ],
    },
  ];
}

// core-egress-sctp-rules.yaml: subject ravenclaw, with a last Deny of the rest of professor Dumbledore.
const BASELINE_EGRESS_SCTP_RULES = [
  ...baselineRules(
    'to',
    'gryffindor',
    { protocol: SCTP, port: 9003 },
    'hufflepuff',
    { protocol: SCTP, port: 9003 },
    portNumber(SCTP, 9003),
  ),
  rule('deny-to-dumbledore-everything-else', 'Deny', [professor(DUMBLEDORE)]),
];

function baselineEgressSctpTest(): UpstreamTest {
  const declared = baselineDefault('ravenclaw', 'egress', BASELINE_EGRESS_SCTP_RULES);
  const denyFirst = baselineDefault('ravenclaw', 'egress', swap(BASELINE_EGRESS_SCTP_RULES, 0, 1));
  return {
    name: 'BaselineAdminNetworkPolicyEgressSCTP',
    steps: [
      {
        name: "Should support an 'allow-egress' policy for SCTP protocol; ensure rule ordering is respected",
        policies: declared,
        probes: [
          [LUNA_0!, HARRY_0!, SCTP, 9003, ALLOWED],
          [LUNA_1!, HARRY_0!, SCTP, 9005, ALLOWED],
        ],
      },
      {
        name: "Should support an 'allow-egress' policy for SCTP protocol at the specified port",
        policies: declared,
        probes: [
          [LUNA_0!, CEDRIC_1!, SCTP, 9003, ALLOWED],
          [LUNA_1!, CEDRIC_1!, SCTP, 9005, DENIED],
        ],
      },
      {
        name: "Should support an 'deny-egress' policy for SCTP protocol; ensure rule ordering is respected",
        policies: denyFirst,
        probes: [
          [LUNA_0!, HARRY_1!, SCTP, 9003, DENIED],
          [LUNA_1!, HARRY_1!, SCTP, 9005, DENIED],
        ],
      },
      {
        name: "Should support a 'deny-egress' policy for SCTP protocol at the specified port",
        policies: denyFirst,
        probes: [
          [LUNA_0!, DRACO_0!, SCTP, 9003, DENIED],
          [LUNA_1!, DRACO_0!, SCTP, 9005, ALLOWED],
        ],
      },
    ],
  };
}

// core-ingress-udp-rules.yaml: subject hufflepuff.
const BASELINE_INGRESS_UDP_RULES = baselineRules(
  'from',
  'ravenclaw',
  { protocol: UDP, port: 5353 },
  'gryffindor',
  { protocol: UDP, port: 53 },
  portNumber(UDP, 53),
);

function baselineIngressUdpTest(): UpstreamTest {
  const declared = baselineDefault('hufflepuff', 'ingress', BASELINE_INGRESS_UDP_RULES);
  const denyFirst = baselineDefault('hufflepuff', 'ingress', swap(BASELINE_INGRESS_UDP_RULES, 0, 1));
  return {
    name: 'BaselineAdminNetworkPolicyIngressUDP',
    steps: [
      {
        name: "Should support an 'allow-ingress' policy for UDP protocol; ensure rule ordering is respected",
        policies: declared,
        probes: [
          [LUNA_0!, CEDRIC_0!, UDP, 53, ALLOWED],
          [LUNA_1!, CEDRIC_0!, UDP, 5353, ALLOWED],
        ],
      },
      {
        name: "Should support an 'allow-ingress' policy for UDP protocol at the specified port",
        policies: declared,
        probes: [
          [HARRY_0!, CEDRIC_1!, UDP, 53, ALLOWED],
          [HARRY_1!, CEDRIC_1!, UDP, 5353, DENIED],
        ],
      },
      {
        name: "Should support an 'deny-ingress' policy for UDP protocol; ensure rule ordering is respected",
        policies: denyFirst,
        probes: [
          [LUNA_0!, CEDRIC_1!, UDP, 53, DENIED],
          [LUNA_1!, CEDRIC_1!, UDP, 5353, DENIED],
        ],
      },
      {
        name: "Should support a 'deny-ingress' policy for UDP protocol at the specified port",
        policies: denyFirst,
        probes: [
          [DRACO_0!, CEDRIC_0!, UDP, 5353, DENIED],
          [DRACO_1!, CEDRIC_0!, UDP, 53, ALLOWED],
        ],
      },
    ],
  };
}

// core-ingress-sctp-rules.yaml: subject ravenclaw, with a last Deny of the rest of professor Dumbledore.
const BASELINE_INGRESS_SCTP_RULES = [
  ...baselineRules(
    'from',
    'gryffindor',
    { protocol: SCTP, port: 9003 },
    'hufflepuff',
    { protocol: SCTP, port: 9003 },
    portNumber(SCTP, 9003),
  ),
  rule('deny-from-dumbledore-everything-else', 'Deny', [professor(DUMBLEDORE)]),
];

function baselineIngressSctpTest(): UpstreamTest {
  const declared = baselineDefault('ravenclaw', 'ingress', BASELINE_INGRESS_SCTP_RULES);
  const denyFirst = baselineDefault('ravenclaw', 'ingress', swap(BASELINE_INGRESS_SCTP_RULES, 0, 1));
  return {
    name: 'BaselineAdminNetworkPolicyIngressSCTP',
    steps: [
      {
        name: "Should support an 'allow-ingress' policy for SCTP protocol; ensure rule ordering is respected",
        policies: declared,
        probes: [
          [HARRY_0!, LUNA_0!, SCTP, 9003, ALLOWED],
          [HARRY_1!, LUNA_0!, SCTP, 9005, ALLOWED],
        ],
      },
      {
        name: "Should support an 'allow-ingress' policy for SCTP protocol at the specified port",
        policies: declared,
        probes: [
          [CEDRIC_0!, LUNA_1!, SCTP, 9003, ALLOWED],
          [CEDRIC_1!, LUNA_1!, SCTP, 9005, DENIED],
        ],
      },
      {
        name: "Should support an 'deny-ingress' policy for SCTP protocol; ensure rule ordering is respected",
        policies: denyFirst,
        probes: [
          [HARRY_0!, LUNA_1!, SCTP, 9003, DENIED],
          [HARRY_1!, LUNA_1!, SCTP, 9005, DENIED],
        ],
      },
      {
        name: "Should support a 'deny-ingress' policy for SCTP protocol at the specified port",
        policies: denyFirst,
        probes: [
          [DRACO_0!, LUNA_0!, SCTP, 9003, DENIED],
          [DRACO_1!, LUNA_0!, SCTP, 9005, ALLOWED],
        ],
      },
    ],
  };
}

// base/admin_network_policy/core-egress-udp-rules.yaml: `egress-udp`, subject hufflepuff.
const egressUdp = (egress: Rule[]): PolicySet =>
  yamlOf({
    kind: 'AdminNetworkPolicy',
    name: 'egress-udp',
    priority: 7,
    subject: inNamespace('hufflepuff'),
    egress,
  });
const EGRESS_UDP_RULES = orderedRules(
  'to',
  'ravenclaw',
  portNumber(UDP, 5353),
  'gryffindor',
  portNumber(UDP, 53),
);

function egressUdpTest(): UpstreamTest {
  const denyFirst = swap(EGRESS_UDP_RULES, 0, 1);
  const passFirst = swap(denyFirst, 0, 2);
  return {
    name: 'AdminNetworkPolicyEgressUDP',
    steps: [
      {
        name: "Should support an 'allow-egress' policy for UDP protocol; ensure rule ordering is respected",
        policies: egressUdp(EGRESS_UDP_RULES),
        probes: [
          [CEDRIC_0!, LUNA_0!, UDP, 53, ALLOWED],
          [CEDRIC_1!, LUNA_0!, UDP, 5353, ALLOWED],
        ],
      },
      {
        name: "Should support an 'allow-egress' policy for UDP protocol at the specified port",
        policies: egressUdp(EGRESS_UDP_RULES),
        probes: [
          [CEDRIC_0!, HARRY_1!, UDP, 53, ALLOWED],
          [CEDRIC_1!, HARRY_1!, UDP, 5353, DENIED],
        ],
      },
      {
        name: "Should support an 'deny-egress' policy for UDP protocol; ensure rule ordering is respected",
        policies: egressUdp(denyFirst),
        probes: [
          [CEDRIC_0!, LUNA_1!, UDP, 53, DENIED],
          [CEDRIC_1!, LUNA_1!, UDP, 5353, DENIED],
        ],
      },
      {
        name: "Should support a 'deny-egress' policy for UDP protocol at the specified port",
        policies: egressUdp(denyFirst),
        probes: [
          [CEDRIC_0!, DRACO_0!, UDP, 5353, DENIED],
          [CEDRIC_1!, DRACO_0!, UDP, 53, ALLOWED],
        ],
      },
      {
        name: "Should support an 'pass-egress' policy for UDP protocol; ensure rule ordering is respected",
        policies: egressUdp(passFirst),
        probes: [
          [CEDRIC_0!, LUNA_1!, UDP, 5353, ALLOWED],
          [CEDRIC_1!, LUNA_1!, UDP, 53, ALLOWED],
        ],
      },
      {
        name: "Should support a 'pass-egress' policy for UDP protocol at the specified port",
        policies: egressUdp(swap(passFirst, 3, 4)),
        probes: [
          [CEDRIC_0!, DRACO_0!, UDP, 5353, ALLOWED],
          [CEDRIC_1!, DRACO_0!, UDP, 53, ALLOWED],
        ],
      },
    ],
  };
}

// base/admin_network_policy/core-egress-sctp-rules.yaml: `egress-sctp`, subject ravenclaw.
const egressSctp = (egress: Rule[]): PolicySet =>
  yamlOf({
    kind: 'AdminNetworkPolicy',
    name: 'egress-sctp',
    priority: 8,
    subject: inNamespace('ravenclaw'),
    egress,
  });
const EGRESS_SCTP_RULES = orderedRules(
  'to',
  'gryffindor',
  portNumber(SCTP, 9003),
  'hufflepuff',
  portNumber(SCTP, 9003),
);

function egressSctpTest(): UpstreamTest {
  const denyFirst = swap(EGRESS_SCTP_RULES, 0, 1);
  const passFirst = swap(denyFirst, 0, 2);
  return {
    name: 'AdminNetworkPolicyEgressSCTP',
    steps: [
      {
        name: "Should support an 'allow-egress' policy for SCTP protocol; ensure rule ordering is respected",
        policies: egressSctp(EGRESS_SCTP_RULES),
        probes: [
          [LUNA_0!, HARRY_0!, SCTP, 9003, ALLOWED],
          [LUNA_1!, HARRY_0!, SCTP, 9005, ALLOWED],
        ],
      },
      {
        name: "Should support an 'allow-egress' policy for SCTP protocol at the specified port",
        policies: egressSctp(EGRESS_SCTP_RULES),
        probes: [
          [LUNA_0!, CEDRIC_1!, SCTP, 9003, ALLOWED],
          [LUNA_1!, CEDRIC_1!, SCTP, 9005, DENIED],
        ],
      },
      {
        name: "Should support an 'deny-egress' policy for SCTP protocol; ensure rule ordering is respected",
        policies: egressSctp(denyFirst),
        probes: [
          [LUNA_0!, HARRY_1!, SCTP, 9003, DENIED],
          [LUNA_1!, HARRY_1!, SCTP, 9005, DENIED],
        ],
      },
      {
        name: "Should support a 'deny-egress' policy for SCTP protocol at the specified port",
        policies: egressSctp(denyFirst),
        probes: [
          [LUNA_0!, DRACO_0!, SCTP, 9003, DENIED],
          [LUNA_1!, DRACO_0!, SCTP, 9005, ALLOWED],
        ],
      },
      {
        name: "Should support an 'pass-egress' policy for SCTP protocol; ensure rule ordering is respected",
        policies: egressSctp(passFirst),
        probes: [
          [LUNA_0!, HARRY_1!, SCTP, 9003, ALLOWED],
          [LUNA_1!, HARRY_1!, SCTP, 9005, ALLOWED],
        ],
      },
      {
        name: "Should support a 'pass-egress' policy for SCTP protocol at the specified port",
        policies: egressSctp(swap(passFirst, 3, 4)),
        probes: [
          [LUNA_0!, DRACO_0!, SCTP, 9003, ALLOWED],
          [LUNA_1!, DRACO_0!, SCTP, 9005, ALLOWED],
        ],
      },
    ],
  };
}

// base/admin_network_policy/core-gress-rules-combined.yaml (`gress-rules`, subject gryffindor) and its
// baseline twin base/baseline_admin_network_policy/core-gress-rules-combined.yaml (no Pass rules).
const SLYTHERIN_PORTS = [portNumber(TCP, 80), portNumber(UDP, 53), portNumber(SCTP, 9003)];
const STAFF_PORTS = [portNumber(TCP, 8080), portNumber(UDP, 5353), portNumber(SCTP, 9003)];

function gressRules(d: 'from' | 'to', withPass: boolean): Rule[] {
  const hufflepuffPorts =
    d === 'to'
      ? [portNumber(TCP, 8080), portNumber(UDP, 5353), portNumber(SCTP, 9003)]
      : [portNumber(TCP, 80), portNumber(UDP, 5353), portNumber(SCTP, 9003)];
  return [
    rule(`allow-${d}-ravenclaw-everything`, 'Allow', [inNamespace('ravenclaw')]),
    rule(`deny-${d}-ravenclaw-everything`, 'Deny', [inNamespace('ravenclaw')]),
    ...(withPass ? [rule(`pass-${d}-ravenclaw-everything`, 'Pass', [inNamespace('ravenclaw')])] : []),
    rule(`deny-${d}-slytherin-at-ports-80-53-9003`, 'Deny', [inNamespace('slytherin')], SLYTHERIN_PORTS),
    ...(withPass
      ? [rule(`pass-${d}-slytherin-at-ports-80-53-9003`, 'Pass', [inNamespace('slytherin')], SLYTHERIN_PORTS)]
      : []),
    rule(`allow-${d}-hufflepuff-at-ports`, 'Allow', [inNamespace('hufflepuff')], hufflepuffPorts),
    rule(`deny-${d}-hufflepuff-everything-else`, 'Deny', [inNamespace('hufflepuff')]),
    rule(`allow-${d}-dumbledore-at-tcp-udp-sctp`, 'Allow', [professor(DUMBLEDORE)], STAFF_PORTS),
    ...(withPass ? [rule(`deny-${d}-dumbledore-everything-else`, 'Deny', [professor(DUMBLEDORE)])] : []),
    rule(`deny-${d}-quirrell-at-tcp-udp-sctp`, 'Deny', [professor(QUIRRELL)], STAFF_PORTS),
  ];
}

const gressPolicy = (ingress: Rule[], egress: Rule[]) =>
  yamlOf({
    kind: 'AdminNetworkPolicy',
    name: 'gress-rules',
    priority: 15,
    subject: GRYFFINDOR_NAMESPACE,
    ingress,
    egress,
  });
const baselineGressPolicy = (ingress: Rule[], egress: Rule[]) =>
  yamlOf({
    kind: 'BaselineAdminNetworkPolicy',
    name: 'default',
    subject: GRYFFINDOR_NAMESPACE,
    ingress,
    egress,
  });

/** Probes of one client against one server on several (protocol, port, allowed) triples. */
const probes = (from: ModelPod, to: ModelPod, ...cases: [Protocol, number, boolean][]): Probe[] =>
  cases.map(([protocol, port, allowed]) => [from, to, protocol, port, allowed]);

// The probes the gress tests share between ANP and BANP.
const GRESS_ALLOW_RAVENCLAW = (allowed: boolean, egressTo: ModelPod, ingressTo: ModelPod): Probe[] => [
  [HARRY_0!, egressTo, TCP, 80, allowed],
  [HARRY_1!, egressTo, UDP, 53, allowed],
  [HARRY_0!, egressTo, SCTP, 9003, allowed],
  [LUNA_0!, ingressTo, TCP, 80, allowed],
  [LUNA_1!, ingressTo, UDP, 53, allowed],
  [LUNA_1!, ingressTo, SCTP, 9003, allowed],
];
const GRESS_HUFFLEPUFF_PORTS: Probe[] = [
  ...probes(HARRY_0!, CEDRIC_1!, [TCP, 8080, ALLOWED], [UDP, 5353, ALLOWED], [SCTP, 9003, ALLOWED]),
  ...probes(HARRY_1!, CEDRIC_1!, [TCP, 80, DENIED], [UDP, 53, DENIED], [SCTP, 9005, DENIED]),
  ...probes(CEDRIC_0!, HARRY_1!, [TCP, 80, ALLOWED], [UDP, 5353, ALLOWED], [SCTP, 9003, ALLOWED]),
  ...probes(CEDRIC_1!, HARRY_1!, [TCP, 8080, DENIED], [UDP, 53, DENIED], [SCTP, 9005, DENIED]),
];
const GRESS_SLYTHERIN_PORTS = (atRulePorts: boolean): Probe[] => [
  ...probes(HARRY_0!, DRACO_0!, [TCP, 80, atRulePorts], [UDP, 53, atRulePorts], [SCTP, 9003, atRulePorts]),
  ...probes(HARRY_1!, DRACO_0!, [TCP, 8080, ALLOWED], [UDP, 5353, ALLOWED], [SCTP, 9005, ALLOWED]),
  ...probes(DRACO_0!, HARRY_0!, [TCP, 80, atRulePorts], [UDP, 53, atRulePorts], [SCTP, 9003, atRulePorts]),
  ...probes(DRACO_1!, HARRY_0!, [TCP, 8080, ALLOWED], [UDP, 5353, ALLOWED], [SCTP, 9005, ALLOWED]),
];

function gressTest(): UpstreamTest {
  const [ingress, egress] = [gressRules('from', true), gressRules('to', true)];
  const denyFirst = [swap(ingress, 0, 1), swap(egress, 0, 1)] as const;
  const passFirst = [swap(denyFirst[0], 0, 2), swap(denyFirst[1], 0, 2)] as const;
  const passAtPorts = [swap(passFirst[0], 3, 4), swap(passFirst[1], 3, 4)] as const;
  return {
    name: 'AdminNetworkPolicyGress',
    steps: [
      {
        name: "Should support an 'allow-gress' policy across different protocols",
        policies: gressPolicy(ingress, egress),
        probes: GRESS_ALLOW_RAVENCLAW(ALLOWED, LUNA_0!, HARRY_0!),
      },
      {
        name: "Should support an 'allow-gress' policy across different protocols at the specified ports",
        policies: gressPolicy(ingress, egress),
        probes: GRESS_HUFFLEPUFF_PORTS,
      },
      {
        name: "Should support an 'deny-gress' policy across different protocols",
        policies: gressPolicy(...denyFirst),
        probes: GRESS_ALLOW_RAVENCLAW(DENIED, LUNA_1!, HARRY_1!),
      },
      {
        name: "Should support a 'deny-gress' policy across different protocols at the specified ports",
        policies: gressPolicy(...denyFirst),
        probes: GRESS_SLYTHERIN_PORTS(DENIED),
      },
      {
        name: "Should support an 'pass-gress' policy across different protocols",
        policies: gressPolicy(...passFirst),
        probes: [
          ...probes(HARRY_0!, LUNA_0!, [TCP, 80, ALLOWED], [UDP, 5353, ALLOWED], [SCTP, 9003, ALLOWED]),
          [LUNA_0!, HARRY_0!, TCP, 80, ALLOWED],
          [LUNA_1!, HARRY_0!, UDP, 53, ALLOWED],
          [LUNA_1!, HARRY_0!, SCTP, 9003, ALLOWED],
        ],
      },
      {
        name: "Should support a 'pass-gress' policy across different protocols at the specified ports",
        policies: gressPolicy(...passAtPorts),
        probes: GRESS_SLYTHERIN_PORTS(ALLOWED),
      },
    ],
  };
}

const STAFF_PROBES = (allowed: boolean, from: ModelPod): Probe[] =>
  probes(from, HARRY_0!, [TCP, 8080, allowed], [UDP, 5353, allowed], [SCTP, 9003, allowed]);

const podSelectorGressTest: UpstreamTest = {
  name: 'AdminNetworkPolicyPodSelectorGress',
  steps: [
    {
      name: "Should support a 'allow-gress' policy across different protocols at the specified ports",
      policies: gressPolicy(gressRules('from', true), gressRules('to', true)),
      probes: STAFF_PROBES(ALLOWED, DUMBLEDORE),
    },
    {
      name: "Should support a 'deny-gress' policy across different protocols at the specified ports",
      policies: gressPolicy(gressRules('from', true), gressRules('to', true)),
      probes: STAFF_PROBES(DENIED, QUIRRELL),
    },
  ],
};

function baselineGressTest(): UpstreamTest {
  const [ingress, egress] = [gressRules('from', false), gressRules('to', false)];
  const denyFirst = [swap(ingress, 0, 1), swap(egress, 0, 1)] as const;
  return {
    name: 'BaselineAdminNetworkPolicyGress',
    steps: [
      {
        name: "Should support an 'allow-gress' policy across different protocols",
        policies: baselineGressPolicy(ingress, egress),
        probes: GRESS_ALLOW_RAVENCLAW(ALLOWED, LUNA_0!, HARRY_0!),
      },
      {
        name: "Should support an 'allow-gress' policy across different protocols at the specified ports",
        policies: baselineGressPolicy(ingress, egress),
        probes: GRESS_HUFFLEPUFF_PORTS,
      },
      {
        name: "Should support an 'deny-gress' policy across different protocols",
        policies: baselineGressPolicy(...denyFirst),
        probes: GRESS_ALLOW_RAVENCLAW(DENIED, LUNA_1!, HARRY_1!),
      },
      {
        name: "Should support a 'deny-gress' policy across different protocols at the specified ports",
        policies: baselineGressPolicy(...denyFirst),
        probes: GRESS_SLYTHERIN_PORTS(DENIED),
      },
    ],
  };
}

// base/admin_network_policy/core-priority-field.yaml: a Deny at priority 50 and a Pass at 60 (then 40) over a
// BaselineAdminNetworkPolicy that allows.
function priorityTest(): UpstreamTest {
  const policies = (passPriority: number) =>
    yamlOf(
      {
        kind: 'AdminNetworkPolicy',
        name: 'priority-50-example',
        priority: 50,
        subject: GRYFFINDOR_PODS,
        ingress: [rule('deny-all-ingress-from-slytherin', 'Deny', [ofHouse('slytherin')])],
        egress: [rule('deny-all-egress-to-slytherin', 'Deny', [ofHouse('slytherin')])],
      },
      {
        kind: 'AdminNetworkPolicy',
        name: 'old-priority-60-new-priority-40-example',
        priority: passPriority,
        subject: GRYFFINDOR_PODS,
        ingress: [rule('pass-all-ingress-from-slytherin', 'Pass', [ofHouse('slytherin')])],
        egress: [rule('pass-all-egress-to-slytherin', 'Pass', [ofHouse('slytherin')])],
      },
      {
        kind: 'BaselineAdminNetworkPolicy',
        name: 'default',
        subject: GRYFFINDOR_PODS,
        ingress: [rule('allow-all-ingress-from-slytherin', 'Allow', [ofHouse('slytherin')])],
        egress: [rule('allow-all-egress-to-slytherin', 'Allow', [ofHouse('slytherin')])],
      },
    );
  return {
    name: 'AdminNetworkPolicyPriorityField',
    steps: [
      {
        name: 'Should Deny traffic from slytherin to gryffindor respecting ANP',
        policies: policies(60),
        probes: [
          [DRACO_0!, HARRY_0!, TCP, 80, DENIED],
          [DRACO_1!, HARRY_0!, TCP, 8080, DENIED],
        ],
      },
      {
        name: 'Should Deny traffic to slytherin from gryffindor respecting ANP',
        policies: policies(60),
        probes: [
          [HARRY_0!, DRACO_0!, TCP, 80, DENIED],
          [HARRY_1!, DRACO_0!, TCP, 8080, DENIED],
        ],
      },
      {
        name: 'Should respect ANP priority field; thus passing both ingress and egress traffic over to BANP',
        policies: policies(40),
        probes: [
          [DRACO_0!, HARRY_0!, TCP, 80, ALLOWED],
          [DRACO_1!, HARRY_0!, TCP, 8080, ALLOWED],
          [HARRY_0!, DRACO_0!, TCP, 80, ALLOWED],
          [HARRY_1!, DRACO_0!, TCP, 8080, ALLOWED],
        ],
      },
    ],
  };
}

// base/api_integration/core-anp-np-banp.yaml: an ANP that denies slytherin (later passes), a NetworkPolicy that
// allows it (later deleted) and a BANP that denies it. The NetworkPolicy's `podSelector:` is null, as upstream.
const INTEGRATION_NETWORK_POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-gress-from-to-slytherin-to-gryffindor, namespace: ${namespaceOf('gryffindor')}}
spec:
  podSelector:
  policyTypes: [Ingress, Egress]
  ingress: [{from: [{namespaceSelector: {matchLabels: {conformance-house: slytherin}}}]}]
  egress: [{to: [{namespaceSelector: {matchLabels: {conformance-house: slytherin}}}]}]`;

function integrationTest(): UpstreamTest {
  const slytherin = `{namespaces: {matchLabels: {conformance-house: slytherin}}}`;
  const anp = (ingressAction: Rule['action'], egressAction: Rule['action']): Policy => ({
    kind: 'AdminNetworkPolicy',
    name: 'pass-example',
    priority: 10,
    subject: '{namespaces: {matchLabels: {conformance-house: gryffindor}}}',
    ingress: [rule('deny-all-ingress-from-slytherin', ingressAction, [slytherin])],
    egress: [rule('deny-all-egress-to-slytherin', egressAction, [slytherin])],
  });
  const banp: Policy = {
    kind: 'BaselineAdminNetworkPolicy',
    name: 'default',
    subject: '{namespaces: {matchLabels: {conformance-house: gryffindor}}}',
    ingress: [rule('deny-all-ingress-from-slytherin', 'Deny', [slytherin])],
    egress: [rule('deny-all-egress-to-slytherin', 'Deny', [slytherin])],
  };
  const slytherinToGryffindor = (allowed: boolean): Probe[] => [
    [DRACO_0!, HARRY_0!, TCP, 80, allowed],
    [DRACO_1!, HARRY_0!, TCP, 8080, allowed],
  ];
  const gryffindorToSlytherin = (allowed: boolean): Probe[] => [
    [HARRY_0!, DRACO_0!, TCP, 80, allowed],
    [HARRY_1!, DRACO_0!, TCP, 8080, allowed],
  ];
  return {
    name: 'AdminNetworkPolicyIntegration',
    steps: [
      {
        name: 'Should Deny traffic from slytherin to gryffindor respecting ANP',
        policies: yamlOf(anp('Deny', 'Deny'), INTEGRATION_NETWORK_POLICY, banp),
        probes: slytherinToGryffindor(DENIED),
      },
      {
        name: 'Should Deny traffic to slytherin from gryffindor respecting ANP',
        policies: yamlOf(anp('Deny', 'Deny'), INTEGRATION_NETWORK_POLICY, banp),
        probes: gryffindorToSlytherin(DENIED),
      },
      {
        name: "Should support a 'pass-ingress' policy for ANP and respect the match for network policy",
        policies: yamlOf(anp('Pass', 'Deny'), INTEGRATION_NETWORK_POLICY, banp),
        probes: slytherinToGryffindor(ALLOWED),
      },
      {
        name: "Should support a 'pass-egress' policy for ANP and respect the match for network policy",
        policies: yamlOf(anp('Pass', 'Pass'), INTEGRATION_NETWORK_POLICY, banp),
        probes: gryffindorToSlytherin(ALLOWED),
      },
      {
        name: "Should support a 'pass-ingress' policy for ANP and respect the match for baseline admin network policy",
        policies: yamlOf(anp('Pass', 'Pass'), banp),
        probes: slytherinToGryffindor(DENIED),
      },
      {
        name: "Should support a 'pass-egress' policy for ANP and respect the match for baseline admin network policy",
        policies: yamlOf(anp('Pass', 'Pass'), banp),
        probes: gryffindorToSlytherin(DENIED),
      },
    ],
  };
}

// base/admin_network_policy/extended-egress-selector-rules.yaml: egress to nodes (the host-networked centaur
// is its node). Node labels are not in the inputs, so `kubernetes.io/os: linux` is taken to select every node.
const nodePeersTest: UpstreamTest = {
  name: 'AdminNetworkPolicyEgressNodePeers',
  steps: [
    {
      name: "Should support an 'allow-egress' / 'pass-egress' / 'deny-egress' rule policy for egress-node-peer",
      policies: yamlOf({
        kind: 'AdminNetworkPolicy',
        name: 'node-selector-as-peer-example',
        priority: 75,
        subject: GRYFFINDOR_PODS,
        egress: [
          rule(
            'allow-egress-to-36363-on-nodes',
            'Allow',
            ['{nodes: {matchLabels: {kubernetes.io/os: linux}}}'],
            [portNumber(TCP, 36363)],
          ),
          rule(
            'pass-egress-to-5353-on-nodes',
            'Pass',
            ['{nodes: {matchLabels: {kubernetes.io/os: linux}}}'],
            [portNumber(UDP, 5353)],
          ),
          rule('deny-egress-to-slytherin-and-nodes', 'Deny', [
            ofHouse('slytherin'),
            '{nodes: {matchLabels: {kubernetes.io/os: linux}}}',
          ]),
        ],
      }),
      probes: [
        [HARRY_0!, CENTAUR_1, TCP, 36363, ALLOWED],
        [HARRY_1!, CENTAUR_1, UDP, 5353, ALLOWED],
        ...probes(HARRY_1!, CENTAUR_1, [TCP, 36364, DENIED], [UDP, 53, DENIED], [SCTP, 9003, DENIED]),
      ],
    },
  ],
};

// base/admin_tier/standard-egress-inline-cidr-rules.yaml in its AdminNetworkPolicy form: `networks` match pod
// addresses too, so a Deny of 0.0.0.0/0 cuts pod-to-pod traffic that no earlier rule allowed.
function inlineCidrTest(kind: Policy['kind']): UpstreamTest {
  const policy = (extra: Rule[]) =>
    yamlOf({
      kind,
      name: kind === 'AdminNetworkPolicy' ? 'inline-cidr-as-peers-example' : 'default',
      ...(kind === 'AdminNetworkPolicy' ? { priority: 85 } : {}),
      subject: GRYFFINDOR_PODS,
      egress: [
        ...extra,
        rule('allow-egress-to-slytherin', 'Allow', [ofHouse('slytherin')]),
        rule('deny-egress-to-internet', 'Deny', ['{networks: [0.0.0.0/0, "::/0"]}']),
      ],
    });
  const everyProtocol = (to: ModelPod, allowed: boolean) =>
    probes(HARRY_1!, to, [TCP, 80, allowed], [UDP, 53, allowed], [SCTP, 9003, allowed]);
  return {
    name:
      kind === 'AdminNetworkPolicy'
        ? 'AdminNetworkPolicyEgressInlineCIDRPeers'
        : 'BaselineAdminNetworkPolicyEgressInlineCIDRPeers',
    steps: [
      {
        name: "Should support a 'deny-egress' rule policy for egress-cidr-peer",
        policies: policy([]),
        probes: [
          ...everyProtocol(LUNA_0!, DENIED),
          ...everyProtocol(CEDRIC_0!, DENIED),
          ...everyProtocol(DRACO_0!, ALLOWED),
        ],
      },
      {
        name: "Should support an 'allow-egress' rule policy for egress-cidr-peer",
        policies: policy([
          rule('allow-egress-to-specific-podIPs', 'Allow', [
            `{networks: [${LUNA_0!.ip}/32, ${CEDRIC_0!.ip}/32]}`,
          ]),
        ]),
        probes: [
          ...everyProtocol(LUNA_0!, ALLOWED),
          ...everyProtocol(CEDRIC_0!, ALLOWED),
          ...everyProtocol(LUNA_1!, DENIED),
          ...everyProtocol(CEDRIC_1!, DENIED),
        ],
      },
    ],
  };
}

// base/admin_tier/standard-ingress-isolation.yaml and standard-egress-isolation.yaml: a policy with rules in
// one direction only leaves the other direction alone.
function isolationTests(tier: 'admin' | 'baseline'): UpstreamTest[] {
  const admin = tier === 'admin';
  const prefix = admin ? 'AdminNetworkPolicy' : 'BaselineAdminNetworkPolicy';
  const policy = (direction: 'ingress' | 'egress', rules: Rule[]): PolicySet =>
    yamlOf({
      kind: admin ? 'AdminNetworkPolicy' : 'BaselineAdminNetworkPolicy',
      name: admin ? `admin-${direction}-isolation` : 'default',
      priority: 20,
      subject: GRYFFINDOR_NAMESPACE,
      [direction]: rules,
    });
  return [
    {
      name: `${prefix}IngressRulesEgressUnaffected`,
      steps: [
        {
          name: 'ingress from slytherin denied; gryffindor egress to ravenclaw and hufflepuff unaffected',
          policies: policy('ingress', [rule('deny-from-slytherin', 'Deny', [inNamespace('slytherin')])]),
          probes: [
            [DRACO_0!, HARRY_0!, TCP, 80, DENIED],
            [HARRY_0!, LUNA_0!, TCP, 80, ALLOWED],
            [HARRY_0!, CEDRIC_0!, TCP, 80, ALLOWED],
          ],
        },
      ],
    },
    {
      name: `${prefix}EgressRulesIngressUnaffected`,
      steps: [
        {
          name: 'egress to slytherin denied; ingress from ravenclaw and hufflepuff unaffected',
          policies: policy('egress', [rule('deny-to-slytherin', 'Deny', [inNamespace('slytherin')])]),
          probes: [
            [HARRY_0!, DRACO_0!, TCP, 80, DENIED],
            [LUNA_0!, HARRY_0!, TCP, 80, ALLOWED],
            [CEDRIC_0!, HARRY_0!, TCP, 80, ALLOWED],
          ],
        },
      ],
    },
  ];
}

// base/admin_tier/standard-same-priority.yaml: three policies at priority 15 whose rules must each apply to
// their own subject only.
function samePriorityTest(tier: 'admin' | 'baseline'): UpstreamTest {
  const admin = tier === 'admin';
  const denyAt = (subject: string, peer: string, port: number): Policy => ({
    kind: admin ? 'AdminNetworkPolicy' : 'BaselineAdminNetworkPolicy',
    name: `${admin ? '' : 'baseline-'}same-priority-${subject}-${peer}`,
    priority: admin ? 15 : 10,
    subject: inNamespace(subject),
    ingress: [
      rule(`deny-from-${peer}-at-port-${port}`, 'Deny', [inNamespace(peer)], [portNumber(TCP, port)]),
    ],
    egress: [rule(`deny-to-${peer}-at-port-${port}`, 'Deny', [inNamespace(peer)], [portNumber(TCP, port)])],
  });
  const policies = yamlOf(
    denyAt('gryffindor', 'slytherin', 80),
    denyAt('gryffindor', 'hufflepuff', 80),
    denyAt('hufflepuff', 'slytherin', 8080),
  );
  // The Admin-tier test's servers are the -0 pods, the Baseline-tier test's the -1 pods.
  const [harry, draco, cedric, luna] = admin
    ? [HARRY_0!, DRACO_0!, CEDRIC_0!, LUNA_0!]
    : [HARRY_1!, DRACO_1!, CEDRIC_1!, LUNA_1!];
  return {
    name: admin ? 'AdminNetworkPolicySamePriority' : 'BaselineAdminNetworkPolicySamePriority',
    // Several baseline policies exist only as ClusterNetworkPolicies (the BaselineAdminNetworkPolicy is one).
    ...(admin ? {} : { only: 'v1beta1' as const }),
    steps: [
      {
        name: 'Should deny traffic in both directions for each same-priority policy',
        policies,
        probes: [
          [DRACO_0!, harry, TCP, 80, DENIED],
          [HARRY_0!, draco, TCP, 80, DENIED],
          [CEDRIC_0!, harry, TCP, 80, DENIED],
          [HARRY_1!, cedric, TCP, 80, DENIED],
          [DRACO_1!, cedric, TCP, 8080, DENIED],
          [CEDRIC_1!, draco, TCP, 8080, DENIED],
        ],
      },
      {
        name: "Should not apply one same-priority policy's rules to another policy's subject",
        policies,
        probes: [
          [DRACO_0!, harry, TCP, 8080, ALLOWED],
          [HARRY_0!, draco, TCP, 8080, ALLOWED],
          [DRACO_1!, cedric, TCP, 80, ALLOWED],
          [CEDRIC_0!, draco, TCP, 80, ALLOWED],
        ],
      },
      {
        name: 'Should not affect traffic matching no same-priority policy',
        policies,
        probes: [
          [LUNA_0!, harry, TCP, 80, ALLOWED],
          [admin ? HARRY_1! : HARRY_0!, luna, TCP, 80, ALLOWED],
        ],
      },
    ],
  };
}

// base/admin_tier/standard-port-range-rules-combined.yaml in its AdminNetworkPolicy form (portRange).
function portRangeTest(tier: 'admin' | 'baseline'): UpstreamTest {
  const admin = tier === 'admin';
  const anyHouse = '{namespaces: {matchExpressions: [{key: conformance-house, operator: Exists}]}}';
  const rules = (d: 'from' | 'to'): Rule[] => [
    rule(
      `allow-${d}-ravenclaw-tcp-port-range`,
      'Allow',
      [inNamespace('ravenclaw')],
      [portRange(TCP, 80, 8080)],
    ),
    rule(
      `allow-${d}-hufflepuff-udp-port-range`,
      'Allow',
      [inNamespace('hufflepuff')],
      [portRange(UDP, 53, 5353)],
    ),
    rule(
      `allow-${d}-slytherin-sctp-port-range`,
      'Allow',
      [inNamespace('slytherin')],
      [portRange(SCTP, 9003, 9005)],
    ),
    rule(`deny-all-${d === 'from' ? 'ingress' : 'egress'}`, 'Deny', [anyHouse]),
  ];
  const policies = yamlOf({
    kind: admin ? 'AdminNetworkPolicy' : 'BaselineAdminNetworkPolicy',
    name: admin ? 'port-range-rules' : 'default',
    priority: admin ? 9 : 10,
    subject: GRYFFINDOR_NAMESPACE,
    ingress: rules('from'),
    egress: rules('to'),
  });
  return {
    name: admin ? 'AdminNetworkPolicyPortRange' : 'BaselineAdminNetworkPolicyPortRange',
    steps: [
      {
        name: 'Should support egress port range rules across different protocols',
        policies,
        probes: [
          ...probes(HARRY_0!, LUNA_0!, [TCP, 80, ALLOWED], [TCP, 8080, ALLOWED]),
          [HARRY_1!, LUNA_0!, UDP, 53, DENIED],
          ...probes(HARRY_0!, CEDRIC_0!, [UDP, 53, ALLOWED], [UDP, 5353, ALLOWED]),
          [HARRY_1!, CEDRIC_0!, TCP, 80, DENIED],
          ...probes(HARRY_0!, DRACO_0!, [SCTP, 9003, ALLOWED], [SCTP, 9005, ALLOWED]),
          [HARRY_1!, DRACO_0!, TCP, 80, DENIED],
        ],
      },
      {
        name: 'Should support ingress port range rules across different protocols',
        policies,
        probes: [
          ...probes(LUNA_0!, HARRY_0!, [TCP, 80, ALLOWED], [TCP, 8080, ALLOWED]),
          [LUNA_1!, HARRY_0!, UDP, 53, DENIED],
          ...probes(CEDRIC_0!, HARRY_0!, [UDP, 53, ALLOWED], [UDP, 5353, ALLOWED]),
          [CEDRIC_1!, HARRY_0!, TCP, 80, DENIED],
          ...probes(DRACO_0!, HARRY_0!, [SCTP, 9003, ALLOWED], [SCTP, 9005, ALLOWED]),
          [DRACO_1!, HARRY_0!, TCP, 80, DENIED],
        ],
      },
    ],
  };
}

// base/admin_tier/standard-pod-selector-rules.yaml: pod selectors alone. A ClusterNetworkPolicy may omit a
// `pods` namespaceSelector (every namespace); an AdminNetworkPolicy must spell it `{}`.
function podSelectorTest(api: 'v1alpha1' | 'v1beta1', tier: 'admin' | 'baseline' = 'admin'): UpstreamTest {
  const admin = tier === 'admin';
  const kind = admin ? 'AdminNetworkPolicy' : 'BaselineAdminNetworkPolicy';
  const everyNamespace = api === 'v1alpha1' ? 'namespaceSelector: {}, ' : '';
  const podsOfHouse = (house: string) =>
    `{pods: {${everyNamespace}podSelector: {matchLabels: {conformance-house: ${house}}}}}`;
  const cedric0 = `{pods: {namespaceSelector: {matchLabels: {conformance-house: hufflepuff}}, podSelector: {matchLabels: {statefulset.kubernetes.io/pod-name: cedric-diggory-0}}}}`;
  const policies = yamlOf(
    {
      kind,
      name: 'pod-selector-rules',
      priority: admin ? 20 : 10,
      subject: podsOfHouse('gryffindor'),
      egress: [
        rule('deny-to-ravenclaw-pods', 'Deny', [podsOfHouse('ravenclaw')]),
        rule('deny-to-cedric-diggory-0', 'Deny', [cedric0]),
      ],
      ingress: [
        rule('deny-from-slytherin-pods', 'Deny', [podsOfHouse('slytherin')]),
        rule('deny-from-cedric-diggory-0', 'Deny', [cedric0]),
      ],
    },
    {
      kind,
      name: 'pod-name-subject-rules',
      priority: admin ? 21 : 10,
      subject: `{pods: {namespaceSelector: {matchLabels: {conformance-house: ravenclaw}}, podSelector: {matchLabels: {statefulset.kubernetes.io/pod-name: luna-lovegood-0}}}}`,
      egress: [rule('deny-to-slytherin', 'Deny', [inNamespace('slytherin')])],
    },
  );
  return {
    name: admin ? 'AdminNetworkPolicyPodSelector' : 'BaselineAdminNetworkPolicyPodSelector',
    only: api,
    steps: [
      {
        name: 'Should support pod selectors in egress peers',
        policies,
        probes: [
          [HARRY_0!, LUNA_0!, TCP, 80, DENIED],
          [HARRY_0!, CEDRIC_0!, TCP, 80, DENIED],
          [HARRY_0!, CEDRIC_1!, TCP, 80, ALLOWED],
        ],
      },
      {
        name: 'Should support pod selectors in ingress peers',
        policies,
        probes: [
          [DRACO_0!, HARRY_0!, TCP, 80, DENIED],
          [CEDRIC_0!, HARRY_0!, TCP, 80, DENIED],
          [CEDRIC_1!, HARRY_0!, TCP, 80, ALLOWED],
        ],
      },
      {
        name: 'Should support pod selectors in the subject',
        policies,
        probes: [
          [DRACO_0!, CEDRIC_0!, TCP, 80, ALLOWED],
          [LUNA_0!, DRACO_0!, TCP, 80, DENIED],
          [LUNA_1!, DRACO_0!, TCP, 80, ALLOWED],
        ],
      },
    ],
  };
}

const UPSTREAM_TESTS: UpstreamTest[] = [
  ingressTcpTest(),
  egressTcpTest(),
  ...podSelectorTcpTests,
  namedPortTest(),
  ingressUdpTest(),
  ingressNamedPortTest(),
  ...ingressSctpTests(),
  egressUdpTest(),
  egressSctpTest(),
  gressTest(),
  podSelectorGressTest,
  baselineGressTest(),
  ...baselineIngressTcpTests(),
  ...baselineEgressTcpTests(),
  ...baselineEgressUdpTests(),
  baselineEgressSctpTest(),
  baselineIngressUdpTest(),
  baselineIngressSctpTest(),
  priorityTest(),
  integrationTest(),
  nodePeersTest,
  inlineCidrTest('AdminNetworkPolicy'),
  inlineCidrTest('BaselineAdminNetworkPolicy'),
  ...isolationTests('admin'),
  ...isolationTests('baseline'),
  samePriorityTest('admin'),
  samePriorityTest('baseline'),
  portRangeTest('admin'),
  portRangeTest('baseline'),
  podSelectorTest('v1alpha1'),
  podSelectorTest('v1beta1'),
  // Two baseline policies: ClusterNetworkPolicies only.
  podSelectorTest('v1beta1', 'baseline'),
];

// ── Running them ─────────────────────────────────────────────────────────────────────────────────────────────

/** The engine's answers for one step: `netpol check` with its decisions, and the pod matrix. */
function engineFor(policies: string) {
  const analysis = analyzeNetworkPolicies([
    ...documentsFromYaml(MODEL_YAML, 'model.yaml'),
    ...documentsFromYaml(policies, 'policies.yaml'),
  ]);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((d) => `${d.code}: ${d.message}`).join('\n'));
  const view = expandMatrix(computeMatrix(analysis.model, analysis.inventory, analysis.hostPeers), 'pod');
  const matrix = new Map(view.connections.map((c) => [`${c.from}|${c.to}`, c.allowed]));
  const resolve = (id: string) => {
    const resolved = resolvePeer(id, analysis.inventory, analysis.hostPeers);
    if ('error' in resolved) throw new Error(resolved.error);
    return resolved;
  };
  return {
    warnings: analysis.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.code),
    check: (from: string, to: string, protocol: Protocol, port: number) =>
      checkConnection(analysis.model, resolve(from), resolve(to), protocol, port),
    matrixAllows: (from: string, to: string, protocol: Protocol, port: number) =>
      portAllowed(matrix.get(`${from}|${to}`) ?? [], protocol, port),
  };
}

const describeProbe = ([from, to, protocol, port]: Probe) => `${from.id} → ${to.id} ${protocol}/${port}`;

// What the model and the cases may warn about: the centaurs' host networking, node labels not in the inputs,
// and the same-priority test's shared priority. Anything else would be a misreading to look at.
const EXPECTED_WARNINGS = ['host-network-pod', 'anp-node-labels-unknown', 'anp-same-priority'];
// ...and, in the first release's shape, that it is read as such.
const FIRST_RELEASE_WARNINGS = [...EXPECTED_WARNINGS, 'anp-legacy-peer'];

describe.each([
  ['AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1)', 'v1alpha1'],
  ['AdminNetworkPolicy and BaselineAdminNetworkPolicy, first-release peers', 'v1alpha1-first-release'],
  ['ClusterNetworkPolicy Admin and Baseline tiers (v1beta1)', 'v1beta1'],
] as const)('conformance (kubernetes-sigs/network-policy-api): %s', (_, api) => {
  const family = api === 'v1beta1' ? 'v1beta1' : 'v1alpha1';
  const expectedWarnings = api === 'v1alpha1-first-release' ? FIRST_RELEASE_WARNINGS : EXPECTED_WARNINGS;
  for (const test of UPSTREAM_TESTS.filter((t) => t.only === undefined || t.only === family)) {
    describe(test.name, () => {
      for (const step of test.steps) {
        it(step.name, () => {
          const engine = engineFor(renderPolicies(step.policies, api));
          expect(engine.warnings.filter((code) => !expectedWarnings.includes(code))).toEqual([]);
          // Every case has a namespaces or pods peer, so the first-release shape is always exercised.
          if (api === 'v1alpha1-first-release') expect(engine.warnings).toContain('anp-legacy-peer');
          const answers = step.probes.map((probe) => {
            const [from, to, protocol, port] = probe;
            const check = engine.check(from.id, to.id, protocol, port);
            return `${describeProbe(probe)}: check ${check.allowed}, matrix ${engine.matrixAllows(from.id, to.id, protocol, port)}`;
          });
          const expected = step.probes.map(
            (probe) => `${describeProbe(probe)}: check ${probe[4]}, matrix ${probe[4]}`,
          );
          expect(answers).toEqual(expected);
        });
      }
    });
  }
});

describe('AdminNetworkPolicy conformance through the built CLI JSON contracts', () => {
  const integration = integrationTest();

  it('netpol check: a Pass defers to the NetworkPolicy that allows (AdminNetworkPolicyIntegration)', () => {
    const step = integration.steps[2]!;
    const run = runBuiltCli(
      [
        'netpol',
        'check',
        '-',
        '--from',
        DRACO_0!.id,
        '--to',
        HARRY_0!.id,
        '--port',
        '80/TCP',
        '--format',
        'json',
      ],
      { stdin: `${MODEL_YAML}\n---\n${renderPolicies(step.policies, 'v1alpha1')}` },
    );
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining(['schemaVersion', 'allowed', 'egress', 'ingress']),
    );
    expect(json.allowed).toBe(true);
    expect(json.ingress.decision).toBe('allow');
    expect(json.ingress.trace.map((s: { tier: string; result: string }) => `${s.tier} ${s.result}`)).toEqual([
      'admin pass',
      'default isolated',
      'default allow',
    ]);
  });

  it('netpol check: once the NetworkPolicy is gone the BaselineAdminNetworkPolicy denies', () => {
    const step = integration.steps[5]!;
    const run = runBuiltCli(
      [
        'netpol',
        'check',
        '-',
        '--from',
        HARRY_1!.id,
        '--to',
        DRACO_0!.id,
        '--port',
        '8080/TCP',
        '--format',
        'json',
      ],
      { stdin: `${MODEL_YAML}\n---\n${renderPolicies(step.policies, 'v1alpha1')}` },
    );
    const json = JSON.parse(run.stdout);
    expect(json.allowed).toBe(false);
    expect(json.egress.decision).toBe('deny');
    expect(json.egress.trace.map((s: { tier: string; result: string }) => `${s.tier} ${s.result}`)).toEqual([
      'admin pass',
      'baseline deny',
    ]);
  });

  it('netpol matrix: every probe of the priority test, as ClusterNetworkPolicies, over the pod matrix', () => {
    for (const step of priorityTest().steps) {
      for (const [port, protocol] of [...new Set(step.probes.map(([, , p, n]) => `${n}/${p}`))].map((s) =>
        s.split('/'),
      )) {
        const run = runBuiltCli(
          [
            'netpol',
            'matrix',
            '-',
            '--granularity',
            'pod',
            '--port',
            `${port}/${protocol}`,
            '--format',
            'json',
          ],
          { stdin: `${MODEL_YAML}\n---\n${renderPolicies(step.policies, 'v1beta1')}` },
        );
        expect(run.code).toBe(0);
        const connections: { from: string; to: string; allowed: boolean }[] = JSON.parse(
          run.stdout,
        ).connections;
        for (const [from, to, p, n, allowed] of step.probes) {
          if (`${n}/${p}` !== `${port}/${protocol}`) continue;
          expect(connections, `${step.name}: ${from.id} → ${to.id}`).toContainEqual({
            from: from.id,
            to: to.id,
            allowed,
          });
        }
      }
    }
  });
});
