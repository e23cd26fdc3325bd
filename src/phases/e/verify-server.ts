/**
 * Proves a server added with `mcp add` the way phase E proves PostgreSQL, by what calls return: directly
 * on its 127.0.0.1 port (tools listed, its recipe's harmless call answered, a write refused where it must
 * be read-only, and the host folder unchanged), then through LiteLLM (the same tools under `<name>-`, the
 * same call over its REST API, and an MCP client on `/mcp/` seeing them).
 */
import { containersOf } from '../../diagnose/containers.js';
import { existsSync, rmSync } from 'node:fs';
import type { Context } from '../../core/context.js';
import { TaskFailure } from '../../core/errors.js';
import { redact } from '../../core/redact.js';
import { verifyTask, type Check, type Task } from '../../core/task.js';
import { addedServer, type GatewayServer } from '../../servers/gateway-servers.js';
import { recipes, type ToolProbe } from '../../servers/recipes.js';
import { requireSecrets } from '../shared/secrets.js';
import { callTool, textOf } from './mcp-probes.js';
import { toolsOf, type ListedTool } from './verify-gateway.js';
import { gatewayApi } from './verify-litellm.js';
import { mcpSessionTimeoutMs } from './verify-mcp-direct.js';
import { waitingFor } from '../../output/wait-notice.js';

const contains = (text: string, expect: string) => text.toLowerCase().includes(expect.toLowerCase());
const directUrl = (s: GatewayServer) => `http://127.0.0.1:${s.hostPort}${s.transport === 'sse' ? '/sse' : '/mcp'}`;

async function proveDirect(s: GatewayServer, facts: Record<string, string>): Promise<string[]> {
  const { withMcpClient } = await import('../../infra/mcp-client.js');
  const recipe = recipes[s.spec!.recipe];
  const probe = recipe.probe(s.spec!);
  const refused = recipe.writeRefused?.(s.spec!);
  return withMcpClient(directUrl(s), s.transport, {}, mcpSessionTimeoutMs, async (client) => {
    const tools = (await client.listTools()).tools.map((t) => t.name).sort();
    if (tools.length === 0) throw new TaskFailure(`${s.name} answers on ${directUrl(s)} but lists no tools.`, `Read \`docker logs ${s.project}-${s.service}-1\`: the server started without its tools.`);
    facts[`${s.name}: tools (direct)`] = `${tools.length}: ${tools.join(', ')}`;
    if (probe) {
      const r = await callTool(client, probe.tool, probe.args);
      if (!contains(r.text, probe.expect)) throw new TaskFailure(`${s.name}'s ${probe.tool} answered without "${probe.expect}": ${redact(r.text).slice(0, 200)}`, `Check what ${s.name} serves (its recipe's proof is ${probe.tool}).`);
      facts[`${s.name}: ${probe.tool} (direct)`] = `answered with "${probe.expect}" in ${r.ms} ms`;
    }
    if (refused) {
      rmSync(refused.hostFile, { force: true });
      const w = await callTool(client, refused.probe.tool, refused.probe.args);
      const wrote = existsSync(refused.hostFile);
      rmSync(refused.hostFile, { force: true });
      if (wrote || !contains(w.text, refused.probe.expect)) {
        throw new TaskFailure(`${s.name} is not read-only: ${refused.probe.tool} ${wrote ? `created ${refused.hostFile}` : `answered ${redact(w.text).slice(0, 200)}`}.`, 'The folder must be mounted read-only (`:ro`): run `litellm-mcp phase d --force` and `phase e`.');
      }
      facts[`${s.name}: write tried`] = `${refused.probe.tool} refused (${w.text.split('\n')[0]!.slice(0, 120)}); nothing written`;
    }
    return tools;
  });
}

async function proveThroughGateway(ctx: Context, s: GatewayServer, direct: string[], probe: ToolProbe | undefined, facts: Record<string, string>): Promise<void> {
  const { withMcpClient } = await import('../../infra/mcp-client.js');
  const api = await gatewayApi(ctx);
  const listed = await api.get('/mcp-rest/tools/list');
  const ours = toolsOf((listed.json as { tools?: ListedTool[] } | undefined)?.tools ?? [], s.name);
  if (ours.join(',') !== direct.join(',')) {
    throw new TaskFailure(
      `LiteLLM lists [${ours.join(', ')}] for ${s.name}; the server offers [${direct.join(', ')}].`,
      `LiteLLM reaches it at ${s.transport === 'sse' ? `http://${s.host}:${s.port}/sse` : `http://${s.host}:${s.port}/mcp`} on ${ctx.answers.network}: read \`docker logs ${containersOf(ctx.answers.name).litellm}\` for "TaskGroup", then \`litellm-mcp phase e\`.`,
    );
  }
  if (probe) {
    const called = await api.post('/mcp-rest/tools/call', { name: `${s.name}-${probe.tool}`, arguments: probe.args });
    const text = textOf(called.json);
    if (called.status !== 200 || !contains(text, probe.expect)) throw new TaskFailure(`${s.name}-${probe.tool} through LiteLLM answered ${called.status} without "${probe.expect}": ${redact(called.text).slice(0, 200)}`, `Read \`docker logs ${containersOf(ctx.answers.name).litellm}\`.`);
    facts[`${s.name}: ${probe.tool} through LiteLLM`] = `answered with "${probe.expect}" in ${called.ms} ms`;
  }
  const headers = { 'x-litellm-api-key': `Bearer ${requireSecrets(ctx).masterKey}` };
  const seen = await waitingFor(ctx.out, `an MCP session with ${api.base}/mcp/`, mcpSessionTimeoutMs, () => withMcpClient(`${api.base}/mcp/`, 'http', headers, mcpSessionTimeoutMs, async (c) => (await c.listTools()).tools.map((t) => t.name)));
  const seenOurs = toolsOf(seen.map((name) => ({ name })), s.name);
  if (seenOurs.length !== direct.length) throw new TaskFailure(`An MCP client on ${api.base}/mcp/ sees ${seenOurs.length} of ${s.name}'s ${direct.length} tools.`, 'Check the access groups in config.yaml (`litellm-mcp phase c --force`).');
  facts[`${s.name}: MCP client on /mcp/`] = `${seenOurs.length} ${s.name}- tool(s) among ${seen.length}`;
}

export function verifyServerTask(name: string): Task {
  return verifyTask(`MCP server ${name}: proven directly and through LiteLLM`, async (ctx): Promise<Check> => {
    const spec = ctx.answers.mcpServers.find((x) => x.name === name);
    if (!spec) return { status: 'ok', message: 'removed' };
    const s = addedServer(ctx.answers, spec);
    const facts: Record<string, string> = {};
    const direct = await proveDirect(s, facts);
    await proveThroughGateway(ctx, s, direct, recipes[spec.recipe].probe(spec), facts);
    return { status: 'ok', message: `${direct.length} tool(s) of ${name} listed directly and through LiteLLM${recipes[spec.recipe].probe(spec) ? ', its proof call answered both ways' : ''}`, facts };
  });
}
