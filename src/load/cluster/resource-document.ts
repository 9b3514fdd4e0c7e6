// Clusters from single-resource documents: `az aks show -o json` output and an ARM resource as exported.
import type { Cluster } from '../../model/cluster.js';
import { type Diagnostic, errorDiagnostic } from '../../model/diagnostic.js';
import { isRecord } from '../../model/json.js';
import { classify, type InputDocument } from '../detect.js';
import { type ArmResource, readArmNetwork } from './arm-network.js';
import { assembleCluster } from './assemble.js';
import { FieldReader } from './fields.js';
import { type ChildAgentPool, readManagedCluster } from './managed-cluster.js';
import { resourceIdOf } from './resource-id.js';
import { type Locator, type SourceNode, sourceNode } from './source-node.js';

const MANAGED_CLUSTER = 'microsoft.containerservice/managedclusters';
const AGENT_POOL = 'microsoft.containerservice/managedclusters/agentpools';

/** What the single-resource documents of one load give. */
export interface ResourceClusters {
  readonly clusters: Cluster[];
  readonly diagnostics: Diagnostic[];
}

/** One resource document, or one item of an `az … list` array. */
interface ResourceItem {
  readonly doc: InputDocument;
  /** Whether `properties` are flattened into the object, as az prints them. */
  readonly flattened: boolean;
  readonly resource: ArmResource;
}

/**
 * Reads every `az-aks` and `arm-resource` document, the items of `az aks list` / `az network … list`
 * arrays, and flattened `az network … show` objects. Exported node pools (`managedClusters/agentPools`)
 * join their cluster by name; network resources (VNets, route tables, firewalls) loaded together with the
 * cluster describe its surroundings and join every cluster of these documents.
 */
export function readResourceDocuments(documents: readonly InputDocument[]): ResourceClusters {
  const diagnostics: Diagnostic[] = [];
  const resources = documents.flatMap(resourceItems);
  const pools = resources.filter((r) => r.resource.type.toLowerCase() === AGENT_POOL);
  const network = resources
    .filter((r) => /^microsoft\.network\//i.test(r.resource.type))
    .map((r) => r.resource);
  const clusters: Cluster[] = [];
  for (const { doc, flattened, resource } of resources) {
    if (resource.type.toLowerCase() !== MANAGED_CLUSTER) continue;
    if (typeof resource.node.child('name')?.value !== 'string') {
      diagnostics.push(
        errorDiagnostic(
          'cluster-without-name',
          'managed cluster has no `name`',
          doc.at(),
          'add the cluster name',
        ),
      );
      continue;
    }
    const reader = new FieldReader();
    // az flattens `properties` into the resource; an exported ARM resource keeps them nested.
    const properties = flattened ? resource.node : resource.node.child('properties');
    const childPools: ChildAgentPool[] = pools
      .filter((pool) => pool.resource.name.toLowerCase().startsWith(`${resource.name.toLowerCase()}/`))
      .map((pool) => ({
        name: pool.resource.name.slice(resource.name.length + 1),
        resource: pool.resource.node,
        properties: pool.flattened ? pool.resource.node : pool.resource.node.child('properties'),
      }));
    const fields = readManagedCluster(reader, resource.node, properties, childPools);
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
        doc.at(),
        reader.positions,
      ),
    );
  }
  return { clusters, diagnostics };
}

/** The resources a document holds: itself, or the resources of an az list array. */
function resourceItems(doc: InputDocument): ResourceItem[] {
  if (doc.kind === 'az-aks' || doc.kind === 'arm-resource') {
    return [{ doc, flattened: doc.kind === 'az-aks', resource: asArmResource(doc.value, doc.at) }];
  }
  if (doc.kind !== 'unknown') return [];
  const candidates: [unknown, Locator][] = Array.isArray(doc.value)
    ? doc.value.map((item, i): [unknown, Locator] => [item, (p) => doc.at(`/${i}${p}`)])
    : [[doc.value, doc.at]];
  return candidates.flatMap(([value, at]): ResourceItem[] => {
    const kind = classify(value);
    const isAzNetwork =
      kind === 'unknown' &&
      isRecord(value) &&
      typeof value.type === 'string' &&
      /^microsoft\.network\//i.test(value.type);
    if (kind !== 'az-aks' && kind !== 'arm-resource' && !isAzNetwork) return [];
    return [{ doc, flattened: kind !== 'arm-resource', resource: asArmResource(value, at) }];
  });
}

/** A resource object: its type, name (a child's is `parent/child`) and id as written or composed. */
function asArmResource(value: unknown, at: Locator): ArmResource {
  const node: SourceNode = sourceNode(value, '', at);
  const type = String(node.child('type')?.value ?? '');
  const name = String(node.child('name')?.value ?? '');
  const id = node.child('id')?.value;
  return { type, name, id: typeof id === 'string' ? id : resourceIdOf(type, name.split('/')), node };
}
