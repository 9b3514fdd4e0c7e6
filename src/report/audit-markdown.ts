// The audit as Markdown, for pull-request comments and job summaries.
import type { AuditResult, Finding } from '../rules/index.js';
import { describeSummary, summarizeAudit } from './audit-summary.js';
import { markdownCell, markdownTable } from './markdown.js';

/** Renders the summary, the findings table and the suppressed findings, under `title` (the command that ran). */
export function renderAuditMarkdown(result: AuditResult, title = 'aksguard audit'): string {
  const parts = [`# ${title}`, '', `**${describeSummary(summarizeAudit(result))}**`];
  if (result.findings.length > 0) {
    parts.push(
      '',
      markdownTable(
        ['Severity', 'Rule', 'Resource', 'Location', 'Message'],
        result.findings.map((f) => [
          f.severity,
          `\`${f.ruleId}\``,
          resource(f),
          location(f),
          markdownCell(f.message),
        ]),
      ),
    );
  }
  if (result.suppressed.length > 0) {
    parts.push(
      '',
      '## Suppressed',
      '',
      markdownTable(
        ['Rule', 'Resource', 'Location', 'Reason'],
        result.suppressed.map((f) => [
          `\`${f.ruleId}\``,
          resource(f),
          location(f),
          markdownCell(f.suppression?.reason ?? ''),
        ]),
      ),
    );
  }
  return `${parts.join('\n')}\n`;
}

function resource(finding: Finding): string {
  const { kind, name, namespace } = finding.resource;
  return markdownCell(`${kind} ${namespace ? `${namespace}/` : ''}${name}`);
}

function location(finding: Finding): string {
  const { file, line, column } = finding.resource;
  return markdownCell(`${file}:${line}:${column ?? 1}`);
}
