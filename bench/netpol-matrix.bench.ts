// `npm run bench`: the engine's matrix against the naive pair-by-pair reference (test/netpol/reference.ts) on
// the same synthetic cluster, in the same run; vitest prints the times and how many times faster the engine is.
// Both answer every ordered pod pair on one port and must agree on the number of allowed pairs.
import { bench, describe } from 'vitest';
import type { InputDocument } from '../src/load/detect.js';
import { analyzeNetworkPolicies } from '../src/netpol/analysis.js';
import { computeMatrix } from '../src/netpol/matrix.js';
import { type RefPod, referenceAllowed } from '../test/netpol/reference.js';
import { syntheticDocuments, syntheticObjects } from './synthetic-cluster.js';

const PORT = { protocol: 'TCP', port: 5432 } as const;

/** From parsed documents (parsing is the loader's, outside both timings): endpoints, compile, matrix, answers. */
function engineAllowedPairs(documents: readonly InputDocument[]): number {
  const analysis = analyzeNetworkPolicies(documents);
  const matrix = computeMatrix(analysis.model, analysis.inventory);
  const atom = matrix.atoms.findIndex(
    (a) => a.protocol === PORT.protocol && a.first <= PORT.port && a.last >= PORT.port,
  );
  const pods = analysis.inventory.endpoints.length;
  let allowed = 0;
  for (let from = 0; from < pods; from++)
    for (let to = 0; to < pods; to++) if (matrix.allows(from, to, atom)) allowed++;
  return allowed;
}

// biome-ignore lint/suspicious/noExplicitAny: the reference reads raw objects
function referenceAllowedPairs(objects: readonly Record<string, any>[]): number {
  const namespaceLabels = new Map<string, Record<string, string>>();
  for (const o of objects.filter((o) => o.kind === 'Namespace'))
    namespaceLabels.set(o.metadata.name, {
      ...o.metadata.labels,
      'kubernetes.io/metadata.name': o.metadata.name,
    });
  const pods: RefPod[] = objects
    .filter((o) => o.kind === 'Pod')
    .map((o) => ({
      namespace: o.metadata.namespace,
      name: o.metadata.name,
      labels: o.metadata.labels,
      namespaceLabels: namespaceLabels.get(o.metadata.namespace) ?? {},
      ip: o.status.podIP,
      ports: o.spec.containers[0].ports.map(
        (p: { name: string; containerPort: number; protocol: string }) => ({
          name: p.name,
          port: p.containerPort,
          protocol: p.protocol,
        }),
      ),
    }));
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  let allowed = 0;
  for (const from of pods)
    for (const to of pods) if (referenceAllowed(policies, from, to, PORT.protocol, PORT.port)) allowed++;
  return allowed;
}

function checkAgreement(
  objects: readonly Record<string, unknown>[],
  documents: readonly InputDocument[],
): void {
  const engine = engineAllowedPairs(documents);
  const reference = referenceAllowedPairs(objects);
  if (engine !== reference)
    throw new Error(`engine and reference disagree: ${engine} vs ${reference} allowed pairs`);
}

const once = { iterations: 2, time: 0, warmupIterations: 1, warmupTime: 0 };

for (const size of [
  { namespaces: 20, podsPerTier: 8 },
  { namespaces: 40, podsPerTier: 10 },
]) {
  const pods = size.namespaces * size.podsPerTier * 3 + 2;
  const policies = size.namespaces * 5;
  describe(`${pods} pods, ${policies} policies, every pod pair on TCP/5432`, () => {
    const objects = syntheticObjects(size);
    const documents = syntheticDocuments(objects);
    checkAgreement(objects, documents);
    bench(
      'engine (classes × port atoms, bitsets)',
      () => {
        engineAllowedPairs(documents);
      },
      once,
    );
    bench(
      'naive reference (pair by pair)',
      () => {
        referenceAllowedPairs(objects);
      },
      once,
    );
  });
}

describe('engine alone: 9 602 pods, 1 000 policies (the reference would take minutes)', () => {
  const documents = syntheticDocuments(syntheticObjects({ namespaces: 200, podsPerTier: 16 }));
  bench(
    'engine: 200 namespaces × 3 tiers × 16 pods',
    () => {
      engineAllowedPairs(documents);
    },
    { iterations: 2, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
