// The planner: sizes every plugin, checks the ranges, recommends a plugin, and reports what binds.
import { cidrSize } from '../net/ip.js';
import { checkNetwork, type PlanRange, parseNetwork, problem } from './checks.js';
import { recommendPlugin } from './recommend.js';
import { countNodes, SIZERS, type SizingInput } from './sizing.js';
import {
  PLAN_SCHEMA_VERSION,
  PLUGINS,
  type PlanInput,
  type PlanOption,
  type PlanProblem,
  type PlanResult,
  type PluginName,
  PROBLEM_SEVERITIES,
} from './types.js';

/** Plugins that give pods a private pod CIDR (with the Cilium dataplane, when it runs on overlay IPAM). */
const POD_CIDR_PLUGINS: ReadonlySet<PluginName> = new Set(['kubenet', 'azure-overlay', 'azure-cilium']);

/** Plugins without Windows node pools: kubenet (configure-kubenet) and the Cilium dataplane (azure-cni-powered-by-cilium). */
const LINUX_ONLY: ReadonlySet<PluginName> = new Set(['kubenet', 'azure-cilium']);

/** Capacity limits of a given range: the range's `fits: false` already reports their excess. */
const REPORTED_AS_FIT: ReadonlySet<string> = new Set([
  'node-subnet-node-capacity',
  'pod-subnet-node-capacity',
  'pod-cidr-node-capacity',
]);

/** Limits whose excess is likely trouble rather than a plan AKS refuses (the pod limit is approximate). */
const SOFT_LIMITS: ReadonlySet<string> = new Set(['pod-capacity', 'dynamic-allocation-pods']);

/**
 * Plans a cluster's network: every requested plugin sized (all five when `plugin` is `all` or unset), the CIDR
 * problems of the plan's ranges, and the recommended plugin with its reasons. Sizing problems (a subnet too small,
 * a limit exceeded) are reported for the requested plugin, or for the recommended one when all are shown.
 */
export function planNetwork(input: PlanInput): PlanResult {
  const counts = countNodes(input.nodes, input.maxNodes, input.maxSurge);
  const selected: PluginName[] =
    input.plugin === undefined || input.plugin === 'all' ? [...PLUGINS] : [input.plugin];
  const usesPodCidr = selected.some((p) => POD_CIDR_PLUGINS.has(p));
  const network = parseNetwork(input.network ?? {}, usesPodCidr);
  const own = (key: string): PlanRange | undefined =>
    network.ranges.find((r) => r.subject === key && r.kind !== 'connected');
  const pods = input.pods ?? 0;
  const nodeSubnet = own('nodeSubnet');
  const podSubnet = own('podSubnet');
  const podCidr = own('podCidr');
  const sizing: SizingInput = {
    counts,
    pods,
    internalLoadBalancers: input.internalLoadBalancers ?? 0,
    ...(input.maxPods !== undefined ? { maxPods: input.maxPods } : {}),
    ...(nodeSubnet ? { nodeSubnet } : {}),
    ...(podSubnet ? { podSubnet } : {}),
    ...(podCidr ? { podCidr } : {}),
  };
  const sized = Object.fromEntries(PLUGINS.map((p) => [p, SIZERS[p](sizing)])) as Record<
    PluginName,
    PlanOption
  >;
  const vnet = own('vnet');
  const recommendation = recommendPlugin({
    counts,
    pods,
    requirements: input.requirements ?? {},
    options: sized,
    ...(vnet ? { vnetAddresses: Number(cidrSize(vnet.cidr)) } : {}),
  });

  const problems: PlanProblem[] = [...checkNetwork(network)];
  if (input.maxNodes !== undefined && input.maxNodes < input.nodes)
    problems.push(
      problem(
        'max-nodes-below-nodes',
        'warning',
        `maxNodes ${input.maxNodes} is below nodes ${input.nodes}; the plan sizes for ${input.nodes} nodes`,
        [],
      ),
    );
  if (input.network?.podCidr !== undefined && !usesPodCidr)
    problems.push(
      problem(
        'pod-cidr-unused',
        'info',
        `podCidr ${input.network.podCidr} is only used by kubenet, Overlay and Cilium on overlay; ${selected.join(', ')} give pods VNet IPs, so it is not checked`,
        ['podCidr'],
      ),
    );
  const targets = selected.length === 1 ? selected : [recommendation.plugin];
  for (const plugin of targets) problems.push(...sizingProblems(sized[plugin]));
  for (const plugin of targets.filter((p) => LINUX_ONLY.has(p) && input.requirements?.windows))
    problems.push({
      ...problem(
        'windows-unsupported',
        'error',
        `${plugin} runs Linux node pools only, and the plan needs Windows node pools; use Azure CNI Overlay (or a pod subnet)`,
        [],
      ),
      plugin,
    });

  return {
    // The contract's fields first, in its order; additions after.
    schemaVersion: PLAN_SCHEMA_VERSION,
    options: selected.map((p) => sized[p]),
    problems: sortProblems(problems),
    recommendation,
    ...(input.name !== undefined ? { name: input.name } : {}),
    counts,
    pods,
    internalLoadBalancers: sizing.internalLoadBalancers,
  };
}

/** A requested (or recommended) plugin whose subnets do not fit, or whose limits are exceeded. */
function sizingProblems(option: PlanOption): PlanProblem[] {
  const out: PlanProblem[] = [];
  for (const subnet of option.subnets) {
    if (subnet.fits !== false) continue;
    out.push({
      ...problem(
        'subnet-too-small',
        'error',
        `${option.plugin}: ${subnet.key} ${subnet.cidr}${subnet.defaulted ? ' (AKS default)' : ''} holds ${subnet.requiredIPs + (subnet.headroom ?? 0)} usable addresses, ${subnet.role} need ${subnet.requiredIPs} (${subnet.formula}); use a /${subnet.minimumPrefixLength} or larger`,
        [subnet.key],
      ),
      plugin: option.plugin,
    });
  }
  for (const limit of option.limits) {
    if (!limit.exceeded || REPORTED_AS_FIT.has(limit.code)) continue;
    out.push({
      ...problem(
        'limit-exceeded',
        SOFT_LIMITS.has(limit.code) ? 'warning' : 'error',
        `${option.plugin}: ${limit.description}: the plan has ${limit.planned}, ${limit.minimum !== undefined ? `allowed ${limit.minimum} to ${limit.limit}` : `the limit is ${limit.limit}`} (${limit.code}; ${limit.source})`,
        [],
      ),
      plugin: option.plugin,
    });
  }
  if (option.plugin === 'kubenet')
    out.push({
      ...problem(
        'kubenet-retiring',
        'warning',
        'kubenet retires on 2028-03-31 and is not offered for new clusters in the portal; plan Azure CNI Overlay instead',
        [],
      ),
      plugin: option.plugin,
    });
  return out;
}

/** Errors first, then by code, subjects and message, so output is deterministic. */
function sortProblems(problems: readonly PlanProblem[]): PlanProblem[] {
  const rank = (p: PlanProblem) => PROBLEM_SEVERITIES.indexOf(p.severity);
  return [...problems].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      a.code.localeCompare(b.code) ||
      a.subjects.join(',').localeCompare(b.subjects.join(',')) ||
      a.message.localeCompare(b.message),
  );
}
