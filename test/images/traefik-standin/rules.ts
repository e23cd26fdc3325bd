/**
 * Traefik's HTTP rule language (v3 syntax; v2 reads the four matchers here the same for one literal
 * argument, but also takes several arguments and `{name:regexp}` path templates, which this refuses or
 * reads literally), parsed the way Traefik parses it: the rule is a Go expression (vulcand/predicate over
 * go/parser), so
 * - operators are `!` (tightest), `&&`, then `||`, with parentheses;
 * - arguments are Go string literals: `backquoted` (raw) or "double-quoted" (Go escapes); single quotes fail;
 * - a matcher is written as in the docs, all lower case, all upper case, or capitalised (`Pathprefix`),
 *   the spellings pkg/rules/parser.go registers.
 * Matchers reproduced (pkg/muxer/http/matcher.go): Host (case-insensitive, against the Host header without
 * its port, a trailing dot on either side ignored), Path, PathPrefix (the path must start with `/`),
 * Method (upper-cased). Traefik's other matchers (Header, HostRegexp, PathRegexp, Query, ClientIP, ...) and
 * the `*` host wildcards of newer versions are refused with an error, so a rule is never half-understood.
 */

/** What the matchers look at, already in Traefik's canonical forms (see router.ts). */
export interface RequestFacts {
  /** Host header, port removed, lower case. */
  host: string;
  method: string;
  /** The request path with non-reserved percent-encodings decoded (Traefik's "routing path"). */
  routingPath: string;
}

export type Matcher = (r: RequestFacts) => boolean;

export class RuleError extends Error {}

type Token = { kind: 'ident' | 'string' | 'op'; text: string; at: number };

const traefikMatchers = ['ClientIP', 'Method', 'Host', 'HostRegexp', 'Path', 'PathRegexp', 'PathPrefix', 'Header', 'HeaderRegexp', 'Query', 'QueryRegexp'];
const reproduced = new Set(['Method', 'Host', 'Path', 'PathPrefix']);

/** Spelling → matcher name, as pkg/rules/parser.go registers them. */
const spellings = new Map<string, string>();
for (const name of traefikMatchers) {
  const lower = name.toLowerCase();
  for (const s of [name, lower, name.toUpperCase(), lower[0]!.toUpperCase() + lower.slice(1)]) spellings.set(s, name);
}

const goEscapes: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"' };

function readDoubleQuoted(src: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"') return { value, end: i + 1 };
    if (c === '\n') break;
    if (c !== '\\') {
      value += c;
      i++;
      continue;
    }
    const e = src[i + 1] ?? '';
    if (e in goEscapes) {
      value += goEscapes[e];
      i += 2;
      continue;
    }
    const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hex && new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(src.slice(i + 2, i + 2 + hex))) {
      value += String.fromCodePoint(parseInt(src.slice(i + 2, i + 2 + hex), 16));
      i += 2 + hex;
      continue;
    }
    if (/^[0-7]{3}$/.test(src.slice(i + 1, i + 4))) {
      value += String.fromCharCode(parseInt(src.slice(i + 1, i + 4), 8));
      i += 4;
      continue;
    }
    throw new RuleError(`unknown escape sequence \\${e} at offset ${i}`);
  }
  throw new RuleError(`string literal not terminated at offset ${start}`);
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (src.startsWith('&&', i) || src.startsWith('||', i)) {
      tokens.push({ kind: 'op', text: src.slice(i, i + 2), at: i });
      i += 2;
    } else if ('()!,'.includes(c)) {
      tokens.push({ kind: 'op', text: c, at: i });
      i++;
    } else if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) throw new RuleError(`raw string literal not terminated at offset ${i}`);
      tokens.push({ kind: 'string', text: src.slice(i + 1, end), at: i });
      i = end + 1;
    } else if (c === '"') {
      const { value, end } = readDoubleQuoted(src, i);
      tokens.push({ kind: 'string', text: value, at: i });
      i = end;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))![0];
      tokens.push({ kind: 'ident', text: m, at: i });
      i += m.length;
    } else {
      // Single quotes end up here too: Go reads 'x' as a rune, which Traefik refuses.
      throw new RuleError(`unexpected ${JSON.stringify(c)} at offset ${i}`);
    }
  }
  return tokens;
}

function isAscii(s: string): boolean {
  return /^[\x00-\x7f]*$/.test(s);
}

function buildMatcher(name: string, args: string[]): Matcher {
  if (!reproduced.has(name)) throw new RuleError(`matcher ${name} is not reproduced by the stand-in`);
  if (args.length !== 1) throw new RuleError(`unexpected number of parameters; got ${args.length}, expected one of [1]`);
  const value = args[0]!;
  if (value === '') throw new RuleError(`empty args for matcher ${name}, [${value}]`);
  switch (name) {
    case 'Method': {
      const method = value.toUpperCase();
      return (r) => r.method === method;
    }
    case 'Host': {
      if (!isAscii(value)) throw new RuleError(`invalid value "${value}" for Host matcher, non-ASCII characters are not allowed`);
      if (value.includes('*')) throw new RuleError(`wildcard host "${value}" is not reproduced by the stand-in`);
      const want = value.toLowerCase();
      const bare = want.endsWith('.') ? want.slice(0, -1) : want;
      return (r) => r.host !== '' && (r.host === want || r.host === bare || (r.host.endsWith('.') && r.host.slice(0, -1) === want));
    }
    case 'Path':
    case 'PathPrefix': {
      if (!value.startsWith('/')) throw new RuleError(`path "${value}" does not start with a '/'`);
      return name === 'Path' ? (r) => r.routingPath === value : (r) => r.routingPath.startsWith(value);
    }
  }
  throw new RuleError(`matcher ${name} is not reproduced by the stand-in`);
}

/** Parses a rule into a matcher; throws RuleError when Traefik would not accept it (or the stand-in cannot follow it). */
export function parseRule(rule: string): Matcher {
  const tokens = tokenize(rule);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const fail = (what: string): never => {
    const t = peek();
    throw new RuleError(t ? `${what}, found ${JSON.stringify(t.text)} at offset ${t.at}` : `${what}, found the end of the rule`);
  };
  const expectOp = (op: string): void => {
    const t = peek();
    if (t?.kind === 'op' && t.text === op) pos++;
    else fail(`expected ${JSON.stringify(op)}`);
  };

  const primary = (): Matcher => {
    const t = peek();
    if (t?.kind === 'op' && t.text === '(') {
      pos++;
      const inner = or();
      expectOp(')');
      return inner;
    }
    if (t?.kind !== 'ident') return fail('expected a matcher');
    pos++;
    const name = spellings.get(t.text);
    if (!name) throw new RuleError(`unsupported function: ${t.text}`);
    expectOp('(');
    const args: string[] = [];
    if (!(peek()?.kind === 'op' && peek()!.text === ')')) {
      for (;;) {
        const a = peek();
        if (a?.kind !== 'string') fail(`expected a string argument to ${t.text}`);
        args.push(a!.text);
        pos++;
        if (peek()?.kind === 'op' && peek()!.text === ',') pos++;
        else break;
        if (peek()?.kind === 'op' && peek()!.text === ')') break; // Go allows a trailing comma
      }
    }
    expectOp(')');
    return buildMatcher(name, args);
  };
  const unary = (): Matcher => {
    const t = peek();
    if (t?.kind === 'op' && t.text === '!') {
      pos++;
      const inner = unary();
      return (r) => !inner(r);
    }
    return primary();
  };
  const and = (): Matcher => {
    let left = unary();
    while (peek()?.kind === 'op' && peek()!.text === '&&') {
      pos++;
      const l = left;
      const right = unary();
      left = (r) => l(r) && right(r);
    }
    return left;
  };
  const or = (): Matcher => {
    let left = and();
    while (peek()?.kind === 'op' && peek()!.text === '||') {
      pos++;
      const l = left;
      const right = and();
      left = (r) => l(r) || right(r);
    }
    return left;
  };

  if (tokens.length === 0) throw new RuleError('empty rule');
  const matcher = or();
  if (pos < tokens.length) fail('expected "&&", "||" or the end of the rule');
  return matcher;
}
