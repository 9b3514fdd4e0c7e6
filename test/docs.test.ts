import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleDocFiles } from '../src/report/index.js';
import { RULES } from '../src/rules/index.js';
import { ROOT } from './support/run-cli.js';

const folder = join(ROOT, 'docs', 'rules');

describe('docs/rules', () => {
  const files = ruleDocFiles(RULES);

  it.each(files.map((f) => [f.name, f.content] as const))(
    '%s is up to date (run `npm run docs`)',
    (name, content) => {
      const path = join(folder, name);
      expect(existsSync(path), `docs/rules/${name} is missing: run npm run docs`).toBe(true);
      expect(readFileSync(path, 'utf8'), `docs/rules/${name} is stale: run npm run docs`).toBe(content);
    },
  );

  it('holds no page without a rule', () => {
    expect(
      readdirSync(folder)
        .filter((n) => n.endsWith('.md'))
        .sort(),
    ).toEqual(files.map((f) => f.name).sort());
  });

  it('has the sections of the fixed order on every page', () => {
    for (const rule of RULES) {
      const page = files.find((f) => f.name === `${rule.id}.md`)?.content ?? '';
      const headings = page.split('\n').filter((l) => l.startsWith('## '));
      const order = [
        '## Summary',
        '## Why',
        '## How to fix',
        '## Examples',
        '## When not to use it',
        '## Suppressing',
        '## Equivalent checks in other tools',
        '## References',
      ];
      expect(headings.map((h) => order.indexOf(h))).toEqual(
        [...headings.map((h) => order.indexOf(h))].sort((a, b) => a - b),
      );
      expect(headings).toContain('## Why');
      expect(page).not.toMatch(/\{\{/);
    }
  });
});
