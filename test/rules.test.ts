import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EQUIVALENT_TOOLS, RULES } from '../src/rules/index.js';
import { auditExample, exampleDocuments } from './support/rule-examples.js';
import { ROOT } from './support/run-cli.js';

const RULE_FOLDERS = ['aks', 'k8s', 'netpol'] as const;
const anchors = ['audit-anchors.md', 'more-anchors.md']
  .map((file) => readFileSync(join(ROOT, 'docs', 'reference', file), 'utf8'))
  .join('\n');

describe('the rule registry', () => {
  it('is sorted by id, without duplicates', () => {
    const ids = RULES.map((r) => r.id);
    expect(ids).toEqual([...new Set(ids)].sort());
  });

  it('registers exactly the rule files, each exporting one rule whose id is its file name', async () => {
    const files = RULE_FOLDERS.flatMap((folder) =>
      readdirSync(join(ROOT, 'src', 'rules', folder))
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .map((f) => ({ folder, file: f })),
    );
    const fromFiles = [];
    for (const { folder, file } of files) {
      const module = (await import(join(ROOT, 'src', 'rules', folder, file))) as Record<string, unknown>;
      const exported = Object.values(module);
      expect(exported, file).toHaveLength(1);
      const rule = exported[0] as (typeof RULES)[number];
      expect(rule.id).toBe(basename(file, '.ts'));
      expect(rule.id.startsWith(`${folder}-`), `${rule.id} lives in ${folder}/`).toBe(true);
      expect(RULES).toContain(rule);
      fromFiles.push(rule);
    }
    expect(fromFiles).toHaveLength(RULES.length);
  });
});

describe.each(RULES.map((rule) => [rule.id, rule] as const))('%s', (_id, rule) => {
  it('has kebab-case id, documentation and at least one valid and one invalid example', () => {
    expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
    expect(rule.title).not.toBe('');
    expect(rule.docs.summary).not.toBe('');
    expect(rule.docs.rationale).not.toBe('');
    expect(rule.docs.references.length).toBeGreaterThan(0);
    for (const url of rule.docs.references) expect(url).toMatch(/^https:\/\//);
    expect(rule.examples.valid.length).toBeGreaterThan(0);
    expect(rule.examples.invalid.length).toBeGreaterThan(0);
  });

  it('names only equivalents that the audit anchors list', () => {
    for (const tool of EQUIVALENT_TOOLS)
      for (const id of rule.equivalents[tool] ?? []) {
        // The anchors list PSRule's Azure.AKS.* rules by their short name.
        const listed = tool === 'psrule' ? id.replace(/^Azure\.AKS\./, '') : id;
        expect(new RegExp(`\\b${listed.replace(/\./g, '\\.')}\\b`).test(anchors), `${tool} ${id}`).toBe(true);
      }
  });

  it.each(rule.examples.valid.map((input, i) => [i, input] as const))(
    'valid example %i has no report',
    (i, input) => {
      const documents = exampleDocuments(input, `valid-${i}.yaml`);
      expect(documents.map((d) => d.kind)).not.toContain('unknown');
      const result = auditExample(rule, input);
      expect(result.findings.map((f) => `${f.resource.line}: ${f.message}`)).toEqual([]);
    },
  );

  it.each(rule.examples.invalid.map((example, i) => [i, example] as const))(
    'invalid example %i reports exactly what it declares',
    (_i, example) => {
      const result = auditExample(rule, example.input);
      const actual = result.findings.map((f) => ({ messageId: f.messageId, line: f.resource.line }));
      const byLine = (a: { line: number; messageId: string }, b: { line: number; messageId: string }) =>
        a.line - b.line || a.messageId.localeCompare(b.messageId);
      expect(actual.sort(byLine)).toEqual([...example.reports].sort(byLine));
      for (const finding of result.findings) {
        expect(finding.message).not.toMatch(/\{\{/);
        expect(finding.severity).toBe(rule.defaultSeverity);
      }
    },
  );

  it('exercises every message id in its invalid examples', () => {
    const used = new Set(rule.examples.invalid.flatMap((e) => e.reports.map((r) => r.messageId)));
    expect([...used].sort()).toEqual(Object.keys(rule.messages).sort());
  });
});
