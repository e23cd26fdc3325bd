/**
 * LiteLLM as an MCP server for clients (FACTS.md, "Client side seen"): streamable HTTP at `/mcp/`,
 * stateless, JSON responses; `/mcp` answers 307 to `/mcp/`; the key goes in `x-litellm-api-key: Bearer ...`
 * or `Authorization: Bearer ...` and any auth failure is a 500 `{"error":"MCP request failed","details":""}`;
 * `tools/list` shows the servers the key may list, narrowed by `x-mcp-servers: a,b` or `/mcp/a,b`
 * (mcp-permissions.ts); `tools/call` looks the tool up on every server, whatever the key or the narrowing
 * (FACTS.md: "`tools/call` on `/mcp/` ... never check the key's allowed servers"; 1.77.3's call handler drops
 * the requested servers from its auth context). The server behind it is Python's mcp library (1.14-era), so
 * a client asking for a newer protocol version than 2025-06-18 is answered with 2025-06-18.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerEntry } from './config.js';
import { callTool, listTools } from './mcp-gateway.js';

const pythonProtocolVersions = ['2024-11-05', '2025-03-26', '2025-06-18'];

/** Python's server answers `initialize` with its own newest version when it does not know the asked one. */
function asPythonServer(body: unknown): unknown {
  const message = body as { method?: string; params?: { protocolVersion?: string } } | undefined;
  if (message?.method === 'initialize' && message.params && !pythonProtocolVersions.includes(String(message.params.protocolVersion))) {
    message.params.protocolVersion = '2025-06-18';
  }
  return body;
}

export function mcpAuthFailure(res: ServerResponse, details: string): void {
  res.writeHead(500, { 'content-type': 'application/json', server: 'uvicorn' }).end(JSON.stringify({ error: 'MCP request failed', details }));
}

/** `listed`: the servers `tools/list` shows; `all`: every server, for `tools/call`. */
export async function handleMcp(listed: readonly McpServerEntry[], all: readonly McpServerEntry[], req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
  const server = new Server({ name: 'litellm-mcp-server', version: '1.77.3' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: (await listTools(listed)).map((t) => ({ name: t.name, description: t.description ?? '', inputSchema: t.inputSchema as { type: 'object' } })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    try {
      const result = await callTool(all, request.params.name, request.params.arguments ?? {});
      return { content: (result.content ?? []) as Array<{ type: 'text'; text: string }>, isError: result.isError === true };
    } catch (error) {
      // Python's low-level MCP server turns a handler's exception into an error result.
      return { content: [{ type: 'text' as const, text: (error as Error).message }], isError: true };
    }
  });
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, asPythonServer(body));
}
