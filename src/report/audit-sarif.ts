// The audit as SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
import type { AuditResult, Finding, Rule, Severity } from '../rules/index.js';
import { VERSION } from '../version.js';
import { renderRuleDoc } from './rule-docs.js';

/** SARIF levels: critical and high fail a check run, medium warns, low and info are notes. */
const LEVELS: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/**
 * GitHub's `security-severity` scale (0.1–10): critical > 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9.
 * Info findings (things aksguard cannot tell) are not security issues and get none.
 */
const SECURITY_SEVERITY: Readonly<Record<Severity, string | undefined>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: undefined,
};

/** Renders the audit as one SARIF run; suppressed findings are results with an `inSource` suppression. */
export function renderAuditSarif(result: AuditResult): string {
  const ruleIndex = new Map(result.rules.map((rule, i) => [rule.id, i]));
  const results = [...result.findings, ...result.suppressed].map((finding) =>
    sarifResult(finding, ruleIndex.get(finding.ruleId) ?? -1),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'aksguard',
            version: VERSION,
            informationUri: 'https://learn.microsoft.com/azure/aks/best-practices',
            rules: result.rules.map(sarifRule),
          },
        },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function sarifRule(rule: Rule) {
  const securitySeverity = SECURITY_SEVERITY[rule.defaultSeverity];
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.docs.summary },
    help: { text: `${rule.docs.summary}\n\n${rule.docs.rationale}`, markdown: renderRuleDoc(rule) },
    helpUri: rule.docs.references[0],
    defaultConfiguration: { level: LEVELS[rule.defaultSeverity] },
    properties: {
      tags: ['security', 'aks', rule.category],
      ...(securitySeverity ? { 'security-severity': securitySeverity } : {}),
    },
  };
}

function sarifResult(finding: Finding, ruleIndex: number) {
  const { kind, name, namespace, file, line, column } = finding.resource;
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: LEVELS[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: fileUri(file) },
          region: { startLine: line, ...(column !== undefined ? { startColumn: column } : {}) },
        },
        logicalLocations: [
          {
            name,
            fullyQualifiedName: `${kind}/${namespace ? `${namespace}/` : ''}${name}`,
            kind: 'resource',
          },
        ],
      },
    ],
    ...(finding.suppression
      ? {
          suppressions: [
            {
              // SARIF §3.35.2: annotations and tags live with the analysed source; aksguard.yaml is outside it.
              kind: finding.suppression.kind === 'config' ? 'external' : 'inSource',
              justification: finding.suppression.reason,
            },
          ],
        }
      : {}),
  };
}

/** A relative file path as a URI reference (segments percent-encoded, `/` kept). */
function fileUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/** `aks-no-kubenet` → `AksNoKubenet`, SARIF's readable rule name. */
function pascalCase(id: string): string {
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
