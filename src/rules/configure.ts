// aksguard.yaml applied to an audit, in one place for every command: rules switched off, severities overridden,
// findings suppressed with a justification until an optional expiry date. Pure: config + result → result.
import type { AksguardConfig, ConfigSuppression } from '../model/config.js';
import { type Diagnostic, sortDiagnostics, warningDiagnostic } from '../model/diagnostic.js';
import type { SourceRef } from '../model/source.js';
import type { AuditResult, Finding } from './audit.js';
import { sortFindings } from './audit.js';
import { CANNOT_TELL } from './context.js';
import type { Rule } from './define-rule.js';

/**
 * Applies a configuration to an audit result. `today` (YYYY-MM-DD, UTC) decides expiry: a suppression applies
 * before its `expires` day and not from that day on, when a warning says its findings count again. Rule ids the
 * catalogue does not know are warnings, never silently ignored.
 */
export function applyConfig(
  result: AuditResult,
  config: AksguardConfig,
  catalogue: readonly Rule[],
  today: string,
): AuditResult {
  const diagnostics: Diagnostic[] = [...result.diagnostics];
  const file = config.file ?? 'aksguard.yaml';
  const at = (line: number): SourceRef => ({ file, line, column: 1 });
  const known = new Set(catalogue.map((r) => r.id));
  for (const id of Object.keys(config.rules).sort())
    if (!known.has(id))
      diagnostics.push(
        warningDiagnostic(
          'config-unknown-rule',
          `aksguard.yaml names unknown rule "${id}"`,
          { file, line: 1, column: 1 },
          'run `aksguard rules` for the rule ids',
        ),
      );

  const enabled = (id: string) => config.rules[id]?.enabled !== false;
  const severityOf = (finding: Finding) =>
    finding.messageId === CANNOT_TELL
      ? finding.severity
      : (config.rules[finding.ruleId]?.severity ?? finding.severity);

  const active: ConfigSuppression[] = [];
  for (const s of config.suppressions) {
    if (!known.has(s.rule)) {
      diagnostics.push(
        warningDiagnostic(
          'config-unknown-rule',
          `suppression names unknown rule "${s.rule}"`,
          at(s.line),
          'run `aksguard rules` for the rule ids',
        ),
      );
    } else if (s.expires !== undefined && s.expires <= today) {
      diagnostics.push(
        warningDiagnostic(
          'suppression-expired',
          `suppression of ${s.rule}${s.resource ? ` on ${s.resource}` : ''} expired on ${s.expires}: its findings count again`,
          at(s.line),
          'fix the findings, or renew the suppression with a new justification and expiry',
        ),
      );
    } else {
      active.push(s);
    }
  }

  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const finding of [...result.findings, ...result.suppressed]) {
    if (!enabled(finding.ruleId)) continue;
    const adjusted = { ...finding, severity: severityOf(finding) };
    const match = finding.suppression ? undefined : active.find((s) => suppresses(s, finding));
    if (match)
      suppressed.push({
        ...adjusted,
        suppression: { reason: match.justification, kind: 'config', source: at(match.line) },
      });
    else if (adjusted.suppression) suppressed.push(adjusted);
    else findings.push(adjusted);
  }
  return {
    findings: sortFindings(findings),
    suppressed: sortFindings(suppressed),
    rules: result.rules
      .filter((rule) => enabled(rule.id))
      .map((rule) => {
        const severity = config.rules[rule.id]?.severity;
        return severity ? { ...rule, defaultSeverity: severity } : rule;
      }),
    diagnostics: sortDiagnostics(diagnostics),
  };
}

/**
 * Whether a suppression covers a finding: the same rule, and when given, a resource pattern matching
 * `namespace/Kind/name`, `Kind/name` or the bare name, and a file pattern matching the finding's file.
 */
export function suppresses(suppression: ConfigSuppression, finding: Finding): boolean {
  if (suppression.rule !== finding.ruleId) return false;
  const { kind, name, namespace, file } = finding.resource;
  if (suppression.resource !== undefined) {
    const pattern = wildcard(suppression.resource);
    const names = [
      `${kind}/${name}`,
      name,
      ...(namespace !== undefined ? [`${namespace}/${kind}/${name}`] : []),
    ];
    if (!names.some((n) => pattern.test(n))) return false;
  }
  return suppression.file === undefined || wildcard(suppression.file).test(file);
}

/** `*` matches any run of characters; everything else literally. */
function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
