// The planner's input and its result: the public JSON contract of `aksguard plan` (schemaVersion 1).
import type { SourceRef } from '../model/source.js';

/** The network plugin options the planner sizes, by their contract names. */
export const PLUGINS = ['kubenet', 'azure', 'azure-dynamic', 'azure-overlay', 'azure-cilium'] as const;

/** `kubenet`, `azure` (CNI v1, node subnet), `azure-dynamic` (pod subnet), `azure-overlay`, `azure-cilium`. */
export type PluginName = (typeof PLUGINS)[number];

/** Whether a string is one of the plugin names. */
export function isPluginName(value: string): value is PluginName {
  return (PLUGINS as readonly string[]).includes(value);
}

/** AKS `upgradeSettings.maxSurge`: a node count (`2`) or a percentage of the pool (`33%`). */
export type MaxSurge =
  | { readonly kind: 'count'; readonly value: number }
  | { readonly kind: 'percent'; readonly value: number };

/** The ranges of the plan, as written (CIDR or IP text); the planner parses them strictly. */
export interface PlanNetwork {
  readonly vnet?: string;
  readonly nodeSubnet?: string;
  readonly podSubnet?: string;
  readonly podCidr?: string;
  readonly serviceCidr?: string;
  readonly dnsServiceIP?: string;
  readonly dockerBridgeCidr?: string;
  /** Hub, on-premises and peered networks, by a name of the user's choice. */
  readonly connected?: Readonly<Record<string, string>>;
}

/** What the workload needs from the network; these steer the recommendation. */
export interface PlanRequirements {
  /** Pods must be reachable from the VNet and connected networks by their own IPs (no SNAT to the node). */
  readonly routablePods?: boolean;
  /** The cluster will run Windows node pools. */
  readonly windows?: boolean;
  /** FQDN or L7 network policies, or policy at a scale beyond Azure Network Policy Manager's limits. */
  readonly advancedNetworkPolicy?: boolean;
}

/** What the planner is asked: the plan file's keys, or the equivalent flags. */
export interface PlanInput {
  readonly name?: string;
  /** Node count today. */
  readonly nodes: number;
  /** Upgrade surge; AKS's default is 10% when unset. */
  readonly maxSurge?: MaxSurge;
  /** Autoscaler maximum (defaults to `nodes`). */
  readonly maxNodes?: number;
  /** Max pods per node (defaults to each plugin's AKS default). */
  readonly maxPods?: number;
  /** Expected pod count. */
  readonly pods?: number;
  /** Internal load balancer services (each takes one front-end IP). */
  readonly internalLoadBalancers?: number;
  /** One plugin to plan for, or `all` (the default). */
  readonly plugin?: PluginName | 'all';
  readonly network?: PlanNetwork;
  readonly requirements?: PlanRequirements;
}

/** `nodes` (the node subnet), `pods` (a VNet pod subnet), `podCidr` (a private pod range outside the VNet). */
export type SubnetRole = 'nodes' | 'pods' | 'podCidr';

/** The plan keys a problem can name, besides connected networks' own names. */
export type NetworkKey = Exclude<keyof PlanNetwork, 'connected'> | 'vnet';

/** One range a plugin needs, sized, and checked against the given CIDR when there is one. */
export interface SubnetPlan {
  readonly role: SubnetRole;
  readonly requiredIPs: number;
  /** The longest prefix whose block holds `requiredIPs` (plus Azure's reserved addresses for VNet subnets). */
  readonly minimumPrefixLength: number;
  /** The plan key the CIDR comes from (`nodeSubnet`, `podSubnet`, `podCidr`). */
  readonly key: NetworkKey;
  /** Addresses Azure reserves in the block: 5 in a VNet subnet, 0 in a pod CIDR. */
  readonly reservedIPs: number;
  /** How `requiredIPs` was computed, with the numbers. */
  readonly formula: string;
  readonly cidr?: string;
  /** The CIDR is AKS's default, not set in the plan. */
  readonly defaulted?: boolean;
  readonly fits?: boolean;
  /** Addresses left after the required ones (negative when it does not fit). */
  readonly headroom?: number;
}

/** A limit that applies to a plugin, with the planned value it is measured against. */
export interface PlanLimit {
  /** Stable kebab-case code. */
  readonly code: string;
  readonly description: string;
  /** The largest value allowed. */
  readonly limit: number;
  /** The smallest value allowed, for a range. */
  readonly minimum?: number;
  /** The plan's value for this limit, when the plan gives one. */
  readonly planned?: number;
  readonly exceeded: boolean;
  /** Where the limit is documented (a URL). */
  readonly source: string;
}

/** One plugin, sized. */
export interface PlanOption {
  readonly plugin: PluginName;
  readonly title: string;
  readonly maxPods: number;
  readonly subnets: SubnetPlan[];
  readonly limits: PlanLimit[];
  /** Why the numbers are what they are, with the sources. */
  readonly explanation: string[];
}

/** Severities of plan problems, most serious first. */
export const PROBLEM_SEVERITIES = ['error', 'warning', 'info'] as const;

/** `error`: AKS or Azure refuses it, or it breaks routing; `warning`: likely trouble; `info`: worth knowing. */
export type ProblemSeverity = (typeof PROBLEM_SEVERITIES)[number];

/** Every problem code the planner reports; docs/plan-file.md lists them all (a test keeps it so). */
export const PROBLEM_CODES = [
  'invalid-cidr',
  'invalid-ip',
  'cidr-host-bits-set',
  'subnet-outside-vnet',
  'cidr-overlap',
  'pod-cidr-overlaps-connected',
  'reserved-range',
  'service-cidr-too-large',
  'pod-cidr-not-private',
  'dns-service-ip-outside-service-cidr',
  'dns-service-ip-reserved',
  'dns-service-ip-missing',
  'docker-bridge-cidr-removed',
  'pod-cidr-unused',
  'max-nodes-below-nodes',
  'subnet-too-small',
  'limit-exceeded',
  'kubenet-retiring',
  'windows-unsupported',
] as const;

/** A stable kebab-case problem code. */
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** A problem with the plan's ranges or sizing. */
export interface PlanProblem {
  readonly code: ProblemCode;
  readonly severity: ProblemSeverity;
  readonly message: string;
  /** The plan keys (or connected network names) involved. */
  readonly subjects: string[];
  /** The plugin a sizing problem is about. */
  readonly plugin?: PluginName;
  /** Where the subjects are written in the plan file (subjects given by flags or defaulted have none). */
  readonly locations?: SourceRef[];
}

/** The plugin to choose and why. */
export interface Recommendation {
  readonly plugin: PluginName;
  readonly reasons: string[];
}

/** How many nodes the plan sizes for. */
export interface NodeCounts {
  readonly nodes: number;
  /** The autoscaler maximum, or `nodes`. */
  readonly peakNodes: number;
  /** maxSurge resolved to nodes, as AKS reads it for a pool of `peakNodes`. */
  readonly surgeNodes: number;
  /** `peakNodes + surgeNodes`: the most nodes that exist at once. */
  readonly plannedNodes: number;
  /** maxSurge as given (`2`, `33%`), or AKS's default `10%`. */
  readonly maxSurge: string;
  /** The plan sets no maxSurge, so AKS's default applies. */
  readonly maxSurgeDefaulted?: true;
}

/** The version of the `aksguard plan --format json` contract. */
export const PLAN_SCHEMA_VERSION = 1;

/** The planner's result: the `aksguard plan --format json` document. */
export interface PlanResult {
  readonly schemaVersion: 1;
  readonly name?: string;
  readonly counts: NodeCounts;
  readonly pods: number;
  readonly internalLoadBalancers: number;
  readonly options: PlanOption[];
  readonly problems: PlanProblem[];
  readonly recommendation: Recommendation;
}
