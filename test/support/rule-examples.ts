// Runs one rule over one example input the way the CLI would: parse, classify, normalize clusters, audit.
import { loadClusters } from '../../src/load/cluster/index.js';
import { classifyDocument, type InputDocument } from '../../src/load/detect.js';
import { parseDocuments } from '../../src/load/parse.js';
import { runRules } from '../../src/rules/audit.js';
import { RULES, type Rule } from '../../src/rules/index.js';

/** The documents of an example; a syntax error in an example is a bug in the rule file. */
export function exampleDocuments(text: string, file: string): InputDocument[] {
  const parsed = parseDocuments(file, text);
  if (parsed.diagnostics.length > 0)
    throw new Error(`example ${file} does not parse: ${parsed.diagnostics[0]?.message}`);
  return parsed.documents.flatMap(classifyDocument);
}

/** Audits an example with one rule. */
export function auditExample(rule: Rule, text: string, file = `${rule.id}.yaml`) {
  const documents = exampleDocuments(text, file);
  const loaded = loadClusters(documents);
  if (loaded.diagnostics.some((d) => d.severity === 'error'))
    throw new Error(`example ${file} has a bad cluster definition: ${loaded.diagnostics[0]?.message}`);
  return runRules({ clusters: loaded.clusters, documents }, [rule], RULES);
}
