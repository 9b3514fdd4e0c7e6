// Golden scenarios of `aksguard netpol lint`: test/golden/lint/<scenario>/case.json names the inputs and the
// formats; each output is compared with expected.<ext>, and the exit code and diagnostics with expected.stderr.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { expectGolden, goldenDir } from './support/golden.js';
import { runCli } from './support/run-cli.js';

interface LintCase {
  /** Input paths relative to the repository root; `input` means the scenario's own input/ folder. */
  readonly inputs: readonly string[];
  readonly formats: readonly string[];
}

const EXTENSIONS: Record<string, string> = {
  text: 'txt',
  json: 'json',
  sarif: 'sarif',
  junit: 'junit.xml',
  markdown: 'md',
};
const root = goldenDir('lint');

describe('netpol lint golden scenarios', () => {
  for (const scenario of readdirSync(root).sort()) {
    const spec = JSON.parse(readFileSync(join(root, scenario, 'case.json'), 'utf8')) as LintCase;
    const inputs = spec.inputs.map((p) => (p === 'input' ? `test/golden/lint/${scenario}/input` : p));
    it.each(spec.formats)(`${scenario}: %s`, async (format) => {
      const result = await runCli(['netpol', 'lint', ...inputs, '--format', format]);
      expectGolden(`lint/${scenario}/expected.${EXTENSIONS[format]}`, result.stdout);
      expectGolden(`lint/${scenario}/expected.stderr`, `exit ${result.code}\n${result.stderr}`);
    });
  }
});
