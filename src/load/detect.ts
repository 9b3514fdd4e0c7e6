// Classifies parsed documents by content, never by file name, and expands Kubernetes `List` objects.
import { isRecord } from '../model/json.js';
import type { SourceRef } from '../model/source.js';

export { isRecord };

import type { ParsedDocument } from './parse.js';

/** What a document is, decided by its content. */
export type DocumentKind =
  | 'kubernetes'
  | 'arm-template'
  | 'arm-parameters'
  | 'arm-resource'
  | 'az-aks'
  | 'terraform'
  | 'aksguard-plan'
  | 'unknown';

/** One classified input object, with positions relative to the object itself. */
export interface InputDocument {
  readonly kind: DocumentKind;
  readonly file: string;
  /** 0-based index of the YAML document in its file. */
  readonly documentIndex: number;
  /** JSON pointer of this object inside its YAML document (`''`, or `/items/3` for a `List` item). */
  readonly pointer: string;
  readonly value: unknown;
  /** Position of a value inside this object, by JSON pointer relative to the object (`''` is the object itself). */
  at(pointer?: string): SourceRef;
}

/** Keys of aksguard's own plan file; a document made only of these (with at least one) is a plan. */
export const PLAN_FILE_KEYS: ReadonlySet<string> = new Set([
  'nodes',
  'maxSurge',
  'maxNodes',
  'maxPods',
  'pods',
  'internalLoadBalancers',
  'plugin',
  'network',
  'requirements',
  'name',
  'description',
]);

/** Decides what one plain object is. */
export function classify(value: unknown): DocumentKind {
  if (!isRecord(value)) return 'unknown';
  const schema = typeof value.$schema === 'string' ? value.$schema.toLowerCase() : '';
  if (schema.includes('deploymentparameters')) return 'arm-parameters';
  if (schema.includes('deploymenttemplate')) return 'arm-template';
  if (
    typeof value.format_version === 'string' &&
    ('planned_values' in value || 'values' in value || 'resource_changes' in value || 'prior_state' in value)
  ) {
    return 'terraform';
  }
  if (typeof value.apiVersion === 'string' && typeof value.kind === 'string') {
    return /^aksguard(\.[a-z0-9.-]+)?\//i.test(value.apiVersion) ? 'aksguard-plan' : 'kubernetes';
  }
  if (typeof value.type === 'string' && /^microsoft\.containerservice\/managedclusters$/i.test(value.type)) {
    return isRecord(value.properties) ? 'arm-resource' : 'az-aks';
  }
  if (typeof value.type === 'string' && /^microsoft\./i.test(value.type) && isRecord(value.properties)) {
    return 'arm-resource';
  }
  if (Array.isArray(value.resources) && typeof value.contentVersion === 'string') return 'arm-template';
  // Azure Resource Manager asks for `$schema` and `contentVersion`, but fragments and other scanners' test
  // templates leave them out; resources named by an Azure type still make the document a template.
  if (
    Array.isArray(value.resources) &&
    value.resources.some(
      (r) => isRecord(r) && typeof r.type === 'string' && /^microsoft\.[a-z]+\//i.test(r.type),
    )
  )
    return 'arm-template';
  if (isRecord(value.parameters) && typeof value.contentVersion === 'string') return 'arm-parameters';
  const keys = Object.keys(value);
  if (
    keys.length > 0 &&
    keys.every((k) => PLAN_FILE_KEYS.has(k)) &&
    keys.some((k) => k !== 'name' && k !== 'description')
  ) {
    return 'aksguard-plan';
  }
  return 'unknown';
}

/**
 * Whether some reader takes the document: a classified input, or one of the `unknown` shapes that readers
 * still use (Azure resources as az prints them flattened, lists of them, `{value: [...]}` listings, and
 * plan-like documents the plan command reports on).
 */
export function isReadInput(doc: InputDocument): boolean {
  if (doc.kind !== 'unknown') return true;
  const azureResource = (item: unknown) =>
    isRecord(item) && typeof item.type === 'string' && /^microsoft\.[a-z]+\//i.test(item.type);
  const value = doc.value;
  if (Array.isArray(value)) return value.some(azureResource);
  if (!isRecord(value)) return false;
  if (azureResource(value)) return true;
  if (Array.isArray(value.value) && value.value.some(azureResource)) return true;
  return Object.keys(value).some((k) => PLAN_FILE_KEYS.has(k) && k !== 'name' && k !== 'description');
}

/** Classifies a parsed document; a Kubernetes `List` (kind `List` or `*List` with `items`) becomes one input per item. */
export function classifyDocument(doc: ParsedDocument): InputDocument[] {
  const kind = classify(doc.value);
  if (
    kind === 'kubernetes' &&
    isRecord(doc.value) &&
    Array.isArray(doc.value.items) &&
    String(doc.value.kind).endsWith('List')
  ) {
    return doc.value.items.map((item, i) => makeInput(doc, classify(item), `/items/${i}`, item));
  }
  return [makeInput(doc, kind, '', doc.value)];
}

function makeInput(doc: ParsedDocument, kind: DocumentKind, pointer: string, value: unknown): InputDocument {
  return {
    kind,
    file: doc.file,
    documentIndex: doc.index,
    pointer,
    value,
    at: (relative = '') => doc.locate(pointer + relative),
  };
}
