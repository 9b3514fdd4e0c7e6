// Puts the normalized parts of a cluster together with its position lookup.
import type { Cluster } from '../../model/cluster.js';
import type { SourceRef } from '../../model/source.js';

/** A cluster without its `at` lookup. */
export type ClusterData = Omit<Cluster, 'at'>;

/**
 * Builds the `Cluster`: `at(path)` returns the recorded position of the model path, else of its
 * nearest recorded ancestor, else of the cluster resource. `at` is not enumerable, so the model
 * serializes and compares as plain data.
 */
export function assembleCluster(
  data: ClusterData,
  resource: SourceRef,
  positions: ReadonlyMap<string, SourceRef>,
): Cluster {
  const at = (path = ''): SourceRef => {
    let current = path.replace(/^\/+|\/+$/g, '');
    while (current !== '') {
      const found = positions.get(current);
      if (found) return found;
      const slash = current.lastIndexOf('/');
      current = slash < 0 ? '' : current.slice(0, slash);
    }
    return resource;
  };
  const cluster = { ...data } as Cluster;
  Object.defineProperty(cluster, 'at', { value: at, enumerable: false });
  return cluster;
}
