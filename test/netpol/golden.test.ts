// Golden scenarios: test/golden/netpol/<scenario>/case.json lists runs (arguments and formats); each output is
// compared with <run>.<ext>, and the run's exit code and diagnostics with <run>.stderr.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { expectGolden, goldenDir } from '../support/golden.js';
import { runCli } from '../support/run-cli.js';

interface GoldenRun {
  /** Names the expected files. */
  readonly name: string;
  /** Arguments after `aksguard`; `$INPUT` stands for the scenario's inputs. */
  readonly args: readonly string[];
  readonly formats: readonly string[];
}

interface GoldenCase {
  /** Input paths relative to the repository root; `input` alone means the scenario's own input/ folder. */
  readonly inputs: readonly string[];
  readonly runs: readonly GoldenRun[];
}

const EXTENSIONS: Record<string, string> = {
  table: 'txt',
  text: 'txt',
  json: 'json',
  csv: 'csv',
  dot: 'dot',
  markdown: 'md',
};
const root = goldenDir('netpol');

describe('netpol golden scenarios', () => {
  for (const scenario of readdirSync(root).sort()) {
    const spec = JSON.parse(readFileSync(join(root, scenario, 'case.json'), 'utf8')) as GoldenCase;
    const inputs = spec.inputs.map((p) => (p === 'input' ? `test/golden/netpol/${scenario}/input` : p));
    for (const run of spec.runs) {
      it(`${scenario}: ${run.name}`, async () => {
        const args = run.args.flatMap((a) => (a === '$INPUT' ? inputs : [a]));
        let first = true;
        for (const format of run.formats) {
          const result = await runCli([...args, '--format', format]);
          expectGolden(`netpol/${scenario}/${run.name}.${EXTENSIONS[format]}`, result.stdout);
          if (first)
            expectGolden(`netpol/${scenario}/${run.name}.stderr`, `exit ${result.code}\n${result.stderr}`);
          first = false;
        }
      });
    }
  }
});
