// The audit as the public JSON contract: { schemaVersion, findings, rules, summary } plus the additive `suppressed` list.
import type { AuditResult, Finding, Rule } from '../rules/index.js';
import { EQUIVALENT_TOOLS } from '../rules/index.js';
import { type AuditSummary, summarizeAudit } from './audit-summary.js';

/** Version of the audit JSON contract; raised only for incompatible changes. */
export const AUDIT_SCHEMA_VERSION = 1;

/** One finding as the contract writes it (no internal fields). */
export interface AuditJsonFinding {
  readonly ruleId: string;
  readonly severity: string;
  readonly message: string;
  readonly resource: Finding['resource'];
}

/** The audit JSON document. */
export interface AuditJson {
  readonly schemaVersion: number;
  readonly findings: readonly AuditJsonFinding[];
  readonly rules: readonly {
    readonly id: string;
    readonly title: string;
    readonly severity: string;
    readonly category: string;
    readonly equivalents: Partial<Record<(typeof EQUIVALENT_TOOLS)[number], readonly string[]>>;
  }[];
  readonly summary: AuditSummary;
  /** Findings accepted by an annotation or tag, with the reason. */
  readonly suppressed: readonly (AuditJsonFinding & {
    readonly suppression: { readonly kind: string; readonly reason: string };
  })[];
}

/** Builds the JSON document of an audit. */
export function auditToJson(result: AuditResult): AuditJson {
  return {
    schemaVersion: AUDIT_SCHEMA_VERSION,
    findings: result.findings.map(contractFinding),
    rules: result.rules.map(contractRule),
    summary: summarizeAudit(result),
    suppressed: result.suppressed.map((f) => ({
      ...contractFinding(f),
      suppression: { kind: f.suppression?.kind ?? 'annotation', reason: f.suppression?.reason ?? '' },
    })),
  };
}

/** The audit as pretty-printed JSON. */
export function renderAuditJson(result: AuditResult): string {
  return `${JSON.stringify(auditToJson(result), null, 2)}\n`;
}

function contractFinding(finding: Finding): AuditJsonFinding {
  const { kind, name, namespace, file, line, column } = finding.resource;
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    resource: {
      kind,
      name,
      ...(namespace !== undefined ? { namespace } : {}),
      file,
      line,
      ...(column !== undefined ? { column } : {}),
    },
  };
}

/** A rule as the contract lists it; tools without an equivalent are left out. */
export function contractRule(rule: Rule): AuditJson['rules'][number] {
  const equivalents: Partial<Record<(typeof EQUIVALENT_TOOLS)[number], readonly string[]>> = {};
  for (const tool of EQUIVALENT_TOOLS) {
    const ids = rule.equivalents[tool];
    if (ids && ids.length > 0) equivalents[tool] = [...ids];
  }
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.defaultSeverity,
    category: rule.category,
    equivalents,
  };
}
