/**
 * The database roles, tried: the MCP role must not be able to open LiteLLM's database (it holds every
 * virtual key's hash and the spend logs), has a statement timeout and a connection limit; both roles'
 * passwords are stored as SCRAM verifiers; LiteLLM's role owns its database and nothing else and holds no
 * server-wide privilege. What is ours to set is set (apply); what is not is a finding.
 */
import type pg from 'pg';
import type { Context } from '../../core/context.js';
import { errorMessage } from '../../core/errors.js';
import type { Finding } from '../../core/state.js';
import type { Check, Outcome, Task } from '../../core/task.js';
import { adminTarget, asRole } from '../shared/database-admin.js';
import { requireSecrets } from '../shared/secrets.js';

/** postgres-mcp's pool opens a handful of connections; ten leaves room and stops a runaway client. */
export const mcpConnectionLimit = 10;
/** A read that runs longer is cut: a client's query must not hold the database. */
export const mcpStatementTimeout = '30s';

interface Seen {
  /** What the MCP role got when it tried to open LiteLLM's database. */
  mcpIntoLitellm: 'refused' | 'connected';
  connLimit: number;
  timeout?: string;
  findings: Finding[];
  facts: string[];
}

async function tryMcpIntoLitellm(ctx: Context): Promise<Seen['mcpIntoLitellm']> {
  const pgi = await import('../../infra/postgres.js');
  const target = asRole(await adminTarget(ctx), ctx.answers.mcpRole, requireSecrets(ctx).mcpDbPassword, ctx.answers.dbName);
  try {
    await pgi.withClient(target, async () => undefined);
    return 'connected';
  } catch (error) {
    if (/permission denied for database/i.test(errorMessage(error))) return 'refused';
    throw error;
  }
}

async function look(ctx: Context, client: pg.Client): Promise<Seen> {
  const a = ctx.answers;
  const q = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await client.query<T>(sql, params)).rows;
  const [mcp] = await q<{ limit: number; config: string[] | null }>('SELECT rolconnlimit AS limit, rolconfig AS config FROM pg_roles WHERE rolname = $1', [a.mcpRole]);
  const timeout = (mcp?.config ?? []).find((c) => c.startsWith('statement_timeout='))?.split('=')[1];
  const seen: Seen = { mcpIntoLitellm: await tryMcpIntoLitellm(ctx), connLimit: mcp?.limit ?? -1, findings: [], facts: [] };
  if (timeout) seen.timeout = timeout;
  seen.facts.push(`${a.mcpRole} opening ${a.dbName}: ${seen.mcpIntoLitellm}`, `${a.mcpRole}: connection limit ${seen.connLimit}, statement_timeout ${timeout ?? 'none'}`);

  const [litellm] = await q<{ superuser: boolean; createrole: boolean; createdb: boolean }>('SELECT rolsuper AS superuser, rolcreaterole AS createrole, rolcreatedb AS createdb FROM pg_roles WHERE rolname = $1', [a.dbUser]);
  const owned = (await q<{ name: string }>('SELECT datname AS name FROM pg_database WHERE datdba = (SELECT oid FROM pg_roles WHERE rolname = $1) ORDER BY 1', [a.dbUser])).map((r) => r.name);
  seen.facts.push(`${a.dbUser} owns ${owned.join(', ') || 'nothing'}`);
  if (owned.some((d) => d !== a.dbName)) seen.findings.push({ severity: 'medium', title: `${a.dbUser} owns more than LiteLLM's database`, evidence: `owns ${owned.join(', ')}`, fix: `Give the other databases another owner (ALTER DATABASE ... OWNER TO ...): LiteLLM's role needs ${a.dbName} only.` });
  const powers = Object.entries(litellm ?? {}).filter(([, v]) => v).map(([k]) => k);
  if (powers.length) seen.findings.push({ severity: 'high', title: `${a.dbUser} has server-wide privileges`, evidence: powers.join(', '), fix: `ALTER ROLE ${a.dbUser} NOSUPERUSER NOCREATEROLE NOCREATEDB.` });

  try {
    const stored = await q<{ name: string; scram: boolean }>("SELECT rolname AS name, rolpassword LIKE 'SCRAM-SHA-256$%' AS scram FROM pg_authid WHERE rolname = ANY($1) ORDER BY 1", [[a.dbUser, a.mcpRole]]);
    const weak = stored.filter((r) => !r.scram).map((r) => r.name);
    seen.facts.push(`passwords stored as SCRAM: ${stored.filter((r) => r.scram).map((r) => r.name).join(', ') || 'none'}`);
    if (weak.length) seen.findings.push({ severity: 'medium', title: 'Passwords not stored as SCRAM verifiers', evidence: weak.join(', '), fix: 'Set password_encryption = scram-sha-256 on the server, then `litellm-mcp phase a --reset-db-password`.' });
  } catch (error) {
    // pg_authid is readable by superusers only: a shared server's admin may not be one.
    seen.findings.push({ severity: 'info', title: 'Password storage not checked', evidence: `pg_authid: ${errorMessage(error)}`, accepted: 'needs a superuser; litellm-mcp itself only ever sends SCRAM verifiers' });
  }
  return seen;
}

function toChange(ctx: Context, seen: Seen): string[] {
  const out: string[] = [];
  if (seen.mcpIntoLitellm === 'connected' && ctx.answers.mcpDatabase !== ctx.answers.dbName) out.push(`${ctx.answers.mcpRole} may open ${ctx.answers.dbName}`);
  if (seen.connLimit !== mcpConnectionLimit) out.push(`${ctx.answers.mcpRole}'s connection limit is ${seen.connLimit}, not ${mcpConnectionLimit}`);
  if (seen.timeout !== mcpStatementTimeout) out.push(`${ctx.answers.mcpRole}'s statement_timeout is ${seen.timeout ?? 'unset'}, not ${mcpStatementTimeout}`);
  return out;
}

async function withAdmin<T>(ctx: Context, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const pgi = await import('../../infra/postgres.js');
  return pgi.withClient(await adminTarget(ctx), work);
}

export const databaseRolesTask: Task = {
  title: 'Database roles: the MCP role kept out of LiteLLM\'s database, limits, SCRAM, ownership',
  async check(ctx): Promise<Check> {
    const seen = await withAdmin(ctx, (c) => look(ctx, c));
    const changes = toChange(ctx, seen);
    if (ctx.answers.mcpDatabase === ctx.answers.dbName) seen.findings.push({ severity: 'high', title: 'The MCP server exposes LiteLLM\'s own database', evidence: `--mcp-database ${ctx.answers.mcpDatabase}`, fix: 'Point --mcp-database at the data clients should read, never at LiteLLM\'s database (it holds the key hashes).' });
    if (changes.length) return { status: 'change', message: changes.join('; '), findings: seen.findings };
    return { status: 'ok', message: seen.facts.join('; '), facts: { 'Database roles': seen.facts.join('; ') }, findings: seen.findings };
  },
  async apply(ctx): Promise<Outcome> {
    const { quoteIdent, quoteLiteral } = await import('../../infra/postgres.js');
    const a = ctx.answers;
    const seen = await withAdmin(ctx, async (client) => {
      const before = await look(ctx, client);
      if (before.mcpIntoLitellm === 'connected' && a.mcpDatabase !== a.dbName) {
        // PUBLIC has CONNECT on every new database; only LiteLLM's role (its owner) needs it here.
        await client.query(`REVOKE CONNECT ON DATABASE ${quoteIdent(a.dbName)} FROM PUBLIC`);
        await client.query(`GRANT CONNECT ON DATABASE ${quoteIdent(a.dbName)} TO ${quoteIdent(a.dbUser)}`);
      }
      await client.query(`ALTER ROLE ${quoteIdent(a.mcpRole)} CONNECTION LIMIT ${mcpConnectionLimit}`);
      await client.query(`ALTER ROLE ${quoteIdent(a.mcpRole)} SET statement_timeout = ${quoteLiteral(mcpStatementTimeout)}`);
      return look(ctx, client);
    });
    const left = toChange(ctx, seen);
    if (left.length) throw new Error(`still after the change: ${left.join('; ')}`);
    return { status: 'changed', message: `set: ${seen.facts.join('; ')}`, facts: { 'Database roles': seen.facts.join('; ') }, findings: seen.findings };
  },
};
