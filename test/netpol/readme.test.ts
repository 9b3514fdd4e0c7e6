// The README's netpol section shows real output: each `$ aksguard …` console block must match a run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('<!-- netpol: section'), readme.indexOf('<!-- netpol: end -->'));
const examples = [...section.matchAll(/```console\n\$ aksguard ([^\n]+)\n([\s\S]*?)```/g)].map((m) => ({
  command: m[1]!,
  output: m[2]!,
}));

describe('README netpol section', () => {
  it('has examples of matrix and check', () => {
    expect(examples.map((e) => e.command.split(' ')[1])).toEqual(expect.arrayContaining(['matrix', 'check']));
  });

  it.each(examples)('`aksguard $command` prints what the README shows', async ({ command, output }) => {
    const run = await runCli(command.split(' '));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(output);
  });
});
