// Inputs → everything the netpol commands need: endpoints, and the policies of every dialect compiled into one model.
import type { InputDocument } from '../load/detect.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { EndpointInventory } from '../model/endpoint.js';
import { compileAdminNetworkPolicies } from './dialects/anp.js';
import { compileCalico, hostEndpointPeer } from './dialects/calico.js';
import { compileCilium, holdsCiliumPolicies } from './dialects/cilium.js';
import { compileKubernetesPolicies } from './dialects/kubernetes.js';
import { buildEndpoints } from './endpoints.js';
import { buildPolicyModel, type Peer, type PolicyModel } from './ir.js';

/** Endpoints and compiled policies, with every diagnostic met on the way. */
export interface NetpolAnalysis {
  readonly inventory: EndpointInventory;
  readonly model: PolicyModel;
  /** Policy subjects that are not pods: Calico HostEndpoints (hosts, addressable by their expected IPs). */
  readonly hostPeers: readonly Peer[];
  readonly diagnostics: Diagnostic[];
}

/** Options shared by the netpol commands. */
export interface AnalysisOptions {
  /** Namespace of objects that name none (`--namespace`); `default` otherwise. */
  readonly defaultNamespace?: string;
}

/**
 * Reads endpoints and compiles the policies of every supported dialect into one model. Each dialect compiler
 * contributes tiers; `buildPolicyModel` merges and orders them.
 */
export function analyzeNetworkPolicies(
  documents: readonly InputDocument[],
  options: AnalysisOptions = {},
): NetpolAnalysis {
  const endpoints = buildEndpoints(documents, options);
  // Cilium's CIDR rules never match cluster endpoints, so under Cilium a Kubernetes ipBlock does not match pods.
  const kubernetes = compileKubernetesPolicies(documents, {
    ...options,
    ipBlockMatchesPods: !holdsCiliumPolicies(documents, options.defaultNamespace ?? 'default'),
  });
  const context = { inventory: endpoints.inventory, defaultNamespace: options.defaultNamespace ?? 'default' };
  const calico = compileCalico(documents, context);
  const cilium = compileCilium(documents, context);
  const admin = compileAdminNetworkPolicies(documents, context);
  return {
    inventory: endpoints.inventory,
    model: buildPolicyModel([kubernetes.tier, ...calico.tiers, ...cilium.tiers, ...admin.tiers]),
    hostPeers: calico.hostEndpoints.map(hostEndpointPeer),
    diagnostics: [
      ...endpoints.diagnostics,
      ...kubernetes.diagnostics,
      ...calico.diagnostics,
      ...cilium.diagnostics,
      ...admin.diagnostics,
    ],
  };
}
