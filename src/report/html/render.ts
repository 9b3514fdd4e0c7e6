// Renders the report model as ONE self-contained HTML page: style, Cytoscape.js and the page's script are
// inlined, the data travels as JSON in a non-executed script element, and a Content-Security-Policy forbids
// every fetch, so the page works from file:// and opening it never touches the network.
import { createHash } from 'node:crypto';
import { CYTOSCAPE_JS, CYTOSCAPE_VERSION, REPORT_CLIENT_JS, REPORT_CSS } from './assets.generated.js';
import type { ReportModel } from './model.js';

/** The id of the element holding the report's data; the page's script reads it. */
export const REPORT_DATA_ELEMENT_ID = 'report-data';

/** Renders the page. Deterministic: the same model gives the same bytes. */
export function renderHtmlReport(model: ReportModel): string {
  const scripts = [CYTOSCAPE_JS, REPORT_CLIENT_JS];
  // Hashes rather than 'unsafe-inline': only these exact scripts may run, whatever the data contains.
  // Styles need 'unsafe-inline' because Cytoscape.js adds a <style> element for its container.
  const policy = [
    "default-src 'none'",
    `script-src ${scripts.map((s) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`).join(' ')}`,
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const generator = `${model.meta.tool} ${model.meta.version} (Cytoscape.js ${CYTOSCAPE_VERSION})`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escapeHtml(generator)}">
<title>aksguard report</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header class="page-header">
<h1>aksguard report</h1>
<p id="meta-line"></p>
<nav><a href="#summary">Summary</a> <a href="#findings">Findings</a> <a href="#plan">Network plan</a> <a href="#graph">Connectivity graph</a> <a href="#matrix">Matrix</a></nav>
</header>
<noscript><p class="unavailable">This report draws its tables and graph with JavaScript; allow scripts for this file to see them.</p></noscript>
<main>
<section id="summary"><h2>Summary</h2><div class="section-body"></div></section>
<section id="findings"><h2>Findings</h2><div class="section-body"></div></section>
<section id="plan"><h2>Network plan</h2><div class="section-body"></div></section>
<section id="graph"><h2>Connectivity graph</h2><div class="section-body"></div></section>
<section id="matrix"><h2>Connectivity matrix</h2><div class="section-body"></div></section>
</main>
<script type="application/json" id="${REPORT_DATA_ELEMENT_ID}">${embedJson(model)}</script>
${scripts.map((s) => `<script>${s}</script>`).join('\n')}
</body>
</html>
`;
}

/**
 * Serializes data for a `<script type="application/json">` element. `<`, `>` and `&` become JSON escapes, so no
 * value can close the element or open a comment, and JSON.parse of the element's text returns the data intact.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Escapes text for an HTML attribute value or element content. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
