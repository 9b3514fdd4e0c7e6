// What the network-policy rules share: the engine's analysis of the inputs (computed once per audit, and only when
// the inputs hold a network policy), what the engine answers about it, and the way back from compiled policies
// and endpoints to the objects a finding is reported on (and suppressed by).
import type { Endpoint, EndpointInventory, Protocol } from '../model/endpoint.js';
import type { SourceRef } from '../model/source.js';
import type { NetpolAnalysis } from '../netpol/analysis.js';
import type { IrPolicy, IrRule, IrTier, PolicyOrigin } from '../netpol/ir.js';
import { EVERY_ADDRESS, type RuleActivity, ruleActivity, withProbes } from '../netpol/lint-queries.js';
import { type ConnectivityMatrix, computeMatrix, type MatrixFrame, matrixFrame } from '../netpol/matrix.js';
import type { ObjectTarget } from './context.js';
import { dig, effectiveNamespace, type KubeObject, type Workload } from './k8s-objects.js';

/** Kinds of network-policy object (Kubernetes and Calico `NetworkPolicy` share the name). */
const POLICY_KINDS: ReadonlySet<string> = new Set([
  'NetworkPolicy',
  'GlobalNetworkPolicy',
  'CiliumNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'ClusterNetworkPolicy',
]);

/** One policy object of the inputs and the compiled policies it became (a Calico policy may become several). */
export interface SourcePolicy {
  readonly origin: PolicyOrigin;
  readonly tier: IrTier;
  readonly parts: readonly IrPolicy[];
  /** Its rules, each once, in the order the policy lists them. */
  readonly rules: readonly IrRule[];
}

/** A container port as the pod spec declares it. */
export interface ContainerPort {
  readonly port: number;
  readonly protocol: Protocol;
  readonly name?: string;
}

/** The network-policy view of one audit. */
export interface NetpolFacts {
  /** Whether the inputs hold a network policy of any dialect; the netpol rules report nothing otherwise. */
  readonly active: boolean;
  /** The inventory with a probe pod (no labels) in every namespace and in a namespace created later. */
  probedInventory(): EndpointInventory;
  /** The matrix over the probed inventory and the internet, and the frame (peers, atoms) it was computed over. */
  probedMatrix(): { readonly matrix: ConnectivityMatrix; readonly frame: MatrixFrame };
  /** What each rule matched and decided over the probed matrix. */
  activity(): ReadonlyMap<IrRule, RuleActivity>;
  /** The policy objects, in evaluation order of their first compiled policy. */
  sourcePolicies(): readonly SourcePolicy[];
  /** Where to report on a policy (its object; `pointer` relative to it), or undefined for built-in policies. */
  policyTarget(origin: PolicyOrigin, at?: SourceRef): ObjectTarget | undefined;
  /** Where to report on a Pod or workload. */
  endpointTarget(endpoint: Endpoint): ObjectTarget | undefined;
  /** Where to report on a namespace: its Namespace object, when the inputs declare it. */
  namespaceTarget(namespace: string): ObjectTarget | undefined;
  /** The ports an endpoint's containers (and sidecars) declare. */
  containerPorts(endpoint: Endpoint): readonly ContainerPort[];
}

function lazy<T>(compute: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    value ??= { v: compute() };
    return value.v;
  };
}

/** Builds the lint's view of an analysis; the matrix and the rule activity are computed when a rule asks. */
export function createNetpolFacts(
  analysis: NetpolAnalysis,
  objects: readonly KubeObject[],
  workloads: readonly Workload[],
): NetpolFacts {
  const active = objects.some((o) => POLICY_KINDS.has(o.kind));
  const probedInventory = lazy(() => withProbes(analysis.inventory));
  const probedMatrix = lazy(() => {
    const { model, hostPeers } = analysis;
    // The internet is a peer even when no policy names a CIDR, so rules on entities (`world`) are asked about it.
    const frame = matrixFrame(model, probedInventory(), hostPeers, [EVERY_ADDRESS]);
    return { matrix: computeMatrix(model, probedInventory(), hostPeers, { frame }), frame };
  });
  const activity = lazy(() => ruleActivity(analysis.model, probedMatrix().matrix));
  const sourcePolicies = lazy(() => groupPolicies(analysis.model.tiers));
  const objectAt = (source: SourceRef, match: (o: KubeObject) => boolean): KubeObject | undefined => {
    let best: KubeObject | undefined;
    for (const object of objects) {
      const start = object.at('');
      if (start.file !== source.file || start.line > source.line || !match(object)) continue;
      if (!best || start.line >= best.at('').line) best = object;
    }
    return best;
  };
  const targetIn = (object: KubeObject, at: SourceRef): ObjectTarget => {
    const base = object.at('').pointer ?? '';
    const pointer = at.pointer?.startsWith(base) ? at.pointer.slice(base.length) : '';
    return { object, pointer };
  };

  return {
    active,
    probedInventory,
    probedMatrix,
    activity,
    sourcePolicies,
    policyTarget(origin, at = origin.source) {
      const object = objectAt(
        origin.source,
        (o) =>
          o.kind === origin.kind &&
          o.name === origin.name &&
          (origin.namespace === undefined || effectiveNamespace(o) === origin.namespace),
      );
      return object ? targetIn(object, at) : undefined;
    },
    endpointTarget(endpoint) {
      const object = objects.find((o) => sameStart(o.at(''), endpoint.source));
      return object ? { object } : undefined;
    },
    namespaceTarget(namespace) {
      const object = objects.find((o) => o.kind === 'Namespace' && o.name === namespace);
      return object ? { object } : undefined;
    },
    containerPorts(endpoint) {
      const workload = workloads.find((w) => sameStart(w.object.at(''), endpoint.source));
      if (!workload) return [];
      const ports: ContainerPort[] = [];
      for (const container of workload.containers) {
        // Init containers serve only when they are sidecars (restartPolicy: Always); ephemeral ones never do.
        const serving =
          container.pointer.includes('/containers/') ||
          (container.pointer.includes('/initContainers/') &&
            dig(container.value, 'restartPolicy') === 'Always');
        const declared = dig(container.value, 'ports');
        if (!serving || !Array.isArray(declared)) continue;
        for (const entry of declared) {
          const port = dig(entry, 'containerPort');
          if (typeof port !== 'number') continue;
          const protocol = dig(entry, 'protocol');
          const name = dig(entry, 'name');
          ports.push({
            port,
            protocol: protocol === 'UDP' || protocol === 'SCTP' ? protocol : 'TCP',
            ...(typeof name === 'string' && name !== '' ? { name } : {}),
          });
        }
      }
      return ports;
    },
  };
}

function sameStart(a: SourceRef, b: SourceRef): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column;
}

/** Groups compiled policies by the object they came from (same kind, name, namespace and position). */
function groupPolicies(tiers: readonly IrTier[]): SourcePolicy[] {
  const groups = new Map<string, { origin: PolicyOrigin; tier: IrTier; parts: IrPolicy[] }>();
  for (const tier of tiers)
    for (const policy of tier.policies) {
      const { origin } = policy;
      const key = [
        origin.kind,
        origin.namespace ?? '',
        origin.name,
        origin.source.file,
        origin.source.line,
      ].join('\u0000');
      const group = groups.get(key);
      if (group) group.parts.push(policy);
      else groups.set(key, { origin, tier, parts: [policy] });
    }
  return [...groups.values()].map((g) => {
    const rules = [...new Set(g.parts.flatMap((p) => p.rules))].sort(
      (a, b) =>
        (a.direction === b.direction ? 0 : a.direction === 'ingress' ? -1 : 1) ||
        a.origin.index - b.origin.index ||
        a.origin.source.line - b.origin.source.line ||
        a.origin.source.column - b.origin.source.column,
    );
    return { ...g, rules };
  });
}

/** How a finding names a policy: `NetworkPolicy shop/api`, `GlobalNetworkPolicy deny-all`. */
export function policyLabel(origin: PolicyOrigin): string {
  return `${origin.kind} ${origin.namespace !== undefined ? `${origin.namespace}/` : ''}${origin.name}`;
}

/**
 * The rules of a policy as its author wrote them: compiled rules grouped by direction and index (a Kubernetes
 * rule with two peers compiles to two), in the policy's order.
 */
export function writtenRules(policy: SourcePolicy): IrRule[][] {
  const groups = new Map<string, IrRule[]>();
  for (const rule of policy.rules) {
    const key = `${rule.direction}/${rule.origin.index}`;
    groups.set(key, [...(groups.get(key) ?? []), rule]);
  }
  return [...groups.values()];
}

/** A few ids, then how many more: `a, b, c and 4 more`. */
export function listSome(ids: readonly string[], shown = 3): string {
  const head = ids.slice(0, shown).join(', ');
  return ids.length > shown ? `${head} and ${ids.length - shown} more` : head;
}
