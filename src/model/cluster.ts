// One AKS cluster, whatever it was read from (az JSON, ARM template or resource, Terraform plan/state).
import type { SourceRef } from './source.js';

/** A value the definition leaves to deployment time (an ARM expression we cannot evaluate, Terraform's "known after apply"). */
export interface UnknownValue {
  readonly unknown: true;
  /** Why it is unknown, e.g. `[reference(...)]` or `known after apply`. */
  readonly reason: string;
}

/** A field that may be unknown at analysis time. Rules must treat unknown as "cannot tell", never as a default. */
export type Known<T> = T | UnknownValue;

/** Whether a field is unknown at analysis time. */
export function isUnknown(value: unknown): value is UnknownValue {
  return typeof value === 'object' && value !== null && (value as { unknown?: unknown }).unknown === true;
}

/** Where the cluster was defined. */
export type ClusterSourceFormat = 'az' | 'arm-template' | 'arm-resource' | 'terraform';

export type NetworkPlugin = 'kubenet' | 'azure' | 'none';
export type NetworkPolicyEngine = 'azure' | 'calico' | 'cilium' | 'none';
export type OutboundType =
  | 'loadBalancer'
  | 'userDefinedRouting'
  | 'managedNATGateway'
  | 'userAssignedNATGateway'
  | 'none';

/** `networkProfile`. Absent fields are absent in the source (the service default applies). */
export interface ClusterNetwork {
  readonly plugin?: Known<NetworkPlugin>;
  /** `overlay` for Azure CNI Overlay. */
  readonly pluginMode?: Known<string>;
  readonly policy?: Known<NetworkPolicyEngine>;
  /** `cilium` for Azure CNI powered by Cilium. */
  readonly dataplane?: Known<string>;
  readonly outboundType?: Known<OutboundType>;
  readonly loadBalancerSku?: Known<string>;
  readonly podCidr?: Known<string>;
  readonly serviceCidr?: Known<string>;
  readonly dnsServiceIP?: Known<string>;
  readonly dockerBridgeCidr?: Known<string>;
}

/** `apiServerAccessProfile` and related. */
export interface ClusterApiServer {
  readonly privateCluster?: Known<boolean>;
  readonly authorizedIpRanges?: Known<readonly string[]>;
  /** `system`, `none`, or a private DNS zone resource id. */
  readonly privateDnsZone?: Known<string>;
  readonly privateClusterPublicFqdn?: Known<boolean>;
  readonly disableRunCommand?: Known<boolean>;
  readonly vnetIntegration?: Known<boolean>;
}

/** Identity and access. */
export interface ClusterIdentity {
  /** `SystemAssigned`, `UserAssigned`, or `ServicePrincipal` when only a service principal profile is set. */
  readonly type?: Known<string>;
  /** Whether a kubelet identity of the user's own is configured (not the one AKS creates in the node resource group). */
  readonly kubeletIdentity?: Known<boolean>;
  /** Entra ID (AAD) integration, managed mode. */
  readonly entraIntegration?: Known<boolean>;
  readonly azureRbac?: Known<boolean>;
  readonly localAccountsDisabled?: Known<boolean>;
  readonly podIdentity?: Known<boolean>;
  readonly podIdentityAllowKubenet?: Known<boolean>;
  readonly workloadIdentity?: Known<boolean>;
  readonly oidcIssuer?: Known<boolean>;
  readonly kubernetesRbac?: Known<boolean>;
}

/** Add-ons and platform security features; each is `true` when enabled in the source. */
export interface ClusterAddons {
  readonly azurePolicy?: Known<boolean>;
  readonly keyVaultSecretsProvider?: Known<boolean>;
  readonly keyVaultSecretsRotation?: Known<boolean>;
  readonly openServiceMesh?: Known<boolean>;
  readonly istio?: Known<boolean>;
  readonly monitoring?: Known<boolean>;
  readonly httpApplicationRouting?: Known<boolean>;
  /** The retired Kubernetes dashboard add-on: on by default before Kubernetes 1.18, not installed from 1.19. */
  readonly kubeDashboard?: Known<boolean>;
  readonly defender?: Known<boolean>;
  readonly imageCleaner?: Known<boolean>;
  /** Key Management Service: etcd, and so Kubernetes Secrets, encrypted with a key of the user's Key Vault. */
  readonly kmsEtcdEncryption?: Known<boolean>;
  readonly applicationGatewayIngress?: Known<boolean>;
}

/** One node pool. */
export interface AgentPool {
  readonly name: string;
  readonly mode?: Known<string>;
  readonly count?: Known<number>;
  readonly enableAutoScaling?: Known<boolean>;
  readonly minCount?: Known<number>;
  readonly maxCount?: Known<number>;
  readonly maxPods?: Known<number>;
  /** `maxSurge` as written (`33%`, `2`). */
  readonly maxSurge?: Known<string>;
  readonly vnetSubnetId?: Known<string>;
  readonly podSubnetId?: Known<string>;
  readonly enableNodePublicIp?: Known<boolean>;
  readonly osType?: Known<string>;
  readonly vmSize?: Known<string>;
  /** Host-based encryption of the nodes' temporary disks, caches and OS/data disk data flows. */
  readonly enableEncryptionAtHost?: Known<boolean>;
  /** Whether the pool is tainted `CriticalAddonsOnly=true:NoSchedule`, keeping application pods off it. */
  readonly onlyCriticalAddons?: Known<boolean>;
  /** Model path prefix for this pool's fields in `Cluster.at`, e.g. `agentPools/0`. */
  readonly path: string;
}

/** A subnet defined next to the cluster (same template, plan or state). */
export interface Subnet {
  readonly id: string;
  readonly name: string;
  readonly vnetName?: string;
  readonly addressPrefixes: Known<readonly string[]>;
  readonly routeTableId?: Known<string>;
  readonly networkSecurityGroupId?: Known<string>;
  readonly path: string;
}

export interface VirtualNetwork {
  readonly id: string;
  readonly name: string;
  readonly addressSpace: Known<readonly string[]>;
  readonly path: string;
}

export interface Route {
  readonly name: string;
  readonly addressPrefix: Known<string>;
  readonly nextHopType: Known<string>;
  readonly nextHopIpAddress?: Known<string>;
}

export interface RouteTable {
  readonly id: string;
  readonly name: string;
  readonly routes: readonly Route[];
  readonly path: string;
}

/** An application or network rule of an Azure Firewall (classic rules or a firewall policy's rule collections). */
export interface FirewallRule {
  readonly kind: 'application' | 'network';
  readonly collection: string;
  readonly name: string;
  readonly action?: string;
  readonly sourceAddresses: readonly string[];
  /** Application rules: target FQDNs (may contain `*`). */
  readonly fqdns: readonly string[];
  /** Application rules: FQDN tags such as `AzureKubernetesService`. */
  readonly fqdnTags: readonly string[];
  /** Application rules: `Https:443`; network rules: `TCP`, `UDP`, `Any`. */
  readonly protocols: readonly string[];
  /** Network rules: destination addresses, service tags (`AzureCloud.westeurope`) or FQDNs. */
  readonly destinations: readonly string[];
  readonly ports: readonly string[];
}

export interface Firewall {
  readonly id: string;
  readonly name: string;
  readonly privateIp?: Known<string>;
  readonly rules: readonly FirewallRule[];
  /**
   * Set when some of the firewall's rules (or rule fields) are unknown at analysis time, with the reason:
   * `rules` then lists only what is known, so a missing FQDN may still be allowed by an unknown rule.
   */
  readonly rulesUnknown?: string;
  readonly path: string;
}

/**
 * A diagnostic setting on the cluster: which of its resource logs Azure Monitor sends to a workspace,
 * storage account or event hub. Only enabled logs are listed.
 */
export interface DiagnosticSetting {
  readonly name: string;
  /** Enabled log categories as written (`kube-audit-admin`, `guard`). */
  readonly categories: Known<readonly string[]>;
  /** Enabled category groups (`audit`, `allLogs`), each standing for the categories Azure puts in it. */
  readonly categoryGroups: Known<readonly string[]>;
  readonly path: string;
}

/** The normalized cluster. Field positions are looked up with `at(path)`. */
export interface Cluster {
  readonly name: string;
  readonly format: ClusterSourceFormat;
  readonly file: string;
  readonly location?: Known<string>;
  readonly kubernetesVersion?: Known<string>;
  readonly skuTier?: Known<string>;
  /** The disk encryption set (customer-managed keys) for the nodes' OS and data disks: a resource id. */
  readonly diskEncryptionSetId?: Known<string>;
  /** `autoUpgradeProfile.upgradeChannel`: `none`, `patch`, `stable`, `rapid` or `node-image`. */
  readonly upgradeChannel?: Known<string>;
  /** `autoUpgradeProfile.nodeOSUpgradeChannel`: `None`, `Unmanaged`, `NodeImage` or `SecurityPatch`. */
  readonly nodeOsUpgradeChannel?: Known<string>;
  readonly network: ClusterNetwork;
  readonly apiServer: ClusterApiServer;
  readonly identity: ClusterIdentity;
  readonly addons: ClusterAddons;
  readonly agentPools: readonly AgentPool[];
  /**
   * Set when the definition's node pool list is unknown at analysis time (an ARM parameter without a
   * value, say), with the reason: `agentPools` then lists only the pools defined on their own.
   */
  readonly agentPoolsUnknown?: string;
  readonly subnets: readonly Subnet[];
  readonly virtualNetworks: readonly VirtualNetwork[];
  readonly routeTables: readonly RouteTable[];
  readonly firewalls: readonly Firewall[];
  /**
   * The cluster's diagnostic settings, where the source can show them (an ARM template or export that
   * carries them, a Terraform plan or state, `az monitor diagnostic-settings list` output); absent where
   * it cannot (`az aks show` alone), so rules about control-plane logs stay silent there.
   */
  readonly diagnosticSettings?: readonly DiagnosticSetting[];
  /** Resource tags; also where ARM/Terraform suppressions live (`aksguard.io/suppress-<rule-id>: reason`). */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Where a model field came from, by model path with `/` separators (`network/plugin`,
   * `agentPools/0/maxPods`, `subnets/1/addressPrefixes`, an item `apiServer/authorizedIpRanges/2`,
   * a tag `tags/KEY` with `/` in KEY written `~1`, a rule `firewalls/0/rules/3`); falls back to the
   * nearest ancestor, then to the cluster resource itself. A value from an ARM parameter points into
   * the parameters file (or the default); one an expression computes points at the expression.
   */
  at(path?: string): SourceRef;
}

/**
 * Whether two Azure resource ids name the same resource: compared ignoring case (ARM ids are
 * case-insensitive), where a `{…}` segment (a subscription or resource group the definition leaves to
 * deployment time, e.g. `{subscriptionId}`) matches any value.
 */
export function sameResourceId(a: string, b: string): boolean {
  const left = a.replace(/\/+$/, '').split('/');
  const right = b.replace(/\/+$/, '').split('/');
  if (left.length !== right.length) return false;
  return left.every((segment, i) => {
    const other = right[i] ?? '';
    return (
      isPlaceholderSegment(segment) ||
      isPlaceholderSegment(other) ||
      segment.toLowerCase() === other.toLowerCase()
    );
  });
}

function isPlaceholderSegment(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

/** The subnet defined next to the cluster that a pool's `vnetSubnetId` (or `podSubnetId`) names, if any. */
export function findSubnet(cluster: Cluster, id: Known<string> | undefined): Subnet | undefined {
  if (id === undefined || isUnknown(id)) return undefined;
  return cluster.subnets.find((subnet) => sameResourceId(subnet.id, id));
}

/** The route table defined next to the cluster that a subnet's `routeTableId` names, if any. */
export function findRouteTable(cluster: Cluster, id: Known<string> | undefined): RouteTable | undefined {
  if (id === undefined || isUnknown(id)) return undefined;
  return cluster.routeTables.find((table) => sameResourceId(table.id, id));
}
