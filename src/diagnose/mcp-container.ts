/**
 * Why the MCP server's container did not stay up and healthy. postgres-mcp v0.3.0 (FACTS.md):
 * - stdio is its default transport, and in stdio mode under compose it does **not** exit: it keeps
 *   running with no port open and its port healthcheck turns it unhealthy. Stdio mode is therefore read
 *   from the container's command line (no `--transport=sse`), whatever the exit code;
 * - a transport it lacks (`--transport=streamable-http`) is an argparse error, `invalid choice`, exit 2;
 * - no DATABASE_URI: exit 1 with `ValueError: Error: No database URL provided`;
 * - an unreachable database: it starts anyway, after about 39 s, with a warning `Could not connect to
 *   database: ...` in its log;
 * - its bash entrypoint adds `ERROR: Command failed with exit code N` after any failure.
 */
import type { Issue } from '../core/state.js';
import { failingEntry } from './failing-entry.js';
import { evidenceOf, parseLog, summarise, type LogEntry } from './log-entries.js';
import { mcpContainer } from './containers.js';
import { notRecognised, tailOf } from './not-recognised.js';
import { poolTimeout, postgresRules } from './postgres-errors.js';
import { judge, quote, type Rule } from './rule.js';

export interface McpContainerSymptom {
  detail: string;
  exitCode: number;
  restartCount: number;
  command: readonly string[];
  logs: readonly string[];
  containerPort: number;
  /** Docker's state: "running", "exited", "restarting". A running container's exit code means nothing. */
  state?: string;
  container?: string;
}

const fixCompose = 'remove your edit of mcp/postgres/docker-compose.yml (`litellm-mcp phase d --force`), then `litellm-mcp phase e`';

/** The transport the command line asks for; argparse takes the last one given. */
export function requestedTransport(command: readonly string[]): string | undefined {
  const found = [...command.join(' ').matchAll(/(?:^|\s)--transport(?:=|\s+)(\S+)/g)];
  return found.at(-1)?.[1];
}

const failureRules: readonly Rule<McpContainerSymptom>[] = [
  {
    evidence: "argparse `argument --transport: invalid choice: '…'` (exit 2)",
    pattern: /argument --transport: invalid choice: '?([^'\s]+)'? \(choose from ([^)]*)\)/,
    issue: (m, s, line) => ({
      problem: `The MCP server ${s.detail}: it rejected --transport=${m[1]}. Evidence: ${quote(line)}`,
      cause: `this image's postgres-mcp has no transport "${m[1]}" (it offers ${m[2]!.replace(/'/g, '')}; streamable HTTP exists only in unreleased postgres-mcp source)`,
      fix: `Use --transport=sse, which LiteLLM 1.77.3 uses with postgres-mcp: ${fixCompose}.`,
    }),
  },
  {
    evidence: "argparse `argument --x: invalid choice` or `unrecognized arguments: …` (exit 2)",
    pattern: /error: (argument [^:]+: invalid choice: .*|unrecognized arguments: .*)/,
    issue: (m, s, line) => ({
      problem: `The MCP server ${s.detail}: it rejected its command line. Evidence: ${quote(line)}`,
      cause: `this image's postgres-mcp does not accept its arguments: ${m[1]}`,
      fix: `Check the options against \`docker run --rm IMAGE --help\`; ${fixCompose}.`,
    }),
  },
  {
    evidence: '`No database URL provided` (exit 1)',
    pattern: /No database URL provided/,
    issue: (_m, s, line) => ({
      problem: `The MCP server ${s.detail}: it has no database URL. Evidence: ${quote(line)}`,
      cause: 'the container has no DATABASE_URI: secrets/postgres-mcp.env is not loaded, or names the variable otherwise (postgres-mcp reads DATABASE_URI, not DATABASE_URL)',
      fix: 'Remove edits of secrets/postgres-mcp.env and of the compose file\'s env_file (`litellm-mcp phase a --force`, `litellm-mcp phase d --force`), then `litellm-mcp phase e`.',
    }),
  },
  {
    evidence: "uvicorn's `[Errno 98] error while attempting to bind on address ('…', port): address already in use`",
    pattern: /\[Errno 98\] error while attempting to bind on address \('([^']*)', (\d+)\): address already in use/,
    issue: (m, s, line) => ({
      problem: `The MCP server ${s.detail}: it could not listen on ${m[1]}:${m[2]}. Evidence: ${quote(line)}`,
      cause: `another process already listens on port ${m[2]} in the MCP container's network namespace (one it shares through \`network_mode\`)`,
      fix: `Give the MCP server its own network namespace: ${fixCompose}.`,
    }),
  },
];

// The entrypoint's trailer repeats the exit code; the program's own line before it is the evidence.
const entrypointNoise = /^Command failed with exit code \d+$/;
const databaseWarning = /Could not connect to database: |error connecting in '[^']*': /;

function stdio(s: McpContainerSymptom, transport: string | undefined, stopped: boolean): Issue {
  // A running container's exit code is Docker's leftover 0: only a stopped one's says anything.
  const exit = stopped ? ` (exit code ${s.exitCode}, ${s.restartCount} restart(s))` : '';
  return {
    problem: `The MCP server ${s.detail}${exit}. Its command line (${s.command.join(' ')}) ${transport ? `asks for --transport=${transport}` : 'has no --transport=sse'}.`,
    cause: 'the server runs in stdio mode (its default): under compose it keeps running on a stdin nobody writes to, never opens a port, and its port healthcheck turns it unhealthy',
    fix: `Give it \`--transport=sse\` in mcp/postgres/docker-compose.yml: ${fixCompose}.`,
  };
}

/** A server that started without its database: the newest database warning says why. */
function databaseUnreachable(s: McpContainerSymptom, entries: readonly LogEntry[]): Issue | undefined {
  const warnings = entries.filter((e) => databaseWarning.test(e.message)).reverse();
  const who = `The MCP server ${s.detail}; it started without its database`;
  for (const e of warnings) {
    const found = judge(postgresRules, evidenceOf(e), { who, role: 'its role' }, summarise(e, 400));
    if (found) return found;
  }
  const newest = warnings[0];
  if (!newest || !poolTimeout.test(newest.message)) return undefined;
  return {
    problem: `${who}. Evidence: ${quote(summarise(newest, 400))}`,
    cause: 'the database host in DATABASE_URI does not answer (a name on no shared network, `localhost`, or a database that is down): postgres-mcp waits about 39 s before opening its port, and tool calls hang',
    fix: "Use the database's service or container name on a network the MCP server joins; remove edits of secrets/postgres-mcp.env (`litellm-mcp phase a --force`), then `litellm-mcp phase e`.",
  };
}

export function diagnoseMcpContainer(s: McpContainerSymptom): Issue {
  const entries = parseLog(s.logs);
  // A container in a restart loop may be caught "running" between two exits: the wait's verdict counts too.
  const stopped = (s.state !== undefined && s.state !== 'running') || /exited|restarting/.test(s.detail);
  const failing = stopped ? failingEntry(entries, entrypointNoise) : undefined;
  const line = failing ? summarise(failing, 400) : undefined;
  const failed = failing && line ? judge(failureRules, evidenceOf(failing), s, line) : undefined;
  if (failed) return failed;
  const transport = requestedTransport(s.command);
  if (transport === undefined || transport === 'stdio') return stdio(s, transport, stopped);
  const port = /--sse-port[= ](\d+)/.exec(s.command.join(' '))?.[1];
  if (!failing && port && Number(port) !== s.containerPort) {
    return {
      problem: `The MCP server ${s.detail}. Its command line sets --sse-port=${port}.`,
      cause: `port mismatch: the server listens on ${port} but its healthcheck, its published port and LiteLLM use ${s.containerPort}`,
      fix: `Remove --sse-port=${port} from mcp/postgres/docker-compose.yml (\`litellm-mcp phase d --force\`), then \`litellm-mcp phase e\`.`,
    };
  }
  const database = failing ? undefined : databaseUnreachable(s, entries);
  if (database) return database;
  return notRecognised({
    subject: `The MCP server ${s.detail}`,
    ...(line ? { failing: line } : {}),
    tail: tailOf(entries),
    readAll: `docker logs ${s.container ?? mcpContainer}`,
    then: 'check --mcp-image and its DATABASE_URI, then run `litellm-mcp phase e` again',
  });
}
