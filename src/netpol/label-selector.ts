// Kubernetes LabelSelector (matchLabels + matchExpressions): validation as apimachinery does it, and lowering
// to IR selectors. Shared by every dialect that embeds Kubernetes selectors (NetworkPolicy, ANP, Cilium).
import { isRecord } from '../model/json.js';
import { childPointer } from '../model/source.js';
import type { LabelScope, Selector } from './ir.js';

/** A validation problem at a JSON pointer relative to the object being validated. */
export interface FieldError {
  readonly pointer: string;
  readonly message: string;
}

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why a label key is invalid (a qualified name: optional DNS-subdomain prefix and `/`, name ≤ 63), or undefined. */
export function labelKeyError(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)))
    return `invalid label key "${key}": the prefix must be a DNS subdomain (lower-case, at most 253 characters)`;
  if (name.length === 0 || name.length > 63 || !NAME_PART.test(name))
    return `invalid label key "${key}": the name must be 1-63 alphanumeric characters, '-', '_' or '.', starting and ending alphanumeric`;
  return undefined;
}

/** Why a label value is invalid (empty, or ≤ 63 alphanumeric, '-', '_', '.', alphanumeric at both ends), or undefined. */
export function labelValueError(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !NAME_PART.test(value))
    return `invalid label value "${value}": at most 63 alphanumeric characters, '-', '_' or '.', starting and ending alphanumeric`;
  return undefined;
}

/** Validates a LabelSelector at `pointer`, as `ValidateLabelSelector` does. */
export function validateLabelSelector(value: unknown, pointer: string): FieldError[] {
  if (value === undefined || value === null) return [];
  if (!isRecord(value)) return [{ pointer, message: 'a label selector must be an object' }];
  const errors: FieldError[] = [];
  if (value.matchLabels !== undefined && value.matchLabels !== null) {
    if (!isRecord(value.matchLabels))
      errors.push({ pointer: `${pointer}/matchLabels`, message: 'matchLabels must be a map' });
    else
      for (const [key, v] of Object.entries(value.matchLabels)) {
        const at = childPointer(`${pointer}/matchLabels`, key);
        const keyError = labelKeyError(key);
        if (keyError) errors.push({ pointer: at, message: keyError });
        if (typeof v !== 'string')
          errors.push({ pointer: at, message: `label value for "${key}" must be a string` });
        else {
          const valueError = labelValueError(v);
          if (valueError) errors.push({ pointer: at, message: valueError });
        }
      }
  }
  if (value.matchExpressions !== undefined && value.matchExpressions !== null) {
    if (!Array.isArray(value.matchExpressions))
      errors.push({ pointer: `${pointer}/matchExpressions`, message: 'matchExpressions must be a list' });
    else
      value.matchExpressions.forEach((expression, i) => {
        const at = `${pointer}/matchExpressions/${i}`;
        if (!isRecord(expression)) {
          errors.push({ pointer: at, message: 'a match expression must be an object' });
          return;
        }
        const key = typeof expression.key === 'string' ? expression.key : '';
        const keyError = labelKeyError(key);
        if (keyError) errors.push({ pointer: `${at}/key`, message: keyError });
        const values = expression.values;
        const valueList = Array.isArray(values) ? values : [];
        switch (expression.operator) {
          case 'In':
          case 'NotIn':
            if (valueList.length === 0)
              errors.push({
                pointer: `${at}/values`,
                message: `values must be non-empty when operator is ${expression.operator}`,
              });
            break;
          case 'Exists':
          case 'DoesNotExist':
            if (valueList.length > 0)
              errors.push({
                pointer: `${at}/values`,
                message: `values must be empty when operator is ${expression.operator}`,
              });
            break;
          default:
            errors.push({
              pointer: `${at}/operator`,
              message: `"${String(expression.operator)}" is not a valid selector operator (In, NotIn, Exists, DoesNotExist)`,
            });
        }
        valueList.forEach((v, j) => {
          const valueError = typeof v === 'string' ? labelValueError(v) : 'a value must be a string';
          if (valueError) errors.push({ pointer: `${at}/values/${j}`, message: valueError });
        });
      });
  }
  return errors;
}

/** Lowers a (validated) LabelSelector to label tests on `scope`; an empty selector is `any`. */
export function lowerLabelSelector(value: unknown, scope: LabelScope): Selector {
  if (!isRecord(value)) return { type: 'any' };
  const tests: Selector[] = [];
  if (isRecord(value.matchLabels))
    for (const key of Object.keys(value.matchLabels).sort())
      tests.push({ type: 'label', scope, test: { op: 'in', key, values: [String(value.matchLabels[key])] } });
  if (Array.isArray(value.matchExpressions))
    for (const e of value.matchExpressions.filter(isRecord)) {
      const key = String(e.key);
      const values = Array.isArray(e.values) ? e.values.map(String) : [];
      const op =
        e.operator === 'In'
          ? 'in'
          : e.operator === 'NotIn'
            ? 'notIn'
            : e.operator === 'Exists'
              ? 'exists'
              : 'absent';
      tests.push({
        type: 'label',
        scope,
        test: op === 'in' || op === 'notIn' ? { op, key, values } : { op, key },
      });
    }
  return tests.length === 0 ? { type: 'any' } : tests.length === 1 ? tests[0]! : { type: 'and', of: tests };
}

/** `{app=web, tier in (a,b)}`-style text of a LabelSelector for explanations; `{}` selects everything. */
export function describeLabelSelector(value: unknown): string {
  if (!isRecord(value)) return '{}';
  const parts: string[] = [];
  if (isRecord(value.matchLabels))
    for (const key of Object.keys(value.matchLabels).sort())
      parts.push(`${key}=${String(value.matchLabels[key])}`);
  if (Array.isArray(value.matchExpressions))
    for (const e of value.matchExpressions.filter(isRecord)) {
      const values = Array.isArray(e.values) ? e.values.map(String).join(',') : '';
      if (e.operator === 'In') parts.push(`${String(e.key)} in (${values})`);
      else if (e.operator === 'NotIn') parts.push(`${String(e.key)} notin (${values})`);
      else if (e.operator === 'Exists') parts.push(String(e.key));
      else parts.push(`!${String(e.key)}`);
    }
  return `{${parts.join(', ')}}`;
}
