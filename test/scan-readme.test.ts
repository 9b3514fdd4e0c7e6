// The README's scan, diff and CI parts stay true: the first command is `scan`, each `$ aksguard …` console block
// is the real output (UPDATE_GOLDEN=1 rewrites it), the Contoso configuration shown is the file, and every
// aksguard command in the CI pipelines uses only options and formats the command has.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './support/run-cli.js';

const README = join(ROOT, 'README.md');
const readme = readFileSync(README, 'utf8');
const between = (start: string, end: string) => readme.slice(readme.indexOf(start), readme.indexOf(end));
const sections = {
  scan: between('<!-- scan: section -->', '<!-- scan: end -->'),
  diff: between('<!-- diff: section -->', '<!-- diff: end -->'),
  ci: between('<!-- ci: section -->', '<!-- ci: end -->'),
};

const CONSOLE = /```console\n\$ aksguard ([^\n]+)\n([\s\S]*?)```/g;

describe('README', () => {
  it('starts with the scan of the bundled example', () => {
    const twoCommands = between('## Two commands', '## Commands');
    expect(twoCommands).toContain('npm ci && npm start -- scan examples/contoso ');
  });

  it.each(['scan', 'diff'] as const)('shows real output in the %s section', async (name) => {
    const examples = [...sections[name].matchAll(CONSOLE)];
    expect(examples.length).toBeGreaterThan(0);
    let text = readFileSync(README, 'utf8');
    for (const [block, command, output] of examples) {
      const run = await runCli(command!.split(' '));
      expect(run.code).toBe(0);
      if (process.env.UPDATE_GOLDEN === '1')
        text = text.replace(block, `\`\`\`console\n$ aksguard ${command}\n${run.stdout}\`\`\``);
      else expect(run.stdout, 'README.md (UPDATE_GOLDEN=1 rewrites it)').toBe(output);
    }
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(README, text);
  });

  it('shows examples/contoso/aksguard.yaml as it is', () => {
    expect(sections.scan).toContain(
      `\`\`\`yaml\n${readFileSync(join(ROOT, 'examples', 'contoso', 'aksguard.yaml'), 'utf8')}\`\`\``,
    );
  });

  const invocations = [...sections.ci.matchAll(/\baksguard ((?:scan|audit|netpol diff) [^\n>]*)/g)].map((m) =>
    m[1]!.trim(),
  );

  it('runs aksguard in both pipelines', () => {
    expect(invocations.length).toBeGreaterThanOrEqual(8);
  });

  it.each(invocations)('CI uses real options: aksguard %s', async (invocation) => {
    const words = invocation.split(/\s+/);
    const command = words[0] === 'netpol' ? words.slice(0, 2) : words.slice(0, 1);
    const help = (await runCli([...command, '--help'])).stdout + (await runCli(['--help'])).stdout;
    for (const option of words.filter((w) => w.startsWith('-')))
      expect(help, `${option} is an option of aksguard ${command.join(' ')}`).toMatch(
        new RegExp(`(^|[\\s,])${option}[\\s,]`, 'm'),
      );
    const format = words[words.indexOf('--format') + 1];
    if (words.includes('--format'))
      expect(help).toMatch(new RegExp(`Formats \\(--format\\):[^\\n]*\\b${format}\\b`));
  });
});
