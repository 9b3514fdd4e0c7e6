// Validates SARIF logs against the official SARIF 2.1.0 JSON schema (2.1.0-rtm.5, shipped in @microsoft/jest-sarif, MIT).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { ROOT } from './run-cli.js';

/** A validator for SARIF 2.1.0 logs (draft-04 schema). */
export function sarifValidator() {
  const schema = JSON.parse(readFileSync(join(ROOT, 'test', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8'));
  // The schema's language pattern is not valid under the regex `u` flag, so Ajv must compile patterns without it.
  // Both packages are CommonJS with an ES `default` export; Node's ESM loader hands over the module object.
  const Ajv = AjvDraft04.default;
  const addFormats = ajvFormats.default;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}
