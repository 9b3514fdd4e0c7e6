// Counts shared by every audit reporter, so all formats agree.
import type { AuditResult, Severity } from '../rules/index.js';
import { SEVERITIES } from '../rules/index.js';

/** Finding counts of one audit. */
export interface AuditSummary {
  /** Findings that count (not suppressed). */
  readonly total: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  readonly suppressed: number;
  /** Rules that ran. */
  readonly rules: number;
}

/** Counts the findings of an audit. */
export function summarizeAudit(result: AuditResult): AuditSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const finding of result.findings) bySeverity[finding.severity]++;
  return {
    total: result.findings.length,
    bySeverity,
    suppressed: result.suppressed.length,
    rules: result.rules.length,
  };
}

/** `3 findings (1 high, 2 low), 1 suppressed`: the one-line summary the text and Markdown reports end with. */
export function describeSummary(summary: AuditSummary): string {
  const parts = SEVERITIES.filter((s) => summary.bySeverity[s] > 0).map(
    (s) => `${summary.bySeverity[s]} ${s}`,
  );
  const findings = `${summary.total} finding${summary.total === 1 ? '' : 's'}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
  const suppressed = summary.suppressed > 0 ? `, ${summary.suppressed} suppressed` : '';
  return `${findings}${suppressed}, ${summary.rules} rule${summary.rules === 1 ? '' : 's'} run`;
}
