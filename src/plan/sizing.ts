// IP sizing per network plugin: one function per AKS network model, each citing its formula and source.
import { type Cidr, cidrSize } from '../net/ip.js';
import { SOURCES } from './sources.js';
import {
  AZURE_RESERVED_IPS_PER_SUBNET,
  fitInCidr,
  minimumRangePrefix,
  minimumSubnetPrefix,
} from './subnets.js';
import type {
  MaxSurge,
  NetworkKey,
  NodeCounts,
  PlanLimit,
  PlanOption,
  PluginName,
  SubnetPlan,
  SubnetRole,
} from './types.js';

/** AKS's default maxSurge for every cluster from Kubernetes 1.32 (AKS changelog 2025-03-16; API default "10%"). */
export const DEFAULT_MAX_SURGE: MaxSurge = { kind: 'percent', value: 10 };

/** Overlay and kubenet give every node a fixed /24 of the pod CIDR (concepts-network-azure-cni-overlay, configure-kubenet). */
const POD_CIDR_ADDRESSES_PER_NODE = 256;

/** Dynamic allocation hands pod IPs to nodes in batches of 16 (concepts-network-azure-cni-pod-subnet). */
const DYNAMIC_ALLOCATION_BATCH = 16;

/**
 * A node asks for another batch when fewer than 8 of its IPs are unallocated (concepts-network-azure-cni-pod-subnet),
 * so it keeps at least 8 free: Azure CNS asks for `16 × ⌈0.5 + used / 16⌉` IPs, at most 250 per node
 * (Azure/azure-container-networking docs/feature/subnet-scarcity/phase-2/2-scalingmath.md, cns/ipampool/v2).
 */
const DYNAMIC_ALLOCATION_MIN_FREE = 8;
const DYNAMIC_ALLOCATION_MAX_PER_NODE = 250;

/** Dynamic allocation supports pod subnets up to a /16 (configure-azure-cni-dynamic-ip-allocation). */
const DYNAMIC_POD_SUBNET_MAX_ADDRESSES = 65_536;

/** About 65,000 pods with VNet IPs per cluster: the Azure address-mapping limit (configure-azure-cni-dynamic-ip-allocation). */
const DYNAMIC_POD_SUBNET_MAX_PODS = 65_000;

/** AKS's max pods per node: 10 to 250 on every plugin (concepts-network-ip-address-planning). */
const MAX_PODS_RANGE = { min: 10, max: 250 } as const;

/**
 * The lowest max pods is 10 only if each node pool has room for at least 30 pods, so system pods fit: a pool of
 * one node needs 30, of two 15, of three or more 10 (concepts-network-ip-address-planning).
 */
const MIN_PODS_PER_POOL = 30;

/** A CIDR given in the plan (or AKS's default for it), parsed. */
export interface GivenRange {
  readonly cidr: Cidr;
  readonly text: string;
  readonly defaulted: boolean;
}

/** What every sizing function reads. */
export interface SizingInput {
  readonly counts: NodeCounts;
  readonly pods: number;
  readonly internalLoadBalancers: number;
  /** Max pods per node as the plan sets it; each plugin falls back to its AKS default. */
  readonly maxPods?: number;
  readonly nodeSubnet?: GivenRange;
  readonly podSubnet?: GivenRange;
  readonly podCidr?: GivenRange;
}

/**
 * maxSurge as AKS reads it: a percentage is of the pool's node count, fractions rounded up; a count, or a
 * percentage, above the nodes to upgrade surges only as many nodes as the pool has (API
 * `AgentPoolUpgradeSettings.maxSurge`, upgrade-aks-node-pools-rolling).
 */
export function resolveMaxSurge(maxSurge: MaxSurge, poolNodes: number): number {
  const surge = maxSurge.kind === 'count' ? maxSurge.value : Math.ceil((maxSurge.value * poolNodes) / 100);
  return Math.min(surge, poolNodes);
}

/** Text of a maxSurge as AKS writes it (`2`, `33%`). */
function formatMaxSurge(maxSurge: MaxSurge): string {
  return maxSurge.kind === 'count' ? String(maxSurge.value) : `${maxSurge.value}%`;
}

/**
 * The nodes to plan for: the autoscaler maximum plus the upgrade surge of a pool at that size
 * (`n + extraScaleNodes + maxSurge`, concepts-network-ip-address-planning). The surge percentage is taken of
 * the peak pool size, because an upgrade may start while the autoscaler has the pool at its maximum; without a
 * maxSurge, AKS's default 10% applies.
 */
export function countNodes(nodes: number, maxNodes?: number, maxSurge?: MaxSurge): NodeCounts {
  const peakNodes = Math.max(nodes, maxNodes ?? nodes);
  const surge = maxSurge ?? DEFAULT_MAX_SURGE;
  const surgeNodes = resolveMaxSurge(surge, peakNodes);
  return {
    nodes,
    peakNodes,
    surgeNodes,
    plannedNodes: peakNodes + surgeNodes,
    maxSurge: formatMaxSurge(surge),
    ...(maxSurge === undefined ? { maxSurgeDefaulted: true as const } : {}),
  };
}

/**
 * kubenet: nodes get VNet IPs, pods a /24 each of a private pod CIDR routed by a route table.
 * Node subnet `IPs = nodes + surge + scale-out nodes + internal LB services` (the 2021 talk; configure-kubenet);
 * pod CIDR `(nodes + surge) × 256`. Limits: 400 nodes (one route per node, route table limit), max pods 10–250
 * (default 110).
 */
export function sizeKubenet(input: SizingInput): PlanOption {
  const maxPods = input.maxPods ?? 110;
  const { plannedNodes } = input.counts;
  return {
    plugin: 'kubenet',
    subnets: [nodeSubnet(input), podCidr(input)],
    limits: [
      limit(
        'kubenet-route-table-nodes',
        'nodes in a kubenet cluster: one route per node in a route table of at most 400 routes',
        400,
        plannedNodes,
        SOURCES.kubenet,
      ),
      ...podCidrNodeCapacity(input, SOURCES.kubenet),
      maxPodsLimit(input, maxPods, 110),
      podCapacity(input, maxPods),
    ],
    title: 'kubenet (legacy; retiring 2028-03-31)',
    maxPods,
    explanation: [
      `Node subnet: ${NODE_SUBNET_RULE} (talk's kubenet formula; ${SOURCES.kubenet}).`,
      `Pod CIDR: a private range, one /24 per node, so it must cover ${plannedNodes} nodes × 256 addresses (${SOURCES.kubenet}).`,
      `kubenet is retiring: no new clusters should use it; end of support 2028-03-31, move to Azure CNI Overlay (${SOURCES.kubenetRetirement}).`,
    ],
  };
}

/** The maxPods a pool gets from the API (ARM, az, Terraform) when it sets none on Azure CNI node subnet (v1). */
export const AZURE_CNI_DEFAULT_MAX_PODS = 30;

/**
 * Azure CNI node subnet ("v1", `networkPlugin: azure` without a mode or pod subnet): every node reserves
 * maxPods IPs of the node subnet when it starts. `IPs = (nodes + surge) + (nodes + surge) × maxPods + internal LB
 * services` (concepts-network-ip-address-planning; concepts-network-legacy-cni). Max pods default 30.
 */
export function sizeAzureCni(input: SizingInput): PlanOption {
  const maxPods = input.maxPods ?? AZURE_CNI_DEFAULT_MAX_PODS;
  const { plannedNodes } = input.counts;
  const ilbs = input.internalLoadBalancers;
  const requiredIPs = plannedNodes + ilbs + plannedNodes * maxPods;
  const formula = `${nodeTerms(input)} + internal LBs ${ilbs} + (${plannedNodes} nodes × max pods ${maxPods}) = ${requiredIPs}`;
  const subnet = rangePlan(
    'nodes',
    'nodeSubnet',
    requiredIPs,
    AZURE_RESERVED_IPS_PER_SUBNET,
    formula,
    input.nodeSubnet,
  );
  const nodeCapacity = input.nodeSubnet
    ? [
        limit(
          'node-subnet-node-capacity',
          `nodes the node subnet ${input.nodeSubnet.text} holds at ${maxPods} pod IPs each, after ${ilbs} internal LB IPs`,
          Math.max(
            0,
            Math.floor(
              (usableAddresses(input.nodeSubnet.cidr, AZURE_RESERVED_IPS_PER_SUBNET) - ilbs) / (1 + maxPods),
            ),
          ),
          plannedNodes,
          SOURCES.legacyCni,
        ),
      ]
    : [];
  return {
    plugin: 'azure',
    subnets: [subnet],
    limits: [
      ...nodeCapacity,
      clusterNodes(input),
      maxPodsLimit(input, maxPods, 30),
      podCapacity(input, maxPods),
    ],
    title: 'Azure CNI node subnet (v1, legacy)',
    maxPods,
    explanation: [
      `Node subnet: nodes + surge + internal LB IPs + (nodes + surge) × maxPods; pod IPs are reserved up front per node (${SOURCES.ipPlanning}).`,
      'The 2021 talk prints 442 IPs for its example (10 nodes, surge 2, scale-out to 12, 10 internal LBs, 30 max pods); 10 + 2 + 2 + 10 + (14 × 30) is 444, an arithmetic slip in the talk.',
    ],
  };
}

/**
 * Azure CNI with dynamic IP allocation (`azure` + `podSubnetID`, `DynamicIndividual`): nodes and internal LB
 * front ends in the node subnet (`nodes + surge + internal LB services`), pods in a separate pod subnet handed out
 * in batches of 16, each node keeping at least 8 free: `(nodes + surge) × 16 × ⌈(pods per node + 8) / 16⌉`, at
 * least 16 IPs per node (concepts-network-azure-cni-pod-subnet; internal-lb). Pod subnets up to a /16, about
 * 65,000 pods; max pods default 110 (configure-azure-cni-dynamic-ip-allocation).
 */
export function sizeAzureCniDynamic(input: SizingInput): PlanOption {
  const maxPods = input.maxPods ?? 110;
  return {
    plugin: 'azure-dynamic',
    subnets: [nodeSubnet(input), podSubnet(input, maxPods)],
    limits: [
      ...podSubnetLimits(input, maxPods),
      clusterNodes(input),
      maxPodsLimit(input, maxPods, 110),
      podCapacity(input, maxPods),
    ],
    title: 'Azure CNI with dynamic IP allocation (pod subnet)',
    maxPods,
    explanation: [
      ...podSubnetExplanation(),
      `Max pods default: 110 (${SOURCES.dynamicAllocation}; ${SOURCES.ipPlanning}).`,
    ],
  };
}

/**
 * Azure CNI Overlay (`azure` + `networkPluginMode: overlay`): only nodes and internal LB front ends take VNet IPs
 * (`nodes + surge + internal LB services`); pods get a fixed /24 per node from a private pod CIDR, so it needs
 * `(nodes + surge) × 256` addresses. Limits: 5,000 nodes, 200,000 pods, max pods 10–250 (default 250)
 * (concepts-network-azure-cni-overlay).
 */
export function sizeAzureCniOverlay(input: SizingInput): PlanOption {
  const maxPods = input.maxPods ?? 250;
  return {
    plugin: 'azure-overlay',
    subnets: [nodeSubnet(input), podCidr(input)],
    limits: [
      ...overlayLimits(input),
      clusterNodes(input),
      maxPodsLimit(input, maxPods, 250),
      podCapacity(input, maxPods),
    ],
    title: 'Azure CNI Overlay',
    maxPods,
    explanation: overlayExplanation(input.counts.plannedNodes),
  };
}

/**
 * Azure CNI powered by Cilium (`networkDataplane: cilium`): sized by its IP address management, overlay unless
 * the plan gives a pod subnet and no pod CIDR, then dynamic pod subnet (azure-cni-powered-by-cilium). Linux only;
 * at most 65,535 Cilium identities (distinct label sets) per cluster.
 */
export function sizeAzureCniCilium(input: SizingInput): PlanOption {
  const podSubnetIpam = input.podSubnet !== undefined && (input.podCidr?.defaulted ?? true);
  const maxPods = input.maxPods ?? (podSubnetIpam ? 110 : 250);
  const identities = limit(
    'cilium-identities',
    'most Cilium security identities (distinct pod label sets) in a cluster',
    65_535,
    undefined,
    SOURCES.cilium,
  );
  const ipam = podSubnetIpam
    ? {
        subnets: [nodeSubnet(input), podSubnet(input, maxPods)],
        limits: podSubnetLimits(input, maxPods),
        explanation: [
          'IP address management: pod subnet (the plan gives a pod subnet and no pod CIDR).',
          ...podSubnetExplanation(),
        ],
      }
    : {
        subnets: [nodeSubnet(input), podCidr(input)],
        limits: overlayLimits(input),
        explanation: [
          'IP address management: overlay (the default; give a pod subnet and no pod CIDR for pod subnet IPAM).',
          ...overlayExplanation(input.counts.plannedNodes),
        ],
      };
  return {
    plugin: 'azure-cilium',
    subnets: ipam.subnets,
    limits: [
      ...ipam.limits,
      clusterNodes(input),
      identities,
      maxPodsLimit(input, maxPods, podSubnetIpam ? 110 : 250),
      podCapacity(input, maxPods),
    ],
    title: `Azure CNI powered by Cilium (${podSubnetIpam ? 'pod subnet' : 'overlay'} IPAM)`,
    maxPods,
    explanation: [
      ...ipam.explanation,
      `Cilium dataplane: Linux node pools only; eBPF replaces kube-proxy and enforces network policy (${SOURCES.cilium}).`,
    ],
  };
}

/** The sizing function of each plugin. */
export const SIZERS: Readonly<Record<PluginName, (input: SizingInput) => PlanOption>> = {
  kubenet: sizeKubenet,
  azure: sizeAzureCni,
  'azure-dynamic': sizeAzureCniDynamic,
  'azure-overlay': sizeAzureCniOverlay,
  'azure-cilium': sizeAzureCniCilium,
};

const NODE_SUBNET_RULE = 'nodes + surge + internal LB front-end IPs';

/** `autoscaler max 12 + surge 2` (or `nodes 10 + surge 2`), the node terms of every formula. */
function nodeTerms({ counts }: SizingInput): string {
  const nodes =
    counts.peakNodes > counts.nodes ? `autoscaler max ${counts.peakNodes}` : `nodes ${counts.nodes}`;
  return `${nodes} + surge ${counts.surgeNodes} (maxSurge ${counts.maxSurge})`;
}

/** The node subnet of the plugins whose pods take no node-subnet IPs. */
function nodeSubnet(input: SizingInput): SubnetPlan {
  const ilbs = input.internalLoadBalancers;
  const requiredIPs = input.counts.plannedNodes + ilbs;
  const formula = `${nodeTerms(input)} + internal LBs ${ilbs} = ${requiredIPs}`;
  return rangePlan(
    'nodes',
    'nodeSubnet',
    requiredIPs,
    AZURE_RESERVED_IPS_PER_SUBNET,
    formula,
    input.nodeSubnet,
  );
}

function podCidr(input: SizingInput): SubnetPlan {
  const { plannedNodes } = input.counts;
  const requiredIPs = plannedNodes * POD_CIDR_ADDRESSES_PER_NODE;
  const formula = `(${plannedNodes} nodes) × 256 (a /24 per node) = ${requiredIPs}`;
  return rangePlan('podCidr', 'podCidr', requiredIPs, 0, formula, input.podCidr);
}

/**
 * The pod subnet of dynamic allocation: the expected pods spread over the autoscaler maximum (at most max pods a
 * node), each node holding its pods plus at least 8 free IPs in batches of 16, for every node that exists at once
 * (surge included). Without pods, each node's first batch: the documented minimum of 16 IPs per node.
 */
function podSubnet(input: SizingInput, maxPods: number): SubnetPlan {
  const { plannedNodes, peakNodes } = input.counts;
  const { podsPerNode, ipsPerNode } = dynamicAllocation(input, maxPods);
  const requiredIPs = plannedNodes * ipsPerNode;
  const spread =
    input.pods > 0
      ? `pods ${input.pods} over ${peakNodes} nodes → ${podsPerNode} a node, `
      : 'no pods given, ';
  const formula = `${plannedNodes} nodes × ${ipsPerNode} IPs (${spread}+ 8 kept free, in batches of 16) = ${requiredIPs}`;
  return rangePlan('pods', 'podSubnet', requiredIPs, AZURE_RESERVED_IPS_PER_SUBNET, formula, input.podSubnet);
}

/** Pods a node runs (the expected pods spread evenly, at most max pods) and the pod IPs it then holds. */
function dynamicAllocation(input: SizingInput, maxPods: number): { podsPerNode: number; ipsPerNode: number } {
  const { peakNodes } = input.counts;
  const podsPerNode = peakNodes > 0 ? Math.min(maxPods, Math.ceil(input.pods / peakNodes)) : 0;
  const batches = Math.ceil((podsPerNode + DYNAMIC_ALLOCATION_MIN_FREE) / DYNAMIC_ALLOCATION_BATCH);
  const ipsPerNode = Math.min(DYNAMIC_ALLOCATION_MAX_PER_NODE, batches * DYNAMIC_ALLOCATION_BATCH);
  return { podsPerNode, ipsPerNode };
}

function rangePlan(
  role: SubnetRole,
  key: NetworkKey,
  requiredIPs: number,
  reservedIPs: number,
  formula: string,
  given: GivenRange | undefined,
): SubnetPlan {
  const minimumPrefixLength =
    reservedIPs > 0 ? minimumSubnetPrefix(requiredIPs) : minimumRangePrefix(requiredIPs);
  // Contract fields first (role, requiredIPs, minimumPrefixLength, cidr, fits), additions after.
  const fit = given ? fitInCidr(requiredIPs, reservedIPs, given.cidr) : undefined;
  return {
    role,
    requiredIPs,
    minimumPrefixLength,
    ...(given && fit ? { cidr: given.text, fits: fit.fits, headroom: fit.headroom } : {}),
    ...(given?.defaulted ? { defaulted: true } : {}),
    key,
    reservedIPs,
    formula,
  };
}

function podSubnetExplanation(): string[] {
  return [
    `Node subnet: ${NODE_SUBNET_RULE}. Current documentation takes internal load balancer IPs from the node subnet unless the service's azure-load-balancer-internal-subnet annotation names another (${SOURCES.internalLb}); the 2021 talk counted them in the pod subnet (its example: nodes 14 → /27, pods 200 + 10 = 210 → /24).`,
    `Pod subnet: IPs go to nodes in batches of 16, a new batch when fewer than 8 are free, so a node holds its pods plus 8 to 23 free IPs and never less than 16; system pods use it too (${SOURCES.podSubnet}). The 2021 talk sized its example's pod subnet as pods + internal LBs (210 → /24), without these free IPs: its 200 pods over 12 nodes are 17 a node, 32 IPs each (448 → /23).`,
  ];
}

function overlayExplanation(plannedNodes: number): string[] {
  return [
    `Node subnet: ${NODE_SUBNET_RULE}; pods take no VNet IPs (${SOURCES.overlay}).`,
    `Pod CIDR: a private range, a fixed /24 per node, so it must cover ${plannedNodes} nodes × 256 addresses; it can be reused by other clusters but must not overlap the VNet or connected networks (${SOURCES.overlay}).`,
  ];
}

function podSubnetLimits(input: SizingInput, maxPods: number): PlanLimit[] {
  const batch = limit(
    'dynamic-allocation-batch',
    'pod IPs a node takes from the pod subnet at a time (another batch when fewer than 8 are free)',
    DYNAMIC_ALLOCATION_BATCH,
    undefined,
    SOURCES.podSubnet,
  );
  const pods = limit(
    'dynamic-allocation-pods',
    'pods with VNet IPs in a cluster: about 65,000 (Azure address-mapping limit; static block allocation goes beyond)',
    DYNAMIC_POD_SUBNET_MAX_PODS,
    input.pods,
    SOURCES.dynamicAllocation,
  );
  if (!input.podSubnet) return [batch, pods];
  const { ipsPerNode } = dynamicAllocation(input, maxPods);
  return [
    batch,
    pods,
    limit(
      'pod-subnet-size',
      `addresses in the pod subnet ${input.podSubnet.text}: dynamic allocation supports pod subnets up to a /16`,
      DYNAMIC_POD_SUBNET_MAX_ADDRESSES,
      Number(cidrSize(input.podSubnet.cidr)),
      SOURCES.dynamicAllocation,
    ),
    limit(
      'pod-subnet-node-capacity',
      `nodes the pod subnet ${input.podSubnet.text} can give ${ipsPerNode} IPs each`,
      Math.floor(usableAddresses(input.podSubnet.cidr, AZURE_RESERVED_IPS_PER_SUBNET) / ipsPerNode),
      input.counts.plannedNodes,
      SOURCES.podSubnet,
    ),
  ];
}

function overlayLimits(input: SizingInput): PlanLimit[] {
  return [
    limit('overlay-pods', 'pods in an Overlay cluster', 200_000, input.pods, SOURCES.largeScale),
    ...podCidrNodeCapacity(input, SOURCES.overlay),
  ];
}

function podCidrNodeCapacity(input: SizingInput, source: string): PlanLimit[] {
  if (!input.podCidr) return [];
  return [
    limit(
      'pod-cidr-node-capacity',
      `nodes the pod CIDR ${input.podCidr.text} holds at a /24 per node`,
      Number(cidrSize(input.podCidr.cidr) / BigInt(POD_CIDR_ADDRESSES_PER_NODE)),
      input.counts.plannedNodes,
      source,
    ),
  ];
}

/** Nodes per cluster on the Standard tier; Overlay documents the same 5,000 (free-standard-pricing-tiers). */
function clusterNodes(input: SizingInput): PlanLimit {
  return limit(
    'cluster-nodes',
    'nodes in a cluster (Standard tier; the Free tier supports 1,000)',
    5_000,
    input.counts.plannedNodes,
    SOURCES.pricingTiers,
  );
}

function maxPodsLimit(input: SizingInput, maxPods: number, pluginDefault: number): PlanLimit {
  const poolNodes = Math.max(1, input.counts.nodes);
  const minimum = Math.max(MAX_PODS_RANGE.min, Math.ceil(MIN_PODS_PER_POOL / poolNodes));
  const poolRule =
    minimum > MAX_PODS_RANGE.min
      ? `; a pool of ${poolNodes} node${poolNodes === 1 ? '' : 's'} needs at least ${minimum}, room for ${MIN_PODS_PER_POOL} pods`
      : '';
  return {
    code: 'max-pods-per-node',
    description: `max pods per node: ${MAX_PODS_RANGE.min} to ${MAX_PODS_RANGE.max} (default ${pluginDefault})${poolRule}; fixed once the pool exists`,
    limit: MAX_PODS_RANGE.max,
    minimum,
    planned: maxPods,
    exceeded: maxPods > MAX_PODS_RANGE.max || maxPods < minimum,
    source: SOURCES.ipPlanning,
  };
}

/** Pods the nodes can run at most: the autoscaler maximum × max pods (surge nodes only stand in during upgrades). */
function podCapacity(input: SizingInput, maxPods: number): PlanLimit {
  return limit(
    'pod-capacity',
    `pods that ${input.counts.peakNodes} nodes hold at ${maxPods} max pods each`,
    input.counts.peakNodes * maxPods,
    input.pods,
    SOURCES.ipPlanning,
  );
}

function limit(
  code: string,
  description: string,
  value: number,
  planned: number | undefined,
  source: string,
): PlanLimit {
  return {
    code,
    description,
    limit: value,
    ...(planned !== undefined ? { planned } : {}),
    exceeded: planned !== undefined && planned > value,
    source,
  };
}

function usableAddresses(cidr: Cidr, reserved: number): number {
  return Number(cidrSize(cidr)) - reserved;
}
