// Builds classified input documents from inline YAML, as readInputs would from a file.
import { classifyDocument, type InputDocument } from '../../src/load/detect.js';
import { parseDocuments } from '../../src/load/parse.js';

/** Parses YAML text (one or many documents) into input documents, failing the test on a parse error. */
export function documentsFromYaml(text: string, file = 'input.yaml'): InputDocument[] {
  const parsed = parseDocuments(file, text);
  if (parsed.diagnostics.length > 0) throw new Error(parsed.diagnostics.map((d) => d.message).join('\n'));
  return parsed.documents.flatMap(classifyDocument);
}
