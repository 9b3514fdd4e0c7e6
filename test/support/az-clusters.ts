// A minimal `az aks show` → Cluster mapper for rule tests, used until the cluster loaders land on main.
import { type InputDocument, isRecord } from '../../src/load/detect.js';
import type { AgentPool, Cluster } from '../../src/model/cluster.js';
import { escapePointerSegment } from '../../src/model/source.js';

/** Model path → az JSON path (keys matched case-insensitively, as Azure does). */
const FIELDS: Readonly<Record<string, string>> = {
  'network/plugin': 'networkProfile/networkPlugin',
  'network/pluginMode': 'networkProfile/networkPluginMode',
  'network/policy': 'networkProfile/networkPolicy',
  'network/dataplane': 'networkProfile/networkDataplane',
  'network/outboundType': 'networkProfile/outboundType',
  'network/loadBalancerSku': 'networkProfile/loadBalancerSku',
  'network/podCidr': 'networkProfile/podCidr',
  'network/serviceCidr': 'networkProfile/serviceCidr',
  'network/dnsServiceIP': 'networkProfile/dnsServiceIP',
  'apiServer/privateCluster': 'apiServerAccessProfile/enablePrivateCluster',
  'apiServer/authorizedIpRanges': 'apiServerAccessProfile/authorizedIpRanges',
  'apiServer/privateDnsZone': 'apiServerAccessProfile/privateDnsZone',
  'apiServer/privateClusterPublicFqdn': 'apiServerAccessProfile/enablePrivateClusterPublicFqdn',
  'apiServer/disableRunCommand': 'apiServerAccessProfile/disableRunCommand',
  'apiServer/vnetIntegration': 'apiServerAccessProfile/enableVnetIntegration',
  'identity/type': 'identity/type',
  'identity/kubeletIdentity': 'identityProfile/kubeletidentity',
  'identity/entraIntegration': 'aadProfile/managed',
  'identity/azureRbac': 'aadProfile/enableAzureRbac',
  'identity/localAccountsDisabled': 'disableLocalAccounts',
  'identity/podIdentity': 'podIdentityProfile/enabled',
  'identity/podIdentityAllowKubenet': 'podIdentityProfile/allowNetworkPluginKubenet',
  'identity/workloadIdentity': 'securityProfile/workloadIdentity/enabled',
  'identity/oidcIssuer': 'oidcIssuerProfile/enabled',
  'identity/kubernetesRbac': 'enableRbac',
  'addons/azurePolicy': 'addonProfiles/azurepolicy/enabled',
  'addons/keyVaultSecretsProvider': 'addonProfiles/azureKeyvaultSecretsProvider/enabled',
  'addons/keyVaultSecretsRotation': 'addonProfiles/azureKeyvaultSecretsProvider/config/enableSecretRotation',
  'addons/openServiceMesh': 'addonProfiles/openServiceMesh/enabled',
  'addons/istio': 'serviceMeshProfile/mode',
  'addons/monitoring': 'addonProfiles/omsagent/enabled',
  'addons/httpApplicationRouting': 'addonProfiles/httpApplicationRouting/enabled',
  'addons/defender': 'securityProfile/defender/securityMonitoring/enabled',
  'addons/imageCleaner': 'securityProfile/imageCleaner/enabled',
  'addons/applicationGatewayIngress': 'addonProfiles/ingressApplicationGateway/enabled',
  tags: 'tags',
};

/** Model sections → az JSON objects, so a finding on an absent field points at its section. */
const SECTIONS: Readonly<Record<string, string>> = {
  network: 'networkProfile',
  apiServer: 'apiServerAccessProfile',
  addons: 'addonProfiles',
};

const POOL_FIELDS: Readonly<Record<string, string>> = {
  mode: 'mode',
  count: 'count',
  enableAutoScaling: 'enableAutoScaling',
  minCount: 'minCount',
  maxCount: 'maxCount',
  maxPods: 'maxPods',
  maxSurge: 'upgradeSettings/maxSurge',
  vnetSubnetId: 'vnetSubnetId',
  podSubnetId: 'podSubnetId',
  enableNodePublicIp: 'enableNodePublicIp',
  osType: 'osType',
  vmSize: 'vmSize',
};

/** Maps each `az aks show` document to a Cluster. */
export function clustersFromAz(documents: readonly InputDocument[]): Cluster[] {
  return documents.filter((d) => d.kind === 'az-aks').map(clusterFromAz);
}

function clusterFromAz(doc: InputDocument): Cluster {
  const lookup = (azPath: string): { value: unknown; pointer: string } => {
    let value: unknown = doc.value;
    let pointer = '';
    for (const key of azPath.split('/')) {
      if (Array.isArray(value)) {
        value = value[Number(key)];
        pointer += `/${key}`;
        continue;
      }
      if (!isRecord(value)) return { value: undefined, pointer };
      const actual = Object.keys(value).find((k) => k.toLowerCase() === key.toLowerCase());
      if (actual === undefined) return { value: undefined, pointer };
      value = value[actual];
      pointer += `/${escapePointerSegment(actual)}`;
    }
    return { value, pointer };
  };
  const pointers = new Map<string, string>();
  const read = (modelPath: string, azPath: string): unknown => {
    const found = lookup(azPath);
    if (found.value !== undefined) pointers.set(modelPath, found.pointer);
    return found.value;
  };
  const field = (modelPath: string): unknown => read(modelPath, FIELDS[modelPath]!);
  const section = (prefix: string, convert: (name: string, value: unknown) => unknown = (_n, v) => v) => {
    const out: Record<string, unknown> = {};
    for (const path of Object.keys(FIELDS).filter((p) => p.startsWith(`${prefix}/`))) {
      const value = field(path);
      if (value !== undefined) out[path.slice(prefix.length + 1)] = convert(path, value);
    }
    return out;
  };
  for (const [modelPath, azPath] of Object.entries(SECTIONS)) read(modelPath, azPath);
  const pools = lookup('agentPoolProfiles');
  const agentPools: AgentPool[] = Array.isArray(pools.value)
    ? pools.value.map((_pool, i) => {
        const pool: Record<string, unknown> = { name: String(lookup(`agentPoolProfiles/${i}/name`).value) };
        for (const [name, azPath] of Object.entries(POOL_FIELDS)) {
          const value = read(`agentPools/${i}/${name}`, `agentPoolProfiles/${i}/${azPath}`);
          if (value !== undefined) pool[name] = name === 'maxSurge' ? String(value) : value;
        }
        pointers.set(`agentPools/${i}`, `${pools.pointer}/${i}`);
        return { ...pool, path: `agentPools/${i}` } as unknown as AgentPool;
      })
    : [];
  const identityType = field('identity/type');
  const servicePrincipal = lookup('servicePrincipalProfile/clientId').value;
  const identity = section('identity', (path, value) => {
    if (path === 'identity/kubeletIdentity') return isRecord(value);
    return value;
  });
  if (identityType === undefined && typeof servicePrincipal === 'string' && servicePrincipal !== 'msi') {
    identity.type = 'ServicePrincipal';
    pointers.set('identity/type', lookup('servicePrincipalProfile').pointer);
  }
  const tags = field('tags');
  const cluster: Cluster = {
    name: String(isRecord(doc.value) ? doc.value.name : ''),
    format: 'az',
    file: doc.file,
    network: section('network'),
    apiServer: section('apiServer'),
    identity,
    addons: section('addons', (path, value) => {
      if (path === 'addons/istio') return String(value).toLowerCase() === 'istio';
      if (path === 'addons/keyVaultSecretsRotation') return String(value).toLowerCase() === 'true';
      return value;
    }),
    agentPools,
    subnets: [],
    virtualNetworks: [],
    routeTables: [],
    firewalls: [],
    tags: isRecord(tags)
      ? (Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, String(v)])) as Record<string, string>)
      : {},
    at(path = '') {
      // The longest recorded model path wins; what follows it (a list index) is appended to its pointer.
      let p = path;
      for (;;) {
        const pointer = pointers.get(p);
        if (pointer !== undefined) return doc.at(pointer + path.slice(p.length));
        if (p === '' || !p.includes('/')) return doc.at('');
        p = p.slice(0, p.lastIndexOf('/'));
      }
    },
  };
  return cluster;
}
