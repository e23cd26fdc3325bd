/**
 * LiteLLM 1.77.3's REST side of MCP (FACTS.md, "LiteLLM proxy" and "Seen on the real LiteLLM 1.77.3 proxy"):
 * - GET /v1/mcp/server: the config servers, each with a 32-hex `server_id`, `alias` null unless set,
 *   `status` "unknown" and the other columns of LiteLLM_MCPServerTable;
 * - GET /mcp-rest/tools/list and POST /mcp-rest/tools/call `{name, arguments}`;
 * - POST /mcp-rest/test/connection: no key needed, 200 `{"status":"ok"}` whatever the URL, after really
 *   trying it (a TaskGroup WARNING when it does not answer MCP): the blind request-forgery door FACTS.md
 *   describes.
 */
import type { McpServerEntry, Transport } from './config.js';
import { SessionNotInitialized, ToolNotFound, callTool, listTools, tryConnect } from './mcp-gateway.js';

export interface JsonReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** One row of GET /v1/mcp/server for a config server (1.77.3's LiteLLM_MCPServerTable fields). */
export function serverRow(s: McpServerEntry) {
  return {
    server_id: s.serverId,
    server_name: s.serverName,
    alias: s.alias ?? null,
    description: s.description ?? null,
    url: s.url,
    transport: s.transport,
    spec_version: s.specVersion,
    auth_type: s.authType ?? null,
    created_at: null,
    created_by: null,
    updated_at: null,
    updated_by: null,
    teams: [],
    mcp_access_groups: s.accessGroups,
    mcp_info: { server_name: s.serverName, description: s.description ?? null },
    status: 'unknown',
    last_health_check: null,
    health_check_error: null,
  };
}

export async function toolsList(servers: readonly McpServerEntry[]): Promise<JsonReply> {
  const tools = await listTools(servers);
  return {
    status: 200,
    body: {
      tools: tools.map((t) => ({ name: t.name, description: t.description ?? '', inputSchema: t.inputSchema, mcp_info: { server_name: t.server.prefix } })),
      error: null,
      message: 'Successfully retrieved tools',
    },
  };
}

export async function toolsCall(servers: readonly McpServerEntry[], body: unknown): Promise<JsonReply> {
  const { name, arguments: args } = (body ?? {}) as { name?: unknown; arguments?: Record<string, unknown> };
  try {
    const result = await callTool(servers, String(name), args ?? {});
    // 1.77.3 answers with the tool's content list.
    return { status: 200, body: result.content ?? [] };
  } catch (error) {
    if (error instanceof ToolNotFound) return { status: 404, body: { detail: error.message } };
    if (error instanceof SessionNotInitialized) return { status: 500, body: { detail: error.message } };
    throw error;
  }
}

/** The body LiteLLM accepts describes a server like POST /v1/mcp/server; unknown fields are ignored. */
export async function testConnection(body: unknown): Promise<JsonReply> {
  const b = (body ?? {}) as { url?: unknown; transport?: unknown; auth_type?: unknown; authentication_token?: unknown; server_name?: unknown };
  const transport: Transport = b.transport === 'http' ? 'http' : 'sse';
  const server: McpServerEntry = {
    serverName: typeof b.server_name === 'string' ? b.server_name : 'test',
    prefix: 'test',
    url: String(b.url ?? ''),
    transport,
    specVersion: '2025-03-26',
    accessGroups: [],
    serverId: '',
  };
  if (typeof b.auth_type === 'string') server.authType = b.auth_type;
  if (typeof b.authentication_token === 'string') server.authToken = b.authentication_token;
  await tryConnect(server).catch(() => false);
  return { status: 200, body: { status: 'ok' } };
}
