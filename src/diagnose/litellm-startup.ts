/**
 * Why LiteLLM did not start or is not ready, read from its own log lines (redacted before they get
 * here). Each rule names a cause from FACTS.md and the fix; the original manual deployment ended on the
 * first one with nothing explaining it.
 */
import type { Issue } from '../core/state.js';

export interface LitellmSymptom {
  /** "exited with code 1", "unhealthy: ...", "readiness 503", ... */
  detail: string;
  logs: readonly string[];
  /** The database host LiteLLM was given. */
  dbHost: string;
}

const tail = (logs: readonly string[]) => (logs.length ? ` Last log lines: ${logs.slice(-3).join(' | ').slice(0, 600)}` : '');

export function diagnoseLitellm(s: LitellmSymptom): Issue {
  const text = s.logs.join('\n');
  if (/P1013|invalid port number/i.test(text)) {
    return {
      problem: `LiteLLM ${s.detail}: Prisma rejected DATABASE_URL (P1013, invalid port number in database URL).${tail(s.logs)}`,
      cause: 'the password in DATABASE_URL is not URL-encoded: a raw `/`, `?`, `#`, `@`, `:` or `%` ends or shifts the parts of the URL',
      fix: 'Percent-encode the user and password in DATABASE_URL (secrets/litellm.env), or remove your edit so litellm-mcp writes it encoded: `litellm-mcp phase a --force`, then `litellm-mcp phase e`.',
    };
  }
  if (/Server name cannot contain '-'|cannot contain '-'/i.test(text)) {
    return {
      problem: `LiteLLM ${s.detail}: its config failed to load on an MCP server name.${tail(s.logs)}`,
      cause: '`-` in an MCP server name or alias (LiteLLM uses `-` to join server and tool names)',
      fix: 'Rename the server in litellm/config/config.yaml with letters, digits and `_` only (e.g. db_main), or set --mcp-server-name and run `litellm-mcp phase c --force`, then `litellm-mcp phase e`.',
    };
  }
  if (/P1000|Authentication failed|password authentication failed/i.test(text)) {
    return {
      problem: `LiteLLM ${s.detail}: the database refused its login.${tail(s.logs)}`,
      cause: "the password LiteLLM uses differs from the role's password in PostgreSQL (for example an old database volume kept from an earlier install)",
      fix: "`litellm-mcp phase a --reset-db-password` sets the role's password to the stored one; or, if the old data is not needed, remove the old volume (`litellm-mcp down --purge`) and run `litellm-mcp init` again.",
    };
  }
  const unreachable = /P1001|Can't reach database server|ECONNREFUSED|ENOTFOUND|EAI_AGAIN/i.test(text);
  if (unreachable && /localhost|127\.0\.0\.1/.test(text)) {
    return {
      problem: `LiteLLM ${s.detail}: it cannot reach its database at localhost.${tail(s.logs)}`,
      cause: '`localhost` inside a container is the container itself, not the Docker host or the database container',
      fix: `Use the database's service or container name on a network LiteLLM shares (here: ${s.dbHost}) in DATABASE_URL; remove your edit of secrets/litellm.env and run \`litellm-mcp phase a --force\`, then \`litellm-mcp phase e\`.`,
    };
  }
  if (unreachable) {
    return {
      problem: `LiteLLM ${s.detail}: it cannot reach its database.${tail(s.logs)}`,
      cause: "the database host is not on any of the LiteLLM container's networks, or the database is down",
      fix: `Put the database container on a network LiteLLM joins (the gateway network, or --postgres-network for a shared database) and use its name (${s.dbHost}) in DATABASE_URL; check it runs with \`docker ps\`.`,
    };
  }
  return {
    problem: `LiteLLM ${s.detail}.${tail(s.logs)}`,
    fix: 'Read the full log with `docker logs litellm-mcp-litellm-1`; fix the cause, then run `litellm-mcp phase e` again.',
  };
}
