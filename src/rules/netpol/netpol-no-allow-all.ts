// Reports allow rules whose peer is everything: every pod of every namespace, the whole internet, or both.
import { matchesInternet, PROBE_NAMESPACE, probePeer } from '../../netpol/lint-queries.js';
import { describePorts } from '../../netpol/ports.js';
import { matchesSelector } from '../../netpol/selector.js';
import { dedent, defineRule } from '../define-rule.js';
import { policyLabel } from '../netpol-facts.js';

export const netpolNoAllowAll = defineRule({
  id: 'netpol-no-allow-all',
  title: 'Allow rules name their peers',
  category: 'network-policy',
  defaultSeverity: 'medium',
  docs: {
    summary:
      'Reports allow rules whose peer is every pod of every namespace (`namespaceSelector: {}`, Calico `all()` in a global policy, Cilium `cluster`), every internet address (`0.0.0.0/0`, Cilium `world`), or both (an empty `from`/`to`, `{}` peers, a Calico rule without selector or nets, Cilium `all`).',
    rationale: dedent`
      An allow-all rule undoes the default deny it sits behind: for the ports it names, the pod is as open as if
      no policy selected it. The talk's segmentation model asks each rule to name who may connect; an ingress
      controller facing the internet is the one usual exception, and it deserves a suppression with its reason.

      aksguard asks its policy engine whether the rule's peer matches a pod without labels in a namespace that
      does not exist yet (then it matches every pod), and every IPv4 or IPv6 address outside the cluster (then it
      matches the internet). A \`0.0.0.0/0\` block with private ranges excepted is not the whole internet and is
      not reported.
    `,
    remediation: {
      kubernetes: dedent`
        ingress:
          - from:
              - namespaceSelector:
                  matchLabels: {kubernetes.io/metadata.name: ingress-nginx}
                podSelector:
                  matchLabels: {app.kubernetes.io/name: ingress-nginx}
            ports:
              - {protocol: TCP, port: 8080}
      `,
    },
    whenNotToUse:
      'For a workload that must accept the internet (an ingress controller behind a load balancer): suppress the finding on that policy with the reason.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies',
      'https://github.com/mattfenwick/cyclonus/blob/master/pkg/linter/checks.go',
    ],
  },
  equivalents: {},
  messages: {
    everything:
      '{{rule}} of {{policy}} allows {{direction}} anything, inside or outside the cluster, on {{ports}}. Name the peers that need it.',
    allPods:
      '{{rule}} of {{policy}} allows {{direction}} every pod of every namespace on {{ports}}. Name the namespaces and pods that need it.',
    internet:
      '{{rule}} of {{policy}} allows {{direction}} every internet address on {{ports}}. Narrow it to the addresses that need it, or except the private ranges.',
  },
  examples: {
    valid: [
      dedent`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: api, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: api}}
          ingress:
            - from: [{podSelector: {matchLabels: {app: web}}}]
          egress:
            - to:
                - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]}
              ports: [{port: 443}]
      `,
    ],
    invalid: [
      {
        input: dedent`
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: api, namespace: shop}
          spec:
            podSelector: {matchLabels: {app: api}}
            policyTypes: [Ingress, Egress]
            ingress:
              - {}
              - from: [{namespaceSelector: {}}]
            egress:
              - to: [{ipBlock: {cidr: 0.0.0.0/0}}]
                ports: [{port: 443}]
          ---
          apiVersion: cilium.io/v2
          kind: CiliumNetworkPolicy
          metadata: {name: api, namespace: shop}
          spec:
            endpointSelector: {matchLabels: {app: api}}
            egress:
              - toEntities: [world]
        `,
        reports: [
          { messageId: 'everything', line: 8 },
          { messageId: 'allPods', line: 9 },
          { messageId: 'internet', line: 11 },
          { messageId: 'internet', line: 20 },
        ],
      },
    ],
  },
  check(ctx) {
    const { netpol } = ctx;
    if (!netpol.active) return;
    const { inventory } = netpol.analysis;
    const anyPod = probePeer(inventory, PROBE_NAMESPACE);
    const { peers } = netpol.probedMatrix().frame;
    for (const source of netpol.sourcePolicies()) {
      const target = netpol.policyTarget(source.origin);
      if (!target) continue;
      for (const rule of source.rules) {
        if (rule.action !== 'allow') continue;
        const pods = matchesSelector(rule.peer, anyPod);
        const world = matchesInternet(rule.peer, peers);
        if (!pods && !world) continue;
        ctx.report(
          pods && world ? 'everything' : pods ? 'allPods' : 'internet',
          netpol.policyTarget(source.origin, rule.origin.source) ?? target,
          {
            rule: rule.origin.summary,
            policy: policyLabel(source.origin),
            direction: rule.direction === 'ingress' ? 'from' : 'to',
            ports: describePorts(rule.ports),
          },
        );
      }
    }
  },
});
