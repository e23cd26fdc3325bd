/**
 * Proves the MCP server directly, from the host through its published port: the transport it speaks, an
 * MCP session with the real SDK client under our own deadline, its tools, a read that touches the
 * database, and a write that must be refused.
 */
import type { Context } from '../../core/context.js';
import { TaskFailure } from '../../core/errors.js';
import { projects, services } from '../../core/paths.js';
import { verifyTask, type Check } from '../../core/task.js';
import { diagnoseDirect } from '../../diagnose/mcp-path.js';
import { hostAddress } from '../../infra/host-address.js';
import { mcpContainerPort } from '../../render/mcp-compose.js';
import { callTool, diagnoseRead, readSql, sqlTool, writeSql } from './mcp-probes.js';

export const mcpSessionTimeoutMs = 15_000;

export function mcpHostBase(ctx: Context): string {
  return `http://${hostAddress(ctx.answers.mcpBindAddress)}:${ctx.answers.mcpPort}`;
}

export async function mcpCommand(ctx: Context): Promise<string[]> {
  const { projectContainers } = await import('../../infra/compose-services.js');
  const c = (await projectContainers((await ctx.infra.docker()).raw, projects.connector)).find((x) => x.service === services.mcp);
  return c?.command ?? [];
}

export const verifyMcpDirectTask = verifyTask('MCP server answers directly: transport, tools, read-only query', async (ctx): Promise<Check> => {
  const { detectTransport, withMcpClient } = await import('../../infra/mcp-client.js');
  const base = mcpHostBase(ctx);
  const probe = await detectTransport(base);
  if (probe.speaks !== 'sse') {
    const issue = diagnoseDirect(probe, base, await mcpCommand(ctx), mcpContainerPort);
    throw new TaskFailure(issue.problem, issue.fix, issue.cause);
  }
  const facts: Record<string, string> = { 'MCP transport': `sse (${probe.evidence.join('; ')})` };
  const started = performance.now();
  const result = await withMcpClient(`${base}/sse`, 'sse', {}, mcpSessionTimeoutMs, async (client) => {
    const names = (await client.listTools()).tools.map((t) => t.name);
    const tool = sqlTool(names);
    if (!tool) return { names };
    const read = await callTool(client, tool, { sql: readSql });
    const write = await callTool(client, tool, { sql: writeSql });
    return { names, tool, read, write };
  }).catch((error: Error) => {
    throw new TaskFailure(`No MCP session with ${base}/sse: ${error.message}`, 'The server answered the transport probe but not an MCP session; read `docker logs litellm-mcp-connector-postgres-mcp-1`.');
  });
  facts['MCP tools (direct)'] = `${result.names.join(', ')} (${result.names.length}), session in ${Math.round(performance.now() - started)} ms`;
  if (!result.tool || !result.read || !result.write) {
    return { status: 'warning', message: `no SQL tool among ${result.names.join(', ')}; the database was not queried`, facts };
  }
  const a = ctx.answers;
  if (!result.read.ok || !result.read.text.includes(a.mcpRole) || !result.read.text.includes(a.mcpDatabase)) {
    const issue = diagnoseRead(result.read.text, a.mcpRole);
    throw new TaskFailure(issue.problem, issue.fix, issue.cause);
  }
  facts['Read-only query (direct)'] = `${result.tool}: connected as ${a.mcpRole} to ${a.mcpDatabase} in ${result.read.ms} ms`;
  if (result.write.ok) {
    return {
      status: 'failed',
      message: 'a write through the MCP server was accepted',
      facts,
      issue: {
        problem: `The MCP server accepted a write (${writeSql}).`,
        cause: `the role ${a.mcpRole} is not read-only, or the server runs unrestricted`,
        fix: 'Run `litellm-mcp phase a` to restore the read-only role (default_transaction_read_only), and keep --mcp-access-mode restricted.',
      },
    };
  }
  facts['Write refused'] = result.write.text.split('\n')[0]!.replace(/^MCP error -?\d+: /, '').slice(0, 160);
  return { status: 'ok', message: `sse, ${result.names.length} tool(s), read as ${a.mcpRole}, write refused`, facts };
});
