// Reports rule ports that no destination pod serves: a named port nobody declares (or declares for another
// protocol), or a port number outside every destination's container ports.
import type { Endpoint } from '../../model/endpoint.js';
import type { IrRule, PortMatch } from '../../netpol/ir.js';
import { endpointPeer } from '../../netpol/peers.js';
import { describePorts, portMatchCovers } from '../../netpol/ports.js';
import { matchesSelector } from '../../netpol/selector.js';
import { dedent, defineRule } from '../define-rule.js';
import { type ContainerPort, listSome, policyLabel, writtenRules } from '../netpol-facts.js';

export const netpolNoUnexposedPort = defineRule({
  id: 'netpol-no-unexposed-port',
  title: 'Rule ports are ports the destination pods serve',
  category: 'network-policy',
  defaultSeverity: 'medium',
  docs: {
    summary:
      'Reports an allow rule port that no destination pod serves: a named port that no destination container declares, or declares only for another protocol, and a port number outside every destination container port.',
    rationale: dedent`
      Policies match the port a packet reaches on the pod, after the Service has translated it. Two mistakes
      are common and silent: writing the Service port (80) where the container listens on another (8080), and a
      named port that the pods do not declare, or declare for another protocol (\`dns\` is UDP; a rule naming it
      for TCP opens nothing). Both leave the intended traffic blocked.

      Named ports resolve on the destination: for an ingress rule the pods the policy selects, for an egress
      rule the pods the rule's peer matches. aksguard asks its policy engine which pods those are and whether the
      rule's port clause covers a port they declare. A destination that declares no ports is not judged
      (declaring ports is informational in Kubernetes).
    `,
    remediation: {
      kubernetes: dedent`
        ports:
          - protocol: TCP
            port: 8080   # the containerPort, not the Service port
      `,
    },
    whenNotToUse: 'When containers listen on ports their manifests do not declare.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-range-of-ports',
      'https://github.com/np-guard/netpol-analyzer/pull/412',
    ],
  },
  equivalents: {},
  messages: {
    namedMissing:
      '{{rule}} of {{policy}} names port "{{port}}", which none of its destination pods declares ({{pods}}). Use a port name the containers declare.',
    namedProtocol:
      '{{rule}} of {{policy}} names port "{{port}}" for {{protocol}}, but its destination pods declare it only for another protocol ({{pods}}). Set the protocol the container port declares.',
    numeric:
      '{{rule}} of {{policy}} allows {{port}}, which none of its destination pods serves (they declare {{declared}}). Use the container port, not the Service port.',
  },
  examples: {
    valid: [
      dedent`
        apiVersion: v1
        kind: Pod
        metadata: {name: api, namespace: shop, labels: {app: api}}
        spec:
          containers:
            - name: api
              image: api
              ports: [{name: http, containerPort: 8080}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: api, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: api}}
          ingress:
            - ports: [{port: http}, {port: 8080}]
      `,
    ],
    invalid: [
      {
        input: dedent`
          apiVersion: v1
          kind: Pod
          metadata: {name: api, namespace: shop, labels: {app: api}}
          spec:
            containers:
              - name: api
                image: api
                ports: [{name: http, containerPort: 8080}, {name: dns, containerPort: 5353, protocol: UDP}]
          ---
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: api, namespace: shop}
          spec:
            podSelector: {matchLabels: {app: api}}
            ingress:
              - ports: [{port: https}]
              - ports: [{port: dns}]
              - ports: [{port: 80}]
        `,
        reports: [
          { messageId: 'namedMissing', line: 16 },
          { messageId: 'namedProtocol', line: 17 },
          { messageId: 'numeric', line: 18 },
        ],
      },
    ],
  },
  check(ctx) {
    const { netpol } = ctx;
    if (!netpol.active) return;
    const { inventory } = netpol.analysis;
    const destinations = inventory.endpoints
      .filter((e) => !e.hostNetwork)
      .map((e) => ({ endpoint: e, peer: endpointPeer(e, inventory.namespaces.get(e.namespace)) }));
    for (const source of netpol.sourcePolicies()) {
      const target = netpol.policyTarget(source.origin);
      if (!target) continue;
      const policy = policyLabel(source.origin);
      for (const written of writtenRules(source)) {
        const rule = written[0]!;
        // Denying a port nothing serves is harmless; allowing one is a connection that was meant to work.
        if (rule.action !== 'allow') continue;
        // Named ports resolve on the destination: the policy's own pods for ingress, the rule's peers for egress.
        const reached = destinations.filter((d) =>
          rule.direction === 'ingress'
            ? source.parts.some((p) => matchesSelector(p.subject, d.peer))
            : written.some((r) => matchesSelector(r.peer, d.peer)),
        );
        if (reached.length === 0) continue;
        const at = netpol.policyTarget(source.origin, rule.origin.source) ?? target;
        for (const match of rule.ports.include ?? []) {
          const problem = portProblem(match, reached, (e) => netpol.containerPorts(e));
          if (problem) ctx.report(problem.messageId, at, { rule: summary(rule), policy, ...problem.data });
        }
      }
    }
  },
});

function summary(rule: IrRule): string {
  return `${rule.direction} rule ${rule.origin.index}`;
}

type Destination = { readonly endpoint: Endpoint; readonly peer: ReturnType<typeof endpointPeer> };

function portProblem(
  match: PortMatch,
  reached: readonly Destination[],
  containerPorts: (e: Endpoint) => readonly ContainerPort[],
): { messageId: 'namedMissing' | 'namedProtocol' | 'numeric'; data: Record<string, string> } | undefined {
  const covers = (d: Destination, port: ContainerPort): boolean =>
    portMatchCovers(match, { protocol: port.protocol, first: port.port, last: port.port }, d.peer);
  const pods = listSome(reached.map((d) => d.endpoint.id));
  if ('named' in match) {
    if (reached.some((d) => d.peer.namedPorts.some((p) => covers(d, { port: p.port, protocol: p.protocol }))))
      return undefined;
    const elsewhere = reached.some((d) => d.peer.namedPorts.some((p) => p.name === match.named));
    return elsewhere
      ? { messageId: 'namedProtocol', data: { port: match.named, protocol: match.protocol, pods } }
      : { messageId: 'namedMissing', data: { port: match.named, pods } };
  }
  if (match.ranges === undefined) return undefined;
  // Only destinations that all declare their ports can be judged.
  const declared = reached.map((d) => containerPorts(d.endpoint));
  if (declared.some((ports) => ports.length === 0)) return undefined;
  if (reached.some((d, i) => declared[i]!.some((port) => covers(d, port)))) return undefined;
  const seen = [...new Set(declared.flat().map((p) => `${p.protocol}/${p.port}`))].sort();
  return {
    messageId: 'numeric',
    data: { port: describePorts({ include: [match] }), declared: seen.join(', ') },
  };
}
