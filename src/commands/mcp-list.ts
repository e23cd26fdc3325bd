/**
 * `mcp list [--json]`: every server behind the gateway, PostgreSQL first, with what LiteLLM is told
 * (transport, in-network URL, access group), its container's state, and its tools as LiteLLM lists them
 * now (none when LiteLLM is down: said, not guessed). Read-only; takes no lock.
 */
import type { Answers } from '../core/answers.js';
import { deploymentPaths, projectsOf, services } from '../core/paths.js';
import { loadState } from '../core/state.js';
import { gatewayServers, urlOf, type GatewayServer } from '../servers/gateway-servers.js';
import { appliedAnswers, composeOnly, buildContext, resolveDir, type GlobalOptions } from './deployment.js';
import { plainOutput } from '../output/output.js';

export interface McpListFlags extends GlobalOptions {
  json?: boolean;
}

interface Row {
  name: string;
  recipe: string;
  transport: string;
  url: string;
  hostPort: string;
  accessGroup: string;
  state: string;
  tools: number | null;
}

async function containerState(s: GatewayServer, docker: import('dockerode')): Promise<string> {
  const { projectContainers } = await import('../infra/compose-services.js');
  const c = (await projectContainers(docker, s.project)).find((x) => x.service === s.service);
  return c ? `${c.state}${c.health ? ` (${c.health})` : ''}` : 'not deployed';
}

async function toolCounts(a: Answers, masterKey: string | undefined): Promise<Map<string, number> | undefined> {
  if (!masterKey) return undefined;
  const { http, parseJson } = await import('../infra/http.js');
  const { hostAddress } = await import('../infra/host-address.js');
  try {
    const r = await http(`http://${hostAddress(a.bindAddress)}:${a.litellmPort}/mcp-rest/tools/list`, { headers: { authorization: `Bearer ${masterKey}` }, timeoutMs: 15_000 });
    const tools = (parseJson(r.text) as { tools?: Array<{ name: string }> } | undefined)?.tools;
    if (r.status !== 200 || !tools) return undefined;
    const counts = new Map<string, number>();
    for (const t of tools) {
      const server = t.name.split('-')[0]!;
      counts.set(server, (counts.get(server) ?? 0) + 1);
    }
    return counts;
  } catch {
    return undefined;
  }
}

export async function mcpList(flags: McpListFlags, env: NodeJS.ProcessEnv, cwd: string, stdout: NodeJS.WritableStream = process.stdout): Promise<number> {
  const paths = deploymentPaths(resolveDir(flags, env, cwd));
  const state = loadState(paths.stateFile);
  const answers = appliedAnswers(paths, state, env);
  composeOnly(answers, 'mcp list');
  const ctx = buildContext(paths, answers, { force: false, resetDbPassword: false }, plainOutput());
  const docker = (await ctx.infra.docker()).raw;
  const { readSecrets } = await import('../core/secrets.js');
  const counts = await toolCounts(answers, readSecrets(paths.secretsFile).masterKey);
  const rows: Row[] = [];
  for (const s of gatewayServers(answers)) {
    rows.push({ name: s.name, recipe: s.recipe, transport: s.transport, url: urlOf(s), hostPort: `${s.bindAddress}:${s.hostPort}`, accessGroup: s.accessGroup, state: await containerState(s, docker), tools: counts ? (counts.get(s.name) ?? 0) : null });
  }
  if (flags.json) {
    stdout.write(`${JSON.stringify({ servers: rows, gateway: counts ? 'answered' : `not answering (${projectsOf(answers.name).gateway}-${services.litellm}-1)` })}\n`);
    return 0;
  }
  const header: Row = { name: 'NAME', recipe: 'RECIPE', transport: 'TRANSPORT', url: 'URL (LiteLLM)', hostPort: 'HOST PORT', accessGroup: 'ACCESS GROUP', state: 'STATE', tools: null };
  const cells = (r: Row, head = false) => [r.name, r.recipe, r.transport, r.url, r.hostPort, r.accessGroup, r.state, head ? 'TOOLS' : r.tools === null ? '?' : String(r.tools)];
  const table = [cells(header, true), ...rows.map((r) => cells(r))];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table) stdout.write(`${row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()}\n`);
  if (!counts) stdout.write('Tools: ? — LiteLLM did not answer /mcp-rest/tools/list; `litellm-mcp check` says why.\n');
  return 0;
}
