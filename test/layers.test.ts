// The design's layers, enforced: pure cores do no I/O and never reach up into load, report or cli.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/run-cli.js';

const PURE = ['model', 'net', 'plan', 'netpol', 'rules'];
/** What each layer may import at run time (type-only imports are free). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  model: ['model'],
  net: ['net'],
  plan: ['model', 'net', 'plan'],
  netpol: ['model', 'net', 'netpol'],
  rules: ['model', 'net', 'plan', 'netpol', 'rules'],
  report: ['model', 'net', 'plan', 'netpol', 'rules', 'report'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

const files = sourceFiles(join(ROOT, 'src')).map((path) => ({
  path: relative(join(ROOT, 'src'), path),
  text: readFileSync(path, 'utf8'),
}));

function runtimeImports(text: string): string[] {
  return [...text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1] ?? '');
}

describe('layers', () => {
  it('keeps the pure cores free of I/O', () => {
    const offenders = files
      .filter((f) => PURE.includes(f.path.split('/')[0] ?? ''))
      .filter(
        (f) =>
          runtimeImports(f.text).some((spec) => spec.startsWith('node:')) ||
          /\b(process|console)\./.test(f.text),
      )
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('imports only from the layers below', () => {
    const offenders: string[] = [];
    for (const f of files) {
      const layer = f.path.split('/')[0] ?? '';
      const allowed = MAY_IMPORT[layer];
      if (!allowed) continue;
      for (const spec of runtimeImports(f.text).filter((s) => s.startsWith('.'))) {
        const target = join(f.path, '..', spec).split('/')[0] ?? '';
        if (target.endsWith('.js') || allowed.includes(target)) continue;
        offenders.push(`${f.path} → ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
