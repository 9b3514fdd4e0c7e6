// Writes docs/rules/ from the rule metadata (`npm run docs`); test/docs.test.ts fails when the files are stale.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ruleDocFiles } from '../src/report/index.js';
import { RULES } from '../src/rules/index.js';

// Compiled to build/scripts/gen-docs.js, two levels below the repository root.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const folder = join(root, 'docs', 'rules');
mkdirSync(folder, { recursive: true });
const files = ruleDocFiles(RULES);
const wanted = new Set(files.map((f) => f.name));
// Pages of removed or renamed rules go, so the folder is exactly what the metadata says.
for (const name of readdirSync(folder))
  if (name.endsWith('.md') && !wanted.has(name)) rmSync(join(folder, name));
for (const file of files) writeFileSync(join(folder, file.name), file.content);
process.stdout.write(`wrote ${files.length} files to docs/rules/\n`);
