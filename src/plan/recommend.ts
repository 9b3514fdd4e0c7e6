// Which plugin to choose: the 2021 talk's decision table, brought up to date by reference/aks-facts.md.
import { SOURCES } from './sources.js';
import type {
  NodeCounts,
  PlanOption,
  PlanRequirements,
  PluginName,
  Recommendation,
  SubnetPlan,
} from './types.js';

/** Azure Network Policy Manager's scale limit on Linux: 250 nodes, 20,000 pods (use-network-policies). */
export const AZURE_NPM_LIMITS = { nodes: 250, pods: 20_000 } as const;

/** What the recommendation weighs. */
export interface RecommendationInput {
  readonly counts: NodeCounts;
  readonly pods: number;
  readonly requirements: PlanRequirements;
  /** Every plugin sized against the plan's ranges. */
  readonly options: Readonly<Record<PluginName, PlanOption>>;
  /** Addresses in the VNet, when the plan gives one. */
  readonly vnetAddresses?: number;
}

/**
 * The talk's table said: Azure CNI always, unless IPs are scarce (then kubenet); third-party CNIs only for missing
 * features. Today (aks-facts §1.3, §6): kubenet is retiring, so never for a new cluster; Overlay is the answer
 * when pods need no VNet IPs, and the default of `az aks create`; dynamic pod-subnet allocation when pods must be
 * routable from the VNet (v1 reserves maxPods IPs per node up front); the Cilium dataplane for performance and
 * network policy at scale (Linux only); bring-your-own CNI only for features the managed ones lack.
 */
export function recommendPlugin(input: RecommendationInput): Recommendation {
  const { counts, pods, requirements, options } = input;
  const windows = requirements.windows === true;
  const atScale = counts.plannedNodes > AZURE_NPM_LIMITS.nodes || pods > AZURE_NPM_LIMITS.pods;
  const wantsCilium = (requirements.advancedNetworkPolicy === true || atScale) && !windows;
  const routable = requirements.routablePods === true;
  const plugin: PluginName = wantsCilium ? 'azure-cilium' : routable ? 'azure-dynamic' : 'azure-overlay';
  const v1 = nodeSubnetOf(options.azure);
  const reasons: string[] = [];

  if (routable) {
    const dynamic = options['azure-dynamic'];
    reasons.push(
      `Pods must be routable from the VNet, so they need VNet IPs: a pod subnet with dynamic allocation takes ${ipsOf(dynamic)} IPs, where Azure CNI v1 reserves maxPods IPs per node up front and needs ${v1.requiredIPs} (${SOURCES.podSubnet}).`,
    );
    const podSubnet = dynamic.subnets.find((s) => s.role === 'pods');
    if (podSubnet?.fits === false)
      reasons.push(
        `The pod subnet ${podSubnet.cidr} is too small for ${podSubnet.requiredIPs} IPs; widen it to /${podSubnet.minimumPrefixLength} or, if IPs are that scarce, drop the routable-pods requirement and use Overlay.`,
      );
  } else {
    const overlay = options['azure-overlay'];
    reasons.push(
      `Pods need not be routable from the VNet, so Overlay gives them a private pod CIDR (a /24 per node) and the VNet only pays for nodes and internal load balancers: ${nodeSubnetOf(overlay).requiredIPs} IPs, against ${v1.requiredIPs} for Azure CNI v1. Overlay is what az aks create chooses by default today (${SOURCES.overlay}).`,
    );
    const scarcity = scarcityOf(v1, input.vnetAddresses);
    if (scarcity)
      reasons.push(`IPs are scarce: ${scarcity}; Overlay is today's answer to that, not kubenet.`);
  }

  if (wantsCilium) {
    const why = requirements.advancedNetworkPolicy
      ? 'the plan asks for FQDN/L7 or large-scale network policy'
      : `${counts.plannedNodes} nodes and ${pods} pods exceed Azure Network Policy Manager's ${AZURE_NPM_LIMITS.nodes} nodes / ${AZURE_NPM_LIMITS.pods} pods`;
    reasons.push(
      `Cilium dataplane: ${why}; its eBPF dataplane gives performance and network policy at scale, with ${routable ? 'pod subnet' : 'overlay'} IP management (${SOURCES.cilium}).`,
    );
  } else if (windows) {
    reasons.push(
      `Windows node pools rule out the Cilium dataplane (Linux only); Azure Network Policy Manager for Windows retires 2026-09-30, so plan Calico or NSGs for policy there (${SOURCES.networkPolicies}).`,
    );
  } else {
    reasons.push(
      `Consider the Cilium dataplane (azure-cilium) for network policy: Azure Network Policy Manager retires (Linux 2028-09-30) and Cilium replaces it; it becomes necessary beyond ${AZURE_NPM_LIMITS.nodes} nodes / ${AZURE_NPM_LIMITS.pods} pods or for FQDN/L7 policies (${SOURCES.networkPolicies}).`,
    );
  }

  reasons.push(
    `Not kubenet: it is retiring (announced 2025-03-12, end of support 2028-03-31), tops out at 400 nodes, and existing clusters migrate in place to Overlay (${SOURCES.kubenetRetirement}).`,
  );
  reasons.push(
    'Bring your own CNI (networkPlugin none) only for a feature the managed plugins lack: Microsoft does not support CNI issues then, and AKS creates no route table (' +
      `${SOURCES.byoCni}).`,
  );
  return { plugin, reasons };
}

function nodeSubnetOf(option: PlanOption): SubnetPlan {
  return option.subnets.find((s) => s.role === 'nodes')!;
}

/** VNet IPs an option takes: every subnet that is part of the VNet (not a private pod CIDR). */
function ipsOf(option: PlanOption): string {
  const parts = option.subnets.filter((s) => s.role !== 'podCidr');
  const total = parts.reduce((sum, s) => sum + s.requiredIPs, 0);
  return `${total} (${parts.map((s) => `${s.role} ${s.requiredIPs}`).join(' + ')})`;
}

/** Why IPs count as scarce: CNI v1's node subnet would not fit the given subnet or VNet. */
function scarcityOf(v1: SubnetPlan, vnetAddresses: number | undefined): string | undefined {
  if (v1.fits === false)
    return `Azure CNI v1 needs ${v1.requiredIPs} IPs (/${v1.minimumPrefixLength}) and the node subnet ${v1.cidr} holds ${v1.requiredIPs + (v1.headroom ?? 0)}`;
  if (vnetAddresses !== undefined && v1.requiredIPs + v1.reservedIPs > vnetAddresses)
    return `Azure CNI v1 needs ${v1.requiredIPs} IPs, more than the VNet's ${vnetAddresses} addresses`;
  return undefined;
}
