import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPORT_DATA_ELEMENT_ID } from '../src/report/html/render.js';
import { runBuiltCli, runCli } from './support/run-cli.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aksguard-report-'));
  writeFileSync(join(dir, 'plan.yaml'), 'nodes: 3\nmaxPods: 30\n');
  writeFileSync(
    join(dir, 'app.yaml'),
    [
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  template:',
      '    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: web, image: web:1}]\n',
    ].join('\n'),
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function payloadOf(file: string): Record<string, unknown> {
  return payloadIn(readFileSync(file, 'utf8'));
}

/** The data the page embeds, as its script reads it. */
function payloadIn(html: string): Record<string, unknown> {
  const open = `<script type="application/json" id="${REPORT_DATA_ELEMENT_ID}">`;
  const start = html.indexOf(open) + open.length;
  return JSON.parse(html.slice(start, html.indexOf('</script>', start)));
}

describe('aksguard report', () => {
  it('writes the page with the inputs read, the time from SOURCE_DATE_EPOCH, the plan, findings and graph', async () => {
    const run = await runCli(['report', '.', '--html', 'out.html'], {
      cwd: dir,
      env: { SOURCE_DATE_EPOCH: '1764158400' },
    });
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(run.stderr).toBe('aksguard: wrote out.html\n');
    const payload = payloadOf(join(dir, 'out.html'));
    expect(payload.meta).toEqual({
      tool: 'aksguard',
      version: expect.any(String),
      generatedAt: '2025-11-26T12:00:00.000Z',
      inputs: ['app.yaml', 'plan.yaml'],
    });
    // Each section is its engine's answer: the audit's findings, the planner's plan, the netpol matrix.
    const findings = payload.findings as { ruleId: string; file: string }[];
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.file === 'app.yaml')).toBe(true);
    const graph = payload.graph as { nodes: { id: string }[]; edges: { from: string; to: string }[] };
    expect(graph.nodes.map((n) => n.id)).toEqual(['shop/Deployment/web']);
    // With no policy the workload reaches itself, and nothing else exists to reach.
    expect(graph.edges).toEqual([
      expect.objectContaining({ from: 'shop/Deployment/web', to: 'shop/Deployment/web' }),
    ]);
    const plan = payload.plan as { options: { plugin: string }[]; recommendation: { plugin: string } };
    expect(plan.options.map((o) => o.plugin)).toEqual([
      'kubenet',
      'azure',
      'azure-dynamic',
      'azure-overlay',
      'azure-cilium',
    ]);
    expect(plan.recommendation.plugin).toEqual(expect.any(String));
  });

  it('reports a plan file with errors at its position and writes nothing', async () => {
    writeFileSync(join(dir, 'plan.yaml'), 'nodes: 3\nmaxPods: lots\n');
    const run = await runCli(['report', '.', '--html', 'out.html'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/aksguard: error: maxPods: .* \(plan\.yaml:2:1\)/);
    expect(existsSync(join(dir, 'out.html'))).toBe(false);
  });

  it('lists the input warnings on the page', async () => {
    writeFileSync(
      join(dir, 'app.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: undeclared\nspec:\n  containers: []\n',
    );
    const run = await runCli(['report', '.', '--html', 'out.html'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('aksguard: warning: namespace "undeclared" is used');
    const summary = payloadOf(join(dir, 'out.html')).summary as { warnings: unknown[] };
    expect(summary.warnings).toEqual([
      { message: expect.stringContaining('namespace "undeclared" is used'), location: 'app.yaml:1:1' },
    ]);
  });

  it('says "no plan file found" when there is none', async () => {
    rmSync(join(dir, 'plan.yaml'));
    expect((await runCli(['report', '.', '-o', 'out.html'], { cwd: dir })).code).toBe(0);
    expect(payloadOf(join(dir, 'out.html')).plan).toEqual({
      unavailable: 'No plan file found in the inputs.',
    });
  });

  it('never replaces an existing file without --force', async () => {
    writeFileSync(join(dir, 'out.html'), 'keep me');
    const refused = await runCli(['report', '.', '--html', 'out.html'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('aksguard: error: refusing to overwrite out.html');
    expect(readFileSync(join(dir, 'out.html'), 'utf8')).toBe('keep me');
    expect((await runCli(['report', '.', '--html', 'out.html', '--force'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'out.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });

  it.each([
    [['report', '.'], {}, 'no output file for the report'],
    [
      ['report', '.', '--html', 'a.html', '-o', 'b.html'],
      {},
      '--html a.html and -o b.html name different files',
    ],
    [['report', 'missing.yaml', '--html', 'a.html'], {}, 'not writing the report: 1 input error'],
    [
      ['report', '.', '--html', 'a.html'],
      { SOURCE_DATE_EPOCH: 'yesterday' },
      'SOURCE_DATE_EPOCH is "yesterday"',
    ],
  ])('refuses %j with exit 2 and writes nothing', async (args, env, message) => {
    const run = await runCli(args, { cwd: dir, env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`aksguard: error: ${message}`);
    expect(existsSync(join(dir, 'a.html'))).toBe(false);
  });

  it('reports examples/contoso from the built CLI: findings, plan, graph and matrix all filled', () => {
    const run = runBuiltCli(['report', 'examples/contoso', '--html', '-']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^<!doctype html>[\s\S]*<\/html>\n$/);
    const payload = payloadIn(run.stdout) as unknown as {
      findings: unknown[];
      plan: { recommendation: { plugin: string } };
      graph: { nodes: { id: string }[]; edges: { from: string; to: string }[] };
    };
    for (const section of ['findings', 'plan', 'graph', 'matrix'])
      expect(payload).not.toHaveProperty([section, 'unavailable']);
    expect(payload.findings.length).toBeGreaterThan(0);
    expect(payload.plan.recommendation.plugin).toBe('azure-overlay');
    expect(payload.graph.nodes.map((n) => n.id)).toContain('contoso-api/Deployment/api');
    const explained = payload.graph.edges.find(
      (e) => e.from === 'contoso-web/Deployment/frontend' && e.to === 'contoso-api/Deployment/api',
    );
    expect(explained).toMatchObject({ ports: 'TCP 8080', explanation: expect.stringContaining('ALLOWED') });
  });
});
