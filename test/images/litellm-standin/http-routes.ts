/**
 * The proxy's HTTP surface, routed as FastAPI routes it: a path no route knows is 404 `{"detail":"Not
 * Found"}` before any key check (so `/metrics` without the prometheus callback is 404, FACTS.md seen), the
 * public health routes and `POST /mcp-rest/test/connection` need no key, everything else checks the key
 * (auth.ts). Responses carry uvicorn's `server: uvicorn` header.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { mcpAuth, restAuth, type AuthContext } from './auth.js';
import { chatCompletion, modelList } from './completions.js';
import type { McpServerEntry, ModelEntry } from './config.js';
import type { Database } from './database.js';
import { liveliness, readiness } from './health.js';
import { accessLog, log } from './log.js';
import { handleMcp, mcpAuthFailure } from './mcp-endpoint.js';
import { serverRow, testConnection, toolsCall, toolsList, type JsonReply } from './mcp-rest.js';

export interface AppState {
  models: readonly ModelEntry[];
  servers: readonly McpServerEntry[];
  masterKey?: string;
  db?: Database;
}

function send(res: ServerResponse, reply: JsonReply, headers: Record<string, string> = {}): void {
  if (reply.body === null) {
    res.writeHead(reply.status, { server: 'uvicorn', 'content-length': '0', ...headers }).end();
    return;
  }
  res.writeHead(reply.status, { 'content-type': 'application/json', server: 'uvicorn', ...headers }).end(JSON.stringify(reply.body));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<JsonReply | undefined>;
interface Route {
  public?: boolean;
  methods: Partial<Record<string, Handler>>;
}

export function createApp(state: AppState): (req: IncomingMessage, res: ServerResponse) => void {
  const auth: AuthContext = { hasDatabase: state.db !== undefined, ...(state.masterKey ? { masterKey: state.masterKey } : {}) };
  const models: Route = { methods: { GET: async () => modelList(state.models) } };
  const chat: Route = { methods: { POST: async (req, res) => chatCompletion(state.models, await readBody(req), res) } };
  const routes: Record<string, Route> = {
    '/health/liveliness': { public: true, methods: { GET: async () => liveliness() } },
    '/health/liveness': { public: true, methods: { GET: async () => liveliness() } },
    '/health/readiness': { public: true, methods: { GET: () => readiness(state.db) } },
    '/mcp-rest/test/connection': { public: true, methods: { POST: async (req) => testConnection(await readBody(req)) } },
    '/v1/models': models,
    '/models': models,
    '/v1/chat/completions': chat,
    '/chat/completions': chat,
    '/v1/mcp/server': { methods: { GET: async () => ({ status: 200, body: state.servers.map(serverRow) }) } },
    '/mcp-rest/tools/list': { methods: { GET: () => toolsList(state.servers) } },
    '/mcp-rest/tools/call': { methods: { POST: async (req) => toolsCall(state.servers, await readBody(req)) } },
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    const method = req.method ?? 'GET';
    if (path === '/mcp') {
      // Starlette's slash redirect, to an absolute URL built from the request.
      return send(res, { status: 307, body: null }, { location: `http://${req.headers.host ?? 'localhost:4000'}/mcp/` });
    }
    if (path === '/mcp/') {
      if (!mcpAuth(auth, req.headers)) return mcpAuthFailure(res);
      return handleMcp(state.servers, req, res, method === 'POST' ? await readBody(req) : undefined);
    }
    const serverMatch = /^\/v1\/mcp\/server\/([^/]+)$/.exec(path);
    const found: Route | undefined = serverMatch
      ? { methods: { GET: async () => serverById(state.servers, serverMatch[1]!) } }
      : routes[path];
    if (!found) return send(res, { status: 404, body: { detail: 'Not Found' } });
    const handler = found.methods[method];
    if (!handler) return send(res, { status: 405, body: { detail: 'Method Not Allowed' } });
    if (!found.public) {
      const refusal = restAuth(auth, req.headers);
      if (refusal) return send(res, { status: 401, body: refusal });
    }
    const reply = await handler(req, res);
    if (reply) send(res, reply, path.includes('chat/completions') ? { 'x-litellm-version': '1.77.3' } : {});
  }

  return (req, res) => {
    res.on('finish', () => accessLog(`${req.socket.remoteAddress ?? '-'}:${req.socket.remotePort ?? 0}`, req.method ?? 'GET', req.url ?? '/', res.statusCode, STATUS_CODES[res.statusCode] ?? ''));
    route(req, res).catch((error: Error) => {
      log('ERROR', `Exception in ASGI application: ${error.message}`);
      if (!res.headersSent) send(res, { status: 500, body: { detail: 'Internal Server Error' } });
      else res.end();
    });
  };
}

function serverById(servers: readonly McpServerEntry[], id: string): JsonReply {
  const server = servers.find((s) => s.serverId === id);
  return server ? { status: 200, body: serverRow(server) } : { status: 404, body: { detail: `MCP Server with id ${id} not found` } };
}
