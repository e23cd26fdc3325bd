/**
 * The MCP server's read-only role, least privilege for postgres-mcp's restricted mode (FACTS.md): LOGIN,
 * CONNECT on the exposed database, USAGE on its schemas, SELECT on its tables and on future ones,
 * pg_read_all_stats where allowed, and read-only transactions by default. Nothing else.
 */
import type pg from 'pg';
import type { Context } from '../../core/context.js';
import { TaskFailure, errorMessage } from '../../core/errors.js';
import { noteCreated } from '../../core/state.js';
import type { Check, Outcome, Task } from '../../core/task.js';
import { adminTarget, asRole } from '../shared/database-admin.js';
import { requireSecrets } from '../shared/secrets.js';

interface Gaps {
  role: 'missing' | 'password' | 'privileged' | 'ok';
  schemas: string[];
  /** Schemas where it may create objects: a read-only role must not. */
  creates: string[];
  tables: number;
  defaults: string[];
  readOnlyDefault: boolean;
  stats: boolean;
  connect: boolean;
}

const userSchemas = `SELECT n.nspname AS name FROM pg_namespace n
  WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' ORDER BY 1`;

async function findGaps(ctx: Context, client: pg.Client): Promise<Gaps> {
  const pgi = await import('../../infra/postgres.js');
  const a = ctx.answers;
  const role = await pgi.role(client, a.mcpRole);
  const gaps: Gaps = { role: 'ok', schemas: [], creates: [], tables: 0, defaults: [], readOnlyDefault: false, stats: false, connect: false };
  if (!role) return { ...gaps, role: 'missing' };
  if (role.superuser || role.createdb || role.createrole || !role.login) gaps.role = 'privileged';
  else {
    const admin = await adminTarget(ctx, a.mcpDatabase);
    const ok = await pgi.canLogin(asRole(admin, a.mcpRole, requireSecrets(ctx).mcpDbPassword, a.mcpDatabase));
    if (!ok) gaps.role = 'password';
  }
  const q = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await client.query<T>(sql, params)).rows;
  gaps.connect = (await q<{ ok: boolean }>('SELECT has_database_privilege($1, $2, \'CONNECT\') AS ok', [a.mcpRole, a.mcpDatabase]))[0]?.ok ?? false;
  const schemas = (await q<{ name: string }>(userSchemas)).map((r) => r.name);
  for (const schema of schemas) {
    const [usage] = await q<{ ok: boolean }>('SELECT has_schema_privilege($1, $2, \'USAGE\') AS ok', [a.mcpRole, schema]);
    if (!usage?.ok) gaps.schemas.push(schema);
    // Granted to the role itself; a PUBLIC grant (PostgreSQL < 15's public schema) is the admin's to
    // change for everyone, and default_transaction_read_only still refuses the write.
    const [create] = await q<{ ok: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_namespace n, aclexplode(n.nspacl) x WHERE n.nspname = $2 AND x.privilege_type = 'CREATE'
         AND x.grantee = (SELECT oid FROM pg_roles WHERE rolname = $1)) AS ok`,
      [a.mcpRole, schema],
    );
    if (create?.ok) gaps.creates.push(schema);
    const [defaults] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_default_acl d, aclexplode(d.defaclacl) x
        WHERE d.defaclnamespace = $2::regnamespace AND d.defaclobjtype = 'r' AND x.privilege_type = 'SELECT'
          AND x.grantee = (SELECT oid FROM pg_roles WHERE rolname = $1)
          AND d.defaclrole = (SELECT datdba FROM pg_database WHERE datname = current_database())`,
      [a.mcpRole, schema],
    );
    if (!defaults?.n) gaps.defaults.push(schema);
  }
  const [tables] = await q<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r','v','m','p','f') AND n.nspname = ANY($2)
        AND NOT has_table_privilege($1, c.oid, 'SELECT')`,
    [a.mcpRole, schemas],
  );
  gaps.tables = tables?.n ?? 0;
  const [setting] = await q<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_db_role_setting s WHERE s.setrole = (SELECT oid FROM pg_roles WHERE rolname = $1)
       AND s.setdatabase = 0 AND 'default_transaction_read_only=on' = ANY(s.setconfig)) AS ok`,
    [a.mcpRole],
  );
  gaps.readOnlyDefault = setting?.ok ?? false;
  const [stats] = await q<{ ok: boolean }>('SELECT pg_has_role($1, \'pg_read_all_stats\', \'MEMBER\') AS ok', [a.mcpRole]);
  gaps.stats = stats?.ok ?? false;
  return gaps;
}

function todoList(g: Gaps, role: string): string[] {
  const todo: string[] = [];
  if (g.role === 'missing') return [`create role ${role} with read-only grants`];
  if (g.role === 'password') todo.push('reset its password');
  if (g.role === 'privileged') todo.push('remove superuser/createdb/createrole, ensure login');
  if (!g.connect) todo.push('grant CONNECT');
  if (g.schemas.length) todo.push(`grant USAGE on ${g.schemas.join(', ')}`);
  if (g.creates.length) todo.push(`revoke CREATE on ${g.creates.join(', ')}`);
  if (g.tables) todo.push(`grant SELECT on ${g.tables} table(s)`);
  if (g.defaults.length) todo.push(`default SELECT for future tables in ${g.defaults.join(', ')}`);
  if (!g.readOnlyDefault) todo.push('read-only transactions by default');
  if (!g.stats) todo.push('grant pg_read_all_stats');
  return todo;
}

function passwordMismatch(role: string): TaskFailure {
  return new TaskFailure(
    `The role ${role} already exists with a password other than the one in secrets/generated.env.`,
    'Run again with --reset-db-password to set the stored password, or choose another role with --mcp-role.',
    'stored password differs from the role\'s',
  );
}

async function withExposedDb<T>(ctx: Context, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const { withClient } = await import('../../infra/postgres.js');
  return withClient(await adminTarget(ctx, ctx.answers.mcpDatabase), work);
}

export const mcpRoleTask: Task = {
  title: 'MCP read-only role',
  async check(ctx): Promise<Check> {
    const a = ctx.answers;
    const gaps = await withExposedDb(ctx, (client) => findGaps(ctx, client));
    if (gaps.role === 'password' && !ctx.options.resetDbPassword) throw passwordMismatch(a.mcpRole);
    const todo = todoList(gaps, a.mcpRole);
    const facts = { 'MCP read-only role': `${a.mcpRole}: CONNECT on ${a.mcpDatabase}, USAGE and SELECT on its schemas, read-only by default` };
    if (todo.length === 0) return { status: 'ok', message: `${a.mcpRole} has exactly the read-only grants`, facts };
    return { status: 'change', message: todo.join(', ') };
  },
  async apply(ctx): Promise<Outcome> {
    const pgi = await import('../../infra/postgres.js');
    const { quoteIdent: id } = pgi;
    const a = ctx.answers;
    const password = requireSecrets(ctx).mcpDbPassword;
    const role = id(a.mcpRole);
    let statsRefused: string | undefined;
    await withExposedDb(ctx, async (client) => {
      const gaps = await findGaps(ctx, client);
      if (gaps.role === 'missing') {
        await pgi.createLoginRole(client, a.mcpRole, password);
        noteCreated(ctx.state, 'roles', a.mcpRole);
      }
      if (gaps.role === 'password') {
        if (!ctx.options.resetDbPassword) throw passwordMismatch(a.mcpRole);
        await pgi.setRolePassword(client, a.mcpRole, password);
      }
      if (gaps.role === 'privileged') await client.query(`ALTER ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`);
      await client.query(`GRANT CONNECT ON DATABASE ${id(a.mcpDatabase)} TO ${role}`);
      const [{ owner } = { owner: '' }] = (await client.query<{ owner: string }>('SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database()')).rows;
      for (const { name } of (await client.query<{ name: string }>(userSchemas)).rows) {
        await client.query(`GRANT USAGE ON SCHEMA ${id(name)} TO ${role}`);
        if (gaps.creates.includes(name)) await client.query(`REVOKE CREATE ON SCHEMA ${id(name)} FROM ${role}`);
        await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${id(name)} TO ${role}`);
        // Future tables: those the database owner creates, the usual case for an application database.
        await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${id(owner)} IN SCHEMA ${id(name)} GRANT SELECT ON TABLES TO ${role}`);
      }
      await client.query(`ALTER ROLE ${role} SET default_transaction_read_only = on`);
      if (!gaps.stats) {
        try {
          await client.query(`GRANT pg_read_all_stats TO ${role}`);
        } catch (error) {
          // Only a privilege refusal (42501: the admin lacks ADMIN OPTION on it) is the expected, reported
          // case; any other error is a failure of the task, with its own message.
          if ((error as { code?: string }).code !== '42501') throw error;
          statsRefused = errorMessage(error);
        }
      }
    });
    const facts = { 'MCP read-only role': `${a.mcpRole}: CONNECT on ${a.mcpDatabase}, USAGE and SELECT on its schemas, read-only by default` };
    if (statsRefused) return { status: 'warning', message: `${a.mcpRole} granted read-only access; pg_read_all_stats refused: ${statsRefused}`, facts, issue: statsIssue(a.mcpRole, statsRefused) };
    return { status: 'changed', message: `${a.mcpRole} granted read-only access to ${a.mcpDatabase}`, facts };
  },
};

function statsIssue(role: string, refusal: string) {
  return {
    problem: `The admin may not grant pg_read_all_stats (PostgreSQL said: ${refusal}); postgres-mcp's statistics tools will see less.`,
    fix: `As a superuser: GRANT pg_read_all_stats TO ${role};`,
  };
}
