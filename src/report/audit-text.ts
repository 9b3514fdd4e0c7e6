// The audit for a terminal: findings grouped by file, each with the offending source line and a ^ marker.
import type { AuditResult, Finding, Severity } from '../rules/index.js';
import { describeSummary, summarizeAudit } from './audit-summary.js';
import { PLAIN, type TextStyle } from './plan-text.js';

/** What the text report needs besides the result. */
export interface AuditTextOptions {
  readonly style?: TextStyle;
  /** The text of an input file, to quote the offending line; `undefined` when not available. */
  readonly sourceText?: (file: string) => string | undefined;
}

/** Renders findings grouped by file, then suppressed findings, then the summary line. */
export function renderAuditText(result: AuditResult, options: AuditTextOptions = {}): string {
  const style = options.style ?? PLAIN;
  const lines: string[] = [];
  const linesOf = memoLines(options.sourceText);
  let currentFile: string | undefined;
  for (const finding of result.findings) {
    if (finding.resource.file !== currentFile) {
      if (currentFile !== undefined) lines.push('');
      currentFile = finding.resource.file;
      lines.push(style.bold(currentFile));
    }
    const { line, column } = finding.resource;
    const where = `${line}:${column ?? 1}`;
    lines.push(
      `  ${style.dim(where.padEnd(7))} ${colourSeverity(style, finding.severity)} ${finding.message} ${style.dim(finding.ruleId)}`,
    );
    lines.push(...quote(finding, linesOf(finding.resource.file), style));
  }
  if (result.suppressed.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(style.bold('Suppressed'));
    for (const finding of result.suppressed) {
      const { file, line, column } = finding.resource;
      lines.push(
        `  ${style.dim(`${file}:${line}:${column ?? 1}`)} ${finding.ruleId}: ${finding.suppression?.reason ?? ''}`,
      );
    }
  }
  if (lines.length > 0) lines.push('');
  const summary = describeSummary(summarizeAudit(result));
  lines.push(result.findings.length > 0 ? style.bold(summary) : style.green(summary));
  return `${lines.join('\n')}\n`;
}

/** Pads severities to one width so messages line up. */
const SEVERITY_WIDTH = 8;

/** A severity padded to one width and coloured by seriousness. */
export function colourSeverity(style: TextStyle, severity: Severity): string {
  const padded = severity.padEnd(SEVERITY_WIDTH);
  switch (severity) {
    case 'critical':
      return style.bold(style.red(padded));
    case 'high':
      return style.red(padded);
    case 'medium':
      return style.yellow(padded);
    case 'low':
      return padded;
    case 'info':
      return style.dim(padded);
  }
}

/** The source line of a finding with a caret under its column, as compilers print them. */
function quote(finding: Finding, fileLines: readonly string[] | undefined, style: TextStyle): string[] {
  const source = fileLines?.[finding.resource.line - 1];
  if (source === undefined) return [];
  const gutter = String(finding.resource.line).padStart(6);
  const visible = source.replace(/\t/g, ' ').trimEnd();
  const caret = `${' '.repeat(Math.max(0, (finding.resource.column ?? 1) - 1))}^`;
  return [`${style.dim(`${gutter} |`)} ${visible}`, `${style.dim(`${' '.repeat(6)} |`)} ${style.red(caret)}`];
}

function memoLines(
  sourceText: AuditTextOptions['sourceText'],
): (file: string) => readonly string[] | undefined {
  const cache = new Map<string, readonly string[] | undefined>();
  return (file) => {
    if (!cache.has(file)) cache.set(file, sourceText?.(file)?.split(/\r?\n/));
    return cache.get(file);
  };
}
