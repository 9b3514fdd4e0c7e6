// Reports policies that cut pods off from the cluster DNS (UDP and TCP 53 to kube-dns): the classic outage.
import type { Protocol } from '../../model/endpoint.js';
import { evaluateDirection } from '../../netpol/evaluate.js';
import type { IrPolicy, Peer, PolicyModel } from '../../netpol/ir.js';
import { denyingPolicies, KUBE_DNS, kubeDnsPeers } from '../../netpol/lint-queries.js';
import { endpointPeer } from '../../netpol/peers.js';
import type { PortAtom } from '../../netpol/ports.js';
import { matchesSelector } from '../../netpol/selector.js';
import { dedent, defineRule } from '../define-rule.js';
import { listSome, policyLabel } from '../netpol-facts.js';

const DNS_ATOMS: readonly PortAtom[] = [
  { protocol: 'UDP', first: 53, last: 53 },
  { protocol: 'TCP', first: 53, last: 53 },
];

export const netpolAllowDnsEgress = defineRule({
  id: 'netpol-allow-dns-egress',
  title: 'Egress isolation keeps DNS open',
  category: 'network-policy',
  defaultSeverity: 'high',
  docs: {
    summary:
      'Reports policies that leave pods unable to reach the cluster DNS (kube-dns, UDP and TCP port 53): an egress default deny without a DNS allowance, or a deny or isolation on the DNS pods.',
    rationale: dedent`
      A default-deny egress policy without a DNS rule is the classic network-policy outage: every lookup times
      out, so every connection by name fails, including to the services the other rules allow. Allowing UDP alone
      is not enough either: DNS falls back to TCP for responses over 512 bytes and on truncation.

      aksguard asks its policy engine whether each pod may send UDP/53 and TCP/53 to the kube-dns pods (the source's
      egress and, when the DNS pods are in the inputs, their ingress). When kube-system is not in the inputs it
      asks about a kube-dns pod as AKS runs it: labelled \`k8s-app=kube-dns\` in kube-system, with CoreDNS's ports.
      The finding points at the policy that denies: the deny rule's, or, of the policies whose isolation ends in
      the deny, the one that selects the most pods (a namespace's default deny rather than one workload's policy).
    `,
    remediation: {
      kubernetes: dedent`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: allow-dns-egress
          namespace: shop
        spec:
          podSelector: {}
          policyTypes: [Egress]
          egress:
            - to:
                - namespaceSelector:
                    matchLabels: {kubernetes.io/metadata.name: kube-system}
                  podSelector:
                    matchLabels: {k8s-app: kube-dns}
              ports:
                - {protocol: UDP, port: 53}
                - {protocol: TCP, port: 53}
      `,
    },
    whenNotToUse:
      'When pods resolve names through a node-local DNS cache or another resolver the policies allow instead.',
    references: [
      'https://learn.microsoft.com/azure/aks/use-network-policies',
      'https://kubernetes.io/docs/tasks/administer-cluster/dns-debugging-resolution/',
      'https://github.com/mattfenwick/cyclonus/blob/master/pkg/linter/checks.go',
    ],
  },
  equivalents: {},
  messages: {
    blocked:
      '{{policy}} blocks DNS to kube-dns ({{blocked}}) for {{pods}}: name resolution fails{{assumed}}. Allow UDP and TCP 53 to k8s-app=kube-dns in kube-system.',
    tcpOnly:
      '{{policy}} blocks DNS over TCP to kube-dns (UDP/53 is allowed) for {{pods}}: responses over 512 bytes and truncated answers fail{{assumed}}. Allow TCP 53 beside UDP 53.',
  },
  examples: {
    valid: [
      dedent`
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec: {containers: [{name: web, image: nginx}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny, namespace: shop}
        spec:
          podSelector: {}
          policyTypes: [Egress]
          egress:
            - to:
                - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
                  podSelector: {matchLabels: {k8s-app: kube-dns}}
              ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
      `,
    ],
    invalid: [
      {
        input: dedent`
          apiVersion: v1
          kind: Pod
          metadata: {name: web, namespace: shop}
          spec: {containers: [{name: web, image: nginx}]}
          ---
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: default-deny, namespace: shop}
          spec:
            podSelector: {}
            policyTypes: [Ingress, Egress]
          ---
          apiVersion: v1
          kind: Pod
          metadata: {name: worker, namespace: batch}
          spec: {containers: [{name: worker, image: worker}]}
          ---
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: udp-dns-only, namespace: batch}
          spec:
            podSelector: {}
            policyTypes: [Egress]
            egress:
              - to: [{namespaceSelector: {}}]
                ports: [{protocol: UDP, port: 53}]
        `,
        reports: [
          { messageId: 'blocked', line: 6 },
          { messageId: 'tcpOnly', line: 18 },
        ],
      },
    ],
  },
  check(ctx) {
    const { netpol } = ctx;
    if (!netpol.active) return;
    const { model, inventory } = netpol.analysis;
    const dns = kubeDnsPeers(inventory);
    const dnsIds = new Set(dns.peers.map((p) => p.id));
    const blame = new Map<IrPolicy, { pods: string[]; blocked: Set<Protocol> }>();
    const peers = inventory.endpoints.map((e) => endpointPeer(e, inventory.namespaces.get(e.namespace)));
    for (const endpoint of inventory.endpoints) {
      if (endpoint.hostNetwork || dnsIds.has(endpoint.id)) continue;
      const source = endpointPeer(endpoint, inventory.namespaces.get(endpoint.namespace));
      DNS_ATOMS.forEach((atom) => {
        if (dns.peers.some((server) => reaches(model, source, server, atom))) return;
        const policy = broadest(culprits(model, source, dns.peers[0]!, atom), peers);
        if (policy) {
          const entry = blame.get(policy) ?? { pods: [], blocked: new Set<Protocol>() };
          if (!entry.pods.includes(endpoint.id)) entry.pods.push(endpoint.id);
          entry.blocked.add(atom.protocol);
          blame.set(policy, entry);
        }
      });
    }
    const assumed = dns.assumed
      ? ` (kube-dns is not in the inputs: asked about a pod labelled ${KUBE_DNS.label}=${KUBE_DNS.value} in ${KUBE_DNS.namespace})`
      : '';
    for (const [policy, { pods, blocked }] of blame) {
      const target = netpol.policyTarget(policy.origin);
      if (!target) continue;
      const data = {
        policy: policyLabel(policy.origin),
        pods: listSome(pods),
        blocked: DNS_ATOMS.filter((a) => blocked.has(a.protocol))
          .map((a) => `${a.protocol}/53`)
          .join(' and '),
        assumed,
      };
      ctx.report(blocked.has('UDP') ? 'blocked' : 'tcpOnly', target, data);
    }
  },
});

/** Whether the source's egress and the server's ingress both allow the atom. */
function reaches(model: PolicyModel, source: Peer, server: Peer, atom: PortAtom): boolean {
  const egress = evaluateDirection(model, 'egress', source, server, [atom]);
  const ingress = evaluateDirection(model, 'ingress', server, source, [atom]);
  return egress.denied[0] === 0 && ingress.denied[0] === 0;
}

/**
 * Of the policies that isolate together, the one selecting the most endpoints (a namespace's default deny rather
 * than one workload's policy): where the DNS allowance belongs.
 */
function broadest(policies: readonly IrPolicy[], peers: readonly Peer[]): IrPolicy | undefined {
  let best: IrPolicy | undefined;
  let bestCount = -1;
  for (const policy of policies) {
    const count = peers.filter((p) => matchesSelector(policy.subject, p)).length;
    if (count > bestCount) {
      best = policy;
      bestCount = count;
    }
  }
  return best;
}

/** The policies that deny: at the source's egress, else at the DNS server's ingress. */
function culprits(model: PolicyModel, source: Peer, server: Peer, atom: PortAtom): IrPolicy[] {
  const egress = denyingPolicies(model, 'egress', source, server, atom);
  return egress.length > 0 ? egress : denyingPolicies(model, 'ingress', server, source, atom);
}
