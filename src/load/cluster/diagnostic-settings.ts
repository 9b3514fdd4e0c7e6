// Diagnostic settings on a cluster, from ARM (templates, exports, `az monitor diagnostic-settings` output) and Terraform.
import { type DiagnosticSetting, isUnknown, type Known } from '../../model/cluster.js';
import type { FieldReader } from './fields.js';
import { type SourceNode, unknownValue } from './source-node.js';

/** One entry of a setting's log list: a category or a category group, and whether it is enabled. */
export interface LogEntry {
  readonly category?: SourceNode | undefined;
  readonly categoryGroup?: SourceNode | undefined;
  /** The `enabled` flag's value: a boolean, a `true`/`false` string, or unknown. */
  readonly enabled: unknown;
}

/**
 * A setting from its log entries. A category, group or flag that is unknown at analysis time makes the
 * setting's categories (or groups) unknown: an unknown entry may be the one a rule looks for.
 */
export function diagnosticSetting(
  reader: FieldReader,
  path: string,
  name: string,
  logs: SourceNode | undefined,
  entries: readonly LogEntry[],
): DiagnosticSetting {
  reader.note(`${path}/categories`, logs);
  reader.note(`${path}/categoryGroups`, logs);
  if (logs && isUnknown(logs.value))
    return { name, categories: logs.value, categoryGroups: logs.value, path };
  const categories: string[] = [];
  const groups: string[] = [];
  let unknownCategories: string | undefined;
  let unknownGroups: string | undefined;
  for (const entry of entries) {
    const enabled = entry.enabled;
    if (enabled === false || (typeof enabled === 'string' && /^false$/i.test(enabled))) continue;
    const enabledUnknown = isUnknown(enabled) ? enabled.reason : undefined;
    const category = entry.category?.value;
    const group = entry.categoryGroup?.value;
    if (typeof category === 'string' && category !== '') {
      if (enabledUnknown) unknownCategories ??= `whether ${category} is enabled: ${enabledUnknown}`;
      else categories.push(category);
    } else if (isUnknown(category)) unknownCategories ??= category.reason;
    if (typeof group === 'string' && group !== '') {
      if (enabledUnknown) unknownGroups ??= `whether ${group} is enabled: ${enabledUnknown}`;
      else groups.push(group);
    } else if (isUnknown(group)) unknownGroups ??= group.reason;
  }
  const known = (values: string[], reason: string | undefined): Known<readonly string[]> =>
    reason === undefined ? values : unknownValue(reason);
  return {
    name,
    categories: known(categories, unknownCategories),
    categoryGroups: known(groups, unknownGroups),
    path,
  };
}

/** A setting in ARM shape: `properties.logs` (or `logs`, as az prints it) of `{category | categoryGroup, enabled}`. */
export function readArmDiagnosticSetting(
  reader: FieldReader,
  path: string,
  name: string,
  resource: SourceNode,
): DiagnosticSetting {
  reader.note(path, resource);
  const logs = (resource.child('properties') ?? resource).child('logs');
  const entries = (logs?.items() ?? []).map((item) => ({
    category: item.child('category'),
    categoryGroup: item.child('categoryGroup'),
    // ARM requires the flag; an entry without it sends nothing.
    enabled: item.child('enabled')?.value ?? false,
  }));
  return diagnosticSetting(reader, path, name, logs, entries);
}
