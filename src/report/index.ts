// Public API of report.

export type {
  AuditContract,
  MatrixContract,
  PlanContract,
  ReportScale,
  ReportSources,
} from './html/build.js';
export { buildReportModel, DEFAULT_REPORT_SCALE, formatPorts } from './html/build.js';
export type {
  ReportFinding,
  ReportGraph,
  ReportGraphEdge,
  ReportGraphNode,
  ReportMatrix,
  ReportMatrixCell,
  ReportMeta,
  ReportModel,
  ReportPlan,
  ReportPlanRow,
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
