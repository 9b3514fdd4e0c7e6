// The one evaluation algorithm for every dialect (see the header of ir.ts), over a set of port atoms at once,
// with an optional trace for explanations.
import type { SourceRef } from '../model/source.js';
import type {
  Direction,
  IrPolicy,
  IrRule,
  IrTier,
  L7Restriction,
  Peer,
  PolicyModel,
  Selector,
} from './ir.js';
import { describePorts, formatPortAtom, type PortAtom, portConditionCovers } from './ports.js';
import { matchesSelector } from './selector.js';

/** The verdict of one direction: `not-evaluated` when the side is not a cluster endpoint (no engine runs there). */
export type DirectionDecision = 'allow' | 'deny' | 'not-evaluated';

/** What one consulted policy or rule decided. */
export type TraceResult =
  | 'allow'
  | 'deny'
  | 'pass'
  | 'log'
  | 'no-match'
  | 'isolated'
  | 'default-deny'
  | 'default-pass'
  | 'not-selected';

/** One step of an explanation. */
export interface TraceStep {
  readonly tier: string;
  /** The policy (absent for the final default step). */
  readonly policy?: {
    readonly dialect: string;
    readonly kind: string;
    readonly namespace?: string;
    readonly name: string;
    readonly source: SourceRef;
    /** The policy's order or priority as its dialect names it (`order 10`, `priority 50`). */
    readonly precedence?: string;
  };
  /** Index of the rule in its direction's list in the source policy. */
  readonly rule?: number;
  readonly result: TraceResult;
  readonly reason: string;
}

/** Policies of each tier whose subject selects an endpoint; computed once per endpoint (or class). */
export type ApplyingPolicies = readonly (readonly IrPolicy[])[];

/** The policies of each tier (in model order) that select `subject`. */
export function applyingPolicies(model: PolicyModel, subject: Peer): ApplyingPolicies {
  return model.tiers.map((tier) => tier.policies.filter((p) => matchesSelector(p.subject, subject)));
}

/** Whether policies run on this side: only pods and hosts are policy subjects; external peers are not evaluated. */
export function isEvaluated(peer: Peer): boolean {
  return peer.kind === 'pod' || peer.kind === 'host';
}

/**
 * One atom leaving a tier: decided (`allow`, `deny`) or passed on (`pass`) by a rule, or by the tier's default
 * action when `rule` is absent. Lint asks this to tell which rule decides what (shadowing, passes, blame).
 */
export interface AtomDecision {
  readonly atom: number;
  readonly tier: IrTier;
  readonly policy?: IrPolicy;
  readonly rule?: IrRule;
  readonly action: 'allow' | 'deny' | 'pass';
}

/** Result of one direction over atoms, and the trace when asked for. */
export interface DirectionResult {
  /** False when the subject is outside the cluster: nothing was evaluated (and nothing denied). */
  readonly evaluated: boolean;
  /** 1 where the atom is denied. */
  readonly denied: Uint8Array;
  /**
   * Per allowed atom, the application-layer filters on it (Cilium L7, Calico HTTP match); undefined when the
   * connection is allowed unfiltered. A later allow of the same tier without filters lifts them, as Cilium merges
   * L4-only and L7 allows for one peer and port.
   */
  readonly l7: readonly (readonly L7Restriction[] | undefined)[];
  readonly trace?: TraceStep[];
}

/** The decision on one atom of a direction's result. */
export function decisionAt(result: DirectionResult, atom: number): DirectionDecision {
  if (!result.evaluated) return 'not-evaluated';
  return result.denied[atom] === 1 ? 'deny' : 'allow';
}

/** Options of `evaluateDirection`. */
export interface EvaluateOptions {
  /** The subject's applying policies, when already known (the matrix computes them once per class). */
  readonly applying?: ApplyingPolicies;
  /** Whether a rule's peer selector matches the other side, when already known (defaults to evaluating it). */
  readonly peerMatches?: (peer: Selector) => boolean;
  readonly trace?: boolean;
  /** Called, in evaluation order, each time an atom leaves a tier. */
  readonly onDecision?: (decision: AtomDecision) => void;
}

const UNDECIDED = 0;
const ALLOW = 1;
const DENY = 2;

/**
 * Evaluates one direction for `subject` (the source for egress, the destination for ingress) against `other`,
 * on each atom. Tiers in order; in each tier the applying policies by order and their rules of this direction
 * in list order: the first allow or deny is final, pass leaves the tier, log goes on. A tier that ends without
 * a verdict applies its default action when an applying policy isolates the direction. After the last tier,
 * whatever is undecided is allowed.
 */
export function evaluateDirection(
  model: PolicyModel,
  direction: Direction,
  subject: Peer,
  other: Peer,
  atoms: readonly PortAtom[],
  options: EvaluateOptions = {},
): DirectionResult {
  if (!isEvaluated(subject)) {
    return {
      evaluated: false,
      denied: new Uint8Array(atoms.length),
      l7: [],
      ...(options.trace
        ? {
            trace: [
              {
                tier: '-',
                result: 'not-selected' as const,
                reason: `${subject.id} is outside the cluster: no policy engine evaluates its ${direction}`,
              },
            ],
          }
        : {}),
    };
  }
  const destination = direction === 'ingress' ? subject : other;
  const applying = options.applying ?? applyingPolicies(model, subject);
  const peerMatches = options.peerMatches ?? ((selector: Selector) => matchesSelector(selector, other));
  const state = new Uint8Array(atoms.length);
  const l7: (L7Restriction[] | undefined)[] = [];
  const trace: TraceStep[] | undefined = options.trace ? [] : undefined;

  model.tiers.forEach((tier, tierIndex) => {
    const policies = applying[tierIndex] ?? [];
    if (policies.length === 0) return;
    // Atoms still open in this tier (undecided and not passed out of it).
    const open = new Uint8Array(atoms.length);
    let openCount = 0;
    for (let i = 0; i < atoms.length; i++)
      if (state[i] === UNDECIDED) {
        open[i] = 1;
        openCount++;
      }
    if (openCount === 0) return;
    // Atoms an allow with application-layer filters decided in this tier: later allows may widen them.
    const filtered = new Uint8Array(atoms.length);
    let filteredCount = 0;
    let isolating = false;
    for (const policy of policies) {
      if (policy.isolates.includes(direction)) isolating = true;
      if (trace && policy.isolates.includes(direction)) {
        trace.push(
          step(tier, policy, undefined, 'isolated', `selects ${subject.id} and isolates its ${direction}`),
        );
      }
      let rulesInDirection = 0;
      for (const rule of policy.rules) {
        if (rule.direction !== direction) continue;
        rulesInDirection++;
        if (openCount === 0 && filteredCount === 0) break;
        if (!peerMatches(rule.peer)) {
          trace?.push(
            step(
              tier,
              policy,
              rule,
              'no-match',
              `${rule.origin.summary}: ${other.id} is not a matching peer`,
            ),
          );
          continue;
        }
        let matched = false;
        for (let i = 0; i < atoms.length; i++) {
          if (open[i] === 0 && (filtered[i] === 0 || rule.action !== 'allow')) continue;
          if (!portConditionCovers(rule.ports, atoms[i]!, destination)) continue;
          if (open[i] === 0) {
            // Another allow for this peer and port: its filters add up, and an unfiltered one lifts them.
            if (rule.l7?.length) l7[i] = [...l7[i]!, ...rule.l7];
            else {
              l7[i] = undefined;
              filtered[i] = 0;
              filteredCount--;
            }
            continue;
          }
          matched = true;
          if (rule.action === 'log') continue;
          open[i] = 0;
          openCount--;
          if (rule.action === 'allow') {
            state[i] = ALLOW;
            if (rule.l7?.length) {
              l7[i] = [...rule.l7];
              filtered[i] = 1;
              filteredCount++;
            }
          } else if (rule.action === 'deny') state[i] = DENY;
          // pass: the atom leaves this tier undecided.
          options.onDecision?.({ atom: i, tier, policy, rule, action: rule.action });
        }
        if (trace) {
          trace.push(
            matched
              ? step(tier, policy, rule, rule.action, `${rule.origin.summary}: matches${l7Note(rule)}`)
              : step(
                  tier,
                  policy,
                  rule,
                  'no-match',
                  `${rule.origin.summary}: ${portMismatch(rule, atoms, destination)}`,
                ),
          );
        }
      }
      if (trace && rulesInDirection === 0 && policy.isolates.includes(direction)) {
        trace.push(
          step(tier, policy, undefined, 'no-match', `has no ${direction} rules: allows no ${direction}`),
        );
      }
    }
    if (!isolating || openCount === 0) return;
    for (let i = 0; i < atoms.length; i++) {
      if (open[i] === 0) continue;
      if (tier.defaultAction === 'deny') state[i] = DENY;
      options.onDecision?.({ atom: i, tier, action: tier.defaultAction });
    }
    trace?.push({
      tier: tier.name,
      result: tier.defaultAction === 'deny' ? 'default-deny' : 'default-pass',
      reason:
        tier.defaultAction === 'deny'
          ? `${subject.id} is isolated for ${direction} and no rule of tier ${tier.name} allows this connection`
          : `no rule of tier ${tier.name} decided: passed to the next tier`,
    });
  });

  if (trace && state.some((s) => s === UNDECIDED)) {
    // Policies that selected the subject but neither isolate nor rule this direction do not count as consulted.
    const consulted = applying.some((policies) =>
      policies.some((p) => p.isolates.includes(direction) || p.rules.some((r) => r.direction === direction)),
    );
    trace.push({
      tier: '-',
      result: 'allow',
      reason: consulted
        ? `no rule decided and no tier isolates ${subject.id} for ${direction} at this point: allowed by default`
        : `no policy selects ${subject.id} for ${direction}${subject.kind === 'host' ? ' (host network: Kubernetes NetworkPolicy does not apply)' : ''}: allowed by default`,
    });
  }
  return {
    evaluated: true,
    denied: state.map((s) => (s === DENY ? 1 : 0)),
    l7,
    ...(trace ? { trace } : {}),
  };
}

function step(
  tier: IrTier,
  policy: IrPolicy,
  rule: IrRule | undefined,
  result: TraceResult,
  reason: string,
): TraceStep {
  return {
    tier: tier.name,
    policy: {
      dialect: policy.origin.dialect,
      kind: policy.origin.kind,
      ...(policy.origin.namespace !== undefined ? { namespace: policy.origin.namespace } : {}),
      name: policy.origin.name,
      source: rule?.origin.source ?? policy.origin.source,
      ...(policy.origin.precedence !== undefined ? { precedence: policy.origin.precedence } : {}),
    },
    ...(rule ? { rule: rule.origin.index } : {}),
    result,
    reason,
  };
}

function l7Note(rule: IrRule): string {
  return rule.l7?.length ? ` (restricted to ${rule.l7.map((r) => r.description).join('; ')})` : '';
}

/** Why a rule whose peer matched did not cover the port: a named port missing on the destination, or another port. */
function portMismatch(rule: IrRule, atoms: readonly PortAtom[], destination: Peer): string {
  const atom = atoms[0];
  const ports = describePorts(rule.ports);
  if (!atom) return `port mismatch (rule: ${ports})`;
  // Named ports of the rule that the destination does not declare for the rule's protocol.
  const missing = (rule.ports.include ?? []).flatMap((m) => {
    if (!('named' in m) || (m.protocol !== 'any' && m.protocol !== atom.protocol)) return [];
    if (
      destination.namedPorts.some(
        (p) => p.name === m.named && (m.protocol === 'any' || p.protocol === m.protocol),
      )
    )
      return [];
    const declared = destination.namedPorts
      .filter((p) => p.name === m.named)
      .map((p) => `${p.protocol}/${p.port}`);
    return [
      declared.length > 0
        ? `named port "${m.named}" is declared on ${destination.id} only as ${declared.join(', ')}, not for ${m.protocol}`
        : `named port "${m.named}" is not declared on ${destination.id}`,
    ];
  });
  const mismatch = `port mismatch: the rule covers ${ports}, not ${formatPortAtom(atom)}`;
  return missing.length > 0 ? `${missing.join('; ')}; ${mismatch}` : mismatch;
}
