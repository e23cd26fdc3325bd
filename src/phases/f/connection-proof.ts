/**
 * Opens a connection exactly as a client file describes it and judges it by effect: over MCP, the tools
 * listed and a read through the SQL tool that returns the read-only role's row; over the OpenAI API, a
 * completion that returns the mock model's text. One proof per distinct connection and run: most client
 * files amount to the same request, and proving it once is proving it for each of them.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Context } from '../../core/context.js';
import { errorMessage } from '../../core/errors.js';
import { redact } from '../../core/redact.js';
import { mockModel } from '../../core/model-names.js';
import { callTool, judgeRead, readSql, sqlTool } from '../e/mcp-probes.js';
import { reachableUrl } from './gateway-address.js';
import type { Connection } from './clients/connection.js';
import { waitingFor } from '../../output/wait-notice.js';

export type Proof = { ok: true; evidence: string } | { ok: false; why: string };

const timeoutMs = 20_000;
/** mcp-remote comes through npx: the first run may download it. */
const stdioTimeoutMs = 90_000;
const proofs = new WeakMap<Context, Map<string, Promise<Proof>>>();

async function readThrough(ctx: Context, client: Client): Promise<Proof> {
  const names = (await client.listTools()).tools.map((t) => t.name);
  const prefix = `${ctx.answers.mcpServerName}-`;
  const ours = names.filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length));
  const sql = sqlTool(ours);
  if (!sql) return { ok: false, why: `${names.length} tool(s) listed, none of them ${prefix}execute_sql` };
  const called = await callTool(client, `${prefix}${sql}`, { sql: readSql });
  const read = judgeRead(called.text, ctx.answers.mcpRole, ctx.answers.mcpDatabase);
  if (!read.ok) return { ok: false, why: `${prefix}${sql} did not return the read-only role's row (${read.why}): ${redact(called.text).slice(0, 200)}` };
  return { ok: true, evidence: `${names.length} tool(s), ${prefix}${sql} read as ${ctx.answers.mcpRole}` };
}

async function proveMcp(ctx: Context, c: Extract<Connection, { kind: 'mcp' }>): Promise<Proof> {
  const { withMcpClient } = await import('../../infra/mcp-client.js');
  const url = await reachableUrl(ctx, c.url);
  return waitingFor(ctx.out, `an MCP session with ${url}`, timeoutMs, () => withMcpClient(url, c.transport, c.headers, timeoutMs, (client) => readThrough(ctx, client)));
}

async function proveLlm(ctx: Context, c: Extract<Connection, { kind: 'llm' }>): Promise<Proof> {
  const { http, parseJson } = await import('../../infra/http.js');
  const base = (await reachableUrl(ctx, c.baseUrl)).replace(/\/$/, '');
  const body = { model: mockModel.name, messages: [{ role: 'user', content: 'litellm-mcp client proof' }] };
  const r = await http(`${base}/chat/completions`, { method: 'POST', body, headers: { authorization: `Bearer ${c.apiKey}` }, timeoutMs });
  const text = (parseJson(r.text) as { choices?: Array<{ message?: { content?: string } }> } | undefined)?.choices?.[0]?.message?.content;
  if (r.status !== 200 || text !== mockModel.response) return { ok: false, why: `POST ${base}/chat/completions answered ${r.status}: ${redact(r.text).slice(0, 200)}` };
  return { ok: true, evidence: `${mockModel.name} answered on ${base}` };
}

async function proveStdio(ctx: Context, c: Extract<Connection, { kind: 'stdio' }>): Promise<Proof> {
  const [{ Client }, { StdioClientTransport, getDefaultEnvironment }] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/index.js'),
    import('@modelcontextprotocol/sdk/client/stdio.js'),
  ]);
  const args = await Promise.all(c.args.map((a) => (/^https?:\/\//.test(a) ? reachableUrl(ctx, a) : a)));
  // The key reaches the bridge through its environment, as Claude Desktop passes it: never in argv.
  const transport = new StdioClientTransport({ command: c.command, args, env: { ...getDefaultEnvironment(), ...c.env }, stderr: 'pipe' });
  const client = new Client({ name: 'litellm-mcp', version: '1' });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no MCP session through ${c.command} within ${stdioTimeoutMs / 1000} s`)), stdioTimeoutMs);
  });
  try {
    return await waitingFor(ctx.out, `an MCP session through ${c.command}`, stdioTimeoutMs, async () => {
      await Promise.race([client.connect(transport), deadline]);
      return Promise.race([readThrough(ctx, client), deadline]);
    });
  } finally {
    clearTimeout(timer);
    await transport.close().catch(() => undefined);
  }
}

async function prove(ctx: Context, c: Connection): Promise<Proof> {
  try {
    if (c.kind === 'mcp') return await proveMcp(ctx, c);
    if (c.kind === 'llm') return await proveLlm(ctx, c);
    return await proveStdio(ctx, c);
  } catch (error) {
    return { ok: false, why: redact(errorMessage(error)) };
  }
}

export function proveConnection(ctx: Context, c: Connection): Promise<Proof> {
  let memo = proofs.get(ctx);
  if (!memo) proofs.set(ctx, (memo = new Map()));
  const id = JSON.stringify(c);
  let proof = memo.get(id);
  if (!proof) memo.set(id, (proof = prove(ctx, c)));
  return proof;
}
