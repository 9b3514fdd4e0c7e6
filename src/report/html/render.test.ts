import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectGolden } from '../../../test/support/golden.js';
import { loadReportScenario } from '../../../test/support/report-fixture.js';
import { buildReportModel } from './build.js';
import type { ReportModel } from './model.js';
import { embedJson, escapeHtml, REPORT_DATA_ELEMENT_ID, renderHtmlReport } from './render.js';

/** The JSON text inside the page's data element, as the page's script reads it. */
function payloadText(html: string): string {
  const open = `<script type="application/json" id="${REPORT_DATA_ELEMENT_ID}">`;
  const start = html.indexOf(open);
  expect(start).toBeGreaterThan(-1);
  return html.slice(start + open.length, html.indexOf('</script>', start));
}

const HOSTILE = '</script><script>alert(1)</script><!-- <img src=x onerror=alert(2)> & \u2028 "quoted"';

function hostileModel(): ReportModel {
  return buildReportModel({
    version: '0.1.0',
    generatedAt: '2026-11-26T12:00:00.000Z',
    inputs: [`${HOSTILE}.yaml`],
    audit: {
      findings: [
        {
          ruleId: 'rule-x',
          severity: 'high',
          message: HOSTILE,
          resource: { kind: 'Pod', name: HOSTILE, namespace: 'ns', file: `${HOSTILE}.yaml`, line: 3 },
        },
      ],
      rules: [
        {
          id: 'rule-x',
          title: HOSTILE,
          category: HOSTILE,
          rationale: HOSTILE,
          fixes: [{ how: HOSTILE, text: HOSTILE }],
        },
      ],
    },
    plan: { unavailable: HOSTILE },
    matrix: {
      granularity: 'workload',
      endpoints: [{ id: `ns/Deployment/${HOSTILE}`, namespace: 'ns', name: HOSTILE, kind: 'Deployment' }],
      connections: [],
    },
    headlines: [HOSTILE],
  });
}

describe('renderHtmlReport', () => {
  it('embeds the contoso scenario data as the golden payload says', () => {
    const html = renderHtmlReport(loadReportScenario('contoso'));
    const payload = JSON.parse(payloadText(html));
    expectGolden('report/contoso/payload.json', `${JSON.stringify(payload, null, 2)}\n`);
  });

  it('is one self-contained page: no external script, style, link or image, and a CSP that forbids fetching', () => {
    const html = renderHtmlReport(loadReportScenario('contoso'));
    expect(html).not.toMatch(/<(script|img|iframe)\b[^>]*\bsrc=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import|url\(\s*['"]?https?:/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;`);
    // Scripts run by hash, never as 'unsafe-inline', so injected markup could not run even if it got in.
    expect(html).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('renders the same bytes for the same model', () => {
    const model = loadReportScenario('contoso');
    expect(renderHtmlReport(model)).toBe(renderHtmlReport(model));
  });

  it('keeps hostile text inside the data element and returns it intact', () => {
    const model = hostileModel();
    const html = renderHtmlReport(model);
    const text = payloadText(html);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(model)));
    // The page has exactly the script elements it declares: the data, Cytoscape.js and the page's script.
    expect(html.match(/<script\b/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).not.toContain('<img');
  });
});

describe('embedJson', () => {
  it('escapes every character that could end the element, open a comment or break a line', () => {
    expect(embedJson({ a: '</script><!--&\u2028\u2029' })).toBe(
      '{"a":"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028\\u2029"}',
    );
  });

  it('round-trips any JSON value and never emits <, > or &', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = embedJson(value);
        expect(text).not.toMatch(/[<>&]/);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;',
    );
  });
});
