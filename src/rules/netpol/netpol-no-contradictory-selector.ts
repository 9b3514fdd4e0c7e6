// Reports selectors that no endpoint can ever match, whatever its labels: contradictory expressions.
import { canMatch } from '../../netpol/lint-queries.js';
import { dedent, defineRule } from '../define-rule.js';
import { policyLabel } from '../netpol-facts.js';

export const netpolNoContradictorySelector = defineRule({
  id: 'netpol-no-contradictory-selector',
  title: 'Selectors can match something',
  category: 'network-policy',
  defaultSeverity: 'medium',
  docs: {
    summary:
      'Reports a policy or rule selector that can never match any endpoint, whatever its labels: `app In (a)` with `app NotIn (a)`, `has(x) && !has(x)`, `app == "a" && app == "b"`, an explicitly empty Cilium peer list.',
    rationale: dedent`
      Unlike a selector that happens to match nothing today, a contradictory selector can never match: the
      policy or rule is dead code. It usually comes from merging two label schemes, from a \`NotIn\` meant as
      \`In\`, or from a Calico selector whose \`&&\` should have been \`||\`.

      aksguard lowers every dialect's selector (Kubernetes label selectors, Calico selector expressions, Cilium
      endpoint selectors and entities) into its engine's selector form and proves it unsatisfiable: every way of
      meeting the selector requires one label to be absent and present, or to have two values at once. When the
      proof is out of reach it stays silent.
    `,
    remediation: {
      kubernetes: dedent`
        podSelector:
          matchExpressions:
            - {key: app, operator: In, values: [api, worker]}   # one condition per label
      `,
    },
    references: [
      'https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
      'https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#selectors',
    ],
  },
  equivalents: {},
  messages: {
    subject:
      'The selector of {{policy}} can never match any endpoint: its conditions contradict each other. Keep one condition per label (In with several values for alternatives).',
    peer: 'The peer of {{rule}} in {{policy}} can never match: its conditions contradict each other. Keep one condition per label (In with several values, or || in Calico, for alternatives).',
  },
  examples: {
    valid: [
      dedent`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: api, namespace: shop}
        spec:
          podSelector:
            matchExpressions:
              - {key: app, operator: In, values: [api]}
              - {key: tier, operator: NotIn, values: [data]}
          ingress:
            - from: [{podSelector: {matchLabels: {app: web}}}]
      `,
    ],
    invalid: [
      {
        input: dedent`
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: api, namespace: shop}
          spec:
            podSelector:
              matchLabels: {app: api}
              matchExpressions:
                - {key: app, operator: NotIn, values: [api]}
          ---
          apiVersion: projectcalico.org/v3
          kind: GlobalNetworkPolicy
          metadata: {name: admins}
          spec:
            selector: all()
            ingress:
              - action: Allow
                source:
                  selector: role == "admin" && role == "ops"
        `,
        reports: [
          { messageId: 'subject', line: 1 },
          { messageId: 'peer', line: 16 },
        ],
      },
    ],
  },
  check(ctx) {
    const { netpol } = ctx;
    if (!netpol.active) return;
    for (const source of netpol.sourcePolicies()) {
      const target = netpol.policyTarget(source.origin);
      if (!target) continue;
      const policy = policyLabel(source.origin);
      if (!source.parts.some((p) => canMatch(p.subject))) {
        ctx.report('subject', target, { policy });
        continue;
      }
      for (const rule of source.rules) {
        if (canMatch(rule.peer)) continue;
        ctx.report('peer', netpol.policyTarget(source.origin, rule.origin.source) ?? target, {
          rule: rule.origin.summary,
          policy,
        });
      }
    }
  },
});
