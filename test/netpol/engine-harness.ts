// Runs the engine on input documents and answers "is from → to allowed on this port" at pod granularity.
import type { InputDocument } from '../../src/load/detect.js';
import type { Protocol } from '../../src/model/endpoint.js';
import { analyzeNetworkPolicies } from '../../src/netpol/analysis.js';
import { computeMatrix, expandMatrix, portAllowed } from '../../src/netpol/matrix.js';

/** A pod-granularity oracle built from the engine's matrix. */
export function engineOracle(
  documents: readonly InputDocument[],
): (from: string, to: string, protocol: Protocol, port: number) => boolean {
  const analysis = analyzeNetworkPolicies(documents);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((d) => d.message).join('\n'));
  const view = expandMatrix(computeMatrix(analysis.model, analysis.inventory), 'pod');
  const byPair = new Map(view.connections.map((c) => [`${c.from}|${c.to}`, c.allowed]));
  return (from, to, protocol, port) => {
    const allowed = byPair.get(`${from}|${to}`);
    if (!allowed) throw new Error(`no pair ${from} → ${to}`);
    return portAllowed(allowed, protocol, port);
  };
}
