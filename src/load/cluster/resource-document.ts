// Clusters from resource documents: `az aks show|list -o json`, and ARM resources as exported (az, portal, PowerShell).
import type { Cluster } from '../../model/cluster.js';
import { type Diagnostic, errorDiagnostic } from '../../model/diagnostic.js';
import type { InputDocument } from '../detect.js';
import { type ArmResource, readArmNetwork } from './arm-network.js';
import { assembleCluster } from './assemble.js';
import { FieldReader } from './fields.js';
import { type ChildAgentPool, readManagedCluster } from './managed-cluster.js';
import { resourceIdOf } from './resource-id.js';
import { type Locator, type SourceNode, sourceNode } from './source-node.js';

const MANAGED_CLUSTER = 'microsoft.containerservice/managedclusters';
const AGENT_POOL = 'microsoft.containerservice/managedclusters/agentpools';

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
    diagnostics.push(...reader.diagnostics);
    clusters.push(
      assembleCluster(
        {
          name: resource.name,
          format: flattened ? 'az' : 'arm-resource',
          file: doc.file,
          ...fields,
          ...parts,
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

/** The resources a document holds: itself, the items of a list, and the sub-resources nested in them. */
function resourceItems(doc: InputDocument): ResourceItem[] {
  if (doc.kind !== 'az-aks' && doc.kind !== 'arm-resource' && doc.kind !== 'unknown') return [];
  const candidates: [unknown, Locator][] = Array.isArray(doc.value)
    ? doc.value.map((item, i): [unknown, Locator] => [item, (p) => doc.at(`/${i}${p}`)])
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
 * `Properties`). Extension resources (diagnostic settings export with their parent's `Type` and an
 * `ExtensionResourceType`) and objects that are not Azure resources are left out.
 */
function asResourceItem(
  doc: InputDocument,
  node: SourceNode,
  owner: ResourceItem | undefined,
): ResourceItem | undefined {
  const type = node.child('type')?.value;
  if (typeof type !== 'string' || !/^microsoft\.[a-z]+\//i.test(type)) return undefined;
  if (node.child('extensionResourceType') !== undefined) return undefined;
  const hasProperties = node.child('properties') !== undefined;
  // Without `properties` only what az prints flattened is read: clusters, their pools, and network resources.
  if (!hasProperties && !/^microsoft\.(containerservice\/managedclusters|network\/)/i.test(type))
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
