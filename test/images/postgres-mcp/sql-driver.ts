/**
 * postgres-mcp v0.3.0's DbConnPool and SqlDriver (sql/sql_driver.py), reproduced for what users see:
 * - pool_connect: an existing valid pool is reused; otherwise a new pool is opened and tested with
 *   `SELECT 1`, and a failure becomes "Connection attempt failed: <psycopg error>" (password hidden).
 *   Any failed query marks the pool invalid, so the next call opens a new pool.
 * - execute_query: unrestricted runs the string in a transaction and commits; restricted opens
 *   `BEGIN TRANSACTION READ ONLY` and rolls back. Only the last statement's rows count; a statement
 *   without a result description gives None ("No results"). Rows are dicts of psycopg's Python values.
 */
import { connect as netConnect } from 'node:net';
import type pg from 'pg';
import { ConnectionPool } from './conn-pool.js';
import { errorText } from './libpq-error.js';
import { log } from './log.js';
import { clientConfig } from './pg-connect.js';
import { loadValue, type Session } from './pg-values.js';
import type { PyDict } from './python-repr.js';

export type Row = PyDict;

/** sql_driver.obfuscate_password: the password of a URL or of password=... in any text. */
export function obfuscatePassword(text: string): string {
  try {
    const url = new URL(text);
    if (url.protocol && url.host && url.password) return text.replace(url.password, '****');
  } catch {
    // not a URL: fall through to the patterns
  }
  return text
    .replace(/(postgres(?:ql)?:\/\/[^:]+:)([^@]+)(@[^/\s]+)/g, '$1****$3')
    .replace(/(password=)([^\s&;"']+)/gi, '$1****')
    .replace(/(password\s*=\s*')([^']+)(')/gi, '$1****$3')
    .replace(/(password\s*=\s*")([^"]+)(")/gi, '$1****$3');
}

export class Database {
  private pool: ConnectionPool | undefined;
  private valid = false;
  private url: string | undefined;
  readonly session: Session = { timeZone: 'UTC' };

  get isValid(): boolean {
    return this.valid && this.pool !== undefined;
  }

  invalidate(): void {
    this.valid = false;
  }

  /** DbConnPool.pool_connect. */
  async poolConnect(url?: string): Promise<ConnectionPool> {
    if (this.pool && this.valid) return this.pool;
    this.url = url ?? this.url;
    if (!this.url) {
      this.valid = false;
      throw new Error('Database connection URL not provided');
    }
    await this.close();
    try {
      let config: pg.ClientConfig;
      try {
        config = clientConfig(this.url, (zone) => (this.session.timeZone = zone));
      } catch {
        config = { host: '', configError: `connection is bad: missing "=" after "${this.url}" in connection info string` } as pg.ClientConfig;
      }
      this.pool = new ConnectionPool(config);
      this.pool.open();
      const client = await this.pool.getconn();
      let broken = false;
      try {
        await client.query('SELECT 1');
      } catch (error) {
        broken = true;
        throw error;
      } finally {
        this.pool.putconn(client, broken);
      }
      this.valid = true;
      return this.pool;
    } catch (error) {
      this.valid = false;
      await this.close();
      throw new Error(`Connection attempt failed: ${obfuscatePassword(error instanceof Error ? error.message : String(error))}`);
    }
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    this.valid = false;
    await pool?.close();
  }
}

/** A PostgreSQL CancelRequest for the query a connection runs (what psycopg sends when cancelled). */
function cancelQuery(client: pg.Client): void {
  const c = client as unknown as { processID?: number; secretKey?: number; host: string; port: number };
  if (c.processID === undefined || c.secretKey === undefined) return;
  const packet = Buffer.alloc(16);
  packet.writeInt32BE(16, 0);
  packet.writeInt32BE(80877102, 4);
  packet.writeInt32BE(c.processID, 8);
  packet.writeInt32BE(c.secretKey, 12);
  const socket = c.host.startsWith('/') ? netConnect(`${c.host}/.s.PGSQL.${c.port}`) : netConnect(c.port, c.host);
  socket.on('error', () => undefined);
  socket.end(packet);
}

/** A statement the server refused, with psycopg's str(e) as message and the SQLSTATE. */
export class QueryError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export interface Deadline {
  /** Called with the running connection when the caller gives up (restricted mode's 30 s timeout). */
  onExpire?: () => void;
  expired: boolean;
}

/** SqlDriver.execute_query: the rows of the last statement, or null when it has no result description. */
export async function executeQuery(db: Database, query: string, readOnly: boolean, deadline?: Deadline): Promise<Row[] | null> {
  let pool: ConnectionPool;
  let client: pg.Client;
  try {
    pool = await db.poolConnect();
    client = await pool.getconn();
  } catch (error) {
    db.invalidate();
    throw error;
  }
  if (deadline) deadline.onExpire = () => cancelQuery(client);
  let inTransaction = false;
  let broken = false;
  try {
    await client.query(readOnly ? 'BEGIN TRANSACTION READ ONLY' : 'BEGIN');
    inTransaction = true;
    let result: pg.QueryResult | pg.QueryResult[];
    try {
      result = await client.query({ text: query, rowMode: 'array' });
    } catch (error) {
      if ((error as { severity?: string }).severity) throw new QueryError(errorText(error as pg.DatabaseError, query), (error as pg.DatabaseError).code);
      broken = true;
      throw error;
    }
    const last: pg.QueryResult = Array.isArray(result) ? result.at(-1)! : result;
    await client.query(readOnly ? 'ROLLBACK' : 'COMMIT');
    inTransaction = false;
    if (last.fields.length === 0 && last.rows.length === 0) return null;
    return (last.rows as Array<Array<string | null>>).map(
      (cells) => new Map(last.fields.map((field, i) => [field.name, loadValue(field.dataTypeID, cells[i] ?? null, db.session)] as const)),
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof QueryError)) broken = true; // the connection itself failed
    if (inTransaction && !broken) {
      if (!readOnly) log('WARNING', `rolling back returned connection: <psycopg.AsyncConnection [INERROR] (host=${String((client as unknown as { host: string }).host)} database=${String((client as unknown as { database: string }).database)}) at 0x7f${Math.floor(Math.random() * 2 ** 36).toString(16)}>`, 'pool_async.py:819');
      await client.query('ROLLBACK').catch(() => (broken = true));
    }
    log('ERROR', `Error executing query (${query}): ${message}`, 'sql_driver.py:271');
    db.invalidate();
    throw error;
  } finally {
    if (deadline) deadline.onExpire = undefined;
    pool.putconn(client, broken);
  }
}

/**
 * Whether PostgreSQL's grammar accepts `sql`, asked without running it: the server parses a whole
 * simple-query string before executing its first statement, and `SELECT 1/0` then fails first.
 * Undefined when no valid pool is at hand (the real check, pglast, needs no database).
 */
export async function grammarAccepts(db: Database, sql: string): Promise<boolean | undefined> {
  if (!db.isValid) return undefined;
  const pool = await db.poolConnect();
  const client = await pool.getconn();
  try {
    await client.query(`SELECT 1/0;\n${sql}`);
    return undefined;
  } catch (error) {
    const code = (error as { code?: string }).code;
    return code === '22012' ? true : code === '42601' ? false : undefined;
  } finally {
    pool.putconn(client, false);
  }
}
