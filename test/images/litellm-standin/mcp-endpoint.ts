/**
 * LiteLLM as an MCP server for clients: streamable HTTP at `/mcp/` (stateless, one server per request),
 * offering every configured server's tools as `<server>-<tool>` and forwarding calls to them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerEntry } from './config.js';
import { callTool, listTools } from './mcp-gateway.js';

export async function handleMcp(servers: readonly McpServerEntry[], req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
  const server = new Server({ name: 'litellm-mcp-server', version: '1.77.3-standin' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: (await listTools(servers)).map((t) => ({ name: t.name, description: t.description ?? '', inputSchema: t.inputSchema as { type: 'object' } })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => ({
    content: (await callTool(servers, request.params.name, request.params.arguments ?? {})) as Array<{ type: 'text'; text: string }>,
  }));
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}
