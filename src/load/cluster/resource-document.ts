// Clusters from resource documents: `az aks show|list -o json`, and ARM resources as exported (az, portal, PowerShell).
import type { Cluster } from '../../model/cluster.js';
import { type Diagnostic, errorDiagnostic } from '../../model/diagnostic.js';
import { isRecord } from '../../model/json.js';
import type { InputDocument } from '../detect.js';
import { type ArmResource, readArmNetwork } from './arm-network.js';
import { assembleCluster } from './assemble.js';
import { readArmDiagnosticSetting } from './diagnostic-settings.js';
import { FieldReader } from './fields.js';
import { type ChildAgentPool, poolWithoutClusterDiagnostic, readManagedCluster } from './managed-cluster.js';
import { resourceIdOf } from './resource-id.js';
import { type Locator, type SourceNode, sourceNode } from './source-node.js';

const MANAGED_CLUSTER = 'microsoft.containerservice/managedclusters';
const AGENT_POOL = 'microsoft.containerservice/managedclusters/agentpools';
const DIAGNOSTIC_SETTING = 'microsoft.insights/diagnosticsettings';

/** What the resource documents of one load give. */
export interface ResourceClusters {
  readonly clusters: Cluster[];
  readonly diagnostics: Diagnostic[];
}

/** One resource: a whole document, an item of a list, or a sub-resource nested in an exported resource. */
interface ResourceItem {
  readonly doc: InputDocument;
  /** Whether `properties` are flattened into the object, as az prints them. */
  readonly flattened: boolean;
  readonly resource: ArmResource;
  /** The top-level resource this one is nested in (`resources` of an exported resource), if any. */
  readonly owner?: ResourceItem;
}

/**
 * Reads every cluster among resource documents: `az aks show` output (and `az aks list` arrays), ARM
 * resources as exported (`az resource show`, `Get-AzResource -ExpandProperties` with its PascalCase keys
 * and nested `resources`). Exported node pools (`managedClusters/agentPools`) join their cluster. Network
 * resources (VNets, subnets, route tables, firewalls, also flattened `az network … show` output) nested
 * in a cluster's export belong to that cluster; those given as documents of their own join every cluster.
 */
export function readResourceDocuments(documents: readonly InputDocument[]): ResourceClusters {
  const diagnostics: Diagnostic[] = [];
  const resources = documents.flatMap(resourceItems);
  const isNetwork = (item: ResourceItem) => /^microsoft\.network\//i.test(item.resource.type);
  const clusters: Cluster[] = [];
  const clusterNames = resources
    .filter((item) => !item.owner && item.resource.type.toLowerCase() === MANAGED_CLUSTER)
    .map((item) => item.resource.name);
  for (const pool of resources.filter((item) => item.resource.type.toLowerCase() === AGENT_POOL)) {
    if (!clusterNames.some((name) => poolNameIn(name, pool.resource) !== undefined))
      diagnostics.push(poolWithoutClusterDiagnostic(pool.resource.name, pool.resource.node.ref));
  }
  for (const item of resources) {
    const { doc, flattened, resource } = item;
    if (item.owner || resource.type.toLowerCase() !== MANAGED_CLUSTER) continue;
    if (typeof resource.node.child('name')?.value !== 'string') {
      diagnostics.push(
        errorDiagnostic(
          'cluster-without-name',
          'managed cluster has no `name`',
          resource.node.ref,
          'add the cluster name',
        ),
      );
      continue;
    }
    const reader = new FieldReader();
    // az flattens `properties` into the resource; an exported ARM resource keeps them nested.
    const properties = flattened ? resource.node : resource.node.child('properties');
    const childPools: ChildAgentPool[] = resources
      .filter((pool) => pool.resource.type.toLowerCase() === AGENT_POOL)
      .flatMap((pool): ChildAgentPool[] => {
        const name = poolNameIn(resource.name, pool.resource);
        if (name === undefined) return [];
        const poolProperties = pool.flattened ? pool.resource.node : pool.resource.node.child('properties');
        return [{ name, resource: pool.resource.node, properties: poolProperties }];
      });
    const fields = readManagedCluster(reader, resource.node, properties, childPools);
    const network = resources
      .filter((other) => isNetwork(other) && (other.owner === undefined || other.owner === item))
      .map((other) => other.resource);
    const parts = readArmNetwork(reader, network);
    const settings = resources.filter(
      (other) =>
        other.resource.type.toLowerCase() === DIAGNOSTIC_SETTING &&
        (other.owner === item ||
          (other.owner === undefined && settingOwnerName(other.resource) === resource.name.toLowerCase())),
    );
    // An export that lists the cluster's sub-resources (PSRule's Export-AzRuleData) shows all its settings.
    const listsSubResources = !flattened && Array.isArray(resource.node.child('resources')?.value);
    const diagnosticSettings =
      settings.length > 0 || listsSubResources
        ? settings.map((setting, i) =>
            readArmDiagnosticSetting(
              reader,
              `diagnosticSettings/${i}`,
              setting.resource.name,
              setting.resource.node,
            ),
          )
        : undefined;
    diagnostics.push(...reader.diagnostics);
    clusters.push(
      assembleCluster(
        {
          name: resource.name,
          format: flattened ? 'az' : 'arm-resource',
          file: doc.file,
          ...fields,
          ...parts,
          ...(diagnosticSettings ? { diagnosticSettings } : {}),
        },
        resource.node.ref,
        reader.positions,
      ),
    );
  }
  return { clusters, diagnostics };
}

/**
 * The name of a node pool of `cluster`, or `undefined` when the pool belongs to another cluster: a pool
 * is named `cluster/pool` in a template-style export, or just `pool` with the cluster in its id.
 */
function poolNameIn(cluster: string, pool: ArmResource): string | undefined {
  const prefix = `${cluster.toLowerCase()}/`;
  if (pool.name.toLowerCase().startsWith(prefix)) return pool.name.slice(prefix.length);
  const byId = /\/managedClusters\/([^/]+)\/agentPools\/([^/]+)$/i.exec(pool.id);
  return byId && byId[1]?.toLowerCase() === cluster.toLowerCase() ? byId[2] : undefined;
}

/** The lower-cased name of the cluster a diagnostic setting's id puts it on, if its id says. */
function settingOwnerName(setting: ArmResource): string | undefined {
  return /\/managedClusters\/([^/]+)\/providers\/microsoft\.insights\/diagnosticSettings\//i
    .exec(setting.id)?.[1]
    ?.toLowerCase();
}

/**
 * The resources a document holds: itself, the items of a list (an array, or `{value: [...]}` as older
 * `az monitor diagnostic-settings list` prints), and the sub-resources nested in them.
 */
function resourceItems(doc: InputDocument): ResourceItem[] {
  if (doc.kind !== 'az-aks' && doc.kind !== 'arm-resource' && doc.kind !== 'unknown') return [];
  const list = Array.isArray(doc.value)
    ? { items: doc.value, pointer: '' }
    : isRecord(doc.value) && Array.isArray(doc.value.value) && Object.keys(doc.value).length === 1
      ? { items: doc.value.value, pointer: '/value' }
      : undefined;
  const candidates: [unknown, Locator][] = list
    ? list.items.map((item, i): [unknown, Locator] => [item, (p) => doc.at(`${list.pointer}/${i}${p}`)])
    : [[doc.value, doc.at]];
  return candidates.flatMap(([value, at]) => {
    const top = asResourceItem(doc, sourceNode(value, '', at), undefined);
    if (!top) return [];
    const nested = top.resource.node
      .child('resources')
      ?.items()
      .flatMap((child) => asResourceItem(doc, child, top) ?? []);
    return [top, ...(nested ?? [])];
  });
}

/**
 * An Azure resource object, keys matched ignoring case (PowerShell exports say `Name`, `Type`,
 * `Properties`). An extension resource exports with its parent's `Type` and an `ExtensionResourceType`:
 * diagnostic settings are read under their own type, other extensions and objects that are not Azure
 * resources are left out.
 */
function asResourceItem(
  doc: InputDocument,
  node: SourceNode,
  owner: ResourceItem | undefined,
): ResourceItem | undefined {
  const extension = node.child('extensionResourceType')?.value;
  const type = typeof extension === 'string' ? extension : node.child('type')?.value;
  if (typeof type !== 'string' || !/^microsoft\.[a-z]+\//i.test(type)) return undefined;
  if (typeof extension === 'string' && extension.toLowerCase() !== DIAGNOSTIC_SETTING) return undefined;
  const hasProperties = node.child('properties') !== undefined;
  // Without `properties` only what az prints flattened is read: clusters, their pools, network resources
  // and diagnostic settings.
  if (
    !hasProperties &&
    !/^microsoft\.(containerservice\/managedclusters|network\/|insights\/diagnosticsettings$)/i.test(type)
  )
    return undefined;
  const name = String(node.child('name')?.value ?? '');
  const id = node.child('id')?.value;
  const resource: ArmResource = {
    type,
    name,
    id: typeof id === 'string' ? id : resourceIdOf(type, name.split('/')),
    node,
  };
  return owner
    ? { doc, flattened: !hasProperties, resource, owner }
    : { doc, flattened: !hasProperties, resource };
}
