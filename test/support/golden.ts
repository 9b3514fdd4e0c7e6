// Golden files: compare output with test/golden/…, rewrite them when UPDATE_GOLDEN=1, never write stray files.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { expect } from 'vitest';
import { ROOT } from './run-cli.js';

/** Asserts that `actual` equals the golden file at `path` (relative to test/golden). */
export function expectGolden(path: string, actual: string): void {
  const file = join(ROOT, 'test', 'golden', path);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file))
    throw new Error(
      `missing golden file ${relative(ROOT, file)}; run UPDATE_GOLDEN=1 npx vitest run to create it`,
    );
  expect(actual, `golden file ${relative(ROOT, file)}`).toBe(readFileSync(file, 'utf8'));
}
