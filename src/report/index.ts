// Public API of report.
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
export * from './netpol-matrix.js';
export { renderPlanJson } from './plan-json.js';
export { renderPlanMarkdown } from './plan-markdown.js';
export { PLAIN, renderPlanText, type TextStyle } from './plan-text.js';
