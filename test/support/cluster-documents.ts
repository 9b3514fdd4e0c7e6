// Builds classified input documents from in-memory files, as `readInputs` would from disk.
import { classifyDocument, type InputDocument } from '../../src/load/detect.js';
import { parseDocuments } from '../../src/load/parse.js';

/** Parses each file (text as is, any other value as pretty JSON) and classifies its documents. */
export function documentsFrom(files: Record<string, unknown>): InputDocument[] {
  return Object.entries(files).flatMap(([file, content]) => {
    const text = typeof content === 'string' ? content : JSON.stringify(content, null, 2);
    const parsed = parseDocuments(file, text);
    if (parsed.diagnostics.length > 0) throw new Error(`fixture ${file} does not parse`);
    return parsed.documents.flatMap(classifyDocument);
  });
}
