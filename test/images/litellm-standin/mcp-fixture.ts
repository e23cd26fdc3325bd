/**
 * A small MCP server built on the MCP TypeScript SDK, shipped in the stand-in's image (as
 * /opt/mcp-fixture.mjs) only for the stand-in's own tests: an MCP server the tests control, whatever the
 * postgres-mcp test image becomes. It serves the same two tools on streamable HTTP (`POST /mcp`, stateless)
 * and on SSE (`GET /sse`, `POST /messages?sessionId=`), on port 8000, and logs each request's method, path
 * and MCP-Protocol-Version header value(s) as one JSON line, so a test can see what LiteLLM sent.
 * FACTS.md: an SDK server like this one answers 400 to the doubled MCP-Protocol-Version header LiteLLM
 * 1.77.3 sends on streamable HTTP.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

function mcpServer(): Server {
  const server = new Server({ name: 'standin-fixture', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [
      { name: 'echo', description: 'Returns its text', inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } },
      { name: 'add', description: 'Adds two numbers', inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } } },
    ],
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const args = (request.params.arguments ?? {}) as { text?: string; a?: number; b?: number };
    const text = request.params.name === 'echo' ? String(args.text) : String(Number(args.a) + Number(args.b));
    return { content: [{ type: 'text' as const, text }] };
  });
  return server;
}

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : undefined;
}

const sse = new Map<string, SSEServerTransport>();

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fixture');
  const versions: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]!.toLowerCase() === 'mcp-protocol-version') versions.push(req.rawHeaders[i + 1]!);
  }
  process.stdout.write(`${JSON.stringify({ method: req.method, path: url.pathname, protocolVersions: versions, from: req.socket.remoteAddress })}\n`);
  if (url.pathname === '/mcp') {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    const server = mcpServer();
    res.on('close', () => void server.close());
    await server.connect(transport);
    return transport.handleRequest(req, res, req.method === 'POST' ? await body(req) : undefined);
  }
  if (url.pathname === '/sse' && req.method === 'GET') {
    const transport = new SSEServerTransport('/messages', res);
    sse.set(transport.sessionId, transport);
    res.on('close', () => sse.delete(transport.sessionId));
    return mcpServer().connect(transport);
  }
  if (url.pathname === '/messages' && req.method === 'POST') {
    const transport = sse.get(url.searchParams.get('sessionId') ?? '');
    if (!transport) return void res.writeHead(404).end('Could not find session');
    return transport.handlePostMessage(req, res, await body(req));
  }
  res.writeHead(404).end('Not Found');
}

createServer((req, res) => void handle(req, res).catch(() => res.headersSent || res.writeHead(500).end())).listen(8000, '0.0.0.0');
process.on('SIGTERM', () => process.exit(0));
