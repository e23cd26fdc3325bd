/**
 * The database as LiteLLM 1.77.3 meets it, through Prisma, against a real PostgreSQL server:
 * - at start the CLI runs `prisma migrate deploy`, which here creates the virtual-key tables (keys-schema.ts);
 *   a failure is logged with Prisma's CLI text (`Error: P1001: Can't reach database server at ...`) and the
 *   start goes on;
 * - the start-up event then connects and runs a health check (`SELECT 1`); if that fails, the start fails
 *   (LiteLLM PR #6627 added this check; issue #14741 shows the 1.77-era failure: "Not connected to the
 *   query engine", then "Application startup failed.");
 * - `/health/readiness` re-checks at most every 2 minutes (LiteLLM's db_health_cache), on the pool's
 *   connections: a password changed after the start does not show until the connections are renewed.
 */
import pg from 'pg';
import { PrismaError, parseDatabaseUrl, type DatabaseTarget } from './database-url.js';
import { applyKeySchema } from './keys-schema.js';

/**
 * Prisma hands BIGINT columns (rpm_limit, tpm_limit) back as Python ints and stores DateTime as UTC in
 * TIMESTAMP(3) columns; node-pg would give strings and local times, so the stand-in reads them that way.
 */
const prismaTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (v: string) => Number(v);
    if (oid === 1114) return (v: string) => new Date(`${v.replace(' ', 'T')}Z`);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

function where(t: DatabaseTarget): string {
  return `\`${t.host}\`:\`${t.port}\``;
}

/** A pg error in Prisma's words (its user-facing messages for P1000, P1001, P1003). */
export function prismaErrorOf(error: unknown, t: DatabaseTarget): PrismaError {
  const e = error as NodeJS.ErrnoException & { code?: string };
  if (e.code === '28P01' || e.code === '28000') {
    return new PrismaError('P1000', `Authentication failed against database server at \`${t.host}\`, the provided database credentials for \`${t.user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at \`${t.host}\`.`);
  }
  if (e.code === '3D000') return new PrismaError('P1003', `Database \`${t.database}\` does not exist on the database server at \`${t.host}:${t.port}\`.`);
  return new PrismaError('P1001', `Can't reach database server at ${where(t)}\n\nPlease make sure your database server is running at ${where(t)}.`);
}

/** The migration: connect, then create the key tables (keys-schema.ts). */
async function migrate(t: DatabaseTarget): Promise<void> {
  const client = new pg.Client({ ...t, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    await applyKeySchema(client);
  } catch (error) {
    throw prismaErrorOf(error, t);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * `prisma migrate deploy` at start: undefined when it worked, else the record LiteLLM's migration helper
 * logs (`prisma db error: {stderr}, e: {stdout}`, the shape seen in LiteLLM issue #38070).
 */
export async function migrateDeploy(url: string): Promise<string | undefined> {
  let target: DatabaseTarget;
  try {
    target = parseDatabaseUrl(url);
  } catch (error) {
    const e = error as PrismaError;
    return `prisma db error: ${e.cliLine}\n, e: Prisma schema loaded from schema.prisma\n`;
  }
  try {
    await migrate(target);
    return undefined;
  } catch (error) {
    const e = error as PrismaError;
    const datasource = `Datasource "client": PostgreSQL database "${target.database}", schema "public" at "${target.host}:${target.port}"`;
    return `prisma db error: ${e.cliLine}\n, e: Prisma schema loaded from schema.prisma\n${datasource}\n\n`;
  }
}

export interface Database {
  /** LiteLLM's health check: `SELECT 1` through the pool; throws a PrismaError. */
  healthCheck(): Promise<void>;
  /** /health/readiness: the cached verdict, renewed when older than 2 minutes. */
  readiness(): Promise<{ status: 'connected'; last_updated: string }>;
  /** A query through the pool (virtual keys, keys-table.ts). */
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

const cacheMs = 2 * 60_000;

/** The start-up connection; throws (the start fails) when the health check does. */
export async function connectDatabase(url: string): Promise<Database> {
  const target = parseDatabaseUrl(url);
  // Prisma's pool: database_connection_pool_limit defaults to 10 (FACTS.md); connections are kept.
  const pool = new pg.Pool({ ...target, max: 10, idleTimeoutMillis: 0, connectionTimeoutMillis: 5000, types: prismaTypes });
  pool.on('error', () => undefined);
  let cached: { status: 'connected'; last_updated: string; at: number } | undefined;
  const db: Database = {
    async healthCheck() {
      try {
        await pool.query('SELECT 1');
      } catch (error) {
        throw prismaErrorOf(error, target);
      }
    },
    async readiness() {
      if (cached && Date.now() - cached.at < cacheMs) return { status: cached.status, last_updated: cached.last_updated };
      await db.healthCheck();
      const now = new Date();
      cached = { status: 'connected', last_updated: `${now.toISOString().slice(0, 23)}000`, at: now.getTime() };
      return { status: cached.status, last_updated: cached.last_updated };
    },
    query: async <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => (await pool.query<R>(text, values)).rows,
    close: () => pool.end().catch(() => undefined),
  };
  await db.healthCheck();
  return db;
}
