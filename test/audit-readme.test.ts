// The README's `aksguard audit` section shows real output: its `$ aksguard …` console block must match a run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/rules/index.js';
import { ROOT, runCli } from './support/run-cli.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('<!-- audit: section'), readme.indexOf('<!-- audit: end -->'));
const examples = [...section.matchAll(/```console\n\$ aksguard ([^\n]+)\n([\s\S]*?)```/g)].map((m) => ({
  command: m[1]!,
  output: m[2]!,
}));

describe('README audit section', () => {
  it('has a run and states the catalogue size', () => {
    expect(examples.length).toBeGreaterThanOrEqual(1);
    expect(section).toContain(`${RULES.length} rules`);
  });

  it.each(examples)('`aksguard $command` prints what the README shows', async ({ command, output }) => {
    const run = await runCli(command.split(' '));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(output);
  });
});
