// The README's dialects section shows real output: each `$ aksguard …` console block must match a run
// (a trailing `| grep -E 'pattern'` keeps the matching lines, as the shell would).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(
  readme.indexOf('<!-- dialects: section'),
  readme.indexOf('<!-- dialects: end -->'),
);
const examples = [...section.matchAll(/```console\n\$ aksguard ([^\n]+)\n([\s\S]*?)```/g)].map((m) => {
  const [command, grep] = m[1]!.split(/ \| grep -E /);
  return { command: command!, grep: grep?.replace(/^'|'$/g, ''), output: m[2]! };
});

describe('README dialects section', () => {
  it('shows a cross-dialect check, an FQDN check and a parity matrix', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(examples)('`aksguard $command` prints what the README shows', async ({ command, grep, output }) => {
    const run = await runCli(command.split(' '));
    const printed = grep
      ? `${run.stdout
          .split('\n')
          .filter((line) => new RegExp(grep).test(line))
          .join('\n')}\n`
      : run.stdout;
    expect(printed).toBe(output);
  });
});
