// The only module that reads files: paths → classified documents and diagnostics.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { type Diagnostic, errorDiagnostic, sortDiagnostics, warningDiagnostic } from '../model/diagnostic.js';
import { classifyDocument, type InputDocument, isReadInput } from './detect.js';
import { DEFAULT_PARSE_LIMITS, type ParseLimits, parseDocuments } from './parse.js';

/** How inputs are read. */
export interface ReadOptions {
  /** Largest file read, in bytes; larger files are refused with a diagnostic. */
  readonly maxFileBytes?: number;
  readonly limits?: ParseLimits;
  /** Reads standard input when a path is `-`. */
  readonly readStdin?: () => string;
  /** Base for the file names shown in positions (defaults to the current directory). */
  readonly cwd?: string;
}

/** Everything read from the given paths. */
export interface LoadedInputs {
  readonly documents: InputDocument[];
  readonly diagnostics: Diagnostic[];
  /** The files read, as shown in positions, sorted. */
  readonly files: string[];
  /** The text of a file read (by the name shown in positions), so reports can quote the offending line. */
  readonly text?: (file: string) => string | undefined;
}

export const DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024;

/** Extensions a folder walk picks up; a file named explicitly is read whatever its name. */
const WALKED_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

/** Reads files, folders (walked) and `-` (standard input). Never throws on bad input. */
export function readInputs(paths: readonly string[], options: ReadOptions = {}): LoadedInputs {
  const cwd = options.cwd ?? process.cwd();
  const diagnostics: Diagnostic[] = [];
  const documents: InputDocument[] = [];
  const files: string[] = [];
  const seen = new Set<string>();
  const texts = new Map<string, string>();
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;

  /** Reads one file's text; one the user named (`named`) that holds nothing aksguard reads is reported. */
  const readText = (display: string, text: string, named: boolean): void => {
    files.push(display);
    texts.set(display, text);
    const parsed = parseDocuments(display, text, options.limits ?? DEFAULT_PARSE_LIMITS);
    diagnostics.push(...parsed.diagnostics);
    const read = parsed.documents.flatMap(classifyDocument);
    documents.push(...read);
    if (named && parsed.diagnostics.length === 0 && !read.some(isReadInput))
      diagnostics.push(
        warningDiagnostic(
          'input-not-recognised',
          read.length === 0
            ? 'the file holds no document'
            : 'nothing in this file is an input aksguard reads; it is skipped',
          at(display),
          'aksguard reads Kubernetes objects, az/ARM/Terraform cluster definitions and aksguard plan files',
        ),
      );
  };

  const readFile = (absolute: string, display: string, named: boolean): void => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    let bytes: Buffer;
    try {
      const size = statSync(absolute).size;
      if (size > maxBytes) {
        diagnostics.push(
          errorDiagnostic(
            'file-too-large',
            `file is ${size} bytes, over the ${maxBytes}-byte limit`,
            at(display),
            'raise the limit with --max-file-size BYTES',
          ),
        );
        return;
      }
      bytes = readFileSync(absolute);
    } catch (error) {
      diagnostics.push(
        errorDiagnostic(
          'file-unreadable',
          `cannot read file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
          at(display),
        ),
      );
      return;
    }
    if (looksBinary(bytes)) {
      diagnostics.push(
        errorDiagnostic(
          'file-binary',
          'file is binary, not YAML or JSON',
          at(display),
          'pass YAML or JSON files only',
        ),
      );
      return;
    }
    readText(display, stripBom(bytes.toString('utf8')), named);
  };

  const walk = (absolute: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(absolute).sort();
    } catch (error) {
      diagnostics.push(
        errorDiagnostic(
          'folder-unreadable',
          `cannot read folder: ${(error as NodeJS.ErrnoException).code ?? ''}`,
          at(displayName(cwd, absolute)),
        ),
      );
      return;
    }
    for (const entry of entries) {
      const child = join(absolute, entry);
      let isDirectory: boolean;
      try {
        isDirectory = statSync(child).isDirectory();
      } catch {
        continue;
      }
      if (isDirectory) {
        if (!SKIPPED_DIRECTORIES.has(entry)) walk(child);
      } else if (WALKED_EXTENSIONS.has(extname(entry).toLowerCase())) {
        readFile(child, displayName(cwd, child), false);
      }
    }
  };

  for (const path of paths) {
    if (path === '-') {
      if (!options.readStdin) {
        diagnostics.push(errorDiagnostic('stdin-unavailable', 'standard input is not available', at('-')));
        continue;
      }
      const text = options.readStdin();
      if (Buffer.byteLength(text) > maxBytes) {
        diagnostics.push(
          errorDiagnostic('file-too-large', `standard input is over the ${maxBytes}-byte limit`, at('-')),
        );
        continue;
      }
      readText('-', stripBom(text), true);
      continue;
    }
    const absolute = resolvePath(cwd, path);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(absolute).isDirectory();
    } catch {
      diagnostics.push(
        errorDiagnostic(
          'path-not-found',
          `no such file or folder: ${path}`,
          at(path),
          'check the path; folders are walked for .yaml, .yml and .json files',
        ),
      );
      continue;
    }
    if (isDirectory) {
      const before = documents.length;
      walk(absolute);
      if (!documents.slice(before).some(isReadInput))
        diagnostics.push(
          warningDiagnostic(
            'input-not-recognised',
            'no file in this folder holds an input aksguard reads',
            at(path),
            'folders are walked for .yaml, .yml and .json files with Kubernetes objects, az/ARM/Terraform cluster definitions or aksguard plan files',
          ),
        );
    } else readFile(absolute, displayName(cwd, absolute), true);
  }
  return {
    documents,
    diagnostics: sortDiagnostics(diagnostics),
    files: [...files].sort(),
    text: (file) => texts.get(file),
  };
}

function resolvePath(cwd: string, path: string): string {
  return path.startsWith('/') ? path : join(cwd, path);
}

function displayName(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  return rel === '' || rel.startsWith('..') ? absolute : rel;
}

function at(file: string) {
  return { file, line: 1, column: 1 };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A NUL byte in the first 8 KiB marks a binary file, as git decides it. */
function looksBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8192).includes(0);
}
