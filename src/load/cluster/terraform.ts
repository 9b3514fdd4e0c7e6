// Terraform plan or state JSON (`terraform show -json`): azurerm clusters, node pools and their network, modules walked.
import type {
  AgentPool,
  Cluster,
  ClusterAddons,
  ClusterApiServer,
  ClusterIdentity,
  ClusterNetwork,
  DiagnosticSetting,
  Firewall,
  FirewallRule,
  Known,
  Route,
  RouteTable,
  Subnet,
  VirtualNetwork,
} from '../../model/cluster.js';
import { isUnknown, sameResourceId } from '../../model/cluster.js';
import { type Diagnostic, warningDiagnostic } from '../../model/diagnostic.js';
import { isRecord } from '../../model/json.js';
import type { InputDocument } from '../detect.js';
import { assembleCluster, type ClusterData } from './assemble.js';
import { diagnosticSetting } from './diagnostic-settings.js';
import { compact, FieldReader } from './fields.js';
import { FirewallRuleCollector } from './firewall-rules.js';
import {
  NETWORK_PLUGINS,
  NETWORK_POLICIES,
  NODE_OS_UPGRADE_CHANNELS,
  OUTBOUND_TYPES,
  PRIVATE_DNS_ZONE_MODES,
  readCriticalAddonsTaint,
  readKubeletIdentity,
  readTags,
  UPGRADE_CHANNELS,
} from './managed-cluster.js';
import { resourceIdOf } from './resource-id.js';
import { type SourceNode, sourceNode, unknownValue } from './source-node.js';

/** Terraform's word for a value the plan cannot know. */
export const KNOWN_AFTER_APPLY = 'known after apply';

/** One resource (or data source) of the plan or state, with its values (unknowns filled in from `after_unknown`). */
interface TerraformResource {
  readonly address: string;
  /** `''` for the root module, else `module.a.module.b`. */
  readonly module: string;
  readonly type: string;
  readonly name: string;
  /** `managed`, or `data` for a data source (something that exists already, read by the plan). */
  readonly mode: string;
  readonly values: SourceNode;
}

/** Where a module's configuration is, and how it was called (to follow `var.x` to the caller). */
interface ModuleConfig {
  readonly address: string;
  readonly config: Record<string, unknown>;
  readonly caller?: { readonly module: ModuleConfig; readonly call: Record<string, unknown> };
}

/** The clusters of one plan or state. */
export interface TerraformClusters {
  readonly clusters: Cluster[];
  readonly diagnostics: Diagnostic[];
}

/** The ARM type each azurerm network resource creates, to compose ids the plan does not know yet. */
const ARM_TYPES: Readonly<Record<string, string>> = {
  azurerm_virtual_network: 'Microsoft.Network/virtualNetworks',
  azurerm_route_table: 'Microsoft.Network/routeTables',
  azurerm_firewall: 'Microsoft.Network/azureFirewalls',
  azurerm_firewall_policy: 'Microsoft.Network/firewallPolicies',
  azurerm_network_security_group: 'Microsoft.Network/networkSecurityGroups',
  azurerm_kubernetes_cluster: 'Microsoft.ContainerService/managedClusters',
};

/**
 * Reads a Terraform plan (`planned_values`, unknowns from `resource_changes[].change.after_unknown`) or
 * state (`values`). Ids that are only known after apply are composed from the resource's name, resource
 * group and parent (with a `{subscriptionId}` placeholder), and references between resources are followed
 * through the plan's `configuration` (also across module inputs and outputs), so a node pool still finds
 * its subnet and a subnet its route table.
 */
export function readTerraform(doc: InputDocument): TerraformClusters {
  const diagnostics: Diagnostic[] = [];
  const plan = new TerraformDocument(doc);
  if (!plan.hasValues) {
    diagnostics.push(
      warningDiagnostic(
        'terraform-no-values',
        'this Terraform JSON has no planned_values, values or resource_changes; nothing to analyse',
        doc.at(),
        'produce it with `terraform show -json PLANFILE` or `terraform show -json` (state)',
      ),
    );
    return { clusters: [], diagnostics };
  }
  const clusters: Cluster[] = [];
  const clusterResources = plan.managed('azurerm_kubernetes_cluster');
  for (const resource of clusterResources) {
    const reader = new FieldReader();
    const v = resource.values;
    const name = v.child('name')?.value;
    const pools = plan
      .managed('azurerm_kubernetes_cluster_node_pool')
      .filter((pool) =>
        plan.belongsTo(pool, 'kubernetes_cluster_id', resource, clusterResources.length === 1),
      );
    const data = {
      name: typeof name === 'string' ? name : resource.address,
      format: 'terraform' as const,
      file: doc.file,
      ...compact<
        Pick<
          ClusterData,
          | 'location'
          | 'kubernetesVersion'
          | 'skuTier'
          | 'diskEncryptionSetId'
          | 'upgradeChannel'
          | 'nodeOsUpgradeChannel'
        >
      >({
        location: reader.string('location', v.child('location')),
        kubernetesVersion: reader.string('kubernetesVersion', v.child('kubernetes_version')),
        skuTier: reader.string('skuTier', v.child('sku_tier')),
        diskEncryptionSetId: reader.string('diskEncryptionSetId', v.child('disk_encryption_set_id')),
        // 4.0 renamed `automatic_channel_upgrade` and `node_os_channel_upgrade`; 3.x states keep the old names.
        upgradeChannel: upgradeChannel(
          reader,
          'upgradeChannel',
          v.child('automatic_upgrade_channel') ?? v.child('automatic_channel_upgrade'),
          UPGRADE_CHANNELS,
          'none',
        ),
        nodeOsUpgradeChannel: upgradeChannel(
          reader,
          'nodeOsUpgradeChannel',
          v.child('node_os_upgrade_channel') ?? v.child('node_os_channel_upgrade'),
          NODE_OS_UPGRADE_CHANNELS,
          undefined,
        ),
      }),
      network: readNetworkProfile(reader, v.get('network_profile', 0)),
      apiServer: readApiServer(reader, v),
      identity: readIdentity(reader, v),
      addons: readAddons(reader, v),
      agentPools: [
        readPool(reader, plan, resource, 0, v.get('default_node_pool', 0), ['default_node_pool', 0]),
        ...pools.map((pool, i) => readPool(reader, plan, pool, i + 1, pool.values, [])),
      ],
      tags: readTags(reader, v.child('tags')),
      ...readNetwork(reader, plan),
      diagnosticSettings: readDiagnosticSettings(reader, plan, resource, clusterResources.length === 1),
    };
    diagnostics.push(...reader.diagnostics);
    clusters.push(assembleCluster(data, v.ref, reader.positions));
  }
  return { clusters, diagnostics };
}

/** The plan or state: resources by module, values with unknowns, and the configuration for references. */
class TerraformDocument {
  readonly hasValues: boolean;
  readonly resources: TerraformResource[] = [];
  private readonly modules = new Map<string, ModuleConfig>();

  constructor(private readonly doc: InputDocument) {
    const root = isRecord(doc.value) ? doc.value : {};
    const valuesKey = isRecord(root.planned_values)
      ? 'planned_values'
      : isRecord(root.values)
        ? 'values'
        : undefined;
    const changes = Array.isArray(root.resource_changes) ? root.resource_changes : [];
    this.hasValues = valuesKey !== undefined || changes.length > 0;
    const afterUnknown = new Map<string, unknown>();
    for (const change of changes) {
      if (isRecord(change) && typeof change.address === 'string' && isRecord(change.change)) {
        afterUnknown.set(change.address, change.change.after_unknown);
      }
    }
    // Without planned values (a hand-trimmed plan), each change's `after` is what the resource will be.
    if (valuesKey === undefined) this.readChanges(changes, afterUnknown);
    if (valuesKey) {
      const top = root[valuesKey] as Record<string, unknown>;
      // A state lists data sources with the resources; a plan lists the data sources it read in `prior_state`.
      const modes = valuesKey === 'values' ? ['managed', 'data'] : ['managed'];
      if (isRecord(top.root_module))
        this.walkModule(top.root_module, `/${valuesKey}/root_module`, afterUnknown, modes);
      const prior =
        isRecord(root.prior_state) && isRecord(root.prior_state.values) ? root.prior_state.values : undefined;
      if (valuesKey === 'planned_values' && prior && isRecord(prior.root_module)) {
        this.walkModule(prior.root_module, '/prior_state/values/root_module', afterUnknown, ['data']);
      }
    }
    const configuration = isRecord(root.configuration) ? root.configuration : undefined;
    if (configuration && isRecord(configuration.root_module))
      this.indexConfig(configuration.root_module, '', undefined);
  }

  private readChanges(changes: readonly unknown[], afterUnknown: Map<string, unknown>): void {
    changes.forEach((change, i) => {
      if (!isRecord(change) || !isRecord(change.change) || typeof change.address !== 'string') return;
      if (typeof change.type !== 'string' || change.change.after === null) return;
      this.resources.push({
        address: change.address,
        module: typeof change.module_address === 'string' ? change.module_address : '',
        type: change.type,
        name: String(change.name ?? ''),
        mode: String(change.mode ?? 'managed'),
        values: sourceNode(
          withUnknowns(change.change.after ?? {}, afterUnknown.get(change.address)),
          `/resource_changes/${i}/change/after`,
          (p) => this.doc.at(p),
        ),
      });
    });
  }

  private walkModule(
    module: Record<string, unknown>,
    pointer: string,
    afterUnknown: Map<string, unknown>,
    modes: readonly string[],
  ): void {
    const moduleAddress = typeof module.address === 'string' ? module.address : '';
    if (Array.isArray(module.resources)) {
      module.resources.forEach((resource, i) => {
        if (!isRecord(resource) || !modes.includes(String(resource.mode))) return;
        if (typeof resource.address !== 'string' || typeof resource.type !== 'string') return;
        if (this.resources.some((r) => r.address === resource.address)) return;
        const valuesPointer = `${pointer}/resources/${i}/values`;
        const values = withUnknowns(resource.values ?? {}, afterUnknown.get(resource.address));
        this.resources.push({
          address: resource.address,
          module: moduleAddress,
          type: resource.type,
          name: String(resource.name ?? ''),
          mode: String(resource.mode),
          values: sourceNode(values, valuesPointer, (p) => this.doc.at(p)),
        });
      });
    }
    if (Array.isArray(module.child_modules)) {
      module.child_modules.forEach((child, i) => {
        if (isRecord(child)) this.walkModule(child, `${pointer}/child_modules/${i}`, afterUnknown, modes);
      });
    }
  }

  private indexConfig(
    config: Record<string, unknown>,
    address: string,
    caller: ModuleConfig['caller'],
  ): void {
    const module: ModuleConfig = caller ? { address, config, caller } : { address, config };
    this.modules.set(address, module);
    const calls = isRecord(config.module_calls) ? config.module_calls : {};
    for (const [name, call] of Object.entries(calls)) {
      if (isRecord(call) && isRecord(call.module)) {
        const child = address ? `${address}.module.${name}` : `module.${name}`;
        this.indexConfig(call.module, child, { module, call });
      }
    }
  }

  /** The resources and data sources of a type. */
  ofType(type: string): TerraformResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** The resources of a type this plan or state manages (not data sources). */
  managed(type: string): TerraformResource[] {
    return this.ofType(type).filter((r) => r.mode === 'managed');
  }

  /**
   * The id of a resource: its `id` when known, else composed from its name and resource group (and parent
   * network for a subnet), as Azure will assign it.
   */
  idOf(resource: TerraformResource): string {
    const id = resource.values.child('id')?.value;
    if (typeof id === 'string') return id;
    const text = (key: string) => {
      const value = resource.values.child(key)?.value;
      return typeof value === 'string' ? value : `{${key}}`;
    };
    const group = text('resource_group_name');
    if (resource.type === 'azurerm_subnet') {
      return resourceIdOf(
        'Microsoft.Network/virtualNetworks/subnets',
        [text('virtual_network_name'), text('name')],
        undefined,
        group,
      );
    }
    const armType = ARM_TYPES[resource.type];
    return armType ? resourceIdOf(armType, [text('name')], undefined, group) : resource.address;
  }

  /**
   * The value of an id attribute: as planned when known, else the id of the resource the configuration
   * refers to (`azurerm_subnet.nodes.id`, also through module outputs and inputs), else unknown.
   */
  idAttribute(resource: TerraformResource, path: readonly (string | number)[]): Known<string> | undefined {
    const node = resource.values.get(...path);
    if (node === undefined) return undefined;
    if (typeof node.value === 'string') return node.value;
    const target = this.referencedResource(resource, path);
    return target ? this.idOf(target) : isUnknown(node.value) ? node.value : undefined;
  }

  /** Whether `resource.attribute` names `owner` (by id, or by a configuration reference); `fallback` when it cannot tell. */
  belongsTo(
    resource: TerraformResource,
    attribute: string,
    owner: TerraformResource,
    fallback: boolean,
  ): boolean {
    const value = resource.values.child(attribute)?.value;
    if (typeof value === 'string') return sameResourceId(value, this.idOf(owner));
    const target = this.referencedResource(resource, [attribute]);
    return target ? target === owner : fallback;
  }

  private referencedResource(
    resource: TerraformResource,
    path: readonly (string | number)[],
  ): TerraformResource | undefined {
    const module = this.modules.get(resource.module);
    const config = module ? this.configResource(module, resource.address) : undefined;
    let expression: unknown = config?.expressions;
    for (const key of path)
      expression =
        Array.isArray(expression) || isRecord(expression)
          ? (expression as Record<string, unknown>)[key]
          : undefined;
    return module ? this.resolveReferences(module, expression, 0) : undefined;
  }

  private configResource(module: ModuleConfig, address: string): Record<string, unknown> | undefined {
    const relative = module.address ? address.slice(module.address.length + 1) : address;
    const plain = relative.replace(/\[[^\]]*\]$/, '');
    const resources = Array.isArray(module.config.resources) ? module.config.resources : [];
    return resources.find((r): r is Record<string, unknown> => isRecord(r) && r.address === plain);
  }

  /** Follows an expression's `references` to the resource they name, through module outputs (`module.x.out`) and inputs (`var.x`). */
  private resolveReferences(
    module: ModuleConfig,
    expression: unknown,
    depth: number,
  ): TerraformResource | undefined {
    if (depth > 16 || !isRecord(expression) || !Array.isArray(expression.references)) return undefined;
    for (const reference of expression.references) {
      if (typeof reference !== 'string') continue;
      const moduleOutput = /^module\.([^.[]+)(?:\[[^\]]*\])?\.([^.[]+)/.exec(reference);
      if (moduleOutput) {
        const child = this.modules.get(
          module.address ? `${module.address}.module.${moduleOutput[1]}` : `module.${moduleOutput[1]}`,
        );
        const outputs = child && isRecord(child.config.outputs) ? child.config.outputs : {};
        const output = outputs[moduleOutput[2]!];
        const found =
          child && isRecord(output) ? this.resolveReferences(child, output.expression, depth + 1) : undefined;
        if (found) return found;
        continue;
      }
      const input = /^var\.([^.[]+)/.exec(reference);
      if (input && module.caller) {
        const expressions = isRecord(module.caller.call.expressions) ? module.caller.call.expressions : {};
        const found = this.resolveReferences(module.caller.module, expressions[input[1]!], depth + 1);
        if (found) return found;
        continue;
      }
      const direct = /^((?:data\.)?[a-z0-9_]+)\.([^.[]+)/.exec(reference);
      if (direct) {
        const address = `${module.address ? `${module.address}.` : ''}${direct[1]}.${direct[2]}`;
        const found = this.resources.find(
          (r) => r.address === address || r.address.startsWith(`${address}[`),
        );
        if (found) return found;
      }
    }
    return undefined;
  }
}

/** Fills a resource's planned values with unknowns where `after_unknown` marks them (`true` at a path). */
function withUnknowns(values: unknown, afterUnknown: unknown): unknown {
  if (afterUnknown === true) return unknownValue(KNOWN_AFTER_APPLY);
  if (Array.isArray(afterUnknown)) {
    const items = Array.isArray(values) ? values : [];
    const length = Math.max(items.length, afterUnknown.length);
    return Array.from({ length }, (_, i) => withUnknowns(items[i] ?? null, afterUnknown[i]));
  }
  if (isRecord(afterUnknown) && (isRecord(values) || values === null || values === undefined)) {
    const out: Record<string, unknown> = { ...(isRecord(values) ? values : {}) };
    for (const [key, marker] of Object.entries(afterUnknown)) {
      Object.defineProperty(out, key, {
        value: withUnknowns(out[key] ?? null, marker),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return values;
}

/**
 * An upgrade channel attribute. The provider writes `""` for a channel it leaves unset: for the cluster
 * channel that is `none` (its documented meaning when omitted); for the node OS channel, which 3.x
 * providers only record when it is configured, it says nothing (`emptyMeans` undefined).
 */
function upgradeChannel(
  reader: FieldReader,
  path: string,
  node: SourceNode | undefined,
  keywords: readonly string[],
  emptyMeans: string | undefined,
): Known<string> | undefined {
  const value = reader.keyword(path, node, keywords);
  return value === '' ? emptyMeans : value;
}

/** `true` when a nested block is present, `false` when the plan lists it empty, absent when not mentioned. */
function block(reader: FieldReader, path: string, node: SourceNode | undefined): Known<boolean> | undefined {
  if (node === undefined) return undefined;
  reader.note(path, node);
  if (isUnknown(node.value)) return node.value;
  return Array.isArray(node.value) ? node.value.length > 0 : true;
}

function readNetworkProfile(reader: FieldReader, profile: SourceNode | undefined): ClusterNetwork {
  reader.note('network', profile);
  const f = (key: string) => profile?.child(key);
  return compact<ClusterNetwork>({
    plugin: reader.choice('network/plugin', f('network_plugin'), NETWORK_PLUGINS),
    pluginMode: reader.string('network/pluginMode', f('network_plugin_mode')),
    policy: reader.choice('network/policy', f('network_policy'), NETWORK_POLICIES),
    dataplane: reader.string('network/dataplane', f('network_data_plane')),
    outboundType: reader.choice('network/outboundType', f('outbound_type'), OUTBOUND_TYPES),
    loadBalancerSku: reader.string('network/loadBalancerSku', f('load_balancer_sku')),
    podCidr: reader.string('network/podCidr', f('pod_cidr')),
    serviceCidr: reader.string('network/serviceCidr', f('service_cidr')),
    dnsServiceIP: reader.string('network/dnsServiceIP', f('dns_service_ip')),
    dockerBridgeCidr: reader.string('network/dockerBridgeCidr', f('docker_bridge_cidr')),
  });
}

function readApiServer(reader: FieldReader, v: SourceNode): ClusterApiServer {
  const profile = v.get('api_server_access_profile', 0);
  reader.note('apiServer', profile);
  // `api_server_authorized_ip_ranges` is the attribute the 4.0 provider removed in favour of the block.
  const ranges = profile?.child('authorized_ip_ranges') ?? v.child('api_server_authorized_ip_ranges');
  const runCommand = reader.bool('apiServer/disableRunCommand', v.child('run_command_enabled'));
  return compact<ClusterApiServer>({
    // `private_link_enabled` is what early 2.x providers called it.
    privateCluster: reader.bool(
      'apiServer/privateCluster',
      v.child('private_cluster_enabled') ?? v.child('private_link_enabled'),
    ),
    authorizedIpRanges: reader.strings('apiServer/authorizedIpRanges', ranges),
    privateDnsZone: reader.keyword(
      'apiServer/privateDnsZone',
      v.child('private_dns_zone_id'),
      PRIVATE_DNS_ZONE_MODES,
    ),
    privateClusterPublicFqdn: reader.bool(
      'apiServer/privateClusterPublicFqdn',
      v.child('private_cluster_public_fqdn_enabled'),
    ),
    // `run_command_enabled` is the inverse of ARM's `disableRunCommand`.
    disableRunCommand: runCommand === undefined || isUnknown(runCommand) ? runCommand : !runCommand,
    vnetIntegration: reader.bool(
      'apiServer/vnetIntegration',
      profile?.child('virtual_network_integration_enabled') ?? profile?.child('vnet_integration_enabled'),
    ),
  });
}

function readIdentity(reader: FieldReader, v: SourceNode): ClusterIdentity {
  // 2.x providers nest Entra ID and RBAC in `role_based_access_control { enabled, azure_active_directory {…} }`.
  const legacyRbac = v.get('role_based_access_control', 0);
  const aadBlock =
    v.child('azure_active_directory_role_based_access_control') ??
    legacyRbac?.child('azure_active_directory');
  const aad = aadBlock?.child(0);
  let type = reader.string('identity/type', v.get('identity', 0, 'type'));
  const servicePrincipal = v.get('service_principal', 0);
  if (type === undefined && servicePrincipal !== undefined) {
    reader.note('identity/type', servicePrincipal);
    type = 'ServicePrincipal';
  }
  // The 4.0 provider dropped `managed`: the block always means managed Entra ID integration.
  const managed = aad?.child('managed');
  return compact<ClusterIdentity>({
    type,
    kubeletIdentity: kubeletBlock(reader, v),
    entraIntegration: managed
      ? reader.bool('identity/entraIntegration', managed)
      : block(reader, 'identity/entraIntegration', aadBlock),
    azureRbac: reader.bool('identity/azureRbac', aad?.child('azure_rbac_enabled')),
    localAccountsDisabled: reader.bool('identity/localAccountsDisabled', v.child('local_account_disabled')),
    // azurerm has no pod-managed identity (the retired add-on was never in the provider).
    podIdentity: undefined,
    podIdentityAllowKubenet: undefined,
    workloadIdentity: reader.bool('identity/workloadIdentity', v.child('workload_identity_enabled')),
    oidcIssuer: reader.bool('identity/oidcIssuer', v.child('oidc_issuer_enabled')),
    kubernetesRbac: reader.bool(
      'identity/kubernetesRbac',
      v.child('role_based_access_control_enabled') ?? legacyRbac?.child('enabled'),
    ),
  });
}

/** `kubelet_identity`: a plan lists it empty when none is given; a state lists the one AKS created. */
function kubeletBlock(reader: FieldReader, v: SourceNode): Known<boolean> | undefined {
  const node = v.child('kubelet_identity');
  if (node !== undefined && Array.isArray(node.value) && node.value.length === 0) {
    return block(reader, 'identity/kubeletIdentity', node);
  }
  return readKubeletIdentity(
    reader,
    node,
    v.get('kubelet_identity', 0, 'user_assigned_identity_id'),
    v.child('node_resource_group'),
  );
}

function readAddons(reader: FieldReader, v: SourceNode): ClusterAddons {
  const mode = v.get('service_mesh_profile', 0, 'mode');
  const meshMode = reader.choice('addons/istio', mode, ['Istio', 'Disabled'] as const);
  // 2.x providers put add-ons in `addon_profile { oms_agent { enabled } … }` (removed in 3.0).
  const legacy = (name: string) => v.get('addon_profile', 0, name, 0, 'enabled');
  const enabledBlock = (path: string, current: string, old: string) => {
    const node = v.child(current);
    return node !== undefined ? block(reader, path, node) : reader.bool(path, legacy(old));
  };
  return compact<ClusterAddons>({
    azurePolicy: reader.bool('addons/azurePolicy', v.child('azure_policy_enabled') ?? legacy('azure_policy')),
    keyVaultSecretsProvider: block(
      reader,
      'addons/keyVaultSecretsProvider',
      v.child('key_vault_secrets_provider'),
    ),
    keyVaultSecretsRotation: reader.bool(
      'addons/keyVaultSecretsRotation',
      v.get('key_vault_secrets_provider', 0, 'secret_rotation_enabled'),
    ),
    openServiceMesh: reader.bool('addons/openServiceMesh', v.child('open_service_mesh_enabled')),
    istio: meshMode === undefined || isUnknown(meshMode) ? meshMode : meshMode === 'Istio',
    monitoring: enabledBlock('addons/monitoring', 'oms_agent', 'oms_agent'),
    httpApplicationRouting: reader.bool(
      'addons/httpApplicationRouting',
      v.child('http_application_routing_enabled') ?? legacy('http_application_routing'),
    ),
    // Only 2.x providers could express the dashboard (`addon_profile.kube_dashboard`); 3.0 removed it.
    kubeDashboard: reader.bool('addons/kubeDashboard', legacy('kube_dashboard')),
    defender: block(reader, 'addons/defender', v.child('microsoft_defender')),
    imageCleaner: reader.bool('addons/imageCleaner', v.child('image_cleaner_enabled')),
    kmsEtcdEncryption: block(reader, 'addons/kmsEtcdEncryption', v.child('key_management_service')),
    applicationGatewayIngress: enabledBlock(
      'addons/applicationGatewayIngress',
      'ingress_application_gateway',
      'ingress_application_gateway',
    ),
  });
}

/**
 * A node pool: the cluster's `default_node_pool` (always the System pool) or an
 * `azurerm_kubernetes_cluster_node_pool`. `idPath` locates the pool's attributes inside `owner`'s values,
 * so subnet references are followed through the right configuration.
 */
function readPool(
  reader: FieldReader,
  plan: TerraformDocument,
  owner: TerraformResource,
  index: number,
  pool: SourceNode | undefined,
  idPath: readonly (string | number)[],
): AgentPool {
  const path = `agentPools/${index}`;
  reader.note(path, pool);
  const f = (...keys: (string | number)[]) => pool?.get(...keys);
  const name = f('name')?.value;
  if (typeof name === 'string') reader.note(`${path}/name`, f('name'));
  const isDefault = idPath.length > 0;
  const subnet = (key: string) => {
    const node = f(key);
    if (node === undefined) return undefined;
    reader.note(`${path}/${key === 'vnet_subnet_id' ? 'vnetSubnetId' : 'podSubnetId'}`, node);
    return plan.idAttribute(owner, [...idPath, key]);
  };
  return compact<AgentPool>({
    name: typeof name === 'string' ? name : `#${index}`,
    mode: isDefault ? 'System' : reader.string(`${path}/mode`, f('mode')),
    count: reader.integer(`${path}/count`, f('node_count')),
    enableAutoScaling: reader.bool(
      `${path}/enableAutoScaling`,
      f('auto_scaling_enabled') ?? f('enable_auto_scaling'),
    ),
    minCount: reader.integer(`${path}/minCount`, f('min_count')),
    maxCount: reader.integer(`${path}/maxCount`, f('max_count')),
    maxPods: reader.integer(`${path}/maxPods`, f('max_pods')),
    maxSurge: reader.string(`${path}/maxSurge`, f('upgrade_settings', 0, 'max_surge')),
    vnetSubnetId: subnet('vnet_subnet_id'),
    podSubnetId: subnet('pod_subnet_id'),
    enableNodePublicIp: reader.bool(
      `${path}/enableNodePublicIp`,
      f('node_public_ip_enabled') ?? f('enable_node_public_ip'),
    ),
    osType: reader.string(`${path}/osType`, f('os_type')),
    vmSize: reader.string(`${path}/vmSize`, f('vm_size')),
    enableEncryptionAtHost: reader.bool(
      `${path}/enableEncryptionAtHost`,
      f('host_encryption_enabled') ?? f('enable_host_encryption'),
    ),
    // The default pool has a flag that applies the taint; other pools can only list it in `node_taints`.
    onlyCriticalAddons: isDefault
      ? defaultPoolCriticalAddons(reader, `${path}/onlyCriticalAddons`, pool)
      : readCriticalAddonsTaint(reader, `${path}/onlyCriticalAddons`, f('node_taints')),
    path,
  });
}

/**
 * Whether the default pool carries the CriticalAddonsOnly taint: `only_critical_addons_enabled` (the
 * provider applies the taint for it, and a state reports it from the pool's taints), or the taint listed
 * in `default_node_pool.node_taints`, which providers before 4.0 accepted.
 */
function defaultPoolCriticalAddons(
  reader: FieldReader,
  path: string,
  pool: SourceNode | undefined,
): Known<boolean> | undefined {
  const flag = reader.bool(path, pool?.child('only_critical_addons_enabled'));
  if (flag === true) return flag;
  const tainted = readCriticalAddonsTaint(reader, path, pool?.child('node_taints'));
  return tainted === true || flag === undefined ? tainted : flag;
}

/**
 * The `azurerm_monitor_diagnostic_setting`s whose `target_resource_id` is the cluster: `enabled_log`
 * blocks (provider 3.x and later), or the older `log` blocks with their `enabled` flag.
 */
function readDiagnosticSettings(
  reader: FieldReader,
  plan: TerraformDocument,
  cluster: TerraformResource,
  onlyCluster: boolean,
): DiagnosticSetting[] {
  return plan
    .managed('azurerm_monitor_diagnostic_setting')
    .filter((setting) => plan.belongsTo(setting, 'target_resource_id', cluster, onlyCluster))
    .map((setting, i) => {
      const path = `diagnosticSettings/${i}`;
      const v = setting.values;
      reader.note(path, v);
      const enabledLogs = v.child('enabled_log');
      const logs = v.child('log');
      const entries = [
        ...(enabledLogs?.items() ?? []).map((block) => ({
          category: block.child('category'),
          categoryGroup: block.child('category_group'),
          enabled: true,
        })),
        ...(logs?.items() ?? []).map((block) => ({
          category: block.child('category'),
          categoryGroup: block.child('category_group'),
          enabled: block.child('enabled')?.value ?? true,
        })),
      ];
      const listed = [enabledLogs, logs].find((node) => isUnknown(node?.value)) ?? enabledLogs ?? logs;
      const name = v.child('name')?.value;
      return diagnosticSetting(
        reader,
        path,
        typeof name === 'string' ? name : setting.address,
        listed,
        entries,
      );
    });
}

/** The plan's VNets, subnets (own resources and inline blocks), route tables and firewalls. */
function readNetwork(
  reader: FieldReader,
  plan: TerraformDocument,
): {
  subnets: Subnet[];
  virtualNetworks: VirtualNetwork[];
  routeTables: RouteTable[];
  firewalls: Firewall[];
} {
  const text = (node: SourceNode | undefined) => (typeof node?.value === 'string' ? node.value : undefined);
  const virtualNetworks = plan.ofType('azurerm_virtual_network').map((vnet, i): VirtualNetwork => {
    const path = `virtualNetworks/${i}`;
    reader.note(path, vnet.values);
    return {
      id: plan.idOf(vnet),
      name: text(vnet.values.child('name')) ?? vnet.address,
      addressSpace:
        reader.strings(`${path}/addressSpace`, vnet.values.child('address_space')) ??
        unknownValue('the virtual network has no address space'),
      path,
    };
  });
  const associations = (type: string, attribute: string) =>
    plan.ofType(type).map((association) => ({
      subnet: plan.idAttribute(association, ['subnet_id']),
      target: plan.idAttribute(association, [attribute]),
      node: association.values.child(attribute),
    }));
  const routeAssociations = associations('azurerm_subnet_route_table_association', 'route_table_id');
  const nsgAssociations = associations(
    'azurerm_subnet_network_security_group_association',
    'network_security_group_id',
  );
  const subnets: Subnet[] = [];
  const addSubnet = (
    id: string,
    name: string,
    vnetName: string | undefined,
    node: SourceNode,
    inline: boolean,
  ) => {
    const path = `subnets/${subnets.length}`;
    reader.note(path, node);
    const associated = (list: typeof routeAssociations, key: string, inlineKey: string) => {
      const match = list.find((a) => typeof a.subnet === 'string' && sameResourceId(a.subnet, id));
      if (match?.node) reader.note(`${path}/${key}`, match.node);
      if (match) return match.target;
      // Data sources report an unset id as an empty string.
      const inline = node.child(inlineKey);
      return inline?.value === '' ? undefined : reader.string(`${path}/${key}`, inline);
    };
    subnets.push(
      compact<Subnet>({
        id,
        name,
        vnetName,
        addressPrefixes:
          reader.strings(`${path}/addressPrefixes`, node.child('address_prefixes')) ??
          (inline ? singlePrefix(reader, path, node.child('address_prefix')) : undefined) ??
          unknownValue('the subnet has no address prefix'),
        routeTableId: associated(routeAssociations, 'routeTableId', 'route_table_id'),
        networkSecurityGroupId: associated(nsgAssociations, 'networkSecurityGroupId', 'security_group'),
        path,
      }),
    );
  };
  for (const vnet of plan.ofType('azurerm_virtual_network')) {
    const vnetName = text(vnet.values.child('name'));
    for (const inline of vnet.values.child('subnet')?.items() ?? []) {
      const name = text(inline.child('name'));
      if (name === undefined) continue;
      const id = text(inline.child('id')) ?? `${plan.idOf(vnet)}/subnets/${name}`;
      addSubnet(id, name, vnetName, inline, true);
    }
  }
  for (const subnet of plan.ofType('azurerm_subnet')) {
    addSubnet(
      plan.idOf(subnet),
      text(subnet.values.child('name')) ?? subnet.address,
      text(subnet.values.child('virtual_network_name')),
      subnet.values,
      false,
    );
  }
  return {
    subnets,
    virtualNetworks,
    routeTables: readRouteTables(reader, plan),
    firewalls: readFirewalls(reader, plan),
  };
}

function singlePrefix(
  reader: FieldReader,
  path: string,
  node: SourceNode | undefined,
): Known<readonly string[]> | undefined {
  const prefix = reader.string(`${path}/addressPrefixes`, node);
  return prefix === undefined || isUnknown(prefix) ? prefix : [prefix];
}

function readRouteTables(reader: FieldReader, plan: TerraformDocument): RouteTable[] {
  const standalone = plan.ofType('azurerm_route');
  return plan.ofType('azurerm_route_table').map((table, t) => {
    const path = `routeTables/${t}`;
    reader.note(path, table.values);
    const name = String(table.values.child('name')?.value ?? table.address);
    const group = table.values.child('resource_group_name')?.value;
    const routeNodes = [
      ...(table.values.child('route')?.items() ?? []),
      ...standalone
        .filter(
          (route) =>
            plan.belongsTo(route, 'route_table_id', table, false) ||
            (route.values.child('route_table_name')?.value === name &&
              route.values.child('resource_group_name')?.value === group),
        )
        .map((route) => route.values),
    ];
    const routes = routeNodes.map((route, r): Route => {
      const routePath = `${path}/routes/${r}`;
      reader.note(routePath, route);
      return compact<Route>({
        name: String(route.child('name')?.value ?? ''),
        addressPrefix:
          reader.string(`${routePath}/addressPrefix`, route.child('address_prefix')) ??
          unknownValue('the route has no address prefix'),
        nextHopType:
          reader.string(`${routePath}/nextHopType`, route.child('next_hop_type')) ??
          unknownValue('the route has no next hop type'),
        nextHopIpAddress: reader.string(
          `${routePath}/nextHopIpAddress`,
          route.child('next_hop_in_ip_address'),
        ),
      });
    });
    return { id: plan.idOf(table), name, routes, path };
  });
}

/**
 * Firewalls with their classic rule collections (joined by `azure_firewall_name`) and the rule
 * collection groups of their firewall policy; a policy no firewall here uses still counts as a firewall.
 */
function readFirewalls(reader: FieldReader, plan: TerraformDocument): Firewall[] {
  const out: Firewall[] = [];
  const groups = plan.ofType('azurerm_firewall_policy_rule_collection_group');
  const usedPolicies = new Set<TerraformResource>();
  const add = (
    resource: TerraformResource,
    collect: (sink: TerraformRuleSink) => void,
    privateIp?: SourceNode,
  ) => {
    const path = `firewalls/${out.length}`;
    reader.note(path, resource.values);
    const sink = new TerraformRuleSink(reader, path);
    collect(sink);
    out.push(
      compact<Firewall>({
        id: plan.idOf(resource),
        name: String(resource.values.child('name')?.value ?? resource.address),
        privateIp: reader.string(`${path}/privateIp`, privateIp),
        rules: sink.rules,
        rulesUnknown: sink.unknownReason,
        path,
      }),
    );
  };
  const groupsOf = (policy: TerraformResource) =>
    groups.filter((group) => plan.belongsTo(group, 'firewall_policy_id', policy, false));
  const policies = plan.ofType('azurerm_firewall_policy');
  for (const firewall of plan.ofType('azurerm_firewall')) {
    const name = firewall.values.child('name')?.value;
    const policy = policies.find((p) => plan.belongsTo(firewall, 'firewall_policy_id', p, false));
    if (policy) usedPolicies.add(policy);
    add(
      firewall,
      (sink) => {
        for (const kind of ['application', 'network'] as const) {
          for (const collection of plan.ofType(`azurerm_firewall_${kind}_rule_collection`)) {
            if (collection.values.child('azure_firewall_name')?.value === name)
              sink.collection(kind, collection.values);
          }
        }
        for (const group of policy ? groupsOf(policy) : []) sink.group(group.values);
        // A firewall read as a data source is managed elsewhere: its rules are not in this plan.
        if (firewall.mode === 'data')
          sink.markUnknown('the firewall is managed outside this plan (a data source)');
      },
      firewall.values.get('ip_configuration', 0, 'private_ip_address'),
    );
  }
  for (const policy of policies) {
    const policyGroups = groupsOf(policy);
    if (usedPolicies.has(policy) || policyGroups.length === 0) continue;
    add(policy, (sink) => {
      for (const group of policyGroups) sink.group(group.values);
    });
  }
  return out;
}

/** Reads one firewall's rules from Terraform rule collections. */
class TerraformRuleSink extends FirewallRuleCollector {
  /** A firewall policy rule collection group: its application and network rule collections. */
  group(values: SourceNode): void {
    for (const kind of ['application', 'network'] as const) {
      for (const collection of this.itemsOf(values.child(`${kind}_rule_collection`)))
        this.collection(kind, collection);
    }
  }

  /** One collection (a classic `azurerm_firewall_*_rule_collection`, or a block of a policy group). */
  collection(kind: FirewallRule['kind'], collection: SourceNode): void {
    const name = this.text(collection.child('name')) ?? '';
    const action = this.text(collection.child('action'));
    for (const rule of this.itemsOf(collection.child('rule'))) {
      // Policy rules say `destination_fqdns`/`protocols`; classic rules say `target_fqdns`/`protocol`.
      const list = (...keys: string[]) => keys.flatMap((key) => this.textList(rule.child(key)));
      this.push(
        compact<FirewallRule>({
          kind,
          collection: name,
          name: this.text(rule.child('name')) ?? '',
          action,
          sourceAddresses: list('source_addresses', 'source_ip_groups'),
          fqdns: kind === 'application' ? list('destination_fqdns', 'target_fqdns') : [],
          fqdnTags: kind === 'application' ? list('destination_fqdn_tags', 'fqdn_tags') : [],
          protocols:
            kind === 'application'
              ? this.protocolPorts(rule.child('protocols') ?? rule.child('protocol'), 'type')
              : list('protocols'),
          destinations:
            kind === 'network'
              ? list('destination_addresses', 'destination_fqdns', 'destination_ip_groups')
              : [],
          ports: kind === 'network' ? list('destination_ports') : [],
        }),
        rule,
      );
    }
  }
}
