// The Calico selector AST: evaluation against labels and the canonical text form, as libcalico-go's
// lib/selector/parser/ast.go defines them.

/** A selector expression node. */
export type SelectorNode =
  | { readonly kind: 'all' }
  | { readonly kind: 'global' }
  | { readonly kind: 'has'; readonly label: string }
  | {
      readonly kind: 'eq' | 'ne' | 'contains' | 'starts-with' | 'ends-with';
      readonly label: string;
      readonly value: string;
    }
  | { readonly kind: 'in' | 'not-in'; readonly label: string; readonly values: readonly string[] }
  | { readonly kind: 'not'; readonly operand: SelectorNode }
  | { readonly kind: 'and' | 'or'; readonly operands: readonly SelectorNode[] };

/** Labels as a selector reads them: a plain object or a map (callers may compute inherited labels). */
export type SelectorLabels = Readonly<Record<string, string>> | ReadonlyMap<string, string>;

function labelValue(labels: SelectorLabels, key: string): string | undefined {
  if (labels instanceof Map) return labels.get(key);
  const record = labels as Readonly<Record<string, string>>;
  // Own properties only, so `has(constructor)` never matches an empty object.
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Evaluates a node. A missing label makes `==`, `in`, `contains`, `starts with` and `ends with` false and `!=`, `not in` true. */
export function evaluateSelector(node: SelectorNode, labels: SelectorLabels): boolean {
  switch (node.kind) {
    case 'all':
    case 'global':
      // global() only restricts scope where a rule's namespaceSelector is written; as a label test it is true.
      return true;
    case 'has':
      return labelValue(labels, node.label) !== undefined;
    case 'not':
      return !evaluateSelector(node.operand, labels);
    case 'and':
      return node.operands.every((operand) => evaluateSelector(operand, labels));
    case 'or':
      return node.operands.some((operand) => evaluateSelector(operand, labels));
    default: {
      const value = labelValue(labels, node.label);
      switch (node.kind) {
        case 'eq':
          return value === node.value;
        case 'ne':
          return value !== node.value;
        case 'contains':
          return value?.includes(node.value) ?? false;
        case 'starts-with':
          return value?.startsWith(node.value) ?? false;
        case 'ends-with':
          return value?.endsWith(node.value) ?? false;
        case 'in':
          return value !== undefined && node.values.includes(value);
        case 'not-in':
          return value === undefined || !node.values.includes(value);
      }
    }
  }
}

const OPERATOR_TEXT = {
  eq: '==',
  ne: '!=',
  contains: 'contains',
  'starts-with': 'starts with',
  'ends-with': 'ends with',
  in: 'in',
  'not-in': 'not in',
} as const;

// Calico quotes with double quotes unless the value holds one (a value can never hold both kinds).
function quote(value: string): string {
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

/**
 * The canonical text, as Calico's `String()` prints it: `&&`/`||` groups always parenthesised, single spaces
 * around operators, `in` sets sorted and de-duplicated, double quotes unless the value contains one.
 */
export function printSelector(node: SelectorNode): string {
  switch (node.kind) {
    case 'all':
      return 'all()';
    case 'global':
      return 'global()';
    case 'has':
      return `has(${node.label})`;
    case 'not':
      return `!${printSelector(node.operand)}`;
    case 'and':
    case 'or':
      return `(${node.operands.map(printSelector).join(node.kind === 'and' ? ' && ' : ' || ')})`;
    case 'in':
    case 'not-in':
      return `${node.label} ${OPERATOR_TEXT[node.kind]} {${node.values.map(quote).join(', ')}}`;
    default:
      return `${node.label} ${OPERATOR_TEXT[node.kind]} ${quote(node.value)}`;
  }
}

/** Orders strings by Unicode code point, which is the byte order of their UTF-8 form that Calico sorts by. */
export function compareCodePoints(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

/** Calico stores `in` sets sorted and de-duplicated (parser.ConvertToStringSetInPlace). */
export function canonicalValueSet(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareCodePoints);
}

/** Rewrites every node, bottom-up: how Calico prefixes namespace and service-account selectors (PrefixVisitor). */
export function mapSelector(node: SelectorNode, rewrite: (node: SelectorNode) => SelectorNode): SelectorNode {
  switch (node.kind) {
    case 'not':
      return rewrite({ kind: 'not', operand: mapSelector(node.operand, rewrite) });
    case 'and':
    case 'or':
      return rewrite({
        kind: node.kind,
        operands: node.operands.map((operand) => mapSelector(operand, rewrite)),
      });
    default:
      return rewrite(node);
  }
}

/** Prefixes every label name of a selector (Calico's PrefixVisitor): `k == "v"` → `pcns.k == "v"`. */
export function prefixLabelNames(node: SelectorNode, prefix: string): SelectorNode {
  return mapSelector(node, (n) => ('label' in n ? { ...n, label: prefix + n.label } : n));
}
