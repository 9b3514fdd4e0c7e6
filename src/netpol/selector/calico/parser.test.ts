import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printSelector, type SelectorNode } from './ast.js';
import { parseCalicoSelector } from './parser.js';
import { CalicoSelectorError } from './tokenizer.js';

type Labels = Record<string, string>;

// Selector, labels that must match, labels that must not (Calico's parser_test.go table plus our own cases).
const MATCH_TABLE: ReadonlyArray<[string, Labels[], Labels[]]> = [
  ['a == "b"', [{ a: 'b' }, { a: 'b', c: 'd' }], [{}, { a: 'c' }, { c: 'd' }]],
  ['a == "b" && c == "d"', [{ a: 'b', c: 'd' }], [{}, { a: 'b', c: 'e' }, { a: 'c', c: 'd' }, { a: 'b' }]],
  ['a == "b" || c == "d"', [{ a: 'b', c: 'd' }, { a: 'b' }, { c: 'd' }], [{}, { a: 'e', c: 'e' }]],
  [`a in {"'", '"', "c"}`, [{ a: 'c' }, { a: '"' }, { a: "'" }], [{}, { a: 'e' }]],
  [`a not in {"'", '"', "c"}`, [{}, { a: 'e' }], [{ a: 'c' }, { a: '"' }, { a: "'" }]],
  ["a == 'a'", [{ a: 'a' }], [{ a: 'b' }, {}]],
  ['a != "b"', [{ a: 'a' }, {}], [{ a: 'b' }]],
  ['a != "a"', [{}, { b: 'a' }], [{ a: 'a' }]],
  ['a contains "a"', [{ a: 'a' }, { a: 'bab' }], [{}, { a: 'b' }, { b: 'aaa' }]],
  ['a starts with "a"', [{ a: 'a' }, { a: 'abb' }], [{}, { a: 'baa' }, { b: 'aaa' }]],
  ['a ends with "a"', [{ a: 'a' }, { a: 'bba' }], [{}, { a: 'aab' }, { b: 'aaa' }]],
  ['a contains ""', [{ a: '' }, { a: 'x' }], [{}]],
  ['!a in {"a"}', [{ a: 'b' }, {}], [{ a: 'a' }]],
  ['a in {}', [], [{}, { a: '' }]],
  ['a not in {}', [{}, { a: 'x' }], []],
  ['a in {"x",}', [{ a: 'x' }], [{ a: '' }]],
  ['has(a)', [{ a: 'b' }, { a: '' }], [{ b: 'b' }, {}]],
  ['!has(a)', [{ b: 'b' }, {}], [{ a: 'b' }]],
  ['has(constructor)', [{ constructor: 'x' }], [{}]],
  ['', [{}, { a: 'b' }], []],
  [' ', [{}], []],
  ['all()', [{}, { a: 'b' }], []],
  [' all( ) ', [{}], []],
  ['global()', [{}, { a: 'b' }], []],
  ['!all()', [], [{}]],
  ['!!has(b)', [{ b: '' }], [{ a: 'b' }]],
  ['!!! has(a)', [{}], [{ a: 'b' }]],
  ['! !!has(a)', [{}], [{ a: 'b' }]],
  ['!(!has(a) || has(b))', [{ a: 'a' }], [{ a: 'a', b: 'b' }, {}]],
  ['a == "1" || b == "1" && c == "1"', [{ a: '1' }, { b: '1', c: '1' }], [{ b: '1' }, { c: '1' }]],
  ['(a == "1" || b == "1") && c == "1"', [{ a: '1', c: '1' }], [{ a: '1' }, { b: '1' }]],
  ['! a == "a1" || ! b == "b1"', [{ a: 'a1' }, {}], [{ a: 'a1', b: 'b1' }]],
  ['app.kubernetes.io/name == "web" && k8s-app/x_y.z != "q"', [{ 'app.kubernetes.io/name': 'web' }], [{}]],
  [
    'projectcalico.org/namespace == "prod"',
    [{ 'projectcalico.org/namespace': 'prod' }],
    [{ namespace: 'prod' }],
  ],
  ['a\t==\t"b"', [{ a: 'b' }], [{}]],
  ['a=="b"&&c!="d"', [{ a: 'b' }], [{ a: 'b', c: 'd' }]],
  ['a notin {"x"}', [{ a: 'y' }], [{ a: 'x' }]],
  ['a startswith "x"', [{ a: 'xy' }], [{ a: 'yx' }]],
  ['a in{"x"}', [{ a: 'x' }], [{ a: 'y' }]],
  ['a == "é ü"', [{ a: 'é ü' }], [{ a: 'e u' }]],
];

describe('parseCalicoSelector: evaluation', () => {
  it.each(MATCH_TABLE)('%j', (selector, matching, notMatching) => {
    const parsed = parseCalicoSelector(selector);
    const reparsed = parseCalicoSelector(parsed.toString());
    for (const labels of matching) {
      expect({ labels, matched: parsed.matches(labels) }).toEqual({ labels, matched: true });
      expect(reparsed.matches(labels)).toBe(true);
    }
    for (const labels of notMatching) {
      expect({ labels, matched: parsed.matches(labels) }).toEqual({ labels, matched: false });
      expect(reparsed.matches(labels)).toBe(false);
    }
  });

  it('reads labels from a Map as well', () => {
    expect(parseCalicoSelector('a == "b"').matches(new Map([['a', 'b']]))).toBe(true);
  });
});

// Input and canonical form (Calico's canonicalisationTests plus the visitor test's shapes).
const CANONICAL_TABLE: ReadonlyArray<[string, string]> = [
  ['', 'all()'],
  [' all() ', 'all()'],
  [' (all() )', 'all()'],
  ['! (has( b)||! has(a ))', '!(has(b) || !has(a))'],
  ['! (a == "b"&&! c != "d")', '!(a == "b" && !c != "d")'],
  [`a == "'"`, `a == "'"`],
  [`a == '"'`, `a == '"'`],
  [`a contains '"'`, `a contains '"'`],
  [`a startswith '"'`, `a starts with '"'`],
  [`a endswith "'"`, `a ends with "'"`],
  [`a!='"'`, `a != '"'`],
  ["a == 'b' && c == 'd'", '(a == "b" && c == "d")'],
  ["k == 'v' || has(x)", '(k == "v" || has(x))'],
  ["!(k == 'v')", '!k == "v"'],
  ['a in {"d", "a", "b"}', 'a in {"a", "b", "d"}'],
  ['a in {"z", "z", "x", "y", "x", "a"}', 'a in {"a", "x", "y", "z"}'],
  ['a not   in {}', 'a not in {}'],
  [
    "!(!(k == 'v' && has(t) || all()) && (a in {'b', 'c'}))",
    '!(!((k == "v" && has(t)) || all()) && a in {"b", "c"})',
  ],
  ['!!has(a)', 'has(a)'],
  ['!(!has(a))', 'has(a)'],
  ['(a == "1" && b == "1") && c == "1"', '((a == "1" && b == "1") && c == "1")'],
  ['global( )', 'global()'],
];

describe('parseCalicoSelector: canonical form', () => {
  it.each(CANONICAL_TABLE)('%j prints as %j and round-trips', (input, canonical) => {
    const printed = parseCalicoSelector(input).toString();
    expect(printed).toBe(canonical);
    expect(parseCalicoSelector(printed).toString()).toBe(canonical);
    expect(String(parseCalicoSelector(input))).toBe(canonical);
  });
});

// Invalid selectors and the 0-based offset of the error (Calico's badSelectors plus our own).
const INVALID_TABLE: ReadonlyArray<[string, number]> = [
  ['b == b', 5],
  ['b contains b', 11],
  ['b starts with b', 14],
  ["'b1' == b", 0],
  ['b', 1],
  ['a b', 2],
  ['!', 1],
  ['foo == "bar" &', 13],
  ['foo == "bar" |', 13],
  ['foo != ||', 7],
  ['foo in {"", ||', 12],
  ['foo in ""', 7],
  ['"FOO', 0],
  [`"FOO'`, 0],
  ["'FOO", 0],
  ['(', 1],
  ['(a == "foo"', 11],
  [')', 0],
  ['()', 1],
  ['%', 0],
  ['a == "b" && %', 12],
  ['a == "b" || %', 12],
  ['a ', 2],
  ['has(foo) &&', 11],
  ['a = "b"', 2],
  ['a == "b")', 8],
  ['a == "b"\n', 8],
  ['a inx {"b"}', 2],
  ['has()', 4],
  ['has(a', 5],
  ['all(x)', 4],
  ['a in {,}', 6],
  ['has (a)', 4],
  ['a == "b" c == "d"', 9],
  [`${'k'.repeat(513)} == "v"`, 0],
];

describe('parseCalicoSelector: invalid input', () => {
  it.each(INVALID_TABLE)('rejects %j at offset %i', (selector, position) => {
    let error: unknown;
    try {
      parseCalicoSelector(selector);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CalicoSelectorError);
    expect(error).toBeInstanceOf(Error);
    expect((error as CalicoSelectorError).position).toBe(position);
    expect((error as Error).message).toContain(`at column ${position + 1}`);
  });

  it('accepts a label name of exactly 512 characters', () => {
    expect(parseCalicoSelector(`has(${'k'.repeat(512)})`).matches({ ['k'.repeat(512)]: '' })).toBe(true);
  });
});

// Random selectors: a small label vocabulary so that matches are frequent.
const labelKey = fc.constantFrom('a', 'b', 'app.kubernetes.io/name', 'x-y_z');
const labelValueText = fc.constantFrom('', 'v', 'w', 'vw', "it's", 'say "hi"');
const selectorNode: fc.Arbitrary<SelectorNode> = fc.letrec<{ node: SelectorNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant<SelectorNode>({ kind: 'all' }),
    fc.constant<SelectorNode>({ kind: 'global' }),
    labelKey.map((label): SelectorNode => ({ kind: 'has', label })),
    fc
      .record({
        kind: fc.constantFrom('eq', 'ne', 'contains', 'starts-with', 'ends-with' as const),
        label: labelKey,
        value: labelValueText,
      })
      .map((node) => node as SelectorNode),
    fc
      .record({
        kind: fc.constantFrom('in', 'not-in' as const),
        label: labelKey,
        values: fc.array(labelValueText, { maxLength: 3 }),
      })
      .map((node) => node as SelectorNode),
    tie('node').map((operand): SelectorNode => ({ kind: 'not', operand })),
    fc
      .record({
        kind: fc.constantFrom('and', 'or' as const),
        operands: fc.array(tie('node'), { minLength: 2, maxLength: 3 }),
      })
      .map((node) => node as SelectorNode),
  ),
})).node;
const labelMap = fc.dictionary(labelKey, labelValueText, { maxKeys: 4 });

// A non-canonical spelling of the same expression: random spacing, quote style, redundant parentheses.
function spell(node: SelectorNode, pick: () => number): string {
  const space = (): string => [' ', '', '  ', '\t'][pick() % 4]!;
  const quoted = (value: string): string => {
    if (value.includes('"')) return `'${value}'`;
    if (value.includes("'")) return `"${value}"`;
    return pick() % 2 ? `'${value}'` : `"${value}"`;
  };
  const wrap = (text: string): string => (pick() % 3 === 0 ? `(${space()}${text}${space()})` : text);
  switch (node.kind) {
    case 'all':
    case 'global':
      return wrap(`${node.kind}(${space()})`);
    case 'has':
      return wrap(`has(${space()}${node.label}${space()})`);
    case 'not':
      return `!${space()}(${spell(node.operand, pick)})`;
    case 'and':
    case 'or':
      return `(${node.operands.map((operand) => spell(operand, pick)).join(`${space()}${node.kind === 'and' ? '&&' : '||'}${space()}`)})`;
    case 'in':
    case 'not-in':
      return wrap(
        `${node.label} ${node.kind === 'in' ? 'in' : 'not in'}${space()}{${node.values.map(quoted).join(',')}}`,
      );
    default: {
      const operator = {
        eq: '==',
        ne: '!=',
        contains: ' contains ',
        'starts-with': ' starts with ',
        'ends-with': ' ends with ',
      }[node.kind];
      return wrap(`${node.label}${space()}${operator}${space()}${quoted(node.value)}`);
    }
  }
}

function evaluateDirectly(node: SelectorNode, labels: Labels): boolean {
  const has = (key: string): boolean => Object.hasOwn(labels, key);
  switch (node.kind) {
    case 'all':
    case 'global':
      return true;
    case 'has':
      return has(node.label);
    case 'not':
      return !evaluateDirectly(node.operand, labels);
    case 'and':
      return node.operands.every((operand) => evaluateDirectly(operand, labels));
    case 'or':
      return node.operands.some((operand) => evaluateDirectly(operand, labels));
    case 'eq':
      return has(node.label) && labels[node.label] === node.value;
    case 'ne':
      return !has(node.label) || labels[node.label] !== node.value;
    case 'contains':
      return has(node.label) && labels[node.label]!.includes(node.value);
    case 'starts-with':
      return has(node.label) && labels[node.label]!.startsWith(node.value);
    case 'ends-with':
      return has(node.label) && labels[node.label]!.endsWith(node.value);
    case 'in':
      return has(node.label) && node.values.includes(labels[node.label]!);
    case 'not-in':
      return !has(node.label) || !node.values.includes(labels[node.label]!);
  }
}

describe('parseCalicoSelector: properties', () => {
  it('parse → print → parse gives the same canonical string and the same matches', () => {
    fc.assert(
      fc.property(
        selectorNode,
        fc.array(fc.nat(), { minLength: 1, maxLength: 64 }),
        fc.array(labelMap),
        (node, seeds, labelSets) => {
          let next = 0;
          const text = spell(node, () => seeds[next++ % seeds.length]!);
          const first = parseCalicoSelector(text);
          const second = parseCalicoSelector(first.toString());
          expect(second.toString()).toBe(first.toString());
          for (const labels of labelSets) {
            const expected = evaluateDirectly(node, labels);
            expect(first.matches(labels)).toBe(expected);
            expect(second.matches(labels)).toBe(expected);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('printing any AST gives text that parses back to the same canonical form', () => {
    fc.assert(
      fc.property(selectorNode, (node) => {
        const printed = printSelector(node);
        const reprinted = parseCalicoSelector(printed).toString();
        expect(parseCalicoSelector(reprinted).toString()).toBe(reprinted);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but a positioned CalicoSelectorError', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ab =!&|(){},"\'hasl()notin'.split('')) }), (text) => {
        try {
          parseCalicoSelector(text);
        } catch (error) {
          expect(error).toBeInstanceOf(CalicoSelectorError);
          expect((error as CalicoSelectorError).position).toBeGreaterThanOrEqual(0);
          expect((error as CalicoSelectorError).position).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 500 },
    );
  });
});
