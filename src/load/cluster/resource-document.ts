// Clusters from single-resource documents: `az aks show -o json` output and an ARM resource as exported.
import type { Cluster } from '../../model/cluster.js';
import { type Diagnostic, errorDiagnostic } from '../../model/diagnostic.js';
import type { InputDocument } from '../detect.js';
import { type ArmResource, readArmNetwork } from './arm-network.js';
import { assembleCluster } from './assemble.js';
import { FieldReader } from './fields.js';
import { type ChildAgentPool, readManagedCluster } from './managed-cluster.js';
import { resourceIdOf } from './resource-id.js';
import { type SourceNode, sourceNode } from './source-node.js';

const MANAGED_CLUSTER = 'microsoft.containerservice/managedclusters';
const AGENT_POOL = 'microsoft.containerservice/managedclusters/agentpools';

/** What the single-resource documents of one load give. */
export interface ResourceClusters {
  readonly clusters: Cluster[];
  readonly diagnostics: Diagnostic[];
}

/**
 * Reads every `az-aks` and `arm-resource` document. Exported node pools (`managedClusters/agentPools`)
 * join their cluster by name; exported network resources (VNets, route tables, firewalls) loaded together
 * with the cluster describe its surroundings and join every cluster of these documents.
 */
export function readResourceDocuments(documents: readonly InputDocument[]): ResourceClusters {
  const diagnostics: Diagnostic[] = [];
  const resources = documents
    .filter((doc) => doc.kind === 'arm-resource' || doc.kind === 'az-aks')
    .map((doc) => ({ doc, resource: asArmResource(doc) }));
  const pools = resources.filter((r) => r.resource.type.toLowerCase() === AGENT_POOL);
  const network = resources
    .filter((r) => /^microsoft\.network\//i.test(r.resource.type))
    .map((r) => r.resource);
  const clusters: Cluster[] = [];
  for (const { doc, resource } of resources) {
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
    const properties = doc.kind === 'az-aks' ? resource.node : resource.node.child('properties');
    const childPools: ChildAgentPool[] = pools
      .filter((pool) => pool.resource.name.toLowerCase().startsWith(`${resource.name.toLowerCase()}/`))
      .map((pool) => ({
        name: pool.resource.name.slice(resource.name.length + 1),
        resource: pool.resource.node,
        properties: pool.doc.kind === 'az-aks' ? pool.resource.node : pool.resource.node.child('properties'),
      }));
    const fields = readManagedCluster(reader, resource.node, properties, childPools);
    const parts = readArmNetwork(reader, network);
    diagnostics.push(...reader.diagnostics);
    clusters.push(
      assembleCluster(
        {
          name: resource.name,
          format: doc.kind === 'az-aks' ? 'az' : 'arm-resource',
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

/** A whole-document resource: its type, name (a child's is `parent/child`) and id as written or composed. */
function asArmResource(doc: InputDocument): ArmResource {
  const node: SourceNode = sourceNode(doc.value, '', doc.at);
  const type = String(node.child('type')?.value ?? '');
  const name = String(node.child('name')?.value ?? '');
  const id = node.child('id')?.value;
  return { type, name, id: typeof id === 'string' ? id : resourceIdOf(type, name.split('/')), node };
}
