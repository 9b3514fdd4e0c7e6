// Reports rules and whole policies whose removal changes no answer: the engine recomputes the matrix without them.
import type { IrPolicy, IrRule } from '../../netpol/ir.js';
import { canMatch, sameAnswers, withoutParts } from '../../netpol/lint-queries.js';
import { matchesSelector } from '../../netpol/selector.js';
import { dedent, defineRule } from '../define-rule.js';
import { policyLabel, writtenRules } from '../netpol-facts.js';

export const netpolNoRedundant = defineRule({
  id: 'netpol-no-redundant',
  title: 'Every rule and policy changes an answer',
  category: 'network-policy',
  defaultSeverity: 'low',
  docs: {
    summary:
      'Reports rules and whole policies that can be removed without changing who can reach whom on which port: what they allow is allowed anyway, or denied at the other end.',
    rationale: dedent`
      Redundant policy is not harmless: reviewers read it as intent, and when the rule that really decides is
      changed, the redundant one quietly keeps the old behaviour, or quietly does not. A redundant allow often
      means two teams wrote the same exception; an egress allow that the destination's ingress never accepts is
      a connection that was meant to work and does not.

      aksguard recomputes the connectivity matrix without the rule (or the policy) and compares every answer:
      every pair of endpoints, on every port range some rule distinguishes, including a pod added later without
      labels in every namespace (so a default deny is not redundant just because today's pods are covered by
      other policies). Rules that another rule shadows with the opposite verdict are reported by
      netpol-no-shadowed-rule instead, and selectors that match nothing by netpol-no-unmatched-selector.
    `,
    remediation: {
      kubernetes: dedent`
        # Delete the redundant rule or policy; keep the one that decides.
      `,
    },
    whenNotToUse:
      'When the duplicate is deliberate, e.g. a Kubernetes policy kept beside a Calico or admin policy during a migration.',
    references: [
      'https://github.com/np-guard/network-config-analyzer/blob/master/docs/SchemeFileFormat.md',
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
    ],
  },
  equivalents: {},
  messages: {
    policy:
      '{{policy}} is redundant: removing it changes no connection between the endpoints of the inputs. Delete it, or keep it with a suppression saying why.',
    rule: '{{rule}} of {{policy}} is redundant: removing it changes no connection between the endpoints of the inputs. Delete the rule.',
  },
  examples: {
    valid: [
      dedent`
        apiVersion: v1
        kind: Pod
        metadata: {name: api, namespace: shop, labels: {app: api}}
        spec: {containers: [{name: api, image: api}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop, labels: {app: web}}
        spec: {containers: [{name: web, image: web}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: api, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: api}}
          ingress:
            - from: [{podSelector: {matchLabels: {app: web}}}]
              ports: [{port: 8080}]
      `,
    ],
    invalid: [
      {
        input: dedent`
          apiVersion: v1
          kind: Pod
          metadata: {name: api, namespace: shop, labels: {app: api}}
          spec: {containers: [{name: api, image: api}]}
          ---
          apiVersion: v1
          kind: Pod
          metadata: {name: web, namespace: shop, labels: {app: web}}
          spec: {containers: [{name: web, image: web}]}
          ---
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: api, namespace: shop}
          spec:
            podSelector: {matchLabels: {app: api}}
            ingress:
              - from: [{podSelector: {matchLabels: {app: web}}}]
              - from: [{podSelector: {matchLabels: {app: web}}}]
                ports: [{port: 8080}]
          ---
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: api-again, namespace: shop}
          spec:
            podSelector: {matchLabels: {app: api}}
            ingress:
              - from: [{podSelector: {matchLabels: {app: web}}}]
        `,
        reports: [
          { messageId: 'rule', line: 18 },
          { messageId: 'policy', line: 21 },
        ],
      },
    ],
  },
  check(ctx) {
    const { netpol } = ctx;
    if (!netpol.active) return;
    const { model } = netpol.analysis;
    const { matrix, frame } = netpol.probedMatrix();
    const inventory = netpol.probedInventory();
    const activity = netpol.activity();
    const peers = frame.peers;
    // Greedy, latest first: once a part is found redundant it stays removed, so of two duplicates only the later
    // one is reported (each alone would look redundant while the other is there).
    const removed = { policies: new Set<IrPolicy>(), rules: new Set<IrRule>() };
    const stillAnswers = (extra: { policies?: readonly IrPolicy[]; rules?: readonly IrRule[] }): boolean => {
      const policies = new Set([...removed.policies, ...(extra.policies ?? [])]);
      const rules = new Set([...removed.rules, ...(extra.rules ?? [])]);
      if (!sameAnswers(matrix, withoutParts(model, { policies, rules }), inventory, frame)) return false;
      removed.policies = policies;
      removed.rules = rules;
      return true;
    };
    for (const source of [...netpol.sourcePolicies()].reverse()) {
      const target = netpol.policyTarget(source.origin);
      if (!target) continue;
      // A policy that selects nothing is netpol-no-unmatched-selector's (or contradictory-selector's) finding.
      if (
        !source.parts.some(
          (p) => canMatch(p.subject) && peers.some((peer) => matchesSelector(p.subject, peer)),
        )
      )
        continue;
      const policy = policyLabel(source.origin);
      const shadowed = (rule: IrRule): boolean => {
        const used = activity.get(rule);
        return used?.decided === false && used.preemptedBy.some((d) => d.action !== rule.action);
      };
      // A policy whose every rule matches nothing, is shadowed by the opposite verdict or passes to nothing: the
      // other rules say why.
      const unused = (rule: IrRule): boolean => {
        const used = activity.get(rule);
        const passesNowhere = rule.action === 'pass' && used?.decided === true && !used.passedOn;
        return used?.matched !== true || shadowed(rule) || passesNowhere;
      };
      const deciding = source.rules.filter((r) => r.action !== 'log');
      if (deciding.length > 0 && deciding.every(unused)) continue;
      if (stillAnswers({ policies: source.parts })) {
        ctx.report('policy', target, { policy });
        continue;
      }
      for (const written of writtenRules(source).reverse()) {
        const rule = written[0]!;
        if (rule.action === 'log') continue;
        const used = written.map((r) => activity.get(r));
        // Never matched: another rule's finding. Shadowed by the opposite verdict: netpol-no-shadowed-rule's.
        if (!used.some((a) => a?.matched)) continue;
        if (written.every(shadowed)) continue;
        if (stillAnswers({ rules: written }))
          ctx.report('rule', netpol.policyTarget(source.origin, rule.origin.source) ?? target, {
            rule: `${rule.direction} rule ${rule.origin.index}`,
            policy,
          });
      }
    }
  },
});
