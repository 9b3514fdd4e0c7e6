// Parses Calico selectors with the grammar of libcalico-go's lib/selector/parser: `||` binds loosest, then `&&`,
// then leading `!`s (collapsed to one negation), then one operation or a parenthesised expression.
import {
  canonicalValueSet,
  evaluateSelector,
  printSelector,
  type SelectorLabels,
  type SelectorNode,
} from './ast.js';
import { CalicoSelectorError, type Token, tokenizeCalicoSelector } from './tokenizer.js';

/** A parsed Calico selector. */
export interface CalicoSelector {
  readonly ast: SelectorNode;
  /** Whether an endpoint (or network set) with these labels is selected. */
  matches(labels: SelectorLabels): boolean;
  /** The canonical form, as Calico prints it. */
  toString(): string;
}

/** Parses a Calico selector; the empty (or blank) selector is `all()`. Throws CalicoSelectorError with a position. */
export function parseCalicoSelector(text: string): CalicoSelector {
  const ast = parseCalicoSelectorAst(text);
  const canonical = printSelector(ast);
  return {
    ast,
    matches: (labels) => evaluateSelector(ast, labels),
    toString: () => canonical,
  };
}

/** Parses a Calico selector into its AST. Throws CalicoSelectorError. */
export function parseCalicoSelectorAst(text: string): SelectorNode {
  const tokens = tokenizeCalicoSelector(text);
  let index = 0;
  const peek = (): Token => tokens[index]!;
  const fail = (reason: string, token: Token = peek()): never => {
    throw new CalicoSelectorError(reason, text, token.start);
  };
  const describe = (token: Token): string =>
    token.kind === 'eof' ? 'end of selector' : JSON.stringify(text.slice(token.start).split(/[ \t]/)[0]);

  const parseOr = (): SelectorNode => {
    const operands = [parseAnd()];
    while (peek().kind === 'or') {
      index++;
      operands.push(parseAnd());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'or', operands };
  };
  const parseAnd = (): SelectorNode => {
    const operands = [parseOperation()];
    while (peek().kind === 'and') {
      index++;
      operands.push(parseOperation());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'and', operands };
  };
  const expectString = (): string => {
    const token = peek();
    if (token.kind !== 'string') fail(`expected a quoted string, found ${describe(token)}`);
    index++;
    return token.value;
  };
  const parseSet = (): string[] => {
    if (peek().kind !== 'lbrace') fail(`expected a set literal {…}, found ${describe(peek())}`);
    index++;
    const values: string[] = [];
    // Calico accepts an empty set and a trailing comma: `{}`, `{"a",}`.
    while (peek().kind === 'string') {
      values.push(peek().value);
      index++;
      if (peek().kind !== 'comma') break;
      index++;
    }
    if (peek().kind !== 'rbrace') fail(`expected '}', found ${describe(peek())}`);
    index++;
    return canonicalValueSet(values);
  };
  const parseOperation = (): SelectorNode => {
    let negated = false;
    while (peek().kind === 'not') {
      negated = !negated;
      index++;
    }
    const token = peek();
    let node: SelectorNode;
    switch (token.kind) {
      case 'has':
        index++;
        node = { kind: 'has', label: token.value };
        break;
      case 'all':
      case 'global':
        index++;
        node = { kind: token.kind };
        break;
      case 'label': {
        index++;
        const operator = peek();
        switch (operator.kind) {
          case 'eq':
          case 'ne':
          case 'contains':
          case 'starts-with':
          case 'ends-with':
            index++;
            node = { kind: operator.kind, label: token.value, value: expectString() };
            break;
          case 'in':
          case 'not-in':
            index++;
            node = { kind: operator.kind, label: token.value, values: parseSet() };
            break;
          default:
            return fail(`expected an operator after label ${JSON.stringify(token.value)}`, operator);
        }
        break;
      }
      case 'lparen': {
        index++;
        node = parseOr();
        if (peek().kind !== 'rparen') fail(`expected ')', found ${describe(peek())}`);
        index++;
        // `!(!x)` is x: collapsing here keeps the canonical form a fixed point (Calico would print `!!x`,
        // which it then reads back as x).
        if (negated && node.kind === 'not') return node.operand;
        break;
      }
      default:
        return fail(`unexpected ${describe(token)}`);
    }
    return negated ? { kind: 'not', operand: node } : node;
  };

  if (peek().kind === 'eof') return { kind: 'all' };
  const root = parseOr();
  if (peek().kind !== 'eof') fail(`unexpected ${describe(peek())} after a complete expression`);
  return root;
}
