/**
 * What phase E asks of the MCP server's tools. postgres-mcp offers `execute_sql` (and `list_schemas`);
 * server-postgres offers `query`; both take `sql`. The read must touch the database, so a server that
 * started without a working connection fails here (a listening port proves nothing: FACTS.md). Both
 * probes are judged by effect: the read by the rows it returned, the write by what the database holds
 * afterwards. postgres-mcp answers a refused statement with `isError: false` and the text
 * `Error: Error validating query: ...` (FACTS.md), so no success flag can tell.
 */
import { randomBytes } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { errorMessage } from '../../core/errors.js';
import { parseRows } from './tool-rows.js';

export const readSql = 'SELECT current_user AS role, current_database() AS database';

/** A real table (a temporary one vanishes with the server's session, and could not be looked for). */
export function writeProbe(): { sql: string; table: string } {
  const table = `litellm_mcp_write_probe_${randomBytes(4).toString('hex')}`;
  return { sql: `CREATE TABLE ${table} (id int)`, table };
}

export function sqlTool(names: readonly string[]): string | undefined {
  return ['execute_sql', 'query'].find((t) => names.includes(t));
}

export function textOf(result: unknown): string {
  const content = Array.isArray(result) ? result : ((result as { content?: unknown[] } | undefined)?.content ?? []);
  return content.map((c) => (c as { text?: string }).text ?? '').join('\n');
}

export interface CallResult {
  /** The server's own flag, for the record only: postgres-mcp reports refusals and errors as success. */
  flaggedError: boolean;
  text: string;
  ms: number;
}

export async function callTool(client: Client, name: string, args: Record<string, unknown>): Promise<CallResult> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    const result = await client.callTool({ name, arguments: args });
    return { flaggedError: result.isError === true, text: textOf(result), ms: ms() };
  } catch (error) {
    // A tool that fails may answer with a JSON-RPC error instead of isError (server-postgres does).
    return { flaggedError: true, text: errorMessage(error), ms: ms() };
  }
}

export type ReadVerdict = { ok: true } | { ok: false; why: string };

/** The read proves the role and database only when they come back as the row's values. */
export function judgeRead(text: string, role: string, database: string): ReadVerdict {
  const rows = parseRows(text);
  if (!rows) return { ok: false, why: 'not rows' };
  const [row] = rows;
  if (rows.length !== 1 || !row) return { ok: false, why: `${rows.length} rows instead of one` };
  if (row.role !== role || row.database !== database) {
    return { ok: false, why: `connected as ${String(row.role)} to ${String(row.database)}, not as ${role} to ${database}` };
  }
  return { ok: true };
}
