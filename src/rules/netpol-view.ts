// What the rules ask the network-policy engine: which directions isolate a pod, and which a namespace isolates by default.
import type { InputDocument } from '../load/detect.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Endpoint, NamespaceInfo } from '../model/endpoint.js';
import {
  analyzeNetworkPolicies,
  applyingPolicies,
  type Direction,
  endpointPeer,
  type NetpolAnalysis,
  type PolicyModel,
} from '../netpol/index.js';

/** The engine's answers for one audit. Every selector question goes to the engine; rules never match labels. */
export interface NetpolView {
  /** Pods and workload templates that policies can select (host-network pods are their node and are left out). */
  readonly endpoints: readonly Endpoint[];
  readonly namespaces: ReadonlyMap<string, NamespaceInfo>;
  /** Problems the engine found in the policies (invalid selectors, unknown fields). */
  readonly diagnostics: readonly Diagnostic[];
  /** The engine's analysis itself, for rules that ask it more (the network-policy lint rules). */
  readonly analysis: NetpolAnalysis;
  /** The directions in which some policy that selects the endpoint isolates it. */
  isolatedDirections(endpoint: Endpoint): readonly Direction[];
  /**
   * The directions isolated for any pod of the namespace, whatever its labels — a default deny. Asked of the
   * engine with a pod that has no labels at all: only a policy selecting every pod of the namespace selects it.
   */
  defaultIsolatedDirections(namespace: string): readonly Direction[];
}

/** Analyses the policies of the inputs once. */
export function createNetpolView(documents: readonly InputDocument[]): NetpolView {
  const analysis = analyzeNetworkPolicies(documents);
  const { inventory, model } = analysis;
  const isolated = (endpoint: Endpoint) =>
    isolatingDirections(model, endpointPeer(endpoint, inventory.namespaces.get(endpoint.namespace)));
  return {
    endpoints: inventory.endpoints.filter((e) => !e.hostNetwork),
    namespaces: inventory.namespaces,
    diagnostics: analysis.diagnostics,
    analysis,
    isolatedDirections: isolated,
    defaultIsolatedDirections(namespace) {
      const source = inventory.namespaces.get(namespace)?.source ?? { file: '-', line: 1, column: 1 };
      return isolated(unlabelledPod(namespace, source));
    },
  };
}

function isolatingDirections(model: PolicyModel, peer: ReturnType<typeof endpointPeer>): Direction[] {
  const directions = new Set<Direction>();
  for (const tier of applyingPolicies(model, peer))
    for (const policy of tier) for (const d of policy.isolates) directions.add(d);
  return (['ingress', 'egress'] as const).filter((d) => directions.has(d));
}

/** A pod with no labels in a namespace: the probe for "does some policy select every pod here". */
function unlabelledPod(namespace: string, source: Endpoint['source']): Endpoint {
  const name = 'any-pod';
  return {
    id: `${namespace}/${name}`,
    kind: 'Pod',
    namespace,
    name,
    labels: {},
    serviceAccount: 'default',
    serviceAccountLabels: {},
    namedPorts: [],
    hostNetwork: false,
    ips: [],
    workload: { kind: 'Pod', namespace, name },
    source,
  };
}
