// Public API of report: pure renderers from results to text, JSON, SARIF, JUnit, Markdown and HTML.
export type { AuditJson, AuditJsonFinding } from './audit-json.js';
export { AUDIT_SCHEMA_VERSION, auditToJson, renderAuditJson } from './audit-json.js';
export { renderAuditJunit } from './audit-junit.js';
export { renderAuditMarkdown } from './audit-markdown.js';
export { renderAuditSarif } from './audit-sarif.js';
export type { AuditSummary } from './audit-summary.js';
export { describeSummary, summarizeAudit } from './audit-summary.js';
export type { AuditTextOptions } from './audit-text.js';
export { renderAuditText } from './audit-text.js';
export type {
  AuditContract,
  MatrixContract,
  PlanContract,
  ReportScale,
  ReportSources,
} from './html/build.js';
export { buildReportModel, DEFAULT_REPORT_SCALE } from './html/build.js';
export type {
  ReportFinding,
  ReportFix,
  ReportGraph,
  ReportGraphEdge,
  ReportGraphNode,
  ReportMatrix,
  ReportMatrixCell,
  ReportMeta,
  ReportModel,
  ReportPlan,
  ReportPlanLimit,
  ReportPlanOption,
  ReportSummary,
  Unavailable,
} from './html/model.js';
export { compareSeverity, isUnavailable, SEVERITY_ORDER } from './html/model.js';
export { embedJson, escapeHtml, renderHtmlReport } from './html/render.js';
export * from './netpol-check.js';
export * from './netpol-diff-dot.js';
export * from './netpol-diff-formats.js';
export * from './netpol-diff-json.js';
export * from './netpol-diff-markdown.js';
export * from './netpol-diff-text.js';
export * from './netpol-matrix.js';
export { renderPlanJson } from './plan-json.js';
export { renderPlanMarkdown } from './plan-markdown.js';
export { PLAIN, renderPlanText, type TextStyle } from './plan-text.js';
export {
  renderRuleDoc,
  renderRulesJson,
  renderRulesMarkdown,
  renderRulesTable,
  ruleDocFiles,
} from './rule-docs.js';
export * from './scan-json.js';
export * from './scan-markdown.js';
export * from './scan-summary.js';
export * from './scan-text.js';
