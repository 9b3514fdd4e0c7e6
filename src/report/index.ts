// Public API of report: pure renderers from results to text, JSON, SARIF, JUnit and Markdown.
export type { AuditJson, AuditJsonFinding } from './audit-json.js';
export { AUDIT_SCHEMA_VERSION, auditToJson, renderAuditJson } from './audit-json.js';
export { renderAuditJunit } from './audit-junit.js';
export { renderAuditMarkdown } from './audit-markdown.js';
export { renderAuditSarif } from './audit-sarif.js';
export type { AuditSummary } from './audit-summary.js';
export { describeSummary, summarizeAudit } from './audit-summary.js';
export type { AuditTextOptions } from './audit-text.js';
export { renderAuditText } from './audit-text.js';
export {
  renderRuleDoc,
  renderRulesJson,
  renderRulesMarkdown,
  renderRulesTable,
  ruleDocFiles,
} from './rule-docs.js';
export type { TextStyle } from './style.js';
export { PLAIN_STYLE } from './style.js';
