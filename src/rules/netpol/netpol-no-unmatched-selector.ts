// Reports policies and rules whose selectors match nothing in the inputs (often a typo in a label).

import {
  canMatch,
  isProbe,
  namesNamespaces,
  namespacePart,
  namespacesAdmitted,
  PROBE_NAMESPACE,
  selectsByLabels,
} from '../../netpol/lint-queries.js';
import { endpointPeer } from '../../netpol/peers.js';
import { matchesSelector } from '../../netpol/selector.js';
import { dedent, defineRule } from '../define-rule.js';
import { policyLabel } from '../netpol-facts.js';

export const netpolNoUnmatchedSelector = defineRule({
  id: 'netpol-no-unmatched-selector',
  title: 'Policy and rule selectors match something',
  category: 'network-policy',
  defaultSeverity: 'low',
  docs: {
    summary:
      'Reports a policy that applies to no pod of the inputs, a rule whose peer selector matches no pod, and a namespace selector that matches no namespace.',
    rationale: dedent`
      A selector that matches nothing is almost always a mistake: a misspelt label (\`app: fronted\`), a label the
      workload never carried, or a namespace selector on a label the Namespace object lacks (namespaces have only
      \`kubernetes.io/metadata.name\` unless someone labels them). The policy then protects nothing, or the rule
      opens nothing, and nobody notices until traffic is blocked or left open.

      aksguard asks its policy engine which endpoints each selector matches, with each dialect's own rules
      (Kubernetes peers default to the policy's namespace, Calico adds its namespace and service-account labels,
      Cilium its identity labels). A selector is only reported when the inputs describe the namespaces it could
      match: a rule towards a namespace whose workloads are not in the inputs is left alone, and so is a namespace
      selector that names its namespace (\`kubernetes.io/metadata.name: kube-system\`) when that namespace is not
      among the inputs.
    `,
    remediation: {
      kubernetes: dedent`
        spec:
          podSelector:
            matchLabels:
              app: frontend   # the label the Deployment's pod template carries
      `,
    },
    whenNotToUse:
      'When the inputs are only part of the cluster (the selected workloads are deployed from another repository), or when a policy is written ahead of the workloads it will protect.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
      'https://github.com/stackrox/kube-linter/issues/194',
    ],
  },
  equivalents: {},
  messages: {
    policy:
      '{{policy}} applies to no pod of the inputs: no endpoint matches its selector, so it has no effect. Fix the selector to the labels the pods carry, or delete the policy.',
    peer: '{{rule}} of {{policy}} matches no pod of the inputs, so it {{effect}} nothing. Fix the peer selector to the labels the pods carry.',
    namespace:
      'The namespace selector of {{rule}} in {{policy}} matches no namespace of the inputs. Label the Namespace objects, or select them by kubernetes.io/metadata.name.',
  },
  examples: {
    valid: [
      dedent`
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop, labels: {app: web}}
        spec: {containers: [{name: web, image: nginx}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: web}}
          ingress:
            - from: [{podSelector: {matchLabels: {app: web}}}]
      `,
      dedent`
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec: {containers: [{name: web, image: nginx}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: dns, namespace: shop}
        spec:
          podSelector: {}
          policyTypes: [Egress]
          egress:
            - to:
                - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
                  podSelector: {matchLabels: {k8s-app: kube-dns}}
      `,
    ],
    invalid: [
      {
        input: dedent`
          apiVersion: v1
          kind: Namespace
          metadata: {name: shop, labels: {team: shop}}
          ---
          apiVersion: v1
          kind: Pod
          metadata: {name: web, namespace: shop, labels: {app: web}}
          spec: {containers: [{name: web, image: nginx}]}
          ---
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: typo, namespace: shop}
          spec:
            podSelector: {matchLabels: {app: wbe}}
            policyTypes: [Ingress]
          ---
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: web, namespace: shop}
          spec:
            podSelector: {matchLabels: {app: web}}
            ingress:
              - from:
                  - podSelector: {matchLabels: {app: frontend}}
                  - namespaceSelector: {matchLabels: {team: payments}}
        `,
        reports: [
          { messageId: 'policy', line: 10 },
          { messageId: 'peer', line: 24 },
          { messageId: 'namespace', line: 25 },
        ],
      },
    ],
  },
  check(ctx) {
    const { netpol } = ctx;
    if (!netpol.active) return;
    const { inventory, hostPeers } = netpol.analysis;
    if (inventory.endpoints.length === 0) return;
    const endpoints = inventory.endpoints.map((e) => endpointPeer(e, inventory.namespaces.get(e.namespace)));
    const { frame } = netpol.probedMatrix();
    const peers = frame.peers.filter((_, i) => !isProbe(frame.endpoints[i]));
    const populated = new Set(inventory.endpoints.map((e) => e.namespace));
    const namespacesDeclared = [...inventory.namespaces.values()].some((n) => n.declared);

    for (const source of netpol.sourcePolicies()) {
      const target = netpol.policyTarget(source.origin);
      if (!target) continue;
      const policy = policyLabel(source.origin);
      const subjects = source.parts.map((p) => p.subject);
      if (!subjects.some(canMatch)) continue; // netpol-no-contradictory-selector reports it
      const described = source.origin.namespace === undefined || populated.has(source.origin.namespace);
      if (
        described &&
        ![...endpoints, ...hostPeers].some((e) => subjects.some((s) => matchesSelector(s, e)))
      ) {
        ctx.report('policy', target, { policy });
        continue;
      }
      for (const rule of source.rules) {
        if (!selectsByLabels(rule.peer) || !canMatch(rule.peer)) continue;
        if (peers.some((p) => matchesSelector(rule.peer, p))) continue;
        const at = netpol.policyTarget(source.origin, rule.origin.source) ?? target;
        const data = { rule: rule.origin.summary, policy, effect: effectOf(rule.action) };
        const namespaces = namespacePart(rule.peer);
        const admitted = namespaces
          ? namespacesAdmitted(namespaces, inventory).filter((n) => n !== PROBE_NAMESPACE)
          : [...populated];
        if (namespaces && admitted.length === 0) {
          // A namespace chosen by name may exist outside the inputs (kube-system); one chosen by labels is judged.
          if (namespacesDeclared && !namesNamespaces(namespaces)) ctx.report('namespace', at, data);
        } else if (admitted.some((n) => populated.has(n))) {
          ctx.report('peer', at, data);
        }
      }
    }
  },
});

function effectOf(action: string): string {
  return action === 'allow' ? 'allows' : action === 'deny' ? 'denies' : action === 'pass' ? 'passes' : 'logs';
}
