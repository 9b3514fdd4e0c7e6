// Golden files: compare output to test/golden/<area>/<scenario>/<file>; UPDATE_GOLDEN=1 rewrites them instead.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ROOT } from './run-cli.js';

/** The folder of golden scenarios of an area. */
export const goldenDir = (area: string): string => join(ROOT, 'test', 'golden', area);

/**
 * Asserts that `actual` equals the golden file (path relative to test/golden). A mismatch fails with a diff and
 * writes nothing; with UPDATE_GOLDEN=1 the golden file is rewritten.
 */
export function expectGolden(relativePath: string, actual: string): void {
  const file = join(ROOT, 'test', 'golden', relativePath);
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file))
    throw new Error(`missing golden file test/golden/${relativePath}: run UPDATE_GOLDEN=1 npm test`);
  expect(actual, `test/golden/${relativePath} (UPDATE_GOLDEN=1 rewrites it)`).toBe(
    readFileSync(file, 'utf8'),
  );
}
