/**
 * LiteLLM's MCP gateway, for the parts phase E uses: each request opens a fresh MCP client to every
 * configured server with the transport the config names (sse or streamable http), lists or calls its
 * tools, and exposes them as `<server>-<tool>`. A failed connection is logged as LiteLLM logs it (the
 * uninformative "unhandled errors in a TaskGroup") and the server simply shows no tools.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpServerEntry } from './config.js';
import { log } from './log.js';

export interface GatewayTool {
  server: string;
  name: string;
  description?: string;
  inputSchema: unknown;
}

const connectTimeoutMs = 10_000;

async function withServer<T>(server: McpServerEntry, use: (client: Client) => Promise<T>): Promise<T> {
  if (server.transport === 'stdio') throw new Error('stdio servers are not part of this stand-in');
  const url = new URL(server.url);
  const transport: Transport = server.transport === 'sse' ? new SSEClientTransport(url) : new StreamableHTTPClientTransport(url);
  const client = new Client({ name: 'litellm', version: '1.77.3-standin' });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(transport),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timed out connecting')), connectTimeoutMs))),
    ]);
    return await use(client);
  } finally {
    clearTimeout(timer);
    await transport.close().catch(() => undefined);
  }
}

export async function listTools(servers: readonly McpServerEntry[]): Promise<GatewayTool[]> {
  const all: GatewayTool[] = [];
  for (const server of servers) {
    try {
      const { tools } = await withServer(server, (c) => c.listTools());
      for (const t of tools) {
        const tool: GatewayTool = { server: server.name, name: `${server.name}-${t.name}`, inputSchema: t.inputSchema };
        if (t.description) tool.description = t.description;
        all.push(tool);
      }
    } catch {
      log('ERROR', `MCP client connection failed: unhandled errors in a TaskGroup (1 sub-exception) server=${server.name}`);
    }
  }
  return all;
}

/** Calls `<server>-<tool>`; returns the tool's content list, as LiteLLM 1.77.3's REST endpoint does. */
export async function callTool(servers: readonly McpServerEntry[], name: string, args: Record<string, unknown>): Promise<unknown[]> {
  const server = servers.find((s) => name.startsWith(`${s.name}-`));
  if (!server) throw Object.assign(new Error(`Tool ${name} not found`), { status: 404 });
  const result = await withServer(server, (c) => c.callTool({ name: name.slice(server.name.length + 1), arguments: args }));
  return (result.content ?? []) as unknown[];
}
