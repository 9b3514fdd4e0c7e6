// ARM template expressions (`"[concat(parameters('a'), 'b')]"`): tokenizer, parser, printer and evaluator. Pure.

import { isUnknown, type UnknownValue } from '../../model/cluster.js';
import { isRecord } from '../../model/json.js';
import { resourceIdOf, SUBSCRIPTION_PLACEHOLDER } from './resource-id.js';
import { findKey, unknownValue } from './source-node.js';

// ─── Tokens ──────────────────────────────────────────────────────────────────────────────────────

/** One lexical token; `offset` is its position in the expression text (without the enclosing brackets). */
export type Token =
  | { readonly kind: 'identifier'; readonly text: string; readonly offset: number }
  | { readonly kind: 'string'; readonly text: string; readonly offset: number }
  | { readonly kind: 'number'; readonly value: number; readonly offset: number }
  | { readonly kind: '(' | ')' | ',' | '.' | '[' | ']'; readonly offset: number };

/** A syntax error in an expression, with its offset in the expression text. */
export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Splits an expression (the text between `[` and `]`) into tokens. Strings use `'…'` with `''` for a quote. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if ('(),.[]'.includes(ch)) {
      tokens.push({ kind: ch as '(' | ')' | ',' | '.' | '[' | ']', offset: i });
      i++;
    } else if (ch === "'") {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new ExpressionSyntaxError('unterminated string literal', start);
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ kind: 'string', text: value, offset: start });
    } else if (/[0-9]/.test(ch) || (ch === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const match = /^-?[0-9]+/.exec(text.slice(i))!;
      tokens.push({ kind: 'number', value: Number(match[0]), offset: i });
      i += match[0].length;
    } else if (/[A-Za-z_$]/.test(ch)) {
      const match = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(text.slice(i))!;
      tokens.push({ kind: 'identifier', text: match[0], offset: i });
      i += match[0].length;
    } else {
      throw new ExpressionSyntaxError(`unexpected character ${JSON.stringify(ch)}`, i);
    }
  }
  return tokens;
}

// ─── Syntax tree ─────────────────────────────────────────────────────────────────────────────────

/** An expression tree node; `offset` is where it starts in the expression text. */
export type Expression =
  | { readonly kind: 'string'; readonly value: string; readonly offset: number }
  | { readonly kind: 'number'; readonly value: number; readonly offset: number }
  | {
      readonly kind: 'call';
      readonly name: string;
      readonly args: readonly Expression[];
      readonly offset: number;
    }
  | { readonly kind: 'property'; readonly target: Expression; readonly name: string; readonly offset: number }
  | {
      readonly kind: 'index';
      readonly target: Expression;
      readonly index: Expression;
      readonly offset: number;
    };

/**
 * Parses the text between the brackets of a template expression:
 * `expr := (string | number | name '(' [expr (',' expr)*] ')') ('.' name | '[' expr ']')*`.
 * A function name may be namespaced (`ns.fn`, a user-defined function).
 */
export function parseExpression(text: string): Expression {
  const tokens = tokenize(text);
  let position = 0;
  const peek = () => tokens[position];
  const end = text.length;
  const expect = (kind: Token['kind']): Token => {
    const token = tokens[position];
    if (token?.kind !== kind) {
      throw new ExpressionSyntaxError(
        `expected '${kind}' but found ${describeToken(token)}`,
        token?.offset ?? end,
      );
    }
    position++;
    return token;
  };

  const primary = (): Expression => {
    const token = tokens[position];
    if (token === undefined) throw new ExpressionSyntaxError('expected an expression but found the end', end);
    position++;
    if (token.kind === 'string') return { kind: 'string', value: token.text, offset: token.offset };
    if (token.kind === 'number') return { kind: 'number', value: token.value, offset: token.offset };
    if (token.kind !== 'identifier') {
      throw new ExpressionSyntaxError(
        `expected a function call but found ${describeToken(token)}`,
        token.offset,
      );
    }
    let name = token.text;
    // User-defined functions are called as `namespace.name(...)`.
    if (
      peek()?.kind === '.' &&
      tokens[position + 1]?.kind === 'identifier' &&
      tokens[position + 2]?.kind === '('
    ) {
      name = `${name}.${(tokens[position + 1] as { text: string }).text}`;
      position += 2;
    }
    expect('(');
    const args: Expression[] = [];
    if (peek()?.kind !== ')') {
      args.push(expression());
      while (peek()?.kind === ',') {
        position++;
        args.push(expression());
      }
    }
    expect(')');
    return { kind: 'call', name, args, offset: token.offset };
  };

  const expression = (): Expression => {
    let node = primary();
    for (;;) {
      const token = peek();
      if (token?.kind === '.') {
        position++;
        const name = expect('identifier') as { text: string };
        node = { kind: 'property', target: node, name: name.text, offset: token.offset };
      } else if (token?.kind === '[') {
        position++;
        const index = expression();
        expect(']');
        node = { kind: 'index', target: node, index, offset: token.offset };
      } else {
        return node;
      }
    }
  };

  const result = expression();
  const extra = tokens[position];
  if (extra !== undefined) {
    throw new ExpressionSyntaxError(`unexpected ${describeToken(extra)} after the expression`, extra.offset);
  }
  return result;
}

function describeToken(token: Token | undefined): string {
  if (token === undefined) return 'the end';
  if (token.kind === 'identifier') return `'${token.text}'`;
  if (token.kind === 'string') return 'a string';
  if (token.kind === 'number') return 'a number';
  return `'${token.kind}'`;
}

/** Prints an expression canonically (no spaces, `''` escapes), without the enclosing brackets. */
export function printExpression(node: Expression): string {
  switch (node.kind) {
    case 'string':
      return `'${node.value.replace(/'/g, "''")}'`;
    case 'number':
      return String(node.value);
    case 'call':
      return `${node.name}(${node.args.map(printExpression).join(', ')})`;
    case 'property':
      return `${printExpression(node.target)}.${node.name}`;
    case 'index':
      return `${printExpression(node.target)}[${printExpression(node.index)}]`;
  }
}

// ─── Template strings ────────────────────────────────────────────────────────────────────────────

/**
 * What a template string is: an expression when it is wrapped in `[` … `]`; a literal otherwise.
 * A leading `[[` escapes the bracket: the literal is the string without its first `[`.
 */
export function templateStringKind(
  text: string,
):
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'expression'; readonly text: string } {
  if (text.startsWith('[[')) return { kind: 'literal', value: text.slice(1) };
  if (text.startsWith('[') && text.endsWith(']')) return { kind: 'expression', text: text.slice(1, -1) };
  return { kind: 'literal', value: text };
}

// ─── Evaluation ──────────────────────────────────────────────────────────────────────────────────

/** A template value: JSON, or unknown at analysis time. */
export type TemplateValue = unknown;

/** A value error (wrong type, missing parameter), with the offset of the sub-expression at fault. */
export class ExpressionEvaluationError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** What expressions can see: parameter and variable values, found by name ignoring case. */
export interface EvaluationScope {
  /** The value of a parameter; `undefined` when the template declares no such parameter. */
  parameter(name: string): TemplateValue | undefined;
  /** The value of a variable (already evaluated); `undefined` when the template declares no such variable. */
  variable(name: string): TemplateValue | undefined;
  /** The current iteration of the named copy loop (the resource's loop when unnamed); `undefined` outside one. */
  copyIndex?(loop: string | undefined): number | undefined;
  /** What `reference(target)` gives when the template itself can tell (a nested deployment's outputs); else `undefined`. */
  reference?(target: TemplateValue): TemplateValue | undefined;
}

const UNKNOWN_PREFIX = 'unknown at analysis time: ';

/** The reason given for a value that only deployment can tell, e.g. `unknown at analysis time: resourceGroup().location`. */
export function unknownAtAnalysis(expression: Expression): UnknownValue {
  return unknownValue(UNKNOWN_PREFIX + printExpression(expression));
}

/** Functions whose value depends on the deployment: they and any property of them are unknown. */
const DEPLOYMENT_FUNCTIONS = new Set([
  'resourcegroup',
  'subscription',
  'tenant',
  'managementgroup',
  'deployment',
  'environment',
  'reference',
  'list',
  'listkeys',
  'listsecrets',
  'listaccountsas',
  'listservicesas',
  'listcallbackurl',
  'uniquestring',
  'guid',
  'newguid',
  'utcnow',
  'pickzones',
  'providers',
]);

/** Evaluates an expression. Values the deployment decides are {@link UnknownValue}s; type errors throw {@link ExpressionEvaluationError}. */
export function evaluateExpression(node: Expression, scope: EvaluationScope): TemplateValue {
  switch (node.kind) {
    case 'string':
    case 'number':
      return node.value;
    case 'property':
    case 'index': {
      const target = evaluateExpression(node.target, scope);
      if (isUnknown(target)) {
        // Extend the reason along a chain of accesses: `resourceGroup()` → `resourceGroup().location`.
        return target.reason === unknownAtAnalysis(node.target).reason ? unknownAtAnalysis(node) : target;
      }
      const key = node.kind === 'property' ? node.name : evaluateExpression(node.index, scope);
      if (isUnknown(key)) return key;
      return access(target, key, node.offset);
    }
    case 'call':
      return call(node, scope);
  }
}

function access(target: TemplateValue, key: TemplateValue, offset: number): TemplateValue {
  if (Array.isArray(target)) {
    if (typeof key !== 'number' || !Number.isInteger(key))
      throw new ExpressionEvaluationError('an array index must be a whole number', offset);
    if (key < 0 || key >= target.length) {
      throw new ExpressionEvaluationError(
        `index ${key} is outside the array (length ${target.length})`,
        offset,
      );
    }
    return target[key];
  }
  if (isRecord(target)) {
    const name = String(key);
    const actual = findKey(target, name);
    if (actual === undefined)
      throw new ExpressionEvaluationError(`the object has no property '${name}'`, offset);
    return target[actual];
  }
  throw new ExpressionEvaluationError(`cannot read '${String(key)}' of ${typeName(target)}`, offset);
}

function call(node: Extract<Expression, { kind: 'call' }>, scope: EvaluationScope): TemplateValue {
  const name = node.name.toLowerCase();
  const arg = (i: number) => evaluateExpression(node.args[i]!, scope);
  const fail = (message: string): never => {
    throw new ExpressionEvaluationError(`${node.name}: ${message}`, node.offset);
  };
  const arity = (min: number, max = min) => {
    if (node.args.length < min || node.args.length > max) {
      fail(
        `expects ${min === max ? min : `${min} to ${max === Infinity ? 'any number of' : max}`} argument(s), got ${node.args.length}`,
      );
    }
  };

  // Lazy functions: only the arguments that decide the result are evaluated.
  switch (name) {
    case 'if': {
      arity(3);
      const condition = arg(0);
      if (isUnknown(condition)) return condition;
      if (typeof condition !== 'boolean') fail(`the condition is ${typeName(condition)}, not a boolean`);
      return condition ? arg(1) : arg(2);
    }
    case 'and':
    case 'or': {
      arity(2, Infinity);
      let unknown: UnknownValue | undefined;
      for (let i = 0; i < node.args.length; i++) {
        const value = arg(i);
        if (isUnknown(value)) {
          unknown ??= value;
          continue;
        }
        if (typeof value !== 'boolean') fail(`argument ${i + 1} is ${typeName(value)}, not a boolean`);
        // A false `and` operand (a true `or` operand) decides the result whatever the unknown ones are.
        if (value === (name === 'or')) return value;
      }
      return unknown ?? name === 'and';
    }
    case 'coalesce': {
      arity(1, Infinity);
      for (let i = 0; i < node.args.length; i++) {
        const value = arg(i);
        if (isUnknown(value)) return value;
        if (value !== null) return value;
      }
      return null;
    }
  }
  if (name === 'copyindex') return copyIndex(node, scope, arg, fail, arity);
  if (name === 'reference' && scope.reference && node.args.length > 0) {
    const target = arg(0);
    const value = isUnknown(target) ? undefined : scope.reference(target);
    if (value !== undefined) return value;
  }
  if (DEPLOYMENT_FUNCTIONS.has(name) || name.startsWith('list') || name.includes('.'))
    return unknownAtAnalysis(node);

  const args = node.args.map((_, i) => arg(i));
  const unknown = args.find(isUnknown);
  if (name === 'parameters' || name === 'variables') {
    arity(1);
    if (unknown) return unknown;
    const key = args[0];
    if (typeof key !== 'string') return fail('expects the name as a string');
    const value = name === 'parameters' ? scope.parameter(key) : scope.variable(key);
    if (value === undefined)
      fail(`the template declares no ${name === 'parameters' ? 'parameter' : 'variable'} '${key}'`);
    return value;
  }
  if (name === 'resourceid' || name === 'subscriptionresourceid') return resourceId(name, args, fail);
  const implementation = PURE_FUNCTIONS[name];
  if (implementation === undefined) return unknownAtAnalysis(node);
  if (unknown) return unknown;
  if (args.length < implementation.min || args.length > implementation.max) {
    arity(implementation.min, implementation.max);
  }
  return implementation.apply(args, fail);
}

/** `copyIndex([loopName], [offset])`: the loop's iteration plus the offset; unknown outside a loop being expanded. */
function copyIndex(
  node: Extract<Expression, { kind: 'call' }>,
  scope: EvaluationScope,
  arg: (i: number) => TemplateValue,
  fail: (message: string) => never,
  arity: (min: number, max?: number) => void,
): TemplateValue {
  arity(0, 2);
  const args = node.args.map((_, i) => arg(i));
  const unknown = args.find(isUnknown);
  if (unknown) return unknown;
  const loop = typeof args[0] === 'string' ? args[0] : undefined;
  const offsetArgument = loop === undefined ? args[0] : args[1];
  const offset = offsetArgument === undefined ? 0 : asInteger(offsetArgument, fail, 'offset');
  const index = scope.copyIndex?.(loop);
  return index === undefined ? unknownAtAnalysis(node) : index + offset;
}

/**
 * `resourceId([subscriptionId], [resourceGroupName], type, name1, …)` and
 * `subscriptionResourceId([subscriptionId], type, name1, …)`. The type is the first argument with a `/`;
 * an omitted subscription or resource group is the deployment's, shown as a `{…}` placeholder segment.
 */
function resourceId(name: string, args: readonly TemplateValue[], fail: (message: string) => never): string {
  const strings = args.map((a) =>
    // An unknown part becomes a `{…}` placeholder segment (slashes removed so the id keeps its shape).
    isUnknown(a)
      ? `{${a.reason.replace(UNKNOWN_PREFIX, '').replace(/\//g, ' ')}}`
      : typeof a === 'string'
        ? a
        : fail('expects strings'),
  );
  const typeIndex = strings.findIndex((s) => s.includes('/') && !s.startsWith('{'));
  if (typeIndex < 0) fail('no resource type (namespace/type) among the arguments');
  const type = strings[typeIndex]!;
  const names = strings.slice(typeIndex + 1);
  const segments = type.split('/').length - 1;
  if (names.length !== segments) fail(`the type ${type} needs ${segments} name(s), got ${names.length}`);
  const scope = strings.slice(0, typeIndex);
  if (name === 'subscriptionresourceid') {
    if (scope.length > 1) fail('expects at most a subscription id before the type');
    const [namespace = '', ...types] = type.split('/');
    const path = types.map((t, i) => `${t}/${names[i]}`).join('/');
    return `/subscriptions/${scope[0] ?? SUBSCRIPTION_PLACEHOLDER}/providers/${namespace}/${path}`;
  }
  if (scope.length > 2) fail('expects at most a subscription id and a resource group before the type');
  const [subscription, group] = scope.length === 2 ? scope : [undefined, scope[0]];
  return resourceIdOf(type, names, subscription, group);
}

interface PureFunction {
  readonly min: number;
  readonly max: number;
  apply(args: readonly TemplateValue[], fail: (message: string) => never): TemplateValue;
}

const fn = (min: number, max: number, apply: PureFunction['apply']): PureFunction => ({ min, max, apply });

function asString(value: TemplateValue, fail: (message: string) => never, what = 'argument'): string {
  return typeof value === 'string' ? value : fail(`the ${what} is ${typeName(value)}, not a string`);
}

function asInteger(value: TemplateValue, fail: (message: string) => never, what = 'argument'): number {
  return typeof value === 'number' && Number.isInteger(value)
    ? value
    : fail(`the ${what} is ${typeName(value)}, not an integer`);
}

/** The ARM functions evaluated here, by lower-case name (ARM function names ignore case). */
const PURE_FUNCTIONS: Readonly<Record<string, PureFunction>> = {
  concat: fn(1, Infinity, (args, fail) => {
    if (args.every(Array.isArray)) return args.flat(1);
    return args
      .map((a) =>
        typeof a === 'string' || typeof a === 'number' || typeof a === 'boolean'
          ? String(a)
          : fail('mixes arrays and strings'),
      )
      .join('');
  }),
  format: fn(1, Infinity, ([format, ...rest], fail) =>
    asString(format, fail, 'format').replace(
      /\{\{|\}\}|\{(\d+)(?:[,:][^}]*)?\}/g,
      (match, index: string | undefined) => {
        if (match === '{{') return '{';
        if (match === '}}') return '}';
        if (match.includes(':') || match.includes(',')) fail(`format specifier ${match} is not supported`);
        const value = rest[Number(index)];
        if (value === undefined) fail(`format item ${match} has no argument`);
        return typeof value === 'string' ? value : JSON.stringify(value);
      },
    ),
  ),
  equals: fn(2, 2, ([a, b]) => deepEqual(a, b)),
  not: fn(1, 1, ([a], fail) =>
    typeof a === 'boolean' ? !a : fail(`the argument is ${typeName(a)}, not a boolean`),
  ),
  true: fn(0, 0, () => true),
  false: fn(0, 0, () => false),
  null: fn(0, 0, () => null),
  bool: fn(1, 1, ([a], fail) => {
    if (typeof a === 'boolean') return a;
    if (typeof a === 'number') return a !== 0;
    if (typeof a === 'string' && /^(true|false)$/i.test(a)) return a.toLowerCase() === 'true';
    return fail(`cannot convert ${typeName(a)} to a boolean`);
  }),
  int: fn(1, 1, ([a], fail) => {
    if (typeof a === 'number' && Number.isInteger(a)) return a;
    if (typeof a === 'string' && /^\s*-?\d+\s*$/.test(a)) return Number(a);
    return fail(`cannot convert ${typeName(a)} to an integer`);
  }),
  string: fn(1, 1, ([a]) =>
    typeof a === 'string' ? a : typeof a === 'boolean' ? (a ? 'True' : 'False') : JSON.stringify(a),
  ),
  tolower: fn(1, 1, ([a], fail) => asString(a, fail).toLowerCase()),
  toupper: fn(1, 1, ([a], fail) => asString(a, fail).toUpperCase()),
  trim: fn(1, 1, ([a], fail) => asString(a, fail).trim()),
  empty: fn(1, 1, ([a]) => {
    if (a === null || a === undefined) return true;
    if (typeof a === 'string' || Array.isArray(a)) return a.length === 0;
    if (isRecord(a)) return Object.keys(a).length === 0;
    return false;
  }),
  length: fn(1, 1, ([a], fail) => {
    if (typeof a === 'string' || Array.isArray(a)) return a.length;
    if (isRecord(a)) return Object.keys(a).length;
    return fail(`the argument is ${typeName(a)}, not a string, array or object`);
  }),
  // Strings and array items compare case-sensitively; object keys ignore case (ARM docs for `contains`).
  contains: fn(2, 2, ([container, item], fail) => {
    if (typeof container === 'string') return container.includes(String(item));
    if (Array.isArray(container)) return container.some((x) => deepEqual(x, item));
    if (isRecord(container)) return findKey(container, String(item)) !== undefined;
    return fail(`the container is ${typeName(container)}`);
  }),
  startswith: fn(2, 2, ([a, b], fail) =>
    asString(a, fail).toLowerCase().startsWith(asString(b, fail).toLowerCase()),
  ),
  endswith: fn(2, 2, ([a, b], fail) =>
    asString(a, fail).toLowerCase().endsWith(asString(b, fail).toLowerCase()),
  ),
  createarray: fn(0, Infinity, (args) => [...args]),
  createobject: fn(0, Infinity, (args, fail) => {
    if (args.length % 2 !== 0) fail('expects key/value pairs');
    const out: Record<string, TemplateValue> = {};
    for (let i = 0; i < args.length; i += 2) define(out, asString(args[i], fail, 'key'), args[i + 1]);
    return out;
  }),
  array: fn(1, 1, ([a]) => (Array.isArray(a) ? a : [a])),
  // `range(start, count)`: what compiled Bicep `for i in range(…)` loops count over.
  range: fn(2, 2, ([start, count], fail) => {
    const first = asInteger(start, fail, 'start');
    const length = asInteger(count, fail, 'count');
    if (length < 0 || length > 10_000) fail(`the count ${length} is outside 0 to 10000`);
    return Array.from({ length }, (_, i) => first + i);
  }),
  split: fn(2, 2, ([text, delimiters], fail) => {
    const separators = Array.isArray(delimiters)
      ? delimiters.map((d) => asString(d, fail, 'delimiter'))
      : [asString(delimiters, fail, 'delimiter')];
    let parts = [asString(text, fail)];
    for (const separator of separators) parts = parts.flatMap((part) => part.split(separator));
    return parts;
  }),
  replace: fn(3, 3, ([text, from, to], fail) =>
    asString(text, fail).split(asString(from, fail)).join(asString(to, fail)),
  ),
  substring: fn(1, 3, ([text, start = 0, length], fail) => {
    const s = asString(text, fail);
    const from = asInteger(start, fail, 'start index');
    const count = length === undefined ? s.length - from : asInteger(length, fail, 'length');
    if (from < 0 || count < 0 || from + count > s.length)
      fail(`range ${from}+${count} is outside a string of length ${s.length}`);
    return s.substring(from, from + count);
  }),
  first: fn(1, 1, ([a], fail) => {
    if (typeof a === 'string') return a.slice(0, 1);
    if (Array.isArray(a)) return a[0] ?? null;
    return fail(`the argument is ${typeName(a)}`);
  }),
  last: fn(1, 1, ([a], fail) => {
    if (typeof a === 'string') return a.slice(-1);
    if (Array.isArray(a)) return a.at(-1) ?? null;
    return fail(`the argument is ${typeName(a)}`);
  }),
  union: fn(1, Infinity, (args, fail) => {
    if (args.every(Array.isArray)) {
      const out: TemplateValue[] = [];
      for (const item of args.flat(1)) if (!out.some((x) => deepEqual(x, item))) out.push(item);
      return out;
    }
    if (args.every(isRecord))
      return args.reduce<Record<string, TemplateValue>>((acc, obj) => mergeObjects(acc, obj), {});
    return fail('expects only arrays or only objects');
  }),
  add: fn(2, 2, ([a, b], fail) => asInteger(a, fail) + asInteger(b, fail)),
  sub: fn(2, 2, ([a, b], fail) => asInteger(a, fail) - asInteger(b, fail)),
  mul: fn(2, 2, ([a, b], fail) => asInteger(a, fail) * asInteger(b, fail)),
  // ARM's integer division and remainder truncate toward zero.
  div: fn(2, 2, ([a, b], fail) => Math.trunc(asInteger(a, fail) / nonZero(asInteger(b, fail), fail))),
  mod: fn(2, 2, ([a, b], fail) => asInteger(a, fail) % nonZero(asInteger(b, fail), fail)),
  greater: fn(2, 2, ([a, b], fail) => compare(a, b, fail) > 0),
  greaterorequals: fn(2, 2, ([a, b], fail) => compare(a, b, fail) >= 0),
  less: fn(2, 2, ([a, b], fail) => compare(a, b, fail) < 0),
  lessorequals: fn(2, 2, ([a, b], fail) => compare(a, b, fail) <= 0),
  min: fn(1, Infinity, (args, fail) => Math.min(...numbers(args, fail))),
  max: fn(1, Infinity, (args, fail) => Math.max(...numbers(args, fail))),
  // String searches ignore case (ARM docs for indexOf/lastIndexOf); -1 when absent.
  indexof: fn(2, 2, ([a, b], fail) =>
    asString(a, fail).toLowerCase().indexOf(asString(b, fail).toLowerCase()),
  ),
  lastindexof: fn(2, 2, ([a, b], fail) =>
    asString(a, fail).toLowerCase().lastIndexOf(asString(b, fail).toLowerCase()),
  ),
  take: fn(2, 2, ([a, n], fail) => sliceOf(a, fail).slice(0, Math.max(0, asInteger(n, fail)))),
  skip: fn(2, 2, ([a, n], fail) => sliceOf(a, fail).slice(Math.max(0, asInteger(n, fail)))),
  padleft: fn(2, 3, ([a, width, pad = ' '], fail) => {
    const text = typeof a === 'number' ? String(a) : asString(a, fail);
    return text.padStart(asInteger(width, fail), asString(pad, fail, 'padding character'));
  }),
  objectkeys: fn(1, 1, ([a], fail) =>
    isRecord(a) ? Object.keys(a) : fail(`the argument is ${typeName(a)}, not an object`),
  ),
  items: fn(1, 1, ([a], fail) =>
    isRecord(a)
      ? Object.keys(a)
          .sort()
          .map((key) => ({ key, value: a[key] }))
      : fail(`the argument is ${typeName(a)}, not an object`),
  ),
  json: fn(1, 1, ([a], fail) => {
    try {
      return JSON.parse(asString(a, fail)) as TemplateValue;
    } catch {
      return fail('the argument is not valid JSON');
    }
  }),
};

function nonZero(value: number, fail: (message: string) => never): number {
  return value === 0 ? fail('division by zero') : value;
}

function numbers(args: readonly TemplateValue[], fail: (message: string) => never): number[] {
  return args.flatMap((a) => (Array.isArray(a) ? a : [a])).map((a) => asInteger(a, fail));
}

/** `take`/`skip` work on strings and arrays alike. */
function sliceOf(value: TemplateValue, fail: (message: string) => never): string | TemplateValue[] {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  return fail(`the argument is ${typeName(value)}, not a string or array`);
}

/** Orders two integers or two strings (ordinal), as `greater`/`less` do. */
function compare(a: TemplateValue, b: TemplateValue, fail: (message: string) => never): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return fail(`cannot compare ${typeName(a)} with ${typeName(b)}`);
}

/** `union` of objects: later properties win; nested objects merge recursively, arrays are replaced (ARM docs). */
function mergeObjects(
  base: Record<string, TemplateValue>,
  next: Record<string, TemplateValue>,
): Record<string, TemplateValue> {
  const out: Record<string, TemplateValue> = { ...base };
  for (const [key, value] of Object.entries(next)) {
    const existing = findKey(out, key);
    const previous = existing === undefined ? undefined : out[existing];
    if (existing !== undefined && existing !== key) delete out[existing];
    define(
      out,
      key,
      isRecord(previous) && isRecord(value) && !isUnknown(value) ? mergeObjects(previous, value) : value,
    );
  }
  return out;
}

function define(target: Record<string, TemplateValue>, key: string, value: TemplateValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function deepEqual(a: TemplateValue, b: TemplateValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
    );
  }
  return false;
}

function typeName(value: TemplateValue): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
