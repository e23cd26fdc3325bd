/**
 * Why LiteLLM did not start or is not ready, read from its own log lines (redacted before they get
 * here). The failing line decides (the error before `Application startup failed. Exiting.`, else the
 * newest error), judged by its message and final exception, never by banner text or traceback frames.
 * A failure no rule recognises is reported as such, with its last lines (FACTS.md).
 */
import type { Issue } from '../core/state.js';
import { litellmContainer } from './containers.js';
import { failingEntry } from './failing-entry.js';
import { evidenceOf, parseLog, summarise } from './log-entries.js';
import { notRecognised, tailOf } from './not-recognised.js';
import { isUnexplainedDatabaseFailure, prismaRules, type DatabaseSymptom } from './prisma-errors.js';
import { judge, quote, type Rule } from './rule.js';

export interface LitellmSymptom extends DatabaseSymptom {
  /** "exited with code 1", "turned unhealthy (...)", "is not ready: /health/readiness answered 503 ..." */
  detail: string;
  logs: readonly string[];
  /** Its container, for the command that reads the whole log. */
  container?: string;
}

export const litellmRules: readonly Rule<LitellmSymptom>[] = [
  ...prismaRules,
  {
    evidence: "`Server name cannot contain '-'` (config loading)",
    pattern: /Server name cannot contain '-'(?:[^\n]*?Found: ([^\s'"]+))?/,
    issue: (m, s, line) => ({
      problem: `LiteLLM ${s.detail}: its config failed to load on an MCP server name${m[1] ? ` (${m[1]})` : ''}. Evidence: ${quote(line)}`,
      cause: '`-` in an MCP server name or alias (LiteLLM uses `-` to join server and tool names)',
      fix: 'Rename the server in litellm/config/config.yaml with letters, digits and `_` only (e.g. db_main), or set --mcp-server-name and run `litellm-mcp phase c --force`, then `litellm-mcp phase e`.',
    }),
  },
  {
    evidence: "uvicorn's `[Errno 98] error while attempting to bind on address ('…', port): address already in use`",
    pattern: /\[Errno 98\] error while attempting to bind on address \('([^']*)', (\d+)\): address already in use/,
    issue: (m, s, line) => ({
      problem: `LiteLLM ${s.detail}: it could not listen on ${m[1]}:${m[2]} inside its container. Evidence: ${quote(line)}`,
      cause: `another process already listens on port ${m[2]} in the LiteLLM container's network namespace (one it shares: \`network_mode: host\` or \`service:\`/\`container:\`)`,
      fix: 'Give LiteLLM its own network namespace: remove the `network_mode` edit of litellm/docker-compose.yml (`litellm-mcp phase b --force`), or stop what holds the port, then `litellm-mcp phase e`.',
    }),
  },
];

// `docker stop` makes LiteLLM log ERROR lines while its MCP session manager shuts down: no failure (FACTS.md).
const shutdownNoise = /StreamableHTTPSessionManager/;

export function diagnoseLitellm(s: LitellmSymptom): Issue {
  const entries = parseLog(s.logs);
  const unknown = (subject: string, failing?: string) =>
    notRecognised({ subject, ...(failing ? { failing } : {}), tail: tailOf(entries), readAll: `docker logs ${s.container ?? litellmContainer}`, then: 'then run `litellm-mcp phase e` again' });
  const failing = failingEntry(entries, shutdownNoise);
  if (!failing) return unknown(`LiteLLM ${s.detail}; its log shows no error line`);
  const line = summarise(failing, 400);
  const direct = judge(litellmRules, evidenceOf(failing), s, line);
  if (direct) return direct;
  if (isUnexplainedDatabaseFailure(failing)) {
    // The newest Prisma error before the failure says why (its CLI ran `migrate deploy` first).
    for (const earlier of entries.slice(0, failing.index).reverse()) {
      const why = judge(prismaRules, evidenceOf(earlier), s, summarise(earlier, 400));
      if (why) return why;
    }
    return unknown(`LiteLLM ${s.detail}: it could not connect to its database, and no Prisma error in the lines read says why`, line);
  }
  return unknown(`LiteLLM ${s.detail}`, line);
}
