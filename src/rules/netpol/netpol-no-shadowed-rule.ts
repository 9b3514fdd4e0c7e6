// Reports rules that never decide because an earlier rule, policy order, tier or deny decides the opposite first,
// and passes that lead nowhere.
import type { AtomDecision } from '../../netpol/evaluate.js';
import type { IrRule } from '../../netpol/ir.js';
import { dedent, defineRule } from '../define-rule.js';
import { policyLabel } from '../netpol-facts.js';

export const netpolNoShadowedRule = defineRule({
  id: 'netpol-no-shadowed-rule',
  title: 'No rule is shadowed by an opposite verdict, and passes lead somewhere',
  category: 'network-policy',
  defaultSeverity: 'medium',
  docs: {
    summary:
      'Reports rules that never decide because something evaluated earlier decides the same traffic the other way (a lower Calico order, an earlier tier or its end-of-tier deny, a Cilium deny, an AdminNetworkPolicy of higher priority), and Pass rules after which no lower tier or layer decides.',
    rationale: dedent`
      Ordered policy languages (Calico tiers and orders, AdminNetworkPolicy priorities, Cilium's deny-wins rule)
      make it easy to write a rule that can never fire: an Allow below a Deny that covers it, a Deny below an
      Allow, or a Kubernetes policy in the default tier behind a Calico tier whose policies select the same pods
      and end in the implicit deny. A policy without \`order\` sorts last, and a tier whose policies select a pod
      ends in deny: the two Calico behaviours users trip over most often (projectcalico/calico#9292, #7896).

      A Pass hands traffic to the next tier (for AdminNetworkPolicy: to the namespaces' own policies, then the
      baseline). When nothing below decides, the traffic is allowed by default: the Pass acts as an Allow, and
      the policies it delegates to are missing.

      aksguard asks its policy engine which rule decides each connection between every two endpoint classes, on
      every port range, and reports a rule that matched traffic but never decided any of it, naming what decided
      first. A rule shadowed by one with the same verdict is redundant rather than wrong (netpol-no-redundant).
    `,
    remediation: {
      kubernetes: dedent`
        # Calico: give the exception a lower order than the rule it must override.
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: allow-monitoring}
        spec:
          order: 10          # before the deny at order 100
          selector: all()
          ingress:
            - action: Allow
              source: {namespaceSelector: kubernetes.io/metadata.name == "monitoring"}
      `,
    },
    references: [
      'https://docs.tigera.io/calico/latest/network-policy/policy-tiers/tiered-policy',
      'https://network-policy-api.sigs.k8s.io/api-overview/',
      'https://docs.cilium.io/en/stable/security/policy/language/#deny-policies',
    ],
  },
  equivalents: {},
  messages: {
    deny: '{{rule}} of {{policy}} never applies: {{by}} denies the same traffic first. Narrow the deny, or move this rule before it.',
    order:
      '{{rule}} of {{policy}} never applies: {{by}} decides the same traffic first ({{action}}). Give this policy a lower order, or narrow the earlier rule.',
    tier: '{{rule}} of {{policy}} never applies: tier {{tier}} decides the same traffic first ({{by}}). Decide it in tier {{tier}} instead, or make that tier pass it on.',
    pass: '{{rule}} of {{policy}} passes traffic that no later tier or policy decides: it is allowed by default, as if the rule said Allow. Say Allow, or add the policies it delegates to.',
  },
  examples: {
    valid: [
      dedent`
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop, labels: {app: web}}
        spec: {containers: [{name: web, image: web}]}
        ---
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: allow-web}
        spec:
          order: 10
          selector: app == "web"
          ingress:
            - action: Allow
              protocol: TCP
              destination: {ports: [80]}
            - action: Deny
      `,
    ],
    invalid: [
      {
        input: dedent`
          apiVersion: v1
          kind: Pod
          metadata: {name: web, namespace: shop, labels: {app: web}}
          spec: {containers: [{name: web, image: web}]}
          ---
          apiVersion: projectcalico.org/v3
          kind: GlobalNetworkPolicy
          metadata: {name: web}
          spec:
            order: 10
            selector: app == "web"
            ingress:
              - action: Deny
              - action: Allow
                protocol: TCP
                destination: {ports: [80]}
          ---
          apiVersion: policy.networking.k8s.io/v1alpha1
          kind: AdminNetworkPolicy
          metadata: {name: delegate}
          spec:
            priority: 10
            subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: shop}}}
            egress:
              - name: to-anything
                action: Pass
                to: [{namespaces: {}}]
        `,
        reports: [
          { messageId: 'deny', line: 14 },
          { messageId: 'pass', line: 25 },
        ],
      },
      {
        input: dedent`
          apiVersion: v1
          kind: Pod
          metadata: {name: web, namespace: shop, labels: {app: web}}
          spec: {containers: [{name: web, image: web}]}
          ---
          apiVersion: projectcalico.org/v3
          kind: Tier
          metadata: {name: security}
          spec: {order: 100}
          ---
          apiVersion: projectcalico.org/v3
          kind: GlobalNetworkPolicy
          metadata: {name: security.monitoring}
          spec:
            tier: security
            selector: app == "web"
            ingress:
              - action: Allow
                source: {namespaceSelector: kubernetes.io/metadata.name == "monitoring"}
          ---
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: web, namespace: shop}
          spec:
            podSelector: {matchLabels: {app: web}}
            ingress:
              - ports: [{port: 443}]
        `,
        reports: [{ messageId: 'tier', line: 27 }],
      },
      {
        input: dedent`
          apiVersion: v1
          kind: Pod
          metadata: {name: db, namespace: shop, labels: {app: db}}
          spec: {containers: [{name: db, image: postgres}]}
          ---
          apiVersion: projectcalico.org/v3
          kind: GlobalNetworkPolicy
          metadata: {name: allow-db}
          spec:
            order: 10
            selector: app == "db"
            ingress:
              - action: Allow
          ---
          apiVersion: projectcalico.org/v3
          kind: GlobalNetworkPolicy
          metadata: {name: deny-db-admin}
          spec:
            order: 20
            selector: app == "db"
            ingress:
              - action: Deny
                protocol: TCP
                destination: {ports: [22]}
        `,
        reports: [{ messageId: 'order', line: 22 }],
      },
    ],
  },
  check(ctx) {
    const { netpol } = ctx;
    if (!netpol.active) return;
    const activity = netpol.activity();
    for (const source of netpol.sourcePolicies()) {
      const target = netpol.policyTarget(source.origin);
      if (!target) continue;
      const policy = policyLabel(source.origin);
      for (const rule of source.rules) {
        const used = activity.get(rule);
        if (!used?.matched) continue;
        const at = netpol.policyTarget(source.origin, rule.origin.source) ?? target;
        const data = { rule: rule.origin.summary, policy };
        if (rule.action === 'pass' && used.decided && !used.passedOn) {
          ctx.report('pass', at, data);
          continue;
        }
        if (used.decided) continue;
        const opposite = used.preemptedBy.find((d) => d.action !== rule.action);
        if (!opposite) continue;
        const by = describeDecider(opposite);
        if (opposite.tier !== source.tier) ctx.report('tier', at, { ...data, tier: opposite.tier.name, by });
        else if (opposite.action === 'deny') ctx.report('deny', at, { ...data, by });
        else ctx.report('order', at, { ...data, by, action: opposite.action });
      }
    }
  },
});

/** `GlobalNetworkPolicy deny-all ingress rule 0 (…) at file:line`, or the tier's default. */
function describeDecider(decision: AtomDecision): string {
  if (!decision.policy || !decision.rule) return `its end-of-tier ${decision.action}`;
  return `${ruleText(decision.rule)} of ${policyLabel(decision.policy.origin)} (${decision.rule.origin.source.file}:${decision.rule.origin.source.line})`;
}

function ruleText(rule: IrRule): string {
  return `${rule.direction} rule ${rule.origin.index}`;
}
