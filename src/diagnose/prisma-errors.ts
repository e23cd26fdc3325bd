/**
 * LiteLLM's database errors, as Prisma words them (its CLI prints `Error: P1001: Can't reach database
 * server at `postgres`:`5432``; the stand-in and the query engine carry the same code and phrase). Codes
 * are matched as whole words, each with Prisma's own phrase: `P1013` (invalid database string), `P1000`
 * (authentication failed), `P1003` (database does not exist), `P1001` (can't reach the server).
 */
import type { Issue } from '../core/state.js';
import type { LogEntry } from './log-entries.js';
import { quote, type Rule } from './rule.js';

export interface DatabaseSymptom {
  detail: string;
  /** The database host LiteLLM was given. */
  dbHost: string;
}

const rerunA = '`litellm-mcp phase a --force`, then `litellm-mcp phase e`';
const loopback = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

function unreachable(s: DatabaseSymptom, host: string | undefined, port: string | undefined, line: string): Issue {
  const where = host ? ` at ${host}${port ? `:${port}` : ''}` : '';
  if (host && loopback.has(host)) {
    return {
      problem: `LiteLLM ${s.detail}: it cannot reach its database at ${host}. Evidence: ${quote(line)}`,
      cause: '`localhost` inside a container is the container itself, not the Docker host or the database container',
      fix: `Use the database's service or container name on a network LiteLLM shares (here: ${s.dbHost}) in DATABASE_URL; remove your edit of secrets/litellm.env and run ${rerunA}.`,
    };
  }
  return {
    problem: `LiteLLM ${s.detail}: it cannot reach its database${where}. Evidence: ${quote(line)}`,
    cause: `${host ?? 'the database host'} is not on any of the LiteLLM container's networks, or the database there is down`,
    fix: `Put the database container on a network LiteLLM joins (the gateway network, or --postgres-network for a shared database) and use its name (${s.dbHost}) in DATABASE_URL; check it runs with \`docker ps\`.`,
  };
}

export const prismaRules: readonly Rule<DatabaseSymptom>[] = [
  {
    evidence: '`P1013` with "invalid port number" or "invalid percent-encoding" (in database URL)',
    pattern: /\bP1013\b[^\n]*?\b(invalid (?:port number|percent-encoding))|\b(invalid port number) in database URL/,
    issue: (m, s, line) => ({
      problem: `LiteLLM ${s.detail}: Prisma rejected DATABASE_URL (P1013, ${m[1] ?? m[2]} in database URL). Evidence: ${quote(line)}`,
      cause: 'the password in DATABASE_URL is not URL-encoded: a raw `/`, `?`, `#`, `@`, `:` or `%` ends or shifts the parts of the URL',
      fix: `Percent-encode the user and password in DATABASE_URL (secrets/litellm.env), or remove your edit so litellm-mcp writes it encoded: ${rerunA}.`,
    }),
  },
  {
    evidence: '`P1013` with another reason ("The provided database string is invalid")',
    pattern: /\bP1013\b:?\s*([^\n]*)/,
    issue: (m, s, line) => ({
      problem: `LiteLLM ${s.detail}: Prisma rejected DATABASE_URL (P1013). Evidence: ${quote(line)}`,
      cause: `DATABASE_URL is not a connection string Prisma accepts: ${m[1]?.replace(/ Please refer.*$/, '') || 'the provided database string is invalid'}`,
      fix: `Remove your edit of DATABASE_URL in secrets/litellm.env so litellm-mcp writes it again: ${rerunA}.`,
    }),
  },
  {
    evidence: '`P1000`, "Authentication failed against database server", or PostgreSQL\'s `password authentication failed for user "…"`',
    pattern: /\bP1000\b|Authentication failed against database server|password authentication failed for user "[^"]*"/,
    issue: (_m, s, line) => ({
      problem: `LiteLLM ${s.detail}: the database refused its login. Evidence: ${quote(line)}`,
      cause: "the password LiteLLM uses differs from the role's password in PostgreSQL (for example an old database volume kept from an earlier install)",
      fix: "`litellm-mcp phase a --reset-db-password` sets the role's password to the stored one; or, if the old data is not needed, remove the old volume (`litellm-mcp down --purge`) and run `litellm-mcp init` again.",
    }),
  },
  {
    evidence: '`P1003` ("Database `x` does not exist") or PostgreSQL\'s `database "x" does not exist`',
    pattern: /\bP1003\b(?:[^\n]*?Database `([^`]+)`)?|database "([^"]+)" does not exist/,
    issue: (m, s, line) => ({
      problem: `LiteLLM ${s.detail}: its database does not exist. Evidence: ${quote(line)}`,
      cause: `the database ${m[1] ?? m[2] ?? 'named in DATABASE_URL'} does not exist on the server LiteLLM connects to (dropped, or DATABASE_URL edited to name another)`,
      fix: `\`litellm-mcp phase a\` creates the database and its role; if you edited DATABASE_URL, remove the edit: ${rerunA}.`,
    }),
  },
  {
    evidence: "`P1001` or \"Can't reach database server at `host`:`port`\" (localhost or another host)",
    pattern: /(?:\bP1001\b[^\n]*?)?Can't reach database server at `([^`]+)`(?::`(\d+)`)?|\bP1001\b/,
    issue: (m, s, line) => unreachable(s, m[1], m[2], line),
  },
];

/**
 * A database failure that does not say why: Prisma's client reports only that it is not connected, and
 * the reason is in the Prisma CLI's output before it (its `prisma migrate deploy` at start, FACTS.md).
 */
export function isUnexplainedDatabaseFailure(e: LogEntry): boolean {
  const text = [e.message, e.exception].join('\n');
  if (/\b(?:NotConnectedError|ClientNotConnectedError|EngineConnectionError)\b|Not connected to the query engine|Could not connect to the query engine|Unable to connect to the database|DB health check failed/.test(text)) return true;
  return /All connection attempts failed/.test(text) && /\bprisma\b/.test(e.trace ?? '');
}
