/**
 * What phase E asks of the MCP server's tools. postgres-mcp offers `execute_sql` (and `list_schemas`);
 * server-postgres offers `query`; both take `sql`. The read must touch the database, so a server that
 * started without a working connection fails here (a listening port proves nothing: FACTS.md).
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { errorMessage } from '../../core/errors.js';
import type { Issue } from '../../core/state.js';

export const readSql = 'SELECT current_user AS role, current_database() AS database';
/** A temporary table: refused in a read-only transaction, and leaves nothing behind if it is not. */
export const writeSql = 'CREATE TEMP TABLE litellm_mcp_write_probe (id int)';

export function sqlTool(names: readonly string[]): string | undefined {
  return ['execute_sql', 'query'].find((t) => names.includes(t));
}

export function textOf(result: unknown): string {
  const content = Array.isArray(result) ? result : ((result as { content?: unknown[] } | undefined)?.content ?? []);
  return content.map((c) => (c as { text?: string }).text ?? '').join('\n');
}

export interface CallResult {
  ok: boolean;
  text: string;
  ms: number;
}

export async function callTool(client: Client, name: string, args: Record<string, unknown>): Promise<CallResult> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    const result = await client.callTool({ name, arguments: args });
    return { ok: result.isError !== true, text: textOf(result), ms: ms() };
  } catch (error) {
    // A tool that fails may answer with a JSON-RPC error instead of isError (server-postgres does).
    return { ok: false, text: errorMessage(error), ms: ms() };
  }
}

/** Why a read through the MCP server failed, from the database error it passed on. */
export function diagnoseRead(text: string, role: string): Issue {
  if (/password authentication failed|authentication failed/i.test(text)) {
    return {
      problem: `The MCP server cannot log in to the database as ${role}: ${text.slice(0, 200)}`,
      cause: "the password in the MCP server's DATABASE_URI differs from the role's (for example an old database volume)",
      fix: "`litellm-mcp phase a --reset-db-password` sets the role's password to the stored one; then `litellm-mcp phase e`.",
    };
  }
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo|could not translate host name|ECONNREFUSED|timeout/i.test(text)) {
    return {
      problem: `The MCP server cannot reach its database: ${text.slice(0, 200)}`,
      cause: "the database host in DATABASE_URI is `localhost` or a name not on the MCP container's networks, or the database is down",
      fix: "Use the database's service or container name on a network the MCP server joins; remove edits of secrets/postgres-mcp.env (`litellm-mcp phase a --force`), then `litellm-mcp phase e`.",
    };
  }
  return { problem: `A read-only query through the MCP server failed: ${text.slice(0, 300)}`, fix: 'Read the MCP server\'s log: `docker logs litellm-mcp-connector-postgres-mcp-1`.' };
}
