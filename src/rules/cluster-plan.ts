// Turns a cluster definition into the planner's input, so the plan rules ask the planner rather than size anything.
import {
  type AgentPool,
  type Cluster,
  findSubnet,
  isUnknown,
  type Known,
  type Subnet,
} from '../model/cluster.js';
import {
  checkMaxSurge,
  DEFAULT_MAX_SURGE,
  type PlanInput,
  type PlanNetwork,
  type PlanResult,
  type PluginName,
  planNetwork,
  resolveMaxSurge,
} from '../plan/index.js';
import { AZURE_LB_INTERNAL_SUBNET, isInternalLoadBalancer, isLoadBalancerService } from './azure-service.js';
import type { KubeObject } from './k8s-objects.js';

/** One planner run for the node pools sharing a node subnet, with where each plan key is in the definition. */
export interface ClusterPlan {
  readonly result: PlanResult;
  readonly plugin: PluginName;
  /** Model path of a plan key (`nodeSubnet`, `serviceCidr`, …) or of the pools when a problem names none. */
  pathOf(subject: string | undefined): string;
}

/** The planner's name for the cluster's network model, or undefined for bring-your-own CNI or unknown values. */
export function plannerPlugin(cluster: Cluster, pools: readonly AgentPool[]): PluginName | undefined {
  const { plugin, pluginMode, dataplane } = cluster.network;
  if (plugin === undefined || isUnknown(plugin) || plugin === 'none') return undefined;
  if (plugin === 'kubenet') return 'kubenet';
  if (isUnknown(pluginMode) || isUnknown(dataplane)) return undefined;
  if (dataplane?.toLowerCase() === 'cilium') return 'azure-cilium';
  if (pluginMode?.toLowerCase() === 'overlay') return 'azure-overlay';
  return pools.some((p) => typeof p.podSubnetId === 'string') ? 'azure-dynamic' : 'azure';
}

/** The planner's sizing problems, which depend on the pools' counts, maxPods and surge. */
const SIZING_CODES: ReadonlySet<string> = new Set(['subnet-too-small', 'limit-exceeded']);

/**
 * Plans each group of node pools that share a node subnet (pools whose subnet is defined elsewhere form one group
 * without a node subnet CIDR). Returns nothing for a group whose node counts are unknown at analysis time. A range
 * or pool setting unknown at analysis time is not given to the planner, which would put its default in its place:
 * the problems that involve it are left out rather than reported against a value the definition does not have.
 */
export function planCluster(cluster: Cluster, objects: readonly KubeObject[]): ClusterPlan[] {
  const groups = new Map<string, { subnet: Subnet | undefined; pools: AgentPool[] }>();
  for (const pool of cluster.agentPools) {
    const subnet = findSubnet(cluster, pool.vnetSubnetId);
    const key = subnet?.path ?? '';
    const group = groups.get(key) ?? { subnet, pools: [] };
    group.pools.push(pool);
    groups.set(key, group);
  }
  const plans: ClusterPlan[] = [];
  for (const { subnet, pools } of groups.values()) {
    const plugin = plannerPlugin(cluster, pools);
    const counts = poolCounts(pools);
    if (!plugin || !counts) continue;
    const podSubnet = pools.map((p) => findSubnet(cluster, p.podSubnetId)).find((s) => s !== undefined);
    const vnet = cluster.virtualNetworks.find((v) => v.name === subnet?.vnetName);
    const network: PlanNetwork = {
      ...firstPrefix('nodeSubnet', subnet?.addressPrefixes),
      ...firstPrefix('podSubnet', podSubnet?.addressPrefixes),
      ...firstPrefix('vnet', vnet?.addressSpace),
      ...text('podCidr', cluster.network.podCidr),
      ...text('serviceCidr', cluster.network.serviceCidr),
      ...text('dnsServiceIP', cluster.network.dnsServiceIP),
      ...text('dockerBridgeCidr', cluster.network.dockerBridgeCidr),
    };
    const maxPods = pools.map((p) => p.maxPods).filter((m): m is number => typeof m === 'number');
    const input: PlanInput = {
      name: cluster.name,
      plugin,
      nodes: counts.nodes,
      maxNodes: counts.peak,
      // Each pool surges by its own setting, resolved by the planner's rule; the plan gets the sum as a count.
      maxSurge: { kind: 'count', value: counts.surge },
      // Pools on one subnet may differ; the largest maxPods is the one that must fit.
      ...(maxPods.length > 0 ? { maxPods: Math.max(...maxPods) } : {}),
      // Internal load balancers without a subnet annotation take their front-end IP from the node subnet.
      internalLoadBalancers: objects.filter(
        (o) =>
          isLoadBalancerService(o) && isInternalLoadBalancer(o) && !o.annotations[AZURE_LB_INTERNAL_SUBNET],
      ).length,
      network,
    };
    const unknownKeys = new Set(
      Object.entries({
        nodeSubnet: subnet?.addressPrefixes,
        podSubnet: podSubnet?.addressPrefixes,
        vnet: vnet?.addressSpace,
        podCidr: cluster.network.podCidr,
        serviceCidr: cluster.network.serviceCidr,
        dnsServiceIP: cluster.network.dnsServiceIP,
        dockerBridgeCidr: cluster.network.dockerBridgeCidr,
      }).flatMap(([key, value]) => (isUnknown(value) ? [key] : [])),
    );
    const sizingUnknown = pools.some(
      (p) =>
        isUnknown(p.maxPods) ||
        isUnknown(p.maxSurge) ||
        isUnknown(p.maxCount) ||
        isUnknown(p.enableAutoScaling),
    );
    const result = planNetwork(input);
    const paths: Record<string, string> = {
      nodeSubnet: `${subnet?.path}/addressPrefixes`,
      podSubnet: `${podSubnet?.path}/addressPrefixes`,
      vnet: `${vnet?.path}/addressSpace`,
      podCidr: 'network/podCidr',
      serviceCidr: 'network/serviceCidr',
      dnsServiceIP: 'network/dnsServiceIP',
      dockerBridgeCidr: 'network/dockerBridgeCidr',
    };
    plans.push({
      result: {
        ...result,
        problems: result.problems.filter(
          (problem) =>
            !problem.subjects.some((subject) => unknownKeys.has(subject)) &&
            !(sizingUnknown && SIZING_CODES.has(problem.code)),
        ),
      },
      plugin,
      pathOf: (subject) => (subject && paths[subject]) || (pools[0]?.path ?? 'network'),
    });
  }
  return plans;
}

/** Node counts of a group of pools: today, at the autoscaler maximum, and the upgrade surge at that size. */
function poolCounts(pools: readonly AgentPool[]): { nodes: number; peak: number; surge: number } | undefined {
  let nodes = 0;
  let peak = 0;
  let surge = 0;
  for (const pool of pools) {
    const count = known(pool.count) ?? known(pool.minCount);
    if (count === undefined) return undefined;
    const max = known(pool.enableAutoScaling) === true ? (known(pool.maxCount) ?? count) : count;
    const written = known(pool.maxSurge);
    const parsed = written === undefined ? undefined : checkMaxSurge(written);
    const setting = parsed && 'value' in parsed ? parsed.value : DEFAULT_MAX_SURGE;
    nodes += count;
    peak += Math.max(max, count);
    surge += resolveMaxSurge(setting, Math.max(max, count));
  }
  return pools.length > 0 ? { nodes, peak, surge } : undefined;
}

function known<T>(value: Known<T> | undefined): T | undefined {
  return value === undefined || isUnknown(value) ? undefined : value;
}

function firstPrefix(
  key: keyof PlanNetwork,
  prefixes: Known<readonly string[]> | undefined,
): Partial<PlanNetwork> {
  const first = known(prefixes)?.[0];
  return first === undefined ? {} : { [key]: first };
}

function text(key: keyof PlanNetwork, value: Known<string> | undefined): Partial<PlanNetwork> {
  const known_ = known(value);
  return known_ === undefined ? {} : { [key]: known_ };
}
