/**
 * PostgreSQL through pg: databases, roles and grants. Identifiers are always quoted; passwords are sent
 * as SCRAM verifiers computed here, so the plain password never appears in SQL or a server log.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import pg from 'pg';
import { TaskFailure, errorMessage } from '../core/errors.js';

export interface PgTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802/7677). */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest();
  const storedKey = createHash('sha256').update(hmac(salted, 'Client Key')).digest();
  const serverKey = hmac(salted, 'Server Key');
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

export function describeTarget(t: Pick<PgTarget, 'host' | 'port' | 'user' | 'database'>): string {
  return `${t.user}@${t.host}:${t.port}/${t.database}`;
}

/** Turns pg's errors into what a person can act on. */
export function pgFailure(error: unknown, target: PgTarget): TaskFailure {
  const code = (error as { code?: string }).code;
  const where = describeTarget(target);
  switch (code) {
    case '28P01':
    case '28000':
      return new TaskFailure(`PostgreSQL refused the password for ${where}.`, `Check the password for role "${target.user}" (PGPASSWORD or LITELLM_MCP_DB_ADMIN_PASSWORD for the admin).`, 'authentication failed');
    case '3D000':
      return new TaskFailure(`Database "${target.database}" does not exist on ${target.host}:${target.port}.`, `Create it, or choose an existing database.`);
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new TaskFailure(`Cannot reach PostgreSQL at ${target.host}:${target.port} (${code}).`, 'Check that the server runs and that this host can reach it (host, port, firewall, Docker network).');
    default:
      // pg's own connect deadline ("timeout expired", "Connection terminated due to connection timeout"),
      // never a server-side "statement timeout", which proves the server was reached.
      if (/timeout expired|connection timeout/i.test(errorMessage(error))) {
        return new TaskFailure(`Cannot reach PostgreSQL at ${target.host}:${target.port} (timed out).`, 'Check that the server runs and that this host can reach it (host, port, firewall, Docker network).');
      }
      return new TaskFailure(`PostgreSQL error on ${where}: ${errorMessage(error)}`, 'Check the PostgreSQL server log for details.');
  }
}

export async function connect(target: PgTarget, timeoutMs = 5000): Promise<pg.Client> {
  const client = new pg.Client({ ...target, connectionTimeoutMillis: timeoutMs, application_name: 'litellm-mcp' });
  // A dropped connection must not crash the process; the next query reports it.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw pgFailure(error, target);
  }
}

export async function withClient<T>(target: PgTarget, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(target);
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Can this role log in with this password? Other failures are real failures. */
export async function canLogin(target: PgTarget): Promise<boolean> {
  try {
    await withClient(target, async () => undefined);
    return true;
  } catch (error) {
    if (error instanceof TaskFailure && error.cause_ === 'authentication failed') return false;
    throw error;
  }
}

export async function serverVersion(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  return Number(rows[0]?.v ?? 0);
}

export interface RoleInfo {
  login: boolean;
  superuser: boolean;
  createdb: boolean;
  createrole: boolean;
}

export async function role(client: pg.Client, name: string): Promise<RoleInfo | undefined> {
  const { rows } = await client.query<{ rolcanlogin: boolean; rolsuper: boolean; rolcreatedb: boolean; rolcreaterole: boolean }>(
    'SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = $1',
    [name],
  );
  const row = rows[0];
  return row && { login: row.rolcanlogin, superuser: row.rolsuper, createdb: row.rolcreatedb, createrole: row.rolcreaterole };
}

export async function createLoginRole(client: pg.Client, name: string, password: string): Promise<void> {
  await client.query(`CREATE ROLE ${quoteIdent(name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${quoteLiteral(scramVerifier(password))}`);
}

export async function setRolePassword(client: pg.Client, name: string, password: string): Promise<void> {
  await client.query(`ALTER ROLE ${quoteIdent(name)} WITH LOGIN PASSWORD ${quoteLiteral(scramVerifier(password))}`);
}

export async function databaseOwner(client: pg.Client, name: string): Promise<string | undefined> {
  const { rows } = await client.query<{ owner: string }>(
    'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1',
    [name],
  );
  return rows[0]?.owner;
}

export async function createDatabase(client: pg.Client, name: string, owner: string): Promise<void> {
  await client.query(`CREATE DATABASE ${quoteIdent(name)} OWNER ${quoteIdent(owner)}`);
}

/**
 * Removes every table of this name, in any schema, and says which existed: the effect of a write probe,
 * seen through our own connection rather than through what the probed server said.
 */
export async function dropTablesNamed(client: pg.Client, name: string): Promise<string[]> {
  const { rows } = await client.query<{ schema: string }>(
    `SELECT n.nspname AS schema FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relname = $1 AND c.relkind IN ('r', 'p') AND n.nspname NOT LIKE 'pg\\_temp\\_%'`,
    [name],
  );
  for (const { schema } of rows) await client.query(`DROP TABLE IF EXISTS ${quoteIdent(schema)}.${quoteIdent(name)}`);
  return rows.map((r) => `${r.schema}.${name}`);
}
