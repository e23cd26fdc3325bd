/**
 * Proves the path through the gateway: LiteLLM lists the MCP server's tools under `<server>-<tool>`, a
 * tool call through its REST API returns a real query result, and an MCP client on LiteLLM's own
 * endpoint (`/mcp/`, `x-litellm-api-key: Bearer <key>`) sees the same tools. When LiteLLM shows no tools
 * (it logs only "unhandled errors in a TaskGroup"), the server is probed as LiteLLM reaches it.
 */
import { containersOf } from '../../diagnose/containers.js';
import type { Context } from '../../core/context.js';
import { TaskFailure } from '../../core/errors.js';
import { projectsOf, services } from '../../core/paths.js';
import { redact } from '../../core/redact.js';
import { verifyTask, type Check } from '../../core/task.js';
import { diagnoseGatewayTools, type ConfiguredServer } from '../../diagnose/mcp-path.js';
import { mcpContainerPort } from '../../render/mcp-compose.js';
import { ourServer, readDeployedConfig } from './deployed-config.js';
import { judgeRead, readSql, sqlTool, textOf } from './mcp-probes.js';
import { requireSecrets } from '../shared/secrets.js';
import { gatewayApi } from './verify-litellm.js';
import { mcpCommand, mcpHostBase, mcpSessionTimeoutMs } from './verify-mcp-direct.js';
import { waitingFor } from '../../output/wait-notice.js';

export interface ListedTool {
  name: string;
  mcp_info?: { server_name?: string };
}

/** Bare tool names of one server; 1.77.3 prefixes them, later versions name the server in mcp_info. */
export function toolsOf(listed: readonly ListedTool[], server: string): string[] {
  return listed
    .filter((t) => t.name.startsWith(`${server}-`) || t.mcp_info?.server_name === server)
    .map((t) => (t.name.startsWith(`${server}-`) ? t.name.slice(server.length + 1) : t.name))
    .sort();
}

async function explainNoTools(ctx: Context, server: ConfiguredServer): Promise<never> {
  const [{ detectTransport }, { reachFrom }] = await Promise.all([import('../../infra/mcp-client.js'), import('../../infra/container-exec.js')]);
  const url = new URL(server.url);
  const asLitellm = await detectTransport(mcpHostBase(ctx), url.host);
  const api = await ctx.infra.docker();
  const litellm = await api.findService(projectsOf(ctx.answers.name).gateway, services.litellm, ctx.answers.network);
  const port = Number(url.port || 80);
  const reach = litellm ? await reachFrom(api.raw, litellm.id, 'python3', url.hostname, port) : undefined;
  const issue = diagnoseGatewayTools({
    containers: containersOf(ctx.answers.name),
    configured: server,
    expected: { host: services.mcp, port: mcpContainerPort, path: '/sse' },
    asLitellm,
    ...(reach ? { reach } : {}),
    command: await mcpCommand(ctx),
  });
  throw new TaskFailure(issue.problem, issue.fix, issue.cause);
}

export const verifyGatewayTask = verifyTask('MCP tools through LiteLLM: listed, called, and seen by an MCP client', async (ctx): Promise<Check> => {
  const { withMcpClient } = await import('../../infra/mcp-client.js');
  const config = await readDeployedConfig(ctx);
  const server = ourServer(config, ctx.answers.mcpServerName);
  if (!server) throw new TaskFailure(`config.yaml has no MCP server named ${ctx.answers.mcpServerName}.`, 'Run `litellm-mcp phase c --force` to write it again.');
  const api = await gatewayApi(ctx);
  const direct = await waitingFor(ctx.out, `an MCP session with ${mcpHostBase(ctx)}/sse`, mcpSessionTimeoutMs, () => withMcpClient(`${mcpHostBase(ctx)}/sse`, 'sse', {}, mcpSessionTimeoutMs, async (c) => (await c.listTools()).tools.map((t) => t.name).sort()));

  const listed = await api.get('/mcp-rest/tools/list');
  const tools = (listed.json as { tools?: ListedTool[] } | undefined)?.tools ?? [];
  const ours = toolsOf(tools, server.name);
  if (listed.status !== 200) throw new TaskFailure(`/mcp-rest/tools/list answered ${listed.status}: ${redact(listed.text).slice(0, 200)}`, `Read \`docker logs ${containersOf(ctx.answers.name).litellm}\`.`);
  if (ours.length === 0) await explainNoTools(ctx, server);
  if (ours.join(',') !== direct.join(',')) {
    throw new TaskFailure(`LiteLLM lists [${ours.join(', ')}] for ${server.name}; the server offers [${direct.join(', ')}].`, 'Check allowed_tools or access groups in config.yaml; run `litellm-mcp phase c --force` to restore it.');
  }
  const facts: Record<string, string> = { 'MCP tools through LiteLLM': ours.map((t) => `${server.name}-${t}`).join(', ') };

  const sql = sqlTool(ours);
  if (sql) {
    const sqlName = `${server.name}-${sql}`;
    const called = await api.post('/mcp-rest/tools/call', { name: sqlName, arguments: { sql: readSql } });
    const text = textOf(called.json);
    const read = called.status === 200 ? judgeRead(text, ctx.answers.mcpRole, ctx.answers.mcpDatabase) : { ok: false as const, why: `HTTP ${called.status}` };
    if (!read.ok) {
      throw new TaskFailure(
        `A tool call through LiteLLM (${sqlName}) did not return the read-only role's row (${read.why}): ${called.status} ${redact(called.text).slice(0, 300)}`,
        `Read \`docker logs ${containersOf(ctx.answers.name).litellm}\` and the MCP server's log.`,
      );
    }
    facts['Tool call through LiteLLM'] = `${sqlName} returned ${ctx.answers.mcpRole}'s row from ${ctx.answers.mcpDatabase} in ${called.ms} ms`;
  }

  // LiteLLM as an MCP server for clients: streamable HTTP at /mcp/ (the slash matters: /mcp answers 307).
  const headers = { 'x-litellm-api-key': `Bearer ${requireSecrets(ctx).masterKey}` };
  const seen = await waitingFor(ctx.out, `an MCP session with ${api.base}/mcp/`, mcpSessionTimeoutMs, () => withMcpClient(`${api.base}/mcp/`, 'http', headers, mcpSessionTimeoutMs, async (c) => (await c.listTools()).tools.map((t) => t.name))).catch((error: Error) => {
    throw new TaskFailure(`An MCP client could not use LiteLLM's endpoint ${api.base}/mcp/: ${redact(error.message)}`, 'Clients need `x-litellm-api-key: Bearer <key>` (with "Bearer ") and the URL ending in /mcp/.');
  });
  const seenOurs = toolsOf(seen.map((name) => ({ name })), server.name);
  if (seenOurs.join(',') !== ours.join(',')) {
    throw new TaskFailure(`An MCP client on ${api.base}/mcp/ sees [${seen.join(', ')}], not the ${ours.length} tool(s) of ${server.name}.`, 'Check the key\'s MCP permissions and `x-mcp-servers` headers.');
  }
  facts['MCP client on LiteLLM /mcp/'] = `${seen.length} tool(s): ${seen.join(', ')}`;
  return { status: 'ok', message: `${ours.length} tool(s) of ${server.name} listed, called and seen over /mcp/`, facts };
});
