/**
 * A PostgreSQL lexer (after the rules of the server's scan.l) that splits a query string into
 * statements of tokens. postgres-mcp's restricted mode parses with pglast (PostgreSQL's own parser);
 * this image has no SQL parser package, so safe-sql.ts checks the statements at token level.
 */

export type TokenKind = 'word' | 'qident' | 'string' | 'number' | 'param' | 'op' | 'punct';

export interface Token {
  kind: TokenKind;
  /** Words are lower-cased; quoted identifiers and strings hold their unquoted value. */
  value: string;
  /** For strings: '' plain, 'e' escape, 'b'/'x' bit, 'n' national, 'u&' unicode, '$' dollar-quoted. */
  prefix?: string;
}

export class SqlSyntaxError extends Error {}

const opChars = '+-*/<>=~!@#%^&|`?';
const isIdentStart = (c: string) => /[A-Za-z_\u0080-\uffff]/.test(c);
const isIdentChar = (c: string) => /[A-Za-z0-9_$\u0080-\uffff]/.test(c);

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const quoted = (quote: string, backslashEscapes: boolean): string => {
    let value = '';
    i++;
    for (;;) {
      if (i >= sql.length) throw new SqlSyntaxError(quote === '"' ? 'unterminated quoted identifier' : 'unterminated quoted string');
      const c = sql[i]!;
      if (backslashEscapes && c === '\\') {
        value += sql[i + 1] ?? '';
        i += 2;
      } else if (c === quote && sql[i + 1] === quote) {
        value += quote;
        i += 2;
      } else if (c === quote) {
        i++;
        return value;
      } else {
        value += c;
        i++;
      }
    }
  };
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1] ?? '';
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && next === '-') {
      while (i < sql.length && sql[i] !== '\n' && sql[i] !== '\r') i++;
    } else if (c === '/' && next === '*') {
      let depth = 0;
      do {
        if (i >= sql.length) throw new SqlSyntaxError('unterminated /* comment');
        if (sql.startsWith('/*', i)) (depth++, (i += 2));
        else if (sql.startsWith('*/', i)) (depth--, (i += 2));
        else i++;
      } while (depth > 0);
    } else if (c === "'") {
      tokens.push({ kind: 'string', value: quoted("'", false), prefix: '' });
    } else if (c === '"') {
      tokens.push({ kind: 'qident', value: quoted('"', false) });
    } else if (/[eEbBxXnN]/.test(c) && next === "'") {
      i++;
      tokens.push({ kind: 'string', value: quoted("'", /[eE]/.test(c)), prefix: c.toLowerCase() });
    } else if (/[uU]/.test(c) && next === '&' && (sql[i + 2] === "'" || sql[i + 2] === '"')) {
      i += 2;
      if (sql[i] === "'") tokens.push({ kind: 'string', value: quoted("'", false), prefix: 'u&' });
      else tokens.push({ kind: 'qident', value: quoted('"', false) });
    } else if (c === '$' && /\d/.test(next)) {
      let j = i + 1;
      while (/\d/.test(sql[j] ?? '')) j++;
      tokens.push({ kind: 'param', value: sql.slice(i, j) });
      i = j;
    } else if (c === '$' && /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.test(sql.slice(i))) {
      const tag = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(sql.slice(i))![0];
      const end = sql.indexOf(tag, i + tag.length);
      if (end < 0) throw new SqlSyntaxError('unterminated dollar-quoted string');
      tokens.push({ kind: 'string', value: sql.slice(i + tag.length, end), prefix: '$' });
      i = end + tag.length;
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (j < sql.length && isIdentChar(sql[j]!)) j++;
      tokens.push({ kind: 'word', value: sql.slice(i, j).toLowerCase() });
      i = j;
    } else if (/\d/.test(c) || (c === '.' && /\d/.test(next))) {
      const m = /^(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(\d[\d_]*)?(\.\d[\d_]*|\.)?([eE][+-]?\d+)?)/.exec(sql.slice(i))!;
      tokens.push({ kind: 'number', value: m[0] });
      i += Math.max(m[0].length, 1);
    } else if (c === ':' && next === ':') {
      tokens.push({ kind: 'punct', value: '::' });
      i += 2;
    } else if (c === ':' && next === '=') {
      tokens.push({ kind: 'op', value: ':=' });
      i += 2;
    } else if ('()[],;.:'.includes(c)) {
      tokens.push({ kind: 'punct', value: c });
      i++;
    } else if (opChars.includes(c)) {
      let j = i;
      while (j < sql.length && opChars.includes(sql[j]!) && !sql.startsWith('--', j) && !sql.startsWith('/*', j)) j++;
      let op = sql.slice(i, j);
      // A multi-character operator cannot end in + or - unless it holds one of ~ ! @ # % ^ & | ` ?
      if (op.length > 1 && /[+-]$/.test(op) && !/[~!@#%^&|`?]/.test(op)) op = op.replace(/[+-]+$/, '') || op[0]!;
      tokens.push({ kind: 'op', value: op });
      i += op.length;
    } else {
      throw new SqlSyntaxError(`syntax error at or near "${c}"`);
    }
  }
  return tokens;
}

/** The statements of a query string (empty ones, as `;;`, are dropped as the parser drops them). */
export function splitStatements(tokens: Token[]): Token[][] {
  const statements: Token[][] = [[]];
  for (const t of tokens) {
    if (t.kind === 'punct' && t.value === ';') statements.push([]);
    else statements[statements.length - 1]!.push(t);
  }
  return statements.filter((s) => s.length > 0);
}
