// A connectivity diff → plain text, and the wording every diff format shares (causes, verdicts, ports). Pure.
import { formatSourceRef } from '../model/source.js';
import type {
  ConnectionDiff,
  ConnectivityDiff,
  DiffCause,
  DiffPolicyRef,
  DirectionVerdict,
} from '../netpol/diff.js';
import type { Granularity } from '../netpol/matrix.js';
import { describeAllowedPorts } from './netpol-matrix.js';

/** What the two sides are called in the output: a folder, a file, `REV`, or `working tree`. */
export interface DiffLabels {
  readonly base: string;
  readonly head: string;
}

/** `workload`/`workloads`, `pod`/`pods`, `namespace`/`namespaces`. */
export function endpointNoun(granularity: Granularity, count: number): string {
  return count === 1 ? granularity : `${granularity}s`;
}

/** `3 connections added, 1 removed, 2 changed; 1 workload added, 0 removed`. */
export function diffSummary(diff: ConnectivityDiff): string {
  const count = (change: ConnectionDiff['change']) =>
    diff.connections.filter((c) => c.change === change).length;
  const added = count('added');
  return (
    `${added} connection${added === 1 ? '' : 's'} added, ${count('removed')} removed, ${count('changed')} changed; ` +
    `${diff.endpointsAdded.length} ${endpointNoun(diff.granularity, diff.endpointsAdded.length)} added, ` +
    `${diff.endpointsRemoved.length} removed`
  );
}

/** `TCP 8080 → TCP 8080,9090`, or the one side's ports for an added or removed connection. */
export function describePortChange(c: ConnectionDiff): string {
  if (c.change === 'added') return describeAllowedPorts(c.after);
  if (c.change === 'removed') return describeAllowedPorts(c.before);
  return `${describeAllowedPorts(c.before)} → ${describeAllowedPorts(c.after)}`;
}

/** `opened TCP 9090; closed UDP 53` for a changed connection. */
export function describeOpenedClosed(c: ConnectionDiff): string {
  const parts: string[] = [];
  if (c.opened.length > 0) parts.push(`opened ${describeAllowedPorts(c.opened)}`);
  if (c.closed.length > 0) parts.push(`closed ${describeAllowedPorts(c.closed)}`);
  return parts.join('; ');
}

/** `NetworkPolicy contoso-api/api`, with `(modified)` when it changed and, when asked, where it is. */
export function describePolicy(ref: DiffPolicyRef, where = false): string {
  const name = ref.namespace !== undefined ? `${ref.namespace}/${ref.name}` : ref.name;
  const notes = [
    ...(ref.change === 'unchanged' ? [] : [ref.change]),
    ...(where ? [formatSourceRef(ref.source)] : []),
  ];
  return `${ref.kind} ${name}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}

/** What decided one direction, in words: the deciding rule with its position, or the isolating policies. */
export function describeVerdict(verdict: DirectionVerdict): string {
  switch (verdict.by) {
    case 'rule': {
      const policy = verdict.policies[0]!;
      const rule = verdict.rule !== undefined ? ` rule ${verdict.rule}` : '';
      return `${verdict.decision === 'allow' ? 'allowed' : 'denied'} by ${describePolicy({ ...policy, name: `${policy.name}${rule}` }, true)}`;
    }
    case 'isolation':
      return `denied: isolated by ${verdict.policies.map((p) => describePolicy(p)).join(', ')}; no rule allows it`;
    case 'default':
      return 'allowed: no policy isolates it';
    case 'outside':
      return 'not evaluated (outside the cluster)';
  }
}

/** One cause: a headline, and for a verdict the decision before and after. */
export function describeCause(cause: DiffCause): string[] {
  switch (cause.type) {
    case 'endpoint-added':
      return [`${cause.endpoint} is new`];
    case 'endpoint-removed':
      return [`${cause.endpoint} was removed`];
    case 'verdict': {
      const what =
        cause.direction === 'egress'
          ? `egress from ${cause.endpoint} to ${cause.peer}`
          : `ingress to ${cause.endpoint} from ${cause.peer}`;
      return [
        `${what} on ${cause.protocol}/${cause.port}`,
        `before: ${describeVerdict(cause.before)}`,
        `after:  ${describeVerdict(cause.after)}`,
      ];
    }
    case 'allowed':
      return [
        `${cause.side === 'after' ? 'now allowed' : 'was allowed'}: ${cause.source} → ${cause.destination} on ${cause.protocol}/${cause.port}`,
        `egress:  ${describeVerdict(cause.egress)}`,
        `ingress: ${describeVerdict(cause.ingress)}`,
      ];
    case 'labels': {
      const keys = [...new Set([...Object.keys(cause.removed), ...Object.keys(cause.added)])].sort();
      const edits = keys.map((key) => {
        const was = cause.removed[key];
        const now = cause.added[key];
        if (was !== undefined && now !== undefined) return `${key}=${was}→${now}`;
        return now !== undefined ? `+${key}=${now}` : `-${key}=${was}`;
      });
      return [
        `${cause.scope === 'pod' ? 'labels' : 'namespace labels'} of ${cause.endpoint} changed: ${edits.join(', ')}`,
      ];
    }
    case 'named-ports':
      return [
        `named ports of ${cause.endpoint} changed: ${cause.before.join(', ') || 'none'} → ${cause.after.join(', ') || 'none'}`,
      ];
  }
}

const MARKS: Record<ConnectionDiff['change'], string> = { added: '+', removed: '-', changed: '~' };

/** The diff for a terminal: summary, endpoints, connections with their causes, changed policies. */
export function formatDiffText(diff: ConnectivityDiff, labels: DiffLabels): string {
  const lines = [
    `Connectivity diff at ${diff.granularity} granularity: ${labels.base} → ${labels.head}`,
    diffSummary(diff),
  ];
  if (diff.newExposure)
    lines.push('New exposure: the change allows connections that were not allowed before.');
  const nouns = endpointNoun(diff.granularity, 2);
  const title = nouns[0]!.toUpperCase() + nouns.slice(1);
  if (diff.endpointsAdded.length > 0)
    lines.push('', `${title} added:`, ...diff.endpointsAdded.map((e) => `  + ${e.id}`));
  if (diff.endpointsRemoved.length > 0)
    lines.push('', `${title} removed:`, ...diff.endpointsRemoved.map((e) => `  - ${e.id}`));
  for (const change of ['added', 'removed', 'changed'] as const) {
    const connections = diff.connections.filter((c) => c.change === change);
    if (connections.length === 0) continue;
    lines.push('', `Connections ${change}:`);
    for (const c of connections) {
      const detail = change === 'changed' ? ` (${describeOpenedClosed(c)})` : '';
      lines.push(`  ${MARKS[change]} ${c.from} → ${c.to} : ${describePortChange(c)}${detail}`);
      for (const cause of c.causes) {
        const [headline, ...details] = describeCause(cause);
        lines.push(`      why: ${headline}`, ...details.map((d) => `        ${d}`));
      }
    }
  }
  if (diff.connections.length === 0) lines.push('', 'No connection changed.');
  if (diff.policies.length > 0) {
    lines.push('', 'Policies changed:');
    for (const p of diff.policies)
      lines.push(`  ${p.change.padEnd(8)} ${describePolicy({ ...p, change: 'unchanged' }, true)}`);
  }
  return `${lines.join('\n')}\n`;
}
