// A connectivity diff → JSON, versioned and sorted (endpoint order, as the diff gives it). Pure.

import type {
  ConnectionDiff,
  ConnectivityDiff,
  DiffCause,
  DiffPolicyRef,
  DirectionVerdict,
} from '../netpol/diff.js';
import type { AllowedPorts } from '../netpol/matrix.js';
import type { DiffLabels } from './netpol-diff-text.js';

/** Version of the diff JSON contract. */
export const DIFF_SCHEMA_VERSION = 1;

/**
 * `{schemaVersion, granularity, base, head, summary, endpoints: {added, removed}, connections, policies}`; ports as
 * the matrix contract writes them (`{protocol, ports: [[first, last], …]}`).
 */
export function formatDiffJson(diff: ConnectivityDiff, labels: DiffLabels): string {
  const count = (change: ConnectionDiff['change']) =>
    diff.connections.filter((c) => c.change === change).length;
  const endpoint = (e: ConnectivityDiff['endpointsAdded'][number]) => ({
    id: e.id,
    namespace: e.namespace,
    name: e.name,
    kind: e.kind,
  });
  return `${JSON.stringify(
    {
      schemaVersion: DIFF_SCHEMA_VERSION,
      granularity: diff.granularity,
      base: labels.base,
      head: labels.head,
      summary: {
        connectionsAdded: count('added'),
        connectionsRemoved: count('removed'),
        connectionsChanged: count('changed'),
        endpointsAdded: diff.endpointsAdded.length,
        endpointsRemoved: diff.endpointsRemoved.length,
        policiesChanged: diff.policies.length,
        newExposure: diff.newExposure,
      },
      endpoints: { added: diff.endpointsAdded.map(endpoint), removed: diff.endpointsRemoved.map(endpoint) },
      connections: diff.connections.map((c) => ({
        change: c.change,
        from: c.from,
        to: c.to,
        before: ports(c.before),
        after: ports(c.after),
        opened: ports(c.opened),
        closed: ports(c.closed),
        causes: c.causes.map(causeJson),
      })),
      policies: diff.policies.map(policyJson),
    },
    null,
    2,
  )}\n`;
}

function ports(allowed: readonly AllowedPorts[]) {
  return allowed.map((a) => ({ protocol: a.protocol, ports: a.ports.map(([first, last]) => [first, last]) }));
}

function policyJson(p: DiffPolicyRef) {
  return {
    id: p.id,
    change: p.change,
    dialect: p.dialect,
    kind: p.kind,
    ...(p.namespace !== undefined ? { namespace: p.namespace } : {}),
    name: p.name,
    file: p.source.file,
    line: p.source.line,
    column: p.source.column,
  };
}

function verdictJson(v: DirectionVerdict) {
  return {
    decision: v.decision,
    by: v.by,
    policies: v.policies.map(policyJson),
    ...(v.rule !== undefined ? { rule: v.rule } : {}),
  };
}

function causeJson(cause: DiffCause) {
  if (cause.type === 'allowed')
    return { ...cause, egress: verdictJson(cause.egress), ingress: verdictJson(cause.ingress) };
  if (cause.type !== 'verdict') return cause;
  return { ...cause, before: verdictJson(cause.before), after: verdictJson(cause.after) };
}
