// Every plan scenario under test/golden/plan through every reporter, from the in-process CLI.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectGolden, goldenDir } from './support/golden.js';
import { runCli } from './support/run-cli.js';

const FORMATS = [
  { format: 'text', file: 'expected.txt' },
  { format: 'json', file: 'expected.json' },
  { format: 'markdown', file: 'expected.md' },
] as const;

const scenarios = readdirSync(goldenDir('plan')).sort();

describe.each(scenarios)('plan scenario %s', (scenario) => {
  const { args } = JSON.parse(readFileSync(join(goldenDir('plan'), scenario, 'case.json'), 'utf8')) as {
    args: string[];
  };

  it.each(FORMATS)('renders $format as its golden file', async ({ format, file }) => {
    const run = await runCli([...args, '--format', format]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expectGolden(`plan/${scenario}/${file}`, run.stdout);
  });
});
