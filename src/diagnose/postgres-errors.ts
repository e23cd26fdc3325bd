/**
 * PostgreSQL's own error messages, as the MCP server passes them on: libpq's connection errors (through
 * psycopg, which prefixes "connection failed:" and resolves host names itself: "failed to resolve host"),
 * and server errors. Each rule needs PostgreSQL's exact phrase; a bare "timeout" or "authentication
 * failed" from anything else (an upstream 401, a statement timeout) is not a connection cause.
 */
import { quote, type Rule } from './rule.js';

export interface PostgresSymptom {
  /** Opens the problem: "A read-only query through the MCP server failed". */
  who: string;
  /** The role the MCP server should log in as. */
  role: string;
}

const reapplyA = 'remove edits of secrets/postgres-mcp.env (`litellm-mcp phase a --force`), then `litellm-mcp phase e`';
// postgres-mcp's entrypoint rewrites `localhost` in DATABASE_URI to the Docker host (FACTS.md).
const dockerHost = new Set(['172.17.0.1', 'host.docker.internal', 'localhost', '127.0.0.1', '::1']);

function problem(s: PostgresSymptom, what: string, line: string): string {
  return `${s.who}: ${what}. Evidence: ${quote(line)}`;
}

export const postgresRules: readonly Rule<PostgresSymptom>[] = [
  {
    evidence: '`password authentication failed for user "…"`',
    pattern: /password authentication failed for user "([^"]*)"/,
    issue: (m, s, line) => ({
      problem: problem(s, `the database refused the login of ${m[1]}`, line),
      cause: "the password in the MCP server's DATABASE_URI differs from the role's (for example an old database volume)",
      fix: "`litellm-mcp phase a --reset-db-password` sets the role's password to the stored one; then `litellm-mcp phase e`.",
    }),
  },
  {
    evidence: '`role "…" does not exist`',
    pattern: /role "([^"]*)" does not exist/,
    issue: (m, s, line) => ({
      problem: problem(s, `the database has no role ${m[1]}`, line),
      cause: `the role ${m[1]} does not exist on the database server DATABASE_URI names (dropped, or another server)`,
      fix: '`litellm-mcp phase a` creates the role; then `litellm-mcp phase e`.',
    }),
  },
  {
    evidence: '`database "…" does not exist`',
    pattern: /database "([^"]*)" does not exist/,
    issue: (m, s, line) => ({
      problem: problem(s, `the database ${m[1]} does not exist`, line),
      cause: `the database ${m[1]} named in DATABASE_URI does not exist on that server`,
      fix: `Check --mcp-database (it must name an existing database); ${reapplyA}.`,
    }),
  },
  {
    evidence: '`no pg_hba.conf entry for host "…"`',
    pattern: /no pg_hba\.conf entry for host "([^"]*)", user "([^"]*)", database "([^"]*)"/,
    issue: (m, s, line) => ({
      problem: problem(s, 'the database server refused the connection by its access rules', line),
      cause: `the server's pg_hba.conf admits no connection from ${m[1]} as ${m[2]} to ${m[3]}`,
      fix: 'Add a `host` line for the MCP container\'s network to pg_hba.conf (on a shared server, ask its admin) and reload PostgreSQL; then `litellm-mcp phase e`.',
    }),
  },
  {
    evidence: '`could not translate host name "…" to address` (libpq) or `failed to resolve host \'…\'` (psycopg)',
    pattern: /could not translate host name "([^"]*)" to address|failed to resolve host '([^']*)'/,
    issue: (m, s, line) => ({
      problem: problem(s, `the MCP container cannot resolve ${m[1] ?? m[2]}`, line),
      cause: `${m[1] ?? m[2]} is not the name of a container on any of the MCP container's networks`,
      fix: `Use the database's service or container name on a network the MCP server joins; ${reapplyA}.`,
    }),
  },
  {
    evidence: '`connection to server at "host" (…), port N failed: Connection refused` (or libpq\'s older `could not connect to server: Connection refused`)',
    pattern: /connection to server at "([^"]*)"(?: \([^)]*\))?, port (\d+) failed: Connection refused|could not connect to server: Connection refused/,
    issue: (m, s, line) => {
      const [host, port] = [m[1], m[2] ?? '5432'];
      return {
        problem: problem(s, `nothing accepts connections at ${host ?? 'the database host'}:${port}`, line),
        cause: host && dockerHost.has(host)
          ? `DATABASE_URI points at the Docker host (postgres-mcp's entrypoint turns \`localhost\` into 172.17.0.1), where nothing listens on port ${port}`
          : `nothing listens on ${host ?? 'the database host'}:${port}: the database there is down, or the port is wrong`,
        fix: `Use the database's service or container name and port 5432 on a network the MCP server joins; ${reapplyA}.`,
      };
    },
  },
  {
    evidence: '`connection to server at "host" (…), port N failed: timeout expired`',
    pattern: /connection to server at "([^"]*)"(?: \([^)]*\))?, port (\d+) failed: timeout expired/,
    issue: (m, s, line) => ({
      problem: problem(s, `${m[1]}:${m[2]} did not answer`, line),
      cause: `${m[1]}:${m[2]} does not answer from the MCP container: the address is not the database's, or a firewall drops the packets`,
      fix: `Use the database's service or container name on a network the MCP server joins; ${reapplyA}.`,
    }),
  },
  {
    evidence: '`canceling statement due to statement timeout`',
    pattern: /canceling statement due to statement timeout/,
    issue: (_m, s, line) => ({
      problem: problem(s, 'the database cancelled the statement', line),
      cause: `a \`statement_timeout\` set for ${s.role}, its database or the server is shorter than the statement took`,
      fix: `As an admin, \`ALTER ROLE ${s.role} RESET statement_timeout\` (or set a longer one), then \`litellm-mcp phase e\`.`,
    }),
  },
];

/** The psycopg pool gave up without saying why (its log's `error connecting in 'pool-1'` lines do). */
export const poolTimeout = /couldn't get a connection after ([\d.]+) sec/;
