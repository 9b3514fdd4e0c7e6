// Golden files: compare output to a committed file; UPDATE_GOLDEN=1 rewrites it instead.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { expect } from 'vitest';
import { ROOT } from './run-cli.js';

/** The folder of golden scenarios of an area. */
export const goldenDir = (area: string): string => join(ROOT, 'test', 'golden', area);

/**
 * Asserts that `actual` equals the golden file (an absolute path, or a path relative to test/golden). A mismatch
 * fails with a diff and writes nothing; with UPDATE_GOLDEN=1 the golden file is rewritten.
 */
export function expectGolden(path: string, actual: string): void {
  const file = isAbsolute(path) ? path : join(ROOT, 'test', 'golden', path);
  const shown = relative(ROOT, file);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`missing golden file ${shown}: run UPDATE_GOLDEN=1 npm test`);
  expect(actual, `${shown} (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(file, 'utf8'));
}
