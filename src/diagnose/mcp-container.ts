/** Why the MCP server's container did not stay up and healthy. */
import type { Issue } from '../core/state.js';

export interface McpContainerSymptom {
  detail: string;
  exitCode: number;
  restartCount: number;
  command: readonly string[];
  logs: readonly string[];
  containerPort: number;
}

const tail = (logs: readonly string[]) => (logs.length ? ` Last log lines: ${logs.slice(-3).join(' | ').slice(0, 600)}` : '');

export function diagnoseMcpContainer(s: McpContainerSymptom): Issue {
  const sse = s.command.some((a) => a === '--transport=sse') || s.command.join(' ').includes('--transport sse');
  if (!sse && (s.exitCode === 0 || s.restartCount > 0)) {
    return {
      problem: `The MCP server ${s.detail} (exit code ${s.exitCode}, ${s.restartCount} restart(s)).${tail(s.logs)}`,
      cause: 'the server runs in stdio mode (its default): under compose it reads end-of-file on stdin and exits, then restarts in a loop, and never listens on a port',
      fix: 'Give it `--transport=sse` in mcp/postgres/docker-compose.yml (remove your edit: `litellm-mcp phase d --force`), then `litellm-mcp phase e`.',
    };
  }
  const port = /--sse-port[= ](\d+)/.exec(s.command.join(' '))?.[1];
  if (port && Number(port) !== s.containerPort) {
    return {
      problem: `The MCP server ${s.detail}.${tail(s.logs)}`,
      cause: `port mismatch: the server listens on ${port} but its healthcheck, its published port and LiteLLM use ${s.containerPort}`,
      fix: `Remove --sse-port=${port} from mcp/postgres/docker-compose.yml (\`litellm-mcp phase d --force\`), then \`litellm-mcp phase e\`.`,
    };
  }
  return {
    problem: `The MCP server ${s.detail}.${tail(s.logs)}`,
    fix: 'Read its log with `docker logs litellm-mcp-connector-postgres-mcp-1`; check --mcp-image and its DATABASE_URI, then run `litellm-mcp phase e` again.',
  };
}
