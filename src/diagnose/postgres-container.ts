/**
 * Why the dedicated PostgreSQL container did not become healthy, from its log: the official image's
 * entrypoint (`Error: Database is uninitialized and superuser password is not specified.`) and the
 * server's own `FATAL:` lines, with the `DETAIL:` line PostgreSQL writes after them.
 */
import type { Issue } from '../core/state.js';
import { postgresContainer } from './containers.js';
import { failingEntry } from './failing-entry.js';
import { parseLog, summarise } from './log-entries.js';
import { notRecognised, tailOf } from './not-recognised.js';
import { judge, quote, type Rule } from './rule.js';

export interface PostgresContainerSymptom {
  detail: string;
  logs: readonly string[];
  container?: string;
}

const rules: readonly Rule<PostgresContainerSymptom>[] = [
  {
    evidence: '`Database is uninitialized and superuser password is not specified`',
    pattern: /Database is uninitialized and superuser password is not specified/,
    issue: (_m, s, line) => ({
      problem: `The dedicated PostgreSQL ${s.detail}: it refused to initialise its data. Evidence: ${quote(line)}`,
      cause: 'the image needs POSTGRES_PASSWORD on its first start, and the container has none (secrets/postgres.env not loaded, or edited)',
      fix: 'Remove edits of secrets/postgres.env and of litellm/docker-compose.yml (`litellm-mcp phase a --force`, `litellm-mcp phase b --force`), then `litellm-mcp phase e`.',
    }),
  },
  {
    evidence: '`database files are incompatible with server` with `initialized by PostgreSQL version N, which is not compatible with this version M`',
    pattern: /database files are incompatible with server[\s\S]*?initialized by PostgreSQL version (\d+), which is not compatible with this version (\d+(?:\.\d+)?)/,
    issue: (m, s, line) => ({
      problem: `The dedicated PostgreSQL ${s.detail}: its data is from another major version. Evidence: ${quote(line)}`,
      cause: `the data volume was created by PostgreSQL ${m[1]}, and this image runs PostgreSQL ${m[2]} (a changed --postgres-image with the old volume)`,
      fix: `Set --postgres-image back to a PostgreSQL ${m[1]} image; to upgrade, dump the data with version ${m[1]} and restore it into a new volume. Then \`litellm-mcp phase e\`.`,
    }),
  },
];

export function diagnosePostgresContainer(s: PostgresContainerSymptom): Issue {
  const entries = parseLog(s.logs);
  const failing = failingEntry(entries);
  // PostgreSQL explains a FATAL on the DETAIL line right after it.
  const detail = failing && entries[failing.index + 1]?.level === 'DETAIL' ? `\n${entries[failing.index + 1]!.message}` : '';
  const line = failing ? summarise(failing, 300) + detail.replace('\n', ' ') : undefined;
  const known = failing && line ? judge(rules, failing.message + detail, s, line) : undefined;
  return known ?? notRecognised({
    subject: `The dedicated PostgreSQL ${s.detail}`,
    ...(line ? { failing: line } : {}),
    tail: tailOf(entries),
    readAll: `docker logs ${s.container ?? postgresContainer}`,
    then: 'check --postgres-image, then run `litellm-mcp phase e` again',
  });
}
