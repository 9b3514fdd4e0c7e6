// Splits a Calico selector into tokens, reproducing libcalico-go's tokenizer (lib/selector/tokenizer) exactly,
// and keeping each token's offset so errors can point at it.

/** Why a selector could not be read, and where (0-based offset into the selector text). */
export class CalicoSelectorError extends Error {
  /** 0-based offset into the selector text. */
  readonly position: number;
  /** 1-based column, for messages. */
  readonly column: number;
  readonly selector: string;
  readonly reason: string;

  constructor(reason: string, selector: string, position: number) {
    super(`invalid Calico selector ${JSON.stringify(selector)}: ${reason} at column ${position + 1}`);
    this.name = 'CalicoSelectorError';
    this.reason = reason;
    this.selector = selector;
    this.position = position;
    this.column = position + 1;
  }
}

/** Token kinds, named after Calico's (TokLabel, TokStringLiteral, …). */
export type TokenKind =
  | 'label'
  | 'string'
  | 'lbrace'
  | 'rbrace'
  | 'comma'
  | 'eq'
  | 'ne'
  | 'in'
  | 'not'
  | 'not-in'
  | 'contains'
  | 'starts-with'
  | 'ends-with'
  | 'all'
  | 'has'
  | 'lparen'
  | 'rparen'
  | 'and'
  | 'or'
  | 'global'
  | 'eof';

/** One token: its kind, its value (label name or string contents) and where it starts in the text. */
export interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  readonly start: number;
}

/** Calico rejects label names longer than this (tokenizer.MaxLabelLength). */
export const MAX_LABEL_LENGTH = 512;

/** Characters allowed in a label name: Calico's identifierChar (`[a-zA-Z0-9_./-]`). */
export function isIdentifierChar(char: string | undefined): boolean {
  return char !== undefined && /^[a-zA-Z0-9_./-]$/.test(char);
}

/** Tokenizes a selector; the last token is always `eof`. Throws CalicoSelectorError. */
export function tokenizeCalicoSelector(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  const fail = (reason: string, at = pos): never => {
    throw new CalicoSelectorError(reason, text, at);
  };
  // Only space and tab are whitespace to Calico: a newline is an unexpected character.
  const skipWhitespace = (from: number): number => {
    let at = from;
    while (text[at] === ' ' || text[at] === '\t') at++;
    return at;
  };
  // A keyword ends where the next character cannot continue an identifier.
  const atWordBoundary = (at: number): boolean => !isIdentifierChar(text[at]);
  // Matches words in sequence with optional whitespace between them ("not in", "notin"); returns the end or -1.
  const matchWords = (from: number, words: readonly string[]): number => {
    let at = from;
    for (const [i, word] of words.entries()) {
      if (!text.startsWith(word, at)) return -1;
      at += word.length;
      if (i < words.length - 1) at = skipWhitespace(at);
    }
    return atWordBoundary(at) ? at : -1;
  };
  const readIdentifier = (from: number): number => {
    let at = from;
    while (isIdentifierChar(text[at])) at++;
    if (at === from) fail('expected a label name', from);
    if (at - from > MAX_LABEL_LENGTH) fail(`label name longer than ${MAX_LABEL_LENGTH} characters`, from);
    return at;
  };
  const push = (kind: TokenKind, start: number, end: number, value = ''): void => {
    tokens.push({ kind, value, start });
    pos = end;
  };

  for (;;) {
    pos = skipWhitespace(pos);
    if (pos >= text.length) {
      tokens.push({ kind: 'eof', value: '', start: text.length });
      return tokens;
    }
    const start = pos;
    const char = text[pos];
    const lastKind = tokens.at(-1)?.kind;
    switch (char) {
      case '(':
        push('lparen', start, pos + 1);
        break;
      case ')':
        push('rparen', start, pos + 1);
        break;
      case '"':
      case "'": {
        // No escapes: a string runs to the next quote of the same kind, so a value cannot hold both kinds.
        const close = text.indexOf(char, pos + 1);
        if (close === -1) fail('unterminated string', start);
        push('string', start, close + 1, text.slice(pos + 1, close));
        break;
      }
      case '{':
        push('lbrace', start, pos + 1);
        break;
      case '}':
        push('rbrace', start, pos + 1);
        break;
      case ',':
        push('comma', start, pos + 1);
        break;
      case '=':
        if (text[pos + 1] !== '=') fail('expected ==');
        push('eq', start, pos + 2);
        break;
      case '!':
        if (text[pos + 1] === '=') push('ne', start, pos + 2);
        else push('not', start, pos + 1);
        break;
      case '&':
        if (text[pos + 1] !== '&') fail('expected &&');
        push('and', start, pos + 2);
        break;
      case '|':
        if (text[pos + 1] !== '|') fail('expected ||');
        push('or', start, pos + 2);
        break;
      default: {
        if (lastKind === 'label') {
          // After a label only a word operator may follow (the symbol operators were handled above).
          const operators: ReadonlyArray<[TokenKind, readonly string[]]> = [
            ['contains', ['contains']],
            ['starts-with', ['starts', 'with']],
            ['ends-with', ['ends', 'with']],
            ['not-in', ['not', 'in']],
            ['in', ['in']],
          ];
          const found = operators
            .map(([kind, words]) => [kind, matchWords(pos, words)] as const)
            .find(([, end]) => end >= 0);
          if (!found) fail(`expected an operator after label ${JSON.stringify(tokens.at(-1)?.value)}`);
          else push(found[0], start, found[1]);
          break;
        }
        const call = (['has', 'all', 'global'] as const).find((name) => text.startsWith(`${name}(`, pos));
        if (call === 'has') {
          const nameStart = skipWhitespace(pos + 'has('.length);
          const nameEnd = readIdentifier(nameStart);
          const close = skipWhitespace(nameEnd);
          if (text[close] !== ')') fail("expected ')' to close has(", close);
          push('has', start, close + 1, text.slice(nameStart, nameEnd));
        } else if (call) {
          const close = skipWhitespace(pos + call.length + 1);
          if (text[close] !== ')') fail(`expected ')' to close ${call}(`, close);
          push(call, start, close + 1);
        } else {
          const end = readIdentifier(pos);
          push('label', start, end, text.slice(pos, end));
        }
      }
    }
  }
}
