// Golden scenarios of `netpol diff`: test/golden/diff/<scenario>/ holds a before/ and an after/ folder and a
// case.json listing runs (arguments and formats); each output is compared with <run>.<ext>, and the run's exit
// code and diagnostics with <run>.stderr.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { expectGolden, goldenDir } from '../support/golden.js';
import { runCli } from '../support/run-cli.js';

interface DiffRun {
  /** Names the expected files. */
  readonly name: string;
  /** Arguments after `aksguard`; `$BEFORE` and `$AFTER` stand for the scenario's folders. */
  readonly args: readonly string[];
  readonly formats: readonly string[];
}

const EXTENSIONS: Record<string, string> = { text: 'txt', json: 'json', markdown: 'md', dot: 'dot' };
const root = goldenDir('diff');

describe('netpol diff golden scenarios', () => {
  for (const scenario of readdirSync(root).sort()) {
    const runs = (JSON.parse(readFileSync(join(root, scenario, 'case.json'), 'utf8')) as { runs: DiffRun[] })
      .runs;
    const folder = `test/golden/diff/${scenario}`;
    for (const run of runs) {
      it(`${scenario}: ${run.name}`, async () => {
        const args = run.args.map((a) =>
          a.replace('$BEFORE', `${folder}/before`).replace('$AFTER', `${folder}/after`),
        );
        let first = true;
        for (const format of run.formats) {
          const result = await runCli([...args, '--format', format]);
          expectGolden(`diff/${scenario}/${run.name}.${EXTENSIONS[format]}`, result.stdout);
          if (first)
            expectGolden(`diff/${scenario}/${run.name}.stderr`, `exit ${result.code}\n${result.stderr}`);
          first = false;
        }
      });
    }
  }
});
