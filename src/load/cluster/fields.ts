// Reads typed model fields from source nodes, remembering each field's position by model path.
import { isUnknown, type Known } from '../../model/cluster.js';
import { type Diagnostic, warningDiagnostic } from '../../model/diagnostic.js';
import { isRecord } from '../../model/json.js';
import type { SourceRef } from '../../model/source.js';
import type { SourceNode } from './source-node.js';

/** Collects the position of every model field read and the diagnostics for values of the wrong type. */
export class FieldReader {
  readonly positions = new Map<string, SourceRef>();
  readonly diagnostics: Diagnostic[] = [];

  /** Records where a model path came from (the first position recorded for a path wins). */
  note(path: string, node: SourceNode | SourceRef | undefined): void {
    if (node === undefined || this.positions.has(path)) return;
    this.positions.set(path, 'ref' in node ? node.ref : node);
  }

  /** A boolean; `true`/`false` strings are accepted because ARM add-on `config` values are strings. */
  bool(path: string, node: SourceNode | undefined): Known<boolean> | undefined {
    return this.read(path, node, 'a boolean', (value) => {
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      return undefined;
    });
  }

  /** A string; numbers are written as strings (a `maxSurge` of `2`). */
  string(path: string, node: SourceNode | undefined): Known<string> | undefined {
    return this.read(path, node, 'a string', (value) => {
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return String(value);
      return undefined;
    });
  }

  /** A string, where the given keywords are matched ignoring case and returned in their canonical spelling. */
  keyword(
    path: string,
    node: SourceNode | undefined,
    keywords: readonly string[],
  ): Known<string> | undefined {
    const value = this.string(path, node);
    if (value === undefined || isUnknown(value)) return value;
    return keywords.find((k) => k.toLowerCase() === value.toLowerCase()) ?? value;
  }

  /** A whole number; digit strings are accepted (parameters files sometimes quote them). */
  integer(path: string, node: SourceNode | undefined): Known<number> | undefined {
    return this.read(path, node, 'a whole number', (value) => {
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
      return undefined;
    });
  }

  /** One of the given values, matched ignoring case and returned in its canonical spelling. */
  choice<T extends string>(
    path: string,
    node: SourceNode | undefined,
    allowed: readonly T[],
  ): Known<T> | undefined {
    return this.read(path, node, `one of ${allowed.join(', ')}`, (value) =>
      typeof value === 'string' ? allowed.find((a) => a.toLowerCase() === value.toLowerCase()) : undefined,
    );
  }

  /** An array of strings; each item's position is recorded as `PATH/INDEX`. */
  strings(path: string, node: SourceNode | undefined): Known<readonly string[]> | undefined {
    node?.items().forEach((item, i) => {
      this.note(`${path}/${i}`, item);
    });
    return this.read(path, node, 'an array of strings', (value) =>
      Array.isArray(value) && value.every((item) => typeof item === 'string')
        ? (value as string[])
        : undefined,
    );
  }

  /**
   * Says when a setting that holds others (`networkProfile`, `agentPoolProfiles`) has another type: what it
   * holds is then read as absent.
   */
  container(node: SourceNode | undefined, expected: 'object' | 'array'): void {
    if (node === undefined || isUnknown(node.value)) return;
    const fits = expected === 'array' ? Array.isArray(node.value) : isRecord(node.value);
    if (fits) return;
    this.diagnostics.push(
      warningDiagnostic(
        'cluster-invalid-value',
        `expected ${expected === 'array' ? 'an array' : 'an object'} here, found ${describe(node.value)}; the value is ignored`,
        node.ref,
      ),
    );
  }

  /**
   * Reads a value that is present, remembering its position. An unknown value stays unknown; a value
   * of the wrong type is reported and left out, because the model never guesses.
   */
  private read<T>(
    path: string,
    node: SourceNode | undefined,
    expected: string,
    parse: (value: unknown) => T | undefined,
  ): Known<T> | undefined {
    if (node === undefined) return undefined;
    this.note(path, node);
    if (isUnknown(node.value)) return node.value;
    const parsed = parse(node.value);
    if (parsed === undefined) {
      this.diagnostics.push(
        warningDiagnostic(
          'cluster-invalid-value',
          `expected ${expected} here, found ${describe(node.value)}; the value is ignored`,
          node.ref,
        ),
      );
    }
    return parsed;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}

/** Drops the `undefined` fields of an object literal, so optional model fields are absent rather than undefined. */
export function compact<T extends object>(fields: { [K in keyof T]-?: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}
