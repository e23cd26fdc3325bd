/**
 * DATABASE_URL as Prisma (LiteLLM's database client) reads it. Prisma's engines parse the URL with the
 * Rust `url` crate (WHATWG rules) and quaint then percent-decodes the user and password. Read in their
 * source (servo/rust-url `Parser::parse_userinfo`, `check_url_code_point`; percent_encoding
 * `after_percent_sign`; quaint `PostgresUrl::username`/`password`):
 * - the authority ends at the FIRST `/`, `?` or `#`: a raw one in the password cuts the URL there, the
 *   rest of the password becomes the "port", and Prisma fails with P1013 "invalid port number in database
 *   URL" (FACTS.md, "DATABASE_URL and passwords");
 * - user info ends at the LAST `@` before that point and the user ends at the FIRST `:`: a raw `@` or `:`
 *   in the PASSWORD is taken into the password and the host is still right (this corrects FACTS.md, which
 *   says "a raw `@` or `:` misplaces the host"); a raw `:` in the USER name splits it wrongly;
 * - `%` plus two hex digits is decoded (a raw `%41` in a password reaches PostgreSQL as `A`, so the login
 *   fails); a `%` not followed by two hex digits is only a syntax violation the parser logs and the
 *   decoder passes through unchanged, so it reaches PostgreSQL as written.
 * LiteLLM's own CLI rewrites only the query part first (its append_query_params), never the authority.
 */

export class PrismaError extends Error {
  constructor(readonly code: string, readonly detail: string) {
    super(detail);
  }
  /** How Prisma's CLI prints it: `Error: P1013: The provided database string is invalid. ...` */
  get cliLine(): string {
    return `Error: ${this.code}: ${this.detail}`;
  }
}

export interface DatabaseTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

const docs = 'Please refer to the documentation in https://www.prisma.io/docs/reference/database-reference/connection-urls for constructing a correct connection string. In some cases, certain characters must be escaped. Please check the string for any illegal characters.';

/** rust-url's ParseError texts, as Prisma wraps them into P1013. */
function invalid(reason: string): PrismaError {
  return new PrismaError('P1013', `The provided database string is invalid. ${reason} in database URL. ${docs}`);
}

/** WHATWG "forbidden host code points" for an opaque host (postgresql is not a special scheme). */
const forbiddenHost = /[\u0000\t\n\r #/:<>?@[\\\]^|]/;

/** percent_encoding's decoder: `%XX` decoded, anything else left as it is; invalid UTF-8 keeps the raw text. */
export function lenientPercentDecode(s: string): string {
  const bytes: number[] = [];
  const raw = Buffer.from(s, 'utf8');
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    const hex = raw.subarray(i + 1, i + 3).toString('latin1');
    if (b === 0x25 && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(b);
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    return s;
  }
}

export function parseDatabaseUrl(url: string): DatabaseTarget {
  const scheme = /^(postgresql|postgres):\/\//i.exec(url);
  if (!scheme) {
    // Prisma's schema validation, before any connection: the datasource provider is postgresql.
    throw new PrismaError('P1012', 'error: Error validating datasource `client`: the URL must start with the protocol `postgresql://` or `postgres://`.');
  }
  const rest = url.slice(scheme[0].length);
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const afterAuthority = end < 0 ? '' : rest.slice(end);
  const at = authority.lastIndexOf('@');
  const userinfo = at < 0 ? '' : authority.slice(0, at);
  const hostPort = at < 0 ? authority : authority.slice(at + 1);
  if (at >= 0 && hostPort === '') throw invalid('empty host');

  let host: string;
  let portText: string;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close < 0) throw invalid('invalid IPv6 address');
    host = hostPort.slice(0, close + 1);
    const tail = hostPort.slice(close + 1);
    if (tail !== '' && !tail.startsWith(':')) throw invalid('invalid port number');
    portText = tail.slice(1);
  } else {
    const colon = hostPort.indexOf(':');
    host = colon < 0 ? hostPort : hostPort.slice(0, colon);
    portText = colon < 0 ? '' : hostPort.slice(colon + 1);
    if (forbiddenHost.test(host)) throw invalid('invalid domain character');
  }
  if (portText !== '' && (!/^\d+$/.test(portText) || Number(portText) > 65535)) throw invalid('invalid port number');

  const colon = userinfo.indexOf(':');
  const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
  const password = colon < 0 ? '' : userinfo.slice(colon + 1);
  // quaint: the database is the path's first segment, "postgres" when there is none.
  const path = /^\/([^/?#]*)/.exec(afterAuthority);
  return {
    host: host || 'localhost',
    port: portText === '' ? 5432 : Number(portText),
    user: lenientPercentDecode(user),
    password: lenientPercentDecode(password),
    database: path?.[1] || 'postgres',
  };
}
