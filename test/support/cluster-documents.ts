// Builds classified input documents from in-memory files, as `readInputs` would from disk.
import type { InputDocument } from '../../src/load/detect.js';
import { documentsFromYaml } from './documents.js';

/** Parses each file (text as is, any other value as pretty JSON) and classifies its documents. */
export function documentsFrom(files: Record<string, unknown>): InputDocument[] {
  return Object.entries(files).flatMap(([file, content]) =>
    documentsFromYaml(typeof content === 'string' ? content : JSON.stringify(content, null, 2), file),
  );
}
