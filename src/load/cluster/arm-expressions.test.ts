import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type EvaluationScope,
  type Expression,
  ExpressionEvaluationError,
  ExpressionSyntaxError,
  evaluateExpression,
  parseExpression,
  printExpression,
  templateStringKind,
  tokenize,
} from './arm-expressions.js';

const scope: EvaluationScope = {
  parameter: (name) =>
    ({
      location: 'westeurope',
      env: 'prod',
      ranges: ['10.0.0.0/8', '0.0.0.0/0'],
      net: { networkPlugin: 'azure', nested: { a: 1, list: [1] } },
      count: 3,
      flag: true,
      nothing: null,
      unknownParam: { unknown: true, reason: "parameter 'unknownParam' has no value" },
    })[name],
  variable: (name) => ({ prefix: 'aks', settings: { Mode: 'User' } })[name],
};

const evaluate = (text: string) => evaluateExpression(parseExpression(text), scope);

describe('evaluateExpression', () => {
  it.each([
    ["concat('a-', parameters('location'), '-', string(parameters('count')))", 'a-westeurope-3'],
    ["concat(parameters('ranges'), createArray('1.2.3.4/32'))", ['10.0.0.0/8', '0.0.0.0/0', '1.2.3.4/32']],
    ["format('{0}-{1}-{{x}}', variables('prefix'), parameters('env'))", 'aks-prod-{x}'],
    ["if(equals(parameters('env'), 'prod'), 'Standard', 'Free')", 'Standard'],
    ["if(equals(parameters('env'), 'PROD'), 'Standard', 'Free')", 'Free'],
    ["and(parameters('flag'), not(empty(parameters('ranges'))), or(false(), true()))", true],
    ["empty('')", true],
    ['empty(createObject())', true],
    ["empty(parameters('nothing'))", true],
    [
      "union(parameters('net'), createObject('nested', createObject('b', 2, 'list', createArray(2))))",
      { networkPlugin: 'azure', nested: { a: 1, b: 2, list: [2] } },
    ],
    ["union(createArray('a', 'b'), createArray('b', 'c'))", ['a', 'b', 'c']],
    ["toLower('WestEurope')", 'westeurope'],
    ["toUpper(parameters('env'))", 'PROD'],
    ["int('42')", 42],
    ["bool('True')", true],
    ["length(parameters('ranges'))", 2],
    ["contains(parameters('ranges'), '0.0.0.0/0')", true],
    ["contains(parameters('net'), 'NETWORKPLUGIN')", true],
    ["contains('OneTwo', 'two')", false],
    ["coalesce(parameters('nothing'), 'fallback')", 'fallback'],
    ["split('a,b;c', createArray(',', ';'))", ['a', 'b', 'c']],
    ["replace('a-b-c', '-', '.')", 'a.b.c'],
    ["substring('westeurope', 4, 6)", 'europe'],
    ["first(parameters('ranges'))", '10.0.0.0/8'],
    ["last('abc')", 'c'],
    ['range(5, 3)', [5, 6, 7]],
    ['add(2, sub(10, mul(2, 3)))', 6],
    ['div(-7, 2)', -3],
    ['mod(7, 3)', 1],
    ["greater(parameters('count'), 2)", true],
    ["lessOrEquals('a', 'b')", true],
    ["max(parameters('count'), 7, createArray(9, 1))", 9],
    ['min(createArray(4, 2))', 2],
    ["indexOf('WestEurope', 'europe')", 4],
    ["take(parameters('ranges'), 1)", ['10.0.0.0/8']],
    ["skip('abcdef', 4)", 'ef'],
    ["padLeft(7, 3, '0')", '007'],
    ["objectKeys(parameters('net'))", ['networkPlugin', 'nested']],
    [
      "items(createObject('b', 2, 'a', 1))",
      [
        { key: 'a', value: 1 },
        { key: 'b', value: 2 },
      ],
    ],
    ["parameters('net').networkPlugin", 'azure'],
    ["parameters('net')['nested'].list[0]", 1],
    ["variables('settings').mode", 'User'],
    ["parameters('ranges')[base64('x')]", { unknown: true, reason: "unknown at analysis time: base64('x')" }],
    [
      "resourceId('Microsoft.Network/virtualNetworks/subnets', 'spoke', 'nodes')",
      '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/spoke/subnets/nodes',
    ],
    [
      "resourceId('rg-net', 'Microsoft.Network/routeTables', 'rt')",
      '/subscriptions/{subscriptionId}/resourceGroups/rg-net/providers/Microsoft.Network/routeTables/rt',
    ],
    [
      "resourceId('0000', 'rg-net', 'Microsoft.Network/routeTables', 'rt')",
      '/subscriptions/0000/resourceGroups/rg-net/providers/Microsoft.Network/routeTables/rt',
    ],
    [
      "subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'abc')",
      '/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/abc',
    ],
  ])('%s', (text, expected) => {
    expect(evaluate(text)).toEqual(expected);
  });

  it('reports what only the deployment can tell as unknown, with the expression as the reason', () => {
    expect(evaluate('resourceGroup().location')).toEqual({
      unknown: true,
      reason: 'unknown at analysis time: resourceGroup().location',
    });
    expect(evaluate("uniqueString(resourceGroup().id, 'x')")).toEqual({
      unknown: true,
      reason: "unknown at analysis time: uniqueString(resourceGroup().id, 'x')",
    });
    expect(evaluate("reference('id', '2023-01-31').clientId")).toEqual({
      unknown: true,
      reason: "unknown at analysis time: reference('id', '2023-01-31').clientId",
    });
    expect(evaluate("myns.helper('a')")).toMatchObject({ unknown: true });
  });

  it('propagates unknown values, but not where a known operand decides the result', () => {
    const unknown = { unknown: true, reason: "parameter 'unknownParam' has no value" };
    expect(evaluate("concat('a', parameters('unknownParam'))")).toEqual(unknown);
    expect(evaluate("if(true(), 'known', parameters('unknownParam'))")).toBe('known');
    expect(evaluate("if(parameters('unknownParam'), 'a', 'b')")).toEqual(unknown);
    expect(evaluate("and(false(), parameters('unknownParam'))")).toBe(false);
    expect(evaluate("or(parameters('unknownParam'), true())")).toBe(true);
    expect(evaluate("and(true(), parameters('unknownParam'))")).toEqual(unknown);
    // An unknown part of a resource id becomes a placeholder segment, so the id keeps its shape.
    expect(evaluate("resourceId('Microsoft.Network/routeTables', resourceGroup().name)")).toBe(
      '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/routeTables/{resourceGroup().name}',
    );
  });

  it.each([
    ["parameters('missing')", "parameters: the template declares no parameter 'missing'"],
    ["toLower(parameters('count'))", 'toLower: the argument is a number, not a string'],
    ["parameters('net').absent", "the object has no property 'absent'"],
    ["parameters('ranges')[5]", 'index 5 is outside the array (length 2)'],
    ["if(parameters('location'), 'a', 'b')", 'if: the condition is a string, not a boolean'],
    ["concat('a', createArray('b'))", 'concat: mixes arrays and strings'],
    ["format('{1}', 'a')", 'format: format item {1} has no argument'],
    [
      "resourceId('Microsoft.Network/virtualNetworks/subnets', 'spoke')",
      'resourceId: the type Microsoft.Network/virtualNetworks/subnets needs 2 name(s), got 1',
    ],
    ["equals('a')", 'equals: expects 2 argument(s), got 1'],
    ['div(1, 0)', 'div: division by zero'],
    ["greater(1, 'a')", 'greater: cannot compare a number with a string'],
  ])('rejects %s', (text, message) => {
    expect(() => evaluate(text)).toThrow(ExpressionEvaluationError);
    expect(() => evaluate(text)).toThrow(message);
  });
});

describe('parseExpression', () => {
  it.each([
    ["concat('a'", "expected ')' but found the end", 10],
    ["concat('a' 'b')", "expected ')' but found a string", 11],
    ['parameters(', 'expected an expression but found the end', 11],
    ["'unterminated", 'unterminated string literal', 0],
    ["parameters('a').", "expected 'identifier' but found the end", 16],
    ["parameters('a') extra()", "unexpected 'extra' after the expression", 16],
    ['a # b', 'unexpected character "#"', 2],
    ['justName', "expected '(' but found the end", 8],
  ])('rejects %s at its offset', (text, message, offset) => {
    try {
      parseExpression(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ExpressionSyntaxError);
      expect((error as ExpressionSyntaxError).message).toBe(message);
      expect((error as ExpressionSyntaxError).offset).toBe(offset);
    }
  });

  it("reads '' inside a string as one quote", () => {
    expect(tokenize("'it''s'")).toEqual([{ kind: 'string', text: "it's", offset: 0 }]);
  });
});

describe('templateStringKind', () => {
  it('tells expressions from literals, with [[ escaping a leading bracket', () => {
    expect(templateStringKind("[parameters('a')]")).toEqual({ kind: 'expression', text: "parameters('a')" });
    expect(templateStringKind('[[not an expression]')).toEqual({
      kind: 'literal',
      value: '[not an expression]',
    });
    expect(templateStringKind('plain')).toEqual({ kind: 'literal', value: 'plain' });
    expect(templateStringKind('[unclosed')).toEqual({ kind: 'literal', value: '[unclosed' });
  });
});

/** Random expression trees (offsets are irrelevant: they are dropped before comparing). */
const expressionArbitrary: fc.Arbitrary<Expression> = fc.letrec<{ expr: Expression }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string().map((value): Expression => ({ kind: 'string', value, offset: 0 })),
    fc
      .integer({ min: -1_000_000, max: 1_000_000 })
      .map((value): Expression => ({ kind: 'number', value, offset: 0 })),
    fc
      .record({
        name: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/),
        args: fc.array(tie('expr'), { maxLength: 3 }),
      })
      .map(({ name, args }): Expression => ({ kind: 'call', name, args, offset: 0 })),
    fc
      .record({ target: tie('expr'), name: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/) })
      .map(({ target, name }): Expression => ({ kind: 'property', target, name, offset: 0 })),
    fc
      .record({ target: tie('expr'), index: tie('expr') })
      .map(({ target, index }): Expression => ({ kind: 'index', target, index, offset: 0 })),
  ),
})).expr;

function withoutOffsets(node: Expression): unknown {
  switch (node.kind) {
    case 'string':
    case 'number':
      return { kind: node.kind, value: node.value };
    case 'call':
      return { kind: 'call', name: node.name, args: node.args.map(withoutOffsets) };
    case 'property':
      return { kind: 'property', target: withoutOffsets(node.target), name: node.name };
    case 'index':
      return { kind: 'index', target: withoutOffsets(node.target), index: withoutOffsets(node.index) };
  }
}

describe('tokenizer and parser properties', () => {
  it('parse(print(tree)) is the same tree', () => {
    fc.assert(
      fc.property(expressionArbitrary, (tree) => {
        expect(withoutOffsets(parseExpression(printExpression(tree)))).toEqual(withoutOffsets(tree));
      }),
    );
  });

  it('printing is canonical: print(parse(print(tree))) = print(tree)', () => {
    fc.assert(
      fc.property(expressionArbitrary, (tree) => {
        const printed = printExpression(tree);
        expect(printExpression(parseExpression(printed))).toBe(printed);
      }),
    );
  });

  it('any string survives quoting and tokenizing', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(tokenize(`'${text.replace(/'/g, "''")}'`)).toEqual([{ kind: 'string', text, offset: 0 }]);
      }),
    );
  });

  it('arbitrary text either parses or fails with a positioned syntax error, never anything else', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...("abc()',.[]0 -_x'" as string).split('')) }),
        (text) => {
          try {
            parseExpression(text);
          } catch (error) {
            expect(error).toBeInstanceOf(ExpressionSyntaxError);
            const offset = (error as ExpressionSyntaxError).offset;
            expect(offset).toBeGreaterThanOrEqual(0);
            expect(offset).toBeLessThanOrEqual(text.length);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('copyIndex', () => {
  const inLoop: EvaluationScope = {
    ...scope,
    copyIndex: (loop) => (loop === undefined ? 2 : loop === 'routes' ? 5 : undefined),
  };
  it.each([
    ['copyIndex()', 2],
    ['copyIndex(10)', 12],
    ["copyIndex('routes')", 5],
    ["copyIndex('routes', 1)", 6],
    ["copyIndex('other')", { unknown: true, reason: "unknown at analysis time: copyIndex('other')" }],
  ])('%s', (text, expected) => {
    expect(evaluateExpression(parseExpression(text), inLoop)).toEqual(expected);
  });

  it('is unknown outside a loop being expanded', () => {
    expect(evaluate('copyIndex()')).toEqual({
      unknown: true,
      reason: 'unknown at analysis time: copyIndex()',
    });
  });
});
