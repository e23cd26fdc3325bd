/** Phase A's database tasks against a real PostgreSQL server. */
import { execa } from 'execa';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { TaskFailure } from '../../src/core/errors.js';
import { createLoginRole, withClient, type PgTarget } from '../../src/infra/postgres.js';
import { litellmDatabaseTask } from '../../src/phases/a/litellm-database.js';
import { mcpRoleTask } from '../../src/phases/a/mcp-role.js';
import { databaseUrl } from '../../src/render/database-url.js';
import { sharedDbContext } from '../support/context.js';

const server = inject('pg');
const admin = (database = 'postgres'): PgTarget => ({ host: server.host, port: server.port, user: server.user, password: server.password, database });
const sql = <T extends pg.QueryResultRow>(text: string, params: unknown[] = [], database = 'postgres') =>
  withClient(admin(database), async (c) => (await c.query<T>(text, params)).rows);
let serial = 0;
const unique = (base: string) => `${base}_${process.pid}_${++serial}`;

async function expectFailure(work: Promise<unknown>, pattern: RegExp): Promise<TaskFailure> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TaskFailure);
  expect((error as TaskFailure).message).toMatch(pattern);
  return error as TaskFailure;
}

describe('LiteLLM database and role', () => {
  it('creates them once, then verifies them without creating anything twice', async () => {
    const ctx = sharedDbContext({ dbName: unique('litellm_db'), dbUser: unique('litellm_user') });
    expect((await litellmDatabaseTask.check(ctx)).status).toBe('change');
    expect((await litellmDatabaseTask.apply(ctx)).status).toBe('changed');
    const again = await litellmDatabaseTask.check(ctx);
    expect(again.status).toBe('ok');
    expect(again.message).toMatch(/password verified by login/);
    const [row] = await sql<{ roles: number; dbs: number; owner: string }>(
      `SELECT (SELECT count(*)::int FROM pg_roles WHERE rolname = $1) AS roles,
              (SELECT count(*)::int FROM pg_database WHERE datname = $2) AS dbs,
              (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = $2) AS owner`,
      [ctx.answers.dbUser, ctx.answers.dbName],
    );
    expect(row).toEqual({ roles: 1, dbs: 1, owner: ctx.answers.dbUser });
  });

  it('stops when the role exists with another password, and --reset-db-password fixes it', async () => {
    const names = { dbName: unique('litellm_db'), dbUser: unique('litellm_user') };
    await withClient(admin(), (c) => createLoginRole(c, names.dbUser, 'someone-elses-password'));
    const ctx = sharedDbContext(names);
    const failure = await expectFailure(litellmDatabaseTask.check(ctx), /already exists with a password other than/);
    expect(failure.fix).toMatch(/--reset-db-password/);
    const resetting = sharedDbContext(names, { resetDbPassword: true });
    resetting.secrets = ctx.secrets;
    await litellmDatabaseTask.apply(resetting);
    expect((await litellmDatabaseTask.check(ctx)).status).toBe('ok');
  });

  it('explains a wrong admin password and an unreachable server', async () => {
    const wrong = sharedDbContext({ dbUser: unique('u') }, { adminPassword: 'not-the-password' });
    const f1 = await expectFailure(litellmDatabaseTask.check(wrong), /refused the password for postgres@/);
    expect(f1.fix).toMatch(/PGPASSWORD or LITELLM_MCP_DB_ADMIN_PASSWORD/);
    const gone = sharedDbContext({ dbUser: unique('u') }, { adminPort: 1 });
    const f2 = await expectFailure(litellmDatabaseTask.check(gone), /Cannot reach PostgreSQL at 127\.0\.0\.1:1/);
    expect(f2.fix).toMatch(/server runs/);
  });
});

describe('passwords and identifiers', () => {
  it('logs in through the generated URL with a password of every special character', async () => {
    const role = unique('special');
    const password = `a/b?c#d@e:f%g]h[i'j"k\\l m$n&o=p+q~r\`s!t^u{v}w|x;y<z>,.ü✓`;
    await withClient(admin(), (c) => createLoginRole(c, role, password));
    const url = databaseUrl({ user: role, password, host: server.bridgeHost, port: 5432, database: 'postgres' });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ me: string }>('SELECT current_user AS me');
    await client.end();
    expect(rows[0]?.me).toBe(role);
  });

  it('quotes identifiers: a hostile role name is created as exactly that name, nothing else runs', async () => {
    const hostile = `evil"; CREATE ROLE pwned_${process.pid}; --`;
    await withClient(admin(), (c) => createLoginRole(c, hostile, 'pw-123456789'));
    const rows = await sql<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname IN ($1, $2)', [hostile, `pwned_${process.pid}`]);
    expect(rows.map((r) => r.rolname)).toEqual([hostile]);
  });

  it('never sends the plain password: the statement the server logs carries only a SCRAM verifier', async () => {
    const role = unique('scram');
    const password = `plain-${role}-Pw9`;
    const since = new Date(Date.now() - 1000).toISOString();
    // log_statement for this session only: the server then writes every statement it receives to its log.
    await withClient(admin(), async (c) => {
      await c.query("SET log_statement = 'all'");
      await createLoginRole(c, role, password);
    });
    const logged = await logSince(since, role);
    expect(logged).toMatch(new RegExp(`CREATE ROLE "${role}" LOGIN .*PASSWORD 'SCRAM-SHA-256\\$4096:`));
    expect(logged).not.toContain(password);
    const [row] = await sql<{ p: string }>('SELECT rolpassword AS p FROM pg_authid WHERE rolname = $1', [role]);
    expect(row?.p).toMatch(/^SCRAM-SHA-256\$4096:/);
  });
});

/** The test server's log lines (docker logs) since a moment that mention a word. */
async function logSince(since: string, word: string): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const { stdout, stderr } = await execa('docker', ['logs', '--since', since, server.container]);
    const lines = `${stdout}\n${stderr}`.split('\n').filter((l) => l.includes(word));
    if (lines.length) return lines.join('\n');
    await new Promise((r) => setTimeout(r, 100));
  }
  return '';
}

describe('MCP read-only role', () => {
  it('can read every table, today and future, and cannot write or create', async () => {
    const db = unique('appdb');
    const role = unique('mcp_ro');
    await sql(`CREATE DATABASE ${db}`);
    await sql('CREATE SCHEMA sales; CREATE TABLE public.items (id int); INSERT INTO public.items VALUES (1), (2); CREATE TABLE sales.orders (id int)', [], db);
    const ctx = sharedDbContext({ mcpDatabase: db, mcpRole: role });
    expect((await mcpRoleTask.check(ctx)).message).toMatch(/create role/);
    expect(['changed', 'warning']).toContain((await mcpRoleTask.apply(ctx)).status);
    expect((await mcpRoleTask.check(ctx)).status).toBe('ok');

    await sql('CREATE TABLE sales.later (id int)', [], db); // created after the grants
    const ro = new pg.Client({ ...admin(db), user: role, password: ctx.secrets!.mcpDbPassword });
    await ro.connect();
    try {
      expect((await ro.query('SELECT count(*)::int AS n FROM public.items')).rows[0]).toEqual({ n: 2 });
      await ro.query('SELECT * FROM sales.orders');
      await ro.query('SELECT * FROM sales.later');
      await expect(ro.query('INSERT INTO public.items VALUES (3)')).rejects.toThrow(/read-only transaction|permission denied/);
      await expect(ro.query('CREATE TABLE public.mine (id int)')).rejects.toThrow(/read-only transaction|permission denied/);
      // Even a client that asks for a writable transaction has no privilege to write.
      await ro.query('BEGIN READ WRITE');
      await expect(ro.query('INSERT INTO public.items VALUES (3)')).rejects.toThrow(/permission denied/);
      await ro.query('ROLLBACK');
      await ro.query('BEGIN READ WRITE');
      await expect(ro.query('CREATE TABLE public.mine (id int)')).rejects.toThrow(/permission denied/);
      await ro.query('ROLLBACK');
    } finally {
      await ro.end();
    }
    const [attrs] = await sql<{ rolsuper: boolean; rolcreatedb: boolean; rolcreaterole: boolean; stats: boolean }>(
      "SELECT rolsuper, rolcreatedb, rolcreaterole, pg_has_role(rolname, 'pg_read_all_stats', 'MEMBER') AS stats FROM pg_roles WHERE rolname = $1",
      [role],
    );
    expect(attrs).toEqual({ rolsuper: false, rolcreatedb: false, rolcreaterole: false, stats: true });
  });

  it('notices a grant that went missing and restores it', async () => {
    const db = unique('appdb');
    const role = unique('mcp_ro');
    await sql(`CREATE DATABASE ${db}`);
    await sql('CREATE TABLE t (id int)', [], db);
    const ctx = sharedDbContext({ mcpDatabase: db, mcpRole: role });
    await mcpRoleTask.apply(ctx);
    await sql(`REVOKE SELECT ON t FROM ${role}`, [], db);
    await sql(`GRANT CREATE ON SCHEMA public TO ${role}`, [], db);
    const check = await mcpRoleTask.check(ctx);
    expect(check.status).toBe('change');
    expect(check.message).toMatch(/grant SELECT on 1 table/);
    expect(check.message).toMatch(/revoke CREATE on public/);
    await mcpRoleTask.apply(ctx);
    expect((await mcpRoleTask.check(ctx)).status).toBe('ok');
    const [can] = await sql<{ ok: boolean }>(`SELECT has_schema_privilege($1, 'public', 'CREATE') AS ok`, [role], db);
    expect(can?.ok).toBe(false);
  });
});
