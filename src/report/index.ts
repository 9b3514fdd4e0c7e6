// Public API of report.
export * from './netpol-check.js';
export * from './netpol-matrix.js';
export { renderPlanJson } from './plan-json.js';
export { renderPlanMarkdown } from './plan-markdown.js';
export { PLAIN, renderPlanText, type TextStyle } from './plan-text.js';
