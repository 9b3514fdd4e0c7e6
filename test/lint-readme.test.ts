// The README's netpol lint subsection shows real output and the real rule list.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/rules/index.js';
import { ROOT, runCli } from './support/run-cli.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(
  readme.indexOf('#### netpol lint'),
  readme.indexOf('<!-- lint-diff: section written with issue 6 -->'),
);

describe('README netpol lint subsection', () => {
  it('lists exactly the lint rules, with their default severities', () => {
    const rows = [...section.matchAll(/^\| \[`([a-z0-9-]+)`\]\([^)]+\)\s*\| .* \| (\w+)\s*\|$/gm)].map(
      (m) => [m[1], m[2]],
    );
    const lint = RULES.filter((r) => r.id.startsWith('netpol-')).map((r) => [r.id, r.defaultSeverity]);
    expect(rows).toEqual(lint);
  });

  it('shows what the command prints', async () => {
    const [, command, output] = /```console\n\$ aksguard ([^\n]+)\n([\s\S]*?)```/.exec(section) ?? [];
    expect(command).toBeDefined();
    const run = await runCli(command!.split(' '));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(output);
  });
});
