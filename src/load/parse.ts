// Text → plain values with a position for every node. Pure: the caller supplies the text.
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
} from 'yaml';
import { type Diagnostic, errorDiagnostic } from '../model/diagnostic.js';
import { childPointer, type SourceRef } from '../model/source.js';

/** Limits that keep hostile input from exhausting memory or the stack. */
export interface ParseLimits {
  /** Deepest nesting of maps and sequences accepted in one document. */
  readonly maxDepth: number;
  /** Most nodes one document may hold, aliases expanded. */
  readonly maxNodes: number;
  /** Most nodes reached through aliases in one document (stops "billion laughs" alias bombs early). */
  readonly maxAliasNodes: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  maxDepth: 256,
  maxNodes: 5_000_000,
  maxAliasNodes: 100_000,
};

/** One YAML or JSON document, its plain value, and the position of every value in it by JSON pointer. */
export interface ParsedDocument {
  readonly file: string;
  /** 0-based index of the document in its file (YAML `---` separated). */
  readonly index: number;
  readonly value: unknown;
  /** Position of the value at a JSON pointer, or of its nearest ancestor that has one. */
  locate(pointer: string): SourceRef;
}

/** The documents in one file and the problems found while reading them. */
export interface ParseResult {
  readonly documents: ParsedDocument[];
  readonly diagnostics: Diagnostic[];
}

class LimitExceeded extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Parses YAML (one or many documents) or JSON (a YAML 1.2 subset) with positions.
 * Never throws: a bad document becomes a diagnostic and the other documents are kept.
 */
export function parseDocuments(
  file: string,
  text: string,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
): ParseResult {
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const documents: ParsedDocument[] = [];
  const position = (offset: number, pointer?: string): SourceRef => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col, ...(pointer !== undefined ? { pointer } : {}) };
  };
  let yamlDocs: ReturnType<typeof parseAllDocuments>;
  try {
    const parsed = parseAllDocuments(text, {
      lineCounter,
      prettyErrors: false,
      uniqueKeys: true,
      strict: true,
    });
    yamlDocs = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    diagnostics.push(
      errorDiagnostic('yaml-syntax', `cannot parse: ${(error as Error).message}`, position(0)),
    );
    return { documents, diagnostics };
  }
  let index = -1;
  for (const doc of yamlDocs) {
    index++;
    if (doc.errors.length > 0) {
      for (const err of doc.errors.slice(0, 3)) {
        diagnostics.push(
          errorDiagnostic(
            'yaml-syntax',
            `invalid YAML: ${firstLine(err.message)}`,
            position(err.pos[0]),
            'fix the syntax; the other documents in the file are still read',
          ),
        );
      }
      continue;
    }
    if (doc.contents === null) continue;
    const offsets = new Map<string, number>();
    try {
      const value = toPlain(doc.contents, '', 0, {
        doc,
        offsets,
        limits,
        nodes: 0,
        aliasNodes: 0,
        insideAlias: 0,
      });
      const docIndex = index;
      documents.push({
        file,
        index: docIndex,
        value,
        locate(pointer: string): SourceRef {
          let p = pointer;
          for (;;) {
            const offset = offsets.get(p);
            if (offset !== undefined) return position(offset, pointer);
            if (p === '') return position(0, pointer);
            p = p.slice(0, p.lastIndexOf('/'));
          }
        },
      });
    } catch (error) {
      if (!(error instanceof LimitExceeded)) throw error;
      diagnostics.push(
        errorDiagnostic(
          error.code,
          error.message,
          position(error.offset),
          'the document was skipped; the rest is read',
        ),
      );
    }
  }
  return { documents, diagnostics };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

interface Walk {
  readonly doc: Document;
  readonly offsets: Map<string, number>;
  readonly limits: ParseLimits;
  nodes: number;
  aliasNodes: number;
  insideAlias: number;
}

function toPlain(node: Node | null, pointer: string, depth: number, walk: Walk): unknown {
  const { offsets, limits } = walk;
  if (node === null) return null;
  const offset = node.range?.[0] ?? 0;
  if (!offsets.has(pointer)) offsets.set(pointer, offset);
  if (++walk.nodes > limits.maxNodes) {
    throw new LimitExceeded('document-too-large', `document has more than ${limits.maxNodes} nodes`, offset);
  }
  if (walk.insideAlias > 0 && ++walk.aliasNodes > limits.maxAliasNodes) {
    throw new LimitExceeded(
      'yaml-alias-bomb',
      `aliases expand to more than ${limits.maxAliasNodes} nodes (an alias bomb?)`,
      offset,
    );
  }
  if (depth > limits.maxDepth) {
    throw new LimitExceeded(
      'document-too-deep',
      `document nests deeper than ${limits.maxDepth} levels`,
      offset,
    );
  }
  if (isAlias(node)) {
    // An alias expands to its anchor's value; positions point at the anchor, where the data is written.
    const target = node.resolve(walk.doc);
    if (!target) throw new LimitExceeded('yaml-alias', `unresolved alias *${node.source}`, offset);
    walk.insideAlias++;
    try {
      return toPlain(target as Node, pointer, depth + 1, walk);
    } finally {
      walk.insideAlias--;
    }
  }
  if (isScalar(node)) return node.value;
  if (isSeq(node)) {
    return node.items.map((item, i) => toPlain(item as Node, childPointer(pointer, i), depth + 1, walk));
  }
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      const child = childPointer(pointer, key);
      const keyOffset = keyNode?.range?.[0];
      if (keyOffset !== undefined) offsets.set(child, keyOffset);
      // Own-property definition avoids prototype pollution from a `__proto__` key.
      Object.defineProperty(out, key, {
        value: toPlain(pair.value as Node | null, child, depth + 1, walk),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return null;
}
