// Golden files: compare output with the committed expectation, or rewrite it when UPDATE_GOLDEN=1.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

/** Asserts that `actual` equals the golden file at `path` (vitest prints the diff); UPDATE_GOLDEN=1 rewrites it. */
export function expectGolden(path: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(path, actual);
    return;
  }
  expect(existsSync(path), `missing golden file ${path}; run with UPDATE_GOLDEN=1 to create it`).toBe(true);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
