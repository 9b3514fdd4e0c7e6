// Public API of report.
export { renderPlanJson } from './plan-json.js';
export { renderPlanMarkdown } from './plan-markdown.js';
export { PLAIN, renderPlanText, type TextStyle } from './plan-text.js';
