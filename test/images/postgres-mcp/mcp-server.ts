/**
 * The MCP protocol side: the MCP TypeScript SDK's Server, shaped like the FastMCP server of python mcp
 * 1.6.0 that postgres-mcp v0.3.0 runs. FastMCP reports serverInfo name "postgres-mcp" with the mcp
 * library's version (FACTS.md: `{"name":"postgres-mcp","version":"1.6.0"}`), answers protocol version
 * 2024-11-05 whatever the client asks (mcp 1.6.0 knows no other), announces tools, prompts and resources
 * (empty lists), and logs "Processing request of type ..." for every request it dispatches.
 * The low-level Server (not McpServer) is used because the tools' JSON schemas are pydantic's, given as is.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  InitializeRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  PingRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { log } from './log.js';
import { callTool, type ToolContext } from './tools.js';
import { inputSchema, toolSpecs } from './tool-schemas.js';

const serverInfo = { name: 'postgres-mcp', version: '1.6.0' };
const capabilities = { experimental: {}, prompts: { listChanged: false }, resources: { subscribe: false, listChanged: false }, tools: { listChanged: false } };

/** mcp.server.lowlevel.server logs each dispatched request with its pydantic class name. */
const processing = (type: string) => log('INFO', `Processing request of type ${type}`, 'server.py:534');

export function createMcpServer(ctx: ToolContext): Server {
  const server = new Server(serverInfo, { capabilities });
  // ServerSession of mcp 1.6.0 answers initialize itself, always with its LATEST_PROTOCOL_VERSION.
  server.setRequestHandler(InitializeRequestSchema, () => ({ protocolVersion: '2024-11-05', capabilities, serverInfo }));
  server.setRequestHandler(PingRequestSchema, () => {
    processing('PingRequest');
    return {};
  });
  server.setRequestHandler(ListToolsRequestSchema, () => {
    processing('ListToolsRequest');
    return { tools: toolSpecs(ctx.restricted).map((t) => ({ name: t.name, description: t.description, inputSchema: inputSchema(t) as { type: 'object' } })) };
  });
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    processing('CallToolRequest');
    const answer = await callTool(ctx, request.params.name, request.params.arguments);
    return { content: [{ type: 'text' as const, text: answer.text }], isError: answer.isError };
  });
  server.setRequestHandler(ListPromptsRequestSchema, () => {
    processing('ListPromptsRequest');
    return { prompts: [] };
  });
  server.setRequestHandler(ListResourcesRequestSchema, () => {
    processing('ListResourcesRequest');
    return { resources: [] };
  });
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => {
    processing('ListResourceTemplatesRequest');
    return { resourceTemplates: [] };
  });
  return server;
}
