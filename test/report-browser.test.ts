// The HTML report in a real browser: Debian's Chromium driven by playwright-core opens the generated page from
// file:// with every network request blocked, and checks what a reader does with it.
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportModel, type MatrixContract } from '../src/report/html/build.js';
import type { ReportModel } from '../src/report/html/model.js';
import { renderHtmlReport } from '../src/report/html/render.js';
import { loadReportScenario } from './support/report-fixture.js';
import { ROOT, runCli } from './support/run-cli.js';

// What the callbacks run inside the page use of it; the project's type-check has no DOM library.
interface GraphElement {
  isEdge(): boolean;
  renderedMidpoint(): { x: number; y: number };
  renderedPosition(): { x: number; y: number };
}
declare const window: {
  aksguardReport?: {
    cy: { $(selector: string): ArrayLike<GraphElement> };
    data: { matrix: { rows: string[]; cols: string[] } };
  };
  scrollTo(x: number, y: number): void;
};
declare const document: {
  addEventListener(
    type: string,
    listener: (event: { blockedURI: string; violatedDirective: string }) => void,
  ): void;
};
declare function requestAnimationFrame(callback: (time: number) => void): number;

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const SKIP_REASON = `skipped: ${CHROMIUM} is absent (install it with: apt-get install -y chromium)`;
if (!HAVE_CHROMIUM) console.warn(`report-browser.test.ts ${SKIP_REASON}`);

/** Flags that keep Chromium from reaching out on its own (updates, sync, QUIC probes), so any request is the page's. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The README's screenshot. Like the golden files it is rewritten only with UPDATE_GOLDEN=1, so that a change to
 * the examples does not leave every tree that runs the tests with a modified image; otherwise it goes to the
 * test's own folder.
 */
const README_SCREENSHOT = join(ROOT, 'docs', 'report-screenshot.png');
const UPDATE_SCREENSHOT = process.env.UPDATE_GOLDEN === '1';

let workDir: string;
let browser: BrowserContext;

/** A page as a reader opens it, with what it tried to fetch and every script error or dialog it raised. */
interface OpenedReport {
  readonly page: Page;
  readonly url: string;
  readonly requests: string[];
  readonly problems: string[];
}

async function openReport(name: string, model: ReportModel): Promise<OpenedReport> {
  const file = join(workDir, `${name}.html`);
  writeFileSync(file, renderHtmlReport(model));
  return openPage(file);
}

async function openPage(file: string): Promise<OpenedReport> {
  const url = pathToFileURL(file).href;
  const page = await browser.newPage();
  page.setDefaultTimeout(5000);
  const requests: string[] = [];
  const problems: string[] = [];
  // Every request is recorded and all but the report itself are refused, so a page that needed the network
  // would both fail to render and show up here.
  await page.route('**/*', (route) => {
    const requested = route.request().url();
    requests.push(requested);
    return requested === url ? route.continue() : route.abort();
  });
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP blocked ${event.blockedURI} (${event.violatedDirective})`);
    });
  });
  await page.goto(url);
  await page.waitForFunction(() => window.aksguardReport !== undefined);
  return { page, url, requests, problems };
}

/** Runs a function against the page's Cytoscape instance. */
function graphCount(page: Page, selector: string): Promise<number> {
  return page.evaluate(
    (s) =>
      (window as unknown as { aksguardReport: { cy: { $: (s: string) => unknown[] } } }).aksguardReport.cy.$(
        s,
      ).length,
    selector,
  );
}

/** Clicks where the graph draws an element (a node's centre or an edge's midpoint), as a reader would. */
async function clickGraphElement(page: Page, selector: string): Promise<void> {
  await page.locator('#cy').scrollIntoViewIfNeeded();
  // The scroll event that tells Cytoscape.js where its canvas now is arrives with the next frames.
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  const point = await page.evaluate((s) => {
    const element = window.aksguardReport!.cy.$(s)[0]!;
    return element.isEdge() ? element.renderedMidpoint() : element.renderedPosition();
  }, selector);
  const box = (await page.locator('#cy').boundingBox())!;
  await page.mouse.click(box.x + point.x, box.y + point.y);
}

/** Clicks the heat-map cell of a row and a column, by the geometry the canvas states. */
async function clickMatrixCell(page: Page, row: string, col: string): Promise<void> {
  const canvas = page.locator('#heatmap');
  await canvas.scrollIntoViewIfNeeded();
  const cell = Number(await canvas.getAttribute('data-cell'));
  const gutter = Number(await canvas.getAttribute('data-gutter'));
  const { rows, cols } = await page.evaluate(() => window.aksguardReport!.data.matrix);
  await canvas.click({
    position: { x: gutter + (cols.indexOf(col) + 0.5) * cell, y: gutter + (rows.indexOf(row) + 0.5) * cell },
  });
}

/** 400 workloads in 20 namespaces: over the threshold where the graph starts collapsed. */
function largeModel(): ReportModel {
  const endpoints = Array.from({ length: 400 }, (_, i) => ({
    id: `team-${i % 20}/Deployment/svc-${i}`,
    namespace: `team-${i % 20}`,
    name: `svc-${i}`,
    kind: 'Deployment',
  }));
  const matrix: MatrixContract = {
    granularity: 'workload',
    endpoints,
    connections: endpoints.map((e, i) => ({
      from: e.id,
      to: endpoints[(i + 21) % endpoints.length]!.id,
      allowed: [{ protocol: 'TCP', ports: [[8080, 8080]] }],
    })),
  };
  return buildReportModel({
    version: '0.1.0',
    generatedAt: '2026-11-26T12:00:00.000Z',
    inputs: ['large.yaml'],
    audit: { unavailable: 'no audit in this test' },
    plan: { unavailable: 'No plan file found in the inputs.' },
    matrix,
  });
}

describe.skipIf(!HAVE_CHROMIUM)(
  `the HTML report in Chromium${HAVE_CHROMIUM ? '' : ` (${SKIP_REASON})`}`,
  () => {
    let contoso: OpenedReport;

    beforeAll(async () => {
      workDir = mkdtempSync(join(tmpdir(), 'aksguard-browser-'));
      browser = await chromium.launchPersistentContext(join(workDir, 'profile'), {
        executablePath: CHROMIUM,
        args: CHROMIUM_ARGS,
        viewport: { width: 1400, height: 1000 },
      });
      contoso = await openReport('contoso', loadReportScenario('contoso'));
      // Starting Chromium on a busy CI machine can take longer than vitest's default hook timeout.
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    });

    it('draws the connectivity graph: namespaces, workloads and external peers on a canvas', async () => {
      const { page } = contoso;
      expect(await graphCount(page, 'node.namespace')).toBe(5);
      expect(await graphCount(page, 'node.workload')).toBe(9);
      expect(await graphCount(page, 'node.external')).toBe(3);
      expect(await graphCount(page, 'edge')).toBeGreaterThan(0);
      const canvas = await page.locator('#cy canvas').first().boundingBox();
      expect(canvas?.width).toBeGreaterThan(100);
      expect(await page.locator('#heatmap').count()).toBe(1);
    });

    it('hides the rows of a severity when its filter is unticked', async () => {
      const { page } = contoso;
      const visibleRows = () => page.locator('#findings-table tr.finding:visible').count();
      expect(await visibleRows()).toBe(7);
      await page.locator('input[name="severity"][value="medium"]').uncheck();
      expect(await visibleRows()).toBe(4);
      expect(await page.locator('#findings-shown').textContent()).toBe('showing 4 of 7');
      expect(await page.locator('#findings-table tr.finding:visible', { hasText: 'medium' }).count()).toBe(0);
      await page.locator('input[name="severity"][value="medium"]').check();
      expect(await visibleRows()).toBe(7);
    });

    it('opens a finding to its rationale, fix and file:line', async () => {
      const { page } = contoso;
      await page.locator('#findings-table tr.finding', { hasText: 'aks-api-server-public' }).click();
      const detail = page.locator('#findings-table tr.finding-detail');
      await expect.poll(() => detail.textContent()).toContain('--api-server-authorized-ip-ranges');
      expect(await detail.textContent()).toContain('cluster/aks.json:14');
    });

    it('shows the ports and the explanation of a clicked edge', async () => {
      const { page } = contoso;
      await clickGraphElement(page, 'edge[source = "x:0.0.0.0/0"][target = "w:frontend/Deployment/web"]');
      expect(await page.locator('#edge-ports').textContent()).toBe('TCP 443');
      expect(await page.locator('#edge-explanation').textContent()).toContain('frontend/allow-https');
    });

    it("highlights a clicked node's ingress and egress", async () => {
      const { page } = contoso;
      await clickGraphElement(page, 'node[id = "w:payments/Deployment/payments-api"]');
      expect(await page.locator('#node-title').textContent()).toBe('payments/payments-api (Deployment)');
      // From bff and orders-api (8443) and prometheus (9090); to fraud-check, api.stripe.com and coredns.
      expect(await graphCount(page, 'edge.ingress')).toBe(3);
      expect(await graphCount(page, 'edge.egress')).toBe(3);
    });

    it('fetched nothing but the report file and raised no script error', () => {
      expect(contoso.requests).toEqual([contoso.url]);
      expect(contoso.problems).toEqual([]);
    });

    it('shows examples/contoso as `aksguard report` writes it, and saves the README screenshot', async () => {
      const file = join(workDir, 'contoso-cli.html');
      const run = await runCli(['report', 'examples/contoso', '--html', file], {
        env: { SOURCE_DATE_EPOCH: '1764158400' },
      });
      expect(run.code).toBe(0);
      const opened = await openPage(file);
      const { page } = opened;
      expect(await graphCount(page, 'node.workload')).toBe(6);
      await clickGraphElement(
        page,
        'edge[source = "w:contoso-web/Deployment/frontend"][target = "w:contoso-api/Deployment/api"]',
      );
      expect(await page.locator('#edge-ports').textContent()).toBe('TCP 8080');
      expect(await page.locator('#edge-explanation').textContent()).toContain(
        'NetworkPolicy contoso-api/backend-policy rule 0',
      );
      // A click on the heat map's frontend → api cell shows that flow in the graph.
      await clickMatrixCell(page, 'contoso-web/Deployment/frontend', 'contoso-api/Deployment/api');
      expect(await page.locator('#edge-explanation').textContent()).toContain(
        'NetworkPolicy contoso-api/backend-policy rule 0',
      );
      // The screenshot: high findings only, and the api workload's ingress and egress highlighted.
      for (const severity of ['medium', 'low'])
        await page.locator(`input[name="severity"][value="${severity}"]`).uncheck();
      await clickGraphElement(page, 'node[id = "w:contoso-api/Deployment/api"]');
      expect(await graphCount(page, 'edge.ingress')).toBe(1);
      // From the top, so the tables' sticky headers are where a reader sees them.
      await page.evaluate(() => window.scrollTo(0, 0));
      const screenshot = UPDATE_SCREENSHOT ? README_SCREENSHOT : join(workDir, 'report-screenshot.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      expect(statSync(screenshot).size).toBeGreaterThan(20_000);
      expect(opened.requests).toEqual([opened.url]);
      expect(opened.problems).toEqual([]);
      await page.close();
    });

    it('starts a large cluster collapsed to namespaces and expands one on click', async () => {
      const large = await openReport('large', largeModel());
      const { page } = large;
      expect(await graphCount(page, 'node')).toBe(20);
      expect(await graphCount(page, 'node.workload')).toBe(0);
      await clickGraphElement(page, 'node[id = "ns:team-3"]');
      await expect.poll(() => graphCount(page, 'node.workload')).toBe(20);
      expect(await graphCount(page, 'node[id = "ns:team-3"]:parent')).toBe(1);
      // Finding a workload by name opens its namespace too: svc-125 is in team-5.
      await page.locator('input[name="find-node"]').fill('svc-125');
      await page.locator('input[name="find-node"]').press('Enter');
      expect(await page.locator('#node-title').textContent()).toBe('team-5/svc-125 (Deployment)');
      expect(await graphCount(page, 'node.workload')).toBe(40);
      expect(large.problems).toEqual([]);
      await page.close();
    });

    it('shows hostile text as text: no script runs from the data', async () => {
      const hostile = '<img src=x onerror=alert(1)></script><script>alert(2)</script>';
      const model = buildReportModel({
        version: '0.1.0',
        generatedAt: '2026-11-26T12:00:00.000Z',
        inputs: [hostile],
        audit: {
          findings: [
            {
              ruleId: 'r',
              severity: 'high',
              message: hostile,
              resource: { kind: 'Pod', name: hostile, file: hostile, line: 1 },
            },
          ],
          rules: [
            {
              id: 'r',
              title: hostile,
              category: hostile,
              rationale: hostile,
              fixes: [{ how: hostile, text: hostile }],
            },
          ],
        },
        plan: { unavailable: hostile },
        matrix: { unavailable: hostile },
        headlines: [hostile],
        warnings: [{ message: hostile, location: hostile }],
      });
      const opened = await openReport('hostile', model);
      expect(await opened.page.locator('#findings-table tr.finding').first().textContent()).toContain(
        hostile,
      );
      expect(await opened.page.locator('#plan .unavailable').textContent()).toBe(hostile);
      expect(await opened.page.locator('#input-warnings li').textContent()).toBe(`${hostile} (${hostile})`);
      expect(await opened.page.locator('img').count()).toBe(0);
      expect(opened.problems).toEqual([]);
      expect(opened.requests).toEqual([opened.url]);
      await opened.page.close();
    });
  },
);
