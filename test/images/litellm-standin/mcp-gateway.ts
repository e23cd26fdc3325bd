/**
 * LiteLLM's MCP gateway, with the real MCP SDK client: every operation opens a fresh client to the server
 * with the transport the config names (`sse`, or streamable `http`, the default), sending the requests
 * LiteLLM sends (litellm-fetch.ts), and exposes tools as `<alias or name>-<tool>`.
 * A failed connection is logged as 1.77.3 logs it (FACTS.md, seen): a WARNING "MCP client connection
 * failed: unhandled errors in a TaskGroup (1 sub-exception)" naming no server; using the server then logs
 * "MCP client session is not initialized" and the server shows no tools.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpServerEntry } from './config.js';
import { litellmFetch } from './litellm-fetch.js';
import { log } from './log.js';

export interface GatewayTool {
  server: McpServerEntry;
  name: string;
  description?: string;
  inputSchema: unknown;
}

export class SessionNotInitialized extends Error {
  constructor() {
    super('MCP client session is not initialized');
  }
}

/** Python's str() of the anyio ExceptionGroup the MCP library raises for any transport failure. */
const taskGroupFailure = 'unhandled errors in a TaskGroup (1 sub-exception)';
const connectTimeoutMs = 10_000;

/** LiteLLM's MCPClient auth headers for `auth_type` + `authentication_token`. */
function authHeaders(s: McpServerEntry): Record<string, string> {
  if (!s.authToken) return {};
  switch (s.authType) {
    case 'api_key':
      return { 'X-API-Key': s.authToken };
    case 'bearer_token':
      return { Authorization: `Bearer ${s.authToken}` };
    case 'basic':
      return { Authorization: `Basic ${s.authToken}` };
    case 'authorization':
      return { Authorization: s.authToken };
    default:
      return {};
  }
}

/** What the library behind LiteLLM calls itself in `initialize` (python mcp's ClientSession default). */
const clientInfo = { name: 'mcp', version: '0.1.0' };

async function connect(s: McpServerEntry): Promise<{ client: Client; transport: Transport }> {
  if (s.transport === 'stdio') throw new Error('stdio servers are not part of the stand-in');
  const url = new URL(s.url);
  const transport: Transport =
    s.transport === 'sse'
      ? new SSEClientTransport(url, { fetch: litellmFetch('sse', authHeaders(s)) })
      : new StreamableHTTPClientTransport(url, { fetch: litellmFetch('http', authHeaders(s)) });
  const client = new Client(clientInfo);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(transport),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), connectTimeoutMs))),
    ]);
    return { client, transport };
  } catch (error) {
    await transport.close().catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** One connection attempt, logged as LiteLLM logs a failure; true when it worked. */
export async function tryConnect(s: McpServerEntry): Promise<boolean> {
  try {
    const { transport } = await connect(s);
    await transport.close().catch(() => undefined);
    return true;
  } catch {
    log('WARNING', `MCP client connection failed: ${taskGroupFailure}`, { where: 'client.py:143', logger: 'LiteLLM' });
    return false;
  }
}

async function withServer<T>(s: McpServerEntry, use: (client: Client) => Promise<T>): Promise<T> {
  let opened: { client: Client; transport: Transport };
  try {
    opened = await connect(s);
  } catch {
    log('WARNING', `MCP client connection failed: ${taskGroupFailure}`, { where: 'client.py:143', logger: 'LiteLLM' });
    throw new SessionNotInitialized();
  }
  try {
    return await use(opened.client);
  } finally {
    await opened.transport.close().catch(() => undefined);
  }
}

export async function listTools(servers: readonly McpServerEntry[]): Promise<GatewayTool[]> {
  const all: GatewayTool[] = [];
  for (const server of servers) {
    try {
      const { tools } = await withServer(server, (c) => c.listTools());
      for (const t of tools) {
        const tool: GatewayTool = { server, name: `${server.prefix}-${t.name}`, inputSchema: t.inputSchema };
        if (t.description) tool.description = t.description;
        all.push(tool);
      }
    } catch (error) {
      log('WARNING', (error as Error).message, { where: 'client.py:201', logger: 'LiteLLM' });
    }
  }
  return all;
}

export class ToolNotFound extends Error {}

/** Calls `<prefix>-<tool>` on its server; returns the tool's result as the server sent it. */
export async function callTool(servers: readonly McpServerEntry[], name: string, args: Record<string, unknown>) {
  const server = servers.find((s) => name.startsWith(`${s.prefix}-`));
  if (!server) throw new ToolNotFound(`Tool ${name} not found`);
  return withServer(server, (c) => c.callTool({ name: name.slice(server.prefix.length + 1), arguments: args }));
}
