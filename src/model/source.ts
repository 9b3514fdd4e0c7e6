/** Where a value came from: a file (or `-` for standard input), a 1-based line and column, and the JSON pointer of the value inside its document. */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly pointer?: string;
}

/** Formats a source position the way compilers do: `file:line:col`. */
export function formatSourceRef(ref: SourceRef): string {
  return `${ref.file}:${ref.line}:${ref.column}`;
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function escapePointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Joins a parent pointer and a child segment. */
export function childPointer(parent: string, segment: string | number): string {
  return `${parent}/${escapePointerSegment(segment)}`;
}
