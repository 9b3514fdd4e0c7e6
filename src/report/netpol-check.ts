// One checked connection → JSON (the public contract) or an explanation in words. Pure.
import { formatSourceRef } from '../model/source.js';
import type { CheckedDirection, CheckResult } from '../netpol/check.js';
import type { TraceStep } from '../netpol/evaluate.js';

/** The check output formats. */
export const CHECK_FORMATS = ['text', 'json'] as const;
/** One of `CHECK_FORMATS`. */
export type CheckFormat = (typeof CHECK_FORMATS)[number];

/** Version of the check JSON contract. */
export const CHECK_SCHEMA_VERSION = 1;

/** Formats a check result. */
export function formatCheck(result: CheckResult, format: CheckFormat): string {
  return format === 'json' ? formatCheckJson(result) : formatCheckText(result);
}

/** `{schemaVersion, allowed, egress: {decision, trace}, ingress: {decision, trace}}` plus what was asked. */
export function formatCheckJson(result: CheckResult): string {
  const direction = (d: CheckedDirection) => ({ decision: d.decision, trace: d.trace.map(traceJson) });
  return `${JSON.stringify(
    {
      schemaVersion: CHECK_SCHEMA_VERSION,
      allowed: result.allowed,
      from: { id: result.from.peer.id, resolution: result.from.resolution },
      to: { id: result.to.peer.id, resolution: result.to.resolution },
      protocol: result.protocol,
      port: result.port,
      egress: direction(result.egress),
      ingress: direction(result.ingress),
    },
    null,
    2,
  )}\n`;
}

function traceJson(step: TraceStep) {
  return {
    tier: step.tier,
    ...(step.policy
      ? {
          policy: {
            dialect: step.policy.dialect,
            kind: step.policy.kind,
            ...(step.policy.namespace !== undefined ? { namespace: step.policy.namespace } : {}),
            name: step.policy.name,
            ...(step.policy.precedence !== undefined ? { precedence: step.policy.precedence } : {}),
            file: step.policy.source.file,
            line: step.policy.source.line,
            column: step.policy.source.column,
          },
        }
      : {}),
    ...(step.rule !== undefined ? { rule: step.rule } : {}),
    result: step.result,
    reason: step.reason,
  };
}

/** The verdict, then each direction with the policies and rules consulted. */
export function formatCheckText(result: CheckResult): string {
  const lines = [
    `${result.from.peer.id} → ${result.to.peer.id} on ${result.protocol}/${result.port}: ${result.allowed ? 'ALLOWED' : 'DENIED'}`,
    `  from: ${result.from.peer.id} (${result.from.resolution})`,
    `  to:   ${result.to.peer.id} (${result.to.resolution})`,
    '',
    ...directionText(`egress from ${result.from.peer.id}`, result.egress),
    '',
    ...directionText(`ingress to ${result.to.peer.id}`, result.ingress),
  ];
  if (
    !result.allowed &&
    result.egress.decision === 'not-evaluated' &&
    result.ingress.decision === 'not-evaluated'
  )
    lines.push('', 'Neither side is in the cluster: the traffic does not cross it.');
  return `${lines.join('\n')}\n`;
}

function directionText(title: string, direction: CheckedDirection): string[] {
  const lines = [`${title}: ${direction.decision}`];
  for (const step of direction.trace) {
    const policy = step.policy
      ? `${step.policy.kind} ${step.policy.namespace !== undefined ? `${step.policy.namespace}/` : ''}${step.policy.name}${step.policy.precedence !== undefined ? ` (${step.policy.precedence})` : ''}${step.rule !== undefined ? ` rule ${step.rule}` : ''} (${formatSourceRef(step.policy.source)}) `
      : '';
    lines.push(`  - [${step.tier}] ${policy}${step.result}: ${step.reason}`);
  }
  return lines;
}
