// Reads inputs as they were at a git revision of the current repository, without a checkout.
import { execFileSync } from 'node:child_process';
import { extname, isAbsolute, relative } from 'node:path';
import { type Diagnostic, errorDiagnostic, sortDiagnostics } from '../model/diagnostic.js';
import { classifyDocument, type InputDocument } from './detect.js';
import { DEFAULT_PARSE_LIMITS, parseDocuments } from './parse.js';
import type { LoadedInputs } from './read.js';

const WALKED_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Whether `text` names a revision of the repository at `cwd` (a branch, tag, commit or expression such as `HEAD~1`). */
export function isGitRevision(cwd: string, text: string): boolean {
  if (text === '' || text.startsWith('-')) return false;
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${text}^{commit}`], {
      cwd,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads the YAML and JSON files under `paths` (files or folders, relative to `cwd`) as they are at `revision`.
 * File names in positions read `REV:path`, so findings never point at the working tree by mistake.
 */
export function readInputsAtRevision(
  cwd: string,
  revision: string,
  paths: readonly string[],
  maxFileBytes = 32 * 1024 * 1024,
): LoadedInputs {
  const diagnostics: Diagnostic[] = [];
  const documents: InputDocument[] = [];
  const files: string[] = [];
  let top: string;
  try {
    top = git(cwd, ['rev-parse', '--show-toplevel']).trim();
  } catch {
    return {
      documents,
      files,
      diagnostics: [
        errorDiagnostic(
          'not-a-git-repository',
          `cannot read revision ${revision}: not inside a git repository`,
          { file: cwd, line: 1, column: 1 },
        ),
      ],
    };
  }
  const prefix = relative(top, cwd);
  const specs = (paths.length === 0 ? ['.'] : paths).map((p) => {
    const rel = isAbsolute(p) ? relative(top, p) : [prefix, p].filter((x) => x !== '').join('/');
    return rel.replace(/\/?\.$/, '').replace(/^\.\//, '');
  });
  let listed: string[];
  try {
    listed = git(top, [
      'ls-tree',
      '-r',
      '-z',
      '--name-only',
      `${revision}^{commit}`,
      '--',
      ...specs.map((s) => (s === '' ? '.' : s)),
    ])
      .split('\0')
      .filter(
        (name) =>
          name !== '' &&
          WALKED_EXTENSIONS.has(extname(name).toLowerCase()) &&
          !/(^|\/)node_modules\//.test(name),
      );
  } catch (error) {
    return {
      documents,
      files,
      diagnostics: [
        errorDiagnostic('git-revision', `cannot list files at ${revision}: ${firstLine(error)}`, {
          file: revision,
          line: 1,
          column: 1,
        }),
      ],
    };
  }
  for (const name of listed.sort()) {
    const display = `${revision}:${relative(top, `${top}/${name}`)}`;
    let text: string;
    try {
      const bytes = execFileSync('git', ['cat-file', 'blob', `${revision}:${name}`], {
        cwd: top,
        maxBuffer: maxFileBytes + 1,
      });
      if (bytes.length > maxFileBytes) {
        diagnostics.push(
          errorDiagnostic('file-too-large', `file is over the ${maxFileBytes}-byte limit`, {
            file: display,
            line: 1,
            column: 1,
          }),
        );
        continue;
      }
      if (bytes.subarray(0, 8192).includes(0)) continue;
      text = bytes.toString('utf8');
    } catch (error) {
      diagnostics.push(
        errorDiagnostic('git-revision', `cannot read ${name} at ${revision}: ${firstLine(error)}`, {
          file: display,
          line: 1,
          column: 1,
        }),
      );
      continue;
    }
    files.push(display);
    const parsed = parseDocuments(display, text, DEFAULT_PARSE_LIMITS);
    diagnostics.push(...parsed.diagnostics);
    for (const doc of parsed.documents) documents.push(...classifyDocument(doc));
  }
  return { documents, files, diagnostics: sortDiagnostics(diagnostics) };
}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
}

function firstLine(error: unknown): string {
  const stderr = (error as { stderr?: Buffer | string }).stderr;
  const text = stderr ? String(stderr) : (error as Error).message;
  return text.trim().split('\n')[0] ?? '';
}
