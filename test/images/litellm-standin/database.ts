/**
 * The database as LiteLLM's Prisma client meets it: the URL is parsed strictly (a raw `/`, `?` or `#` in
 * the password ends the authority early and fails with P1013 "invalid port number in database URL"; a
 * raw `@` or `:` misplaces the host), then a real connection is made with the decoded credentials.
 */
import pg from 'pg';

export class PrismaError extends Error {
  constructor(readonly code: string, message: string) {
    super(`${code}: ${message}`);
  }
}

export function parseDatabaseUrl(url: string): pg.ClientConfig {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PrismaError('P1013', 'The provided database string is invalid. invalid port number in database URL. Please refer to the documentation in https://www.prisma.io/docs/reference/database-reference/connection-urls for constructing a correct connection string. In some cases, certain characters must be escaped. Please check the string for any illegal characters.');
  }
  if (!['postgresql:', 'postgres:'].includes(parsed.protocol)) {
    throw new PrismaError('P1013', `The provided database string is invalid. The scheme is not recognized in database URL.`);
  }
  if (parsed.port !== '' && !/^\d+$/.test(parsed.port)) throw new PrismaError('P1013', 'The provided database string is invalid. invalid port number in database URL.');
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new PrismaError('P1013', 'The provided database string is invalid. invalid percent-encoding in database URL.');
    }
  };
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decode(parsed.username),
    password: decode(parsed.password),
    database: decode(parsed.pathname.replace(/^\//, '')) || undefined,
    connectionTimeoutMillis: 5000,
  };
}

/** Connects and runs `SELECT 1`, turning failures into Prisma's error codes and words. */
export async function checkDatabase(config: pg.ClientConfig): Promise<void> {
  const client = new pg.Client(config);
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { code?: string };
    const where = `\`${config.host}\`:\`${config.port}\``;
    if (e.code === '28P01' || e.code === '28000') {
      throw new PrismaError('P1000', `Authentication failed against database server at \`${config.host}\`, the provided database credentials for \`${config.user}\` are not valid.`);
    }
    if (e.code === '3D000') throw new PrismaError('P1003', `Database \`${config.database}\` does not exist on the database server at ${where}.`);
    throw new PrismaError('P1001', `Can't reach database server at ${where} Please make sure your database server is running at ${where}. (${e.code ?? e.message})`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
