/**
 * A person's DATABASE_URL read the way they meant it, not the way a URL parser reads it: the last `@`
 * ends the credentials and the first `:` in them ends the user, so a raw `/`, `?` or `#` in a password
 * (which Prisma trips on, P1013) still gives back the password they set on the role. Percent-encoding is
 * undone only where the credentials hold no raw reserved character: an encoded URL is what worked.
 */
export interface DatabaseLogin {
  user: string;
  password: string;
  host: string;
  port: number;
  database: string;
}

const rawReserved = /[/?#]/;

function decoded(value: string, raw: boolean): string {
  if (raw) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // a lone `%` is a character of the password, not an escape
  }
}

export function readDatabaseLogin(url: string): DatabaseLogin | undefined {
  const m = /^postgres(?:ql)?:\/\/(.*)$/s.exec(url.trim());
  if (!m) return undefined;
  const rest = m[1]!;
  const at = rest.lastIndexOf('@');
  const credentials = at >= 0 ? rest.slice(0, at) : '';
  const colon = credentials.indexOf(':');
  const raw = rawReserved.test(credentials);
  // A host is a name, an IPv4 address or a bracketed IPv6 one (`[::1]`), whose colons are not a port's.
  const address = /^(\[[^\]]*\]|[^/:?#]*)(?::(\d*))?(?:\/([^?#]*))?/.exec(at >= 0 ? rest.slice(at + 1) : rest)!;
  const host = address[1] ?? '';
  if (!host) return undefined;
  const user = decoded(colon >= 0 ? credentials.slice(0, colon) : credentials, raw);
  return {
    user,
    password: decoded(colon >= 0 ? credentials.slice(colon + 1) : '', raw),
    host,
    port: address[2] ? Number(address[2]) : 5432,
    // PostgreSQL's default database is the user's own name.
    database: decoded(address[3] || user, false),
  };
}
