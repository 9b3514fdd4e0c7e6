// Maps a `Microsoft.ContainerService/managedClusters` resource (ARM shape or `az aks show` output) to the model.
import type {
  AgentPool,
  ClusterAddons,
  ClusterApiServer,
  ClusterIdentity,
  ClusterNetwork,
  Known,
  NetworkPlugin,
  NetworkPolicyEngine,
  OutboundType,
} from '../../model/cluster.js';
import { isUnknown } from '../../model/cluster.js';
import { type Diagnostic, warningDiagnostic } from '../../model/diagnostic.js';
import { isRecord } from '../../model/json.js';
import { escapePointerSegment, type SourceRef } from '../../model/source.js';
import type { ClusterData } from './assemble.js';
import { compact, type FieldReader } from './fields.js';
import type { SourceNode } from './source-node.js';

export const NETWORK_PLUGINS: readonly NetworkPlugin[] = ['kubenet', 'azure', 'none'];
export const NETWORK_POLICIES: readonly NetworkPolicyEngine[] = ['azure', 'calico', 'cilium', 'none'];
export const OUTBOUND_TYPES: readonly OutboundType[] = [
  'loadBalancer',
  'userDefinedRouting',
  'managedNATGateway',
  'userAssignedNATGateway',
  'none',
];

/** The cluster auto-upgrade channels, in the API's spelling (Terraform uses the same values). */
export const UPGRADE_CHANNELS: readonly string[] = ['none', 'patch', 'stable', 'rapid', 'node-image'];
/** The node OS upgrade channels, in the API's spelling (Terraform uses the same values). */
export const NODE_OS_UPGRADE_CHANNELS: readonly string[] = [
  'None',
  'Unmanaged',
  'NodeImage',
  'SecurityPatch',
];

/** The private DNS zone modes other than a zone id, in the model's spelling (Terraform writes `System`, `None`). */
export const PRIVATE_DNS_ZONE_MODES: readonly string[] = ['system', 'none'];

/** The cluster properties the model reads from that hold other settings. */
const OBJECT_SETTINGS = [
  'aadProfile',
  'addonProfiles',
  'apiServerAccessProfile',
  'autoUpgradeProfile',
  'identityProfile',
  'networkProfile',
  'oidcIssuerProfile',
  'podIdentityProfile',
  'securityProfile',
  'serviceMeshProfile',
  'servicePrincipalProfile',
];

/** The cluster-level fields of the model, read from one managed cluster resource. */
export type ManagedClusterFields = Omit<
  ClusterData,
  | 'name'
  | 'format'
  | 'file'
  | 'subnets'
  | 'virtualNetworks'
  | 'routeTables'
  | 'firewalls'
  | 'diagnosticSettings'
>;

/** A node pool defined as its own resource (`managedClusters/agentPools` in a template). */
export interface ChildAgentPool {
  readonly name: string;
  /** The pool's `properties`. */
  readonly properties: SourceNode | undefined;
  /** The pool resource itself (its position stands for the pool). */
  readonly resource: SourceNode;
}

/**
 * The warning for a node pool resource whose cluster is not defined next to it (a template that adds a pool to
 * an existing cluster, an export of the pool alone): the model keeps pools inside their cluster, whose network
 * plugin and defaults the pool's checks need, so the pool is not checked.
 */
export function poolWithoutClusterDiagnostic(pool: string, ref: SourceRef): Diagnostic {
  return warningDiagnostic(
    'node-pool-without-cluster',
    `node pool ${pool} belongs to no cluster defined in the inputs; it is not checked`,
    ref,
    'give the cluster definition with it (the template that defines the cluster, or `az aks show -o json`, which lists every pool)',
  );
}

/**
 * Reads a managed cluster. `resource` holds `location`, `identity`, `sku` and `tags`; `properties` holds
 * the rest (for `az aks show` output both are the same object, because az flattens `properties`).
 * Keys are matched ignoring case: az spells `authorizedIpRanges` and `vnetSubnetId` where ARM spells
 * `authorizedIPRanges` and `vnetSubnetID`.
 */
export function readManagedCluster(
  reader: FieldReader,
  resource: SourceNode,
  properties: SourceNode | undefined,
  childPools: readonly ChildAgentPool[],
): ManagedClusterFields {
  if (properties !== undefined && !isRecord(properties.value) && !isUnknown(properties.value)) {
    reader.diagnostics.push(
      warningDiagnostic(
        'cluster-invalid-value',
        'expected the cluster properties to be an object; they are ignored',
        properties.ref,
      ),
    );
  }
  const p = (...keys: string[]): SourceNode | undefined => properties?.get(...keys);
  for (const key of OBJECT_SETTINGS) reader.container(p(key), 'object');
  const profiles = p('agentPoolProfiles');
  reader.container(profiles, 'array');
  const pools = profiles?.items() ?? [];
  const poolsUnknown =
    profiles !== undefined && isUnknown(profiles.value) ? profiles.value.reason : undefined;
  if (poolsUnknown !== undefined) reader.note('agentPools', profiles);
  return compact<ManagedClusterFields>({
    location: reader.string('location', resource.child('location')),
    kubernetesVersion: reader.string('kubernetesVersion', p('kubernetesVersion')),
    skuTier: reader.string('skuTier', resource.get('sku', 'tier')),
    diskEncryptionSetId: reader.string('diskEncryptionSetId', p('diskEncryptionSetID')),
    upgradeChannel: reader.keyword(
      'upgradeChannel',
      p('autoUpgradeProfile', 'upgradeChannel'),
      UPGRADE_CHANNELS,
    ),
    nodeOsUpgradeChannel: reader.keyword(
      'nodeOsUpgradeChannel',
      p('autoUpgradeProfile', 'nodeOSUpgradeChannel'),
      NODE_OS_UPGRADE_CHANNELS,
    ),
    network: readNetworkProfile(reader, p('networkProfile')),
    apiServer: readApiServer(reader, p('apiServerAccessProfile')),
    identity: readIdentity(reader, resource, p),
    addons: readAddons(reader, p),
    agentPools: [
      ...pools.map((pool, index) => readAgentPool(reader, index, pool, pool, pool.child('name'))),
      ...childPools.map((pool, i) =>
        readAgentPool(reader, pools.length + i, pool.resource, pool.properties, pool.name),
      ),
    ],
    agentPoolsUnknown: poolsUnknown,
    tags: readTags(reader, resource.child('tags')),
  });
}

function readNetworkProfile(reader: FieldReader, profile: SourceNode | undefined): ClusterNetwork {
  reader.note('network', profile);
  const f = (key: string) => profile?.child(key);
  return compact<ClusterNetwork>({
    plugin: reader.choice('network/plugin', f('networkPlugin'), NETWORK_PLUGINS),
    pluginMode: reader.string('network/pluginMode', f('networkPluginMode')),
    policy: reader.choice('network/policy', f('networkPolicy'), NETWORK_POLICIES),
    dataplane: reader.string('network/dataplane', f('networkDataplane')),
    outboundType: reader.choice('network/outboundType', f('outboundType'), OUTBOUND_TYPES),
    loadBalancerSku: reader.string('network/loadBalancerSku', f('loadBalancerSku')),
    podCidr: reader.string('network/podCidr', f('podCidr')),
    serviceCidr: reader.string('network/serviceCidr', f('serviceCidr')),
    dnsServiceIP: reader.string('network/dnsServiceIP', f('dnsServiceIP')),
    dockerBridgeCidr: reader.string('network/dockerBridgeCidr', f('dockerBridgeCidr')),
  });
}

function readApiServer(reader: FieldReader, profile: SourceNode | undefined): ClusterApiServer {
  reader.note('apiServer', profile);
  const f = (key: string) => profile?.child(key);
  return compact<ClusterApiServer>({
    privateCluster: reader.bool('apiServer/privateCluster', f('enablePrivateCluster')),
    authorizedIpRanges: reader.strings('apiServer/authorizedIpRanges', f('authorizedIPRanges')),
    privateDnsZone: reader.keyword('apiServer/privateDnsZone', f('privateDNSZone'), PRIVATE_DNS_ZONE_MODES),
    privateClusterPublicFqdn: reader.bool(
      'apiServer/privateClusterPublicFqdn',
      f('enablePrivateClusterPublicFQDN'),
    ),
    disableRunCommand: reader.bool('apiServer/disableRunCommand', f('disableRunCommand')),
    vnetIntegration: reader.bool('apiServer/vnetIntegration', f('enableVnetIntegration')),
  });
}

function readIdentity(
  reader: FieldReader,
  resource: SourceNode,
  p: (...keys: string[]) => SourceNode | undefined,
): ClusterIdentity {
  return compact<ClusterIdentity>({
    type: readIdentityType(
      reader,
      resource.get('identity', 'type'),
      p('servicePrincipalProfile', 'clientId'),
    ),
    kubeletIdentity: readKubeletIdentity(
      reader,
      p('identityProfile', 'kubeletidentity'),
      p('identityProfile', 'kubeletidentity', 'resourceId'),
      p('nodeResourceGroup'),
    ),
    entraIntegration: reader.bool('identity/entraIntegration', p('aadProfile', 'managed')),
    azureRbac: reader.bool('identity/azureRbac', p('aadProfile', 'enableAzureRBAC')),
    localAccountsDisabled: reader.bool('identity/localAccountsDisabled', p('disableLocalAccounts')),
    podIdentity: reader.bool('identity/podIdentity', p('podIdentityProfile', 'enabled')),
    podIdentityAllowKubenet: reader.bool(
      'identity/podIdentityAllowKubenet',
      p('podIdentityProfile', 'allowNetworkPluginKubenet'),
    ),
    workloadIdentity: reader.bool(
      'identity/workloadIdentity',
      p('securityProfile', 'workloadIdentity', 'enabled'),
    ),
    oidcIssuer: reader.bool('identity/oidcIssuer', p('oidcIssuerProfile', 'enabled')),
    kubernetesRbac: reader.bool('identity/kubernetesRbac', p('enableRBAC')),
  });
}

/**
 * The cluster identity: `identity.type` when it names a managed identity; otherwise `ServicePrincipal`
 * when a service principal other than the `msi` marker (what az shows for managed-identity clusters) is set.
 */
function readIdentityType(
  reader: FieldReader,
  typeNode: SourceNode | undefined,
  clientIdNode: SourceNode | undefined,
): Known<string> | undefined {
  const type = reader.string('identity/type', typeNode);
  if (type !== undefined && (isUnknown(type) || type.toLowerCase() !== 'none')) return type;
  const clientId = clientIdNode?.value;
  if (isUnknown(clientId)) {
    reader.note('identity/type', clientIdNode);
    return clientId;
  }
  if (typeof clientId === 'string' && clientId.toLowerCase() !== 'msi') {
    reader.positions.set('identity/type', clientIdNode!.ref);
    return 'ServicePrincipal';
  }
  return type;
}

function readAddons(reader: FieldReader, p: (...keys: string[]) => SourceNode | undefined): ClusterAddons {
  const addon = (key: string) => p('addonProfiles', key, 'enabled');
  return compact<ClusterAddons>({
    azurePolicy: reader.bool('addons/azurePolicy', addon('azurepolicy')),
    keyVaultSecretsProvider: reader.bool(
      'addons/keyVaultSecretsProvider',
      addon('azureKeyvaultSecretsProvider'),
    ),
    keyVaultSecretsRotation: reader.bool(
      'addons/keyVaultSecretsRotation',
      p('addonProfiles', 'azureKeyvaultSecretsProvider', 'config', 'enableSecretRotation'),
    ),
    openServiceMesh: reader.bool('addons/openServiceMesh', addon('openServiceMesh')),
    istio: readIstio(reader, p('serviceMeshProfile', 'mode')),
    // Container Insights is `omsagent` in az output and ARM, `omsAgent` in Bicep; keys match ignoring case.
    monitoring: reader.bool('addons/monitoring', addon('omsagent')),
    httpApplicationRouting: reader.bool('addons/httpApplicationRouting', addon('httpApplicationRouting')),
    kubeDashboard: reader.bool('addons/kubeDashboard', addon('kubeDashboard')),
    defender: reader.bool(
      'addons/defender',
      p('securityProfile', 'defender', 'securityMonitoring', 'enabled'),
    ),
    imageCleaner: reader.bool('addons/imageCleaner', p('securityProfile', 'imageCleaner', 'enabled')),
    kmsEtcdEncryption: reader.bool(
      'addons/kmsEtcdEncryption',
      p('securityProfile', 'azureKeyVaultKms', 'enabled'),
    ),
    applicationGatewayIngress: reader.bool(
      'addons/applicationGatewayIngress',
      addon('ingressApplicationGateway'),
    ),
  });
}

/** `serviceMeshProfile.mode`: `Istio` is the Istio add-on, `Disabled` is none. */
function readIstio(reader: FieldReader, mode: SourceNode | undefined): Known<boolean> | undefined {
  const value = reader.choice('addons/istio', mode, ['Istio', 'Disabled'] as const);
  return value === undefined || isUnknown(value) ? value : value === 'Istio';
}

/**
 * Whether the cluster has a kubelet identity of the user's own. az and exported resources also list the
 * one AKS creates when none is given; AKS creates that one in the node resource group, so an identity
 * there is AKS's own (`false`). Shared by the az/ARM and Terraform readers.
 */
export function readKubeletIdentity(
  reader: FieldReader,
  identity: SourceNode | undefined,
  resourceId: SourceNode | undefined,
  nodeResourceGroup: SourceNode | undefined,
): Known<boolean> | undefined {
  if (identity === undefined) return undefined;
  reader.note('identity/kubeletIdentity', identity);
  if (isUnknown(identity.value)) return identity.value;
  const id = resourceId?.value;
  const group = nodeResourceGroup?.value;
  if (typeof id === 'string' && typeof group === 'string' && group !== '') {
    const idGroup = /\/resourceGroups\/([^/]+)\//i.exec(id)?.[1];
    return idGroup?.toLowerCase() !== group.toLowerCase();
  }
  return true;
}

function readAgentPool(
  reader: FieldReader,
  index: number,
  resource: SourceNode,
  properties: SourceNode | undefined,
  name: SourceNode | string | undefined,
): AgentPool {
  const path = `agentPools/${index}`;
  reader.note(path, resource);
  reader.container(properties, 'object');
  const f = (...keys: string[]) => properties?.get(...keys);
  return compact<AgentPool>({
    name: poolName(reader, path, resource, name),
    mode: reader.string(`${path}/mode`, f('mode')),
    count: reader.integer(`${path}/count`, f('count')),
    enableAutoScaling: reader.bool(`${path}/enableAutoScaling`, f('enableAutoScaling')),
    minCount: reader.integer(`${path}/minCount`, f('minCount')),
    maxCount: reader.integer(`${path}/maxCount`, f('maxCount')),
    maxPods: reader.integer(`${path}/maxPods`, f('maxPods')),
    maxSurge: reader.string(`${path}/maxSurge`, f('upgradeSettings', 'maxSurge')),
    vnetSubnetId: reader.string(`${path}/vnetSubnetId`, f('vnetSubnetID')),
    podSubnetId: reader.string(`${path}/podSubnetId`, f('podSubnetID')),
    enableNodePublicIp: reader.bool(`${path}/enableNodePublicIp`, f('enableNodePublicIP')),
    osType: reader.string(`${path}/osType`, f('osType')),
    vmSize: reader.string(`${path}/vmSize`, f('vmSize')),
    enableEncryptionAtHost: reader.bool(`${path}/enableEncryptionAtHost`, f('enableEncryptionAtHost')),
    onlyCriticalAddons: readCriticalAddonsTaint(reader, `${path}/onlyCriticalAddons`, f('nodeTaints')),
    path,
  });
}

function poolName(
  reader: FieldReader,
  path: string,
  resource: SourceNode,
  name: SourceNode | string | undefined,
): string {
  if (typeof name === 'string') return name;
  if (typeof name?.value === 'string') {
    reader.note(`${path}/name`, name);
    return name.value;
  }
  if (isUnknown(name?.value)) return `(${name.value.reason})`;
  reader.diagnostics.push(
    warningDiagnostic(
      'cluster-pool-without-name',
      'node pool has no name',
      resource.ref,
      'every pool needs a `name`',
    ),
  );
  return `#${path.slice(path.lastIndexOf('/') + 1)}`;
}

/** The taint AKS documents for keeping application pods off system node pools. */
const CRITICAL_ADDONS_ONLY_TAINT = 'CriticalAddonsOnly=true:NoSchedule';

/** Whether a pool's taint list (`nodeTaints`, Terraform `node_taints`) holds the CriticalAddonsOnly taint. */
export function readCriticalAddonsTaint(
  reader: FieldReader,
  path: string,
  taints: SourceNode | undefined,
): Known<boolean> | undefined {
  const value = reader.strings(path, taints);
  if (value === undefined || isUnknown(value)) return value;
  return value.includes(CRITICAL_ADDONS_ONLY_TAINT);
}

/** Resource tags as strings; a tag's model path is `tags/KEY` with `/` in KEY escaped as `~1` (JSON pointer style). */
export function readTags(reader: FieldReader, tags: SourceNode | undefined): Record<string, string> {
  reader.note('tags', tags);
  const out: Record<string, string> = {};
  for (const [key, value] of tags?.entries() ?? []) {
    if (isUnknown(value.value) || typeof value.value === 'object') continue;
    reader.note(`tags/${escapePointerSegment(key)}`, value);
    out[key] = String(value.value);
  }
  return out;
}
