/**
 * Why a read through the MCP server failed, from what its SQL tool answered. The real postgres-mcp
 * passes a database error back as a normal tool result, `isError: false`, with the text
 * `Error: <message>` (its `format_error_response`; FACTS.md), so the text is the evidence, never the flag.
 * server-postgres answers with a JSON-RPC error instead (`MCP error -32603: <message>`).
 *
 * postgres-mcp v0.3.0 reaches its database through a psycopg pool, which, when it cannot connect, only
 * says `couldn't get a connection after 30.00 sec` and logs the reason (`error connecting in 'pool-1':
 * ...`); a client with a shorter deadline sees a timeout. The server's log lines, when given, are read
 * for that reason.
 */
import type { Issue } from '../core/state.js';
import { mcpContainer } from './containers.js';
import { evidenceOf, parseLog, summarise } from './log-entries.js';
import { notRecognised, tailOf } from './not-recognised.js';
import { poolTimeout, postgresRules, type PostgresSymptom } from './postgres-errors.js';
import { judge, quote } from './rule.js';

export function diagnoseRead(text: string, role: string, logs: readonly string[] = [], container = mcpContainer): Issue {
  const answer = text.trim();
  const s: PostgresSymptom = { who: 'A read-only query through the MCP server failed', role };
  const direct = judge(postgresRules, answer, s, answer);
  if (direct) return direct;
  const entries = parseLog(logs);
  // The newest database error the server logged, for an answer that does not say why.
  for (const e of [...entries].reverse()) {
    const found = judge(postgresRules, evidenceOf(e), { ...s, who: `${s.who} (it answered ${quote(answer, 160)})` }, summarise(e, 400));
    if (found) return found;
  }
  const pool = poolTimeout.exec(answer);
  return notRecognised({
    subject: pool
      ? `${s.who}: the MCP server got no database connection within ${pool[1]} s, and the lines read do not say why`
      : `${s.who} as ${role}`,
    failing: answer,
    failingLabel: 'It answered',
    ...(logs.length ? { tail: tailOf(entries) } : {}),
    readAll: `docker logs ${container}`,
    then: 'then run `litellm-mcp phase e` again',
  });
}
