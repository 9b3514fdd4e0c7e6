// Golden CLI runs described by data: test/golden/<area>/<scenario>/case.json lists runs (arguments and formats);
// each output is compared with <run>.<ext>, and the run's exit code and diagnostics with <run>.stderr.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { expectGolden, goldenDir } from './golden.js';
import { runCli } from './run-cli.js';

/** One run of a scenario. */
export interface GoldenRun {
  /** Names the expected files. */
  readonly name: string;
  /** Arguments after `aksguard`; `$NAME` placeholders are replaced by the area's substitutions. */
  readonly args: readonly string[];
  readonly formats: readonly string[];
}

const EXTENSIONS: Record<string, string> = {
  table: 'txt',
  text: 'txt',
  json: 'json',
  csv: 'csv',
  dot: 'dot',
  markdown: 'md',
};

/**
 * Declares one test per run of every scenario of an area. `substitute` maps a placeholder argument (such as
 * `$BEFORE`) to the arguments it stands for in a scenario, given the scenario's folder and its case.json.
 */
export function describeGoldenCases(
  area: string,
  substitute: (arg: string, folder: string, spec: Record<string, unknown>) => readonly string[],
): void {
  const root = goldenDir(area);
  describe(`${area} golden scenarios`, () => {
    for (const scenario of readdirSync(root).sort()) {
      const spec = JSON.parse(readFileSync(join(root, scenario, 'case.json'), 'utf8')) as {
        runs: GoldenRun[];
      } & Record<string, unknown>;
      const folder = `test/golden/${area}/${scenario}`;
      for (const run of spec.runs) {
        it(`${scenario}: ${run.name}`, async () => {
          const args = run.args.flatMap((a) => (a.startsWith('$') ? substitute(a, folder, spec) : [a]));
          let first = true;
          for (const format of run.formats) {
            const result = await runCli([...args, '--format', format]);
            expectGolden(`${area}/${scenario}/${run.name}.${EXTENSIONS[format]}`, result.stdout);
            if (first)
              expectGolden(`${area}/${scenario}/${run.name}.stderr`, `exit ${result.code}\n${result.stderr}`);
            first = false;
          }
        });
      }
    }
  });
}
