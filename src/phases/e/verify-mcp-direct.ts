/**
 * Proves the MCP server directly, from the host through its published port: the transport it speaks, an
 * MCP session with the real SDK client under our own deadline, its tools, a read that touches the
 * database, and a write that must be refused.
 */
import type { Context } from '../../core/context.js';
import { TaskFailure } from '../../core/errors.js';
import { projectsOf, services } from '../../core/paths.js';
import { verifyTask, type Check } from '../../core/task.js';
import { diagnoseDirect } from '../../diagnose/mcp-path.js';
import { hostAddress } from '../../infra/host-address.js';
import { mcpContainerPort } from '../../render/mcp-compose.js';
import { redact } from '../../core/redact.js';
import { containersOf } from '../../diagnose/containers.js';
import { parseLog } from '../../diagnose/log-entries.js';
import { diagnoseRead } from '../../diagnose/mcp-read.js';
import { notRecognised, tailOf } from '../../diagnose/not-recognised.js';
import { callTool, judgeRead, readSql, sqlTool, writeProbe } from './mcp-probes.js';
import { waitingFor } from '../../output/wait-notice.js';

export const mcpSessionTimeoutMs = 15_000;

export function mcpHostBase(ctx: Context): string {
  return ctx.endpoints?.mcp ?? `http://${hostAddress(ctx.answers.mcpBindAddress)}:${ctx.answers.mcpPort}`;
}

export async function mcpCommand(ctx: Context): Promise<string[]> {
  const { projectContainers } = await import('../../infra/compose-services.js');
  const c = (await projectContainers((await ctx.infra.docker()).raw, projectsOf(ctx.answers.name).connector)).find((x) => x.service === services.mcp);
  return c?.command ?? [];
}

async function mcpLogs(ctx: Context): Promise<string[]> {
  const api = await ctx.infra.docker();
  const c = await api.findService(projectsOf(ctx.answers.name).connector, services.mcp, ctx.answers.network);
  if (!c) return [];
  const { lastLogLines } = await import('../../infra/docker-logs.js');
  return (await lastLogLines(api.raw, c.id, 40)).map(redact);
}

/** Whether the write probe left its table behind, through our own admin connection; removed if it did. */
async function writeLanded(ctx: Context, table: string): Promise<string[]> {
  const [{ withClient, dropTablesNamed }, { adminTarget }] = await Promise.all([import('../../infra/postgres.js'), import('../shared/database-admin.js')]);
  return withClient(await adminTarget(ctx, ctx.answers.mcpDatabase), (client) => dropTablesNamed(client, table));
}

export const verifyMcpDirectTask = verifyTask('MCP server answers directly: transport, tools, read-only query', async (ctx): Promise<Check> => {
  const { detectTransport, withMcpClient } = await import('../../infra/mcp-client.js');
  const base = mcpHostBase(ctx);
  const probe = await detectTransport(base);
  if (probe.speaks !== 'sse') {
    const issue = diagnoseDirect(probe, base, await mcpCommand(ctx), mcpContainerPort, containersOf(ctx.answers.name));
    throw new TaskFailure(issue.problem, issue.fix, issue.cause);
  }
  const facts: Record<string, string> = { 'MCP transport': `sse (${probe.evidence.join('; ')})` };
  const started = performance.now();
  const write = writeProbe();
  const result = await waitingFor(ctx.out, `an MCP session with ${base}/sse`, mcpSessionTimeoutMs, () => withMcpClient(`${base}/sse`, 'sse', {}, mcpSessionTimeoutMs, async (client) => {
    const names = (await client.listTools()).tools.map((t) => t.name);
    const tool = sqlTool(names);
    if (!tool) return { names };
    const read = await callTool(client, tool, { sql: readSql });
    const verdict = judgeRead(read.text, ctx.answers.mcpRole, ctx.answers.mcpDatabase);
    // Only a server proven to read is asked to write: a refusal by a server that cannot reach its
    // database would prove nothing.
    if (!verdict.ok) return { names, tool, read, verdict };
    return { names, tool, read, verdict, write: await callTool(client, tool, { sql: write.sql }) };
  })).catch(async (error: Error) => {
    // A session that hangs is often the server waiting for its database (its pool retries for 30 s): the
    // log names the reason when there is one; otherwise nothing is guessed.
    const logs = await mcpLogs(ctx);
    const issue = diagnoseRead(error.message, ctx.answers.mcpRole, logs, containersOf(ctx.answers.name).mcp);
    if (issue.cause) throw new TaskFailure(issue.problem, issue.fix, issue.cause);
    const unknown = notRecognised({
      subject: `No MCP session with ${base}/sse (${error.message})`,
      tail: tailOf(parseLog(logs)),
      readAll: `docker logs ${containersOf(ctx.answers.name).mcp}`,
      then: 'then run `litellm-mcp phase e` again',
    });
    throw new TaskFailure(unknown.problem, unknown.fix);
  });
  facts['MCP tools (direct)'] = `${result.names.join(', ')} (${result.names.length}), session in ${Math.round(performance.now() - started)} ms`;
  if (!result.tool || !result.read || !result.verdict) {
    return { status: 'warning', message: `no SQL tool among ${result.names.join(', ')}; the database was not queried`, facts };
  }
  const a = ctx.answers;
  if (!result.verdict.ok) {
    // postgres-mcp's pool may only answer "couldn't get a connection"; its log says why.
    const issue = diagnoseRead(result.read.text, a.mcpRole, await mcpLogs(ctx), containersOf(a.name).mcp);
    throw new TaskFailure(issue.problem, issue.fix, issue.cause);
  }
  facts['Read-only query (direct)'] = `${result.tool}: connected as ${a.mcpRole} to ${a.mcpDatabase} in ${result.read.ms} ms`;
  const answer = result.write ? redact(result.write.text.split('\n')[0]!.replace(/^MCP error -?\d+: /, '')).slice(0, 160) : '';
  const landed = await writeLanded(ctx, write.table);
  if (landed.length) {
    return {
      status: 'failed',
      message: `a write through the MCP server was accepted: ${landed.join(', ')} was created (and removed again)`,
      facts,
      issue: {
        problem: `The MCP server ran a write (${write.sql}) as ${a.mcpRole}: the table ${landed.join(', ')} existed afterwards. The server answered: ${answer || '(nothing)'}`,
        cause: `the role ${a.mcpRole} may create tables in ${a.mcpDatabase} (not read-only), and the server does not refuse writes (unrestricted access mode)`,
        fix: 'Run `litellm-mcp phase a` to restore the read-only role (default_transaction_read_only), and keep --mcp-access-mode restricted (`litellm-mcp phase d`), then `litellm-mcp phase e`.',
      },
    };
  }
  facts['Write refused'] = `nothing created; the server answered: ${answer}`;
  return { status: 'ok', message: `sse, ${result.names.length} tool(s), read as ${a.mcpRole}, write refused (nothing created)`, facts };
});
