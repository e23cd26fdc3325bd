/**
 * The proxy's HTTP surface, routed as FastAPI routes it: a path no route knows is 404 `{"detail":"Not
 * Found"}` before any key check (so `/metrics` without the prometheus callback is 404, FACTS.md seen), the
 * public health routes and `POST /mcp-rest/test/connection` need no key, everything else checks the key
 * (auth.ts) and hands the handler the caller (route-table.ts). Everything under `/mcp/` is the MCP app
 * (1.77.3 mounts it at `/mcp`, so `/mcp/a,b` names servers). Responses carry uvicorn's `server: uvicorn`
 * header.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { mcpAuth, restAuth } from './auth.js';
import { KeyCache, type AuthContext } from './key-auth.js';
import { accessLog, log } from './log.js';
import { handleMcp, mcpAuthFailure } from './mcp-endpoint.js';
import { allowedServers, narrow, requestedNames } from './mcp-permissions.js';
import type { JsonReply } from './mcp-rest.js';
import { routeTable, serverByIdRoute, type AppState, type Route } from './route-table.js';

export type { AppState } from './route-table.js';

function send(res: ServerResponse, reply: JsonReply, headers: Record<string, string> = {}): void {
  const all = { server: 'uvicorn', ...reply.headers, ...headers };
  if (reply.body === null) {
    res.writeHead(reply.status, { 'content-length': '0', ...all }).end();
    return;
  }
  res.writeHead(reply.status, { 'content-type': 'application/json', ...all }).end(JSON.stringify(reply.body));
}

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseJson(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  return parseJson(await readRaw(req));
}

const modelOf = (body: unknown): string | undefined => {
  const model = (body as { model?: unknown } | undefined)?.model;
  return typeof model === 'string' ? model : undefined;
};

export function createApp(state: AppState): (req: IncomingMessage, res: ServerResponse) => void {
  const cache = new KeyCache();
  const auth: AuthContext = { cache, ...(state.masterKey ? { masterKey: state.masterKey } : {}), ...(state.db ? { db: state.db } : {}) };
  const routes = routeTable(state, cache);

  async function mcp(req: IncomingMessage, res: ServerResponse, path: string, ip: string): Promise<void> {
    const outcome = await mcpAuth(auth, req.headers, path, ip);
    if ('details' in outcome) return mcpAuthFailure(res, outcome.details);
    const header = req.headers['x-mcp-servers'];
    const allowed = await allowedServers(state.db, outcome.identity, state.servers);
    const listed = narrow(allowed, state.servers, requestedNames(path, typeof header === 'string' ? header : undefined));
    return handleMcp(listed, state.servers, req, res, req.method === 'POST' ? await readBody(req) : undefined);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const ip = req.socket.remoteAddress ?? '';
    if (path === '/mcp') {
      // Starlette's slash redirect, to an absolute URL built from the request.
      return send(res, { status: 307, body: null }, { location: `http://${req.headers.host ?? 'localhost:4000'}/mcp/` });
    }
    if (path.startsWith('/mcp/')) return mcp(req, res, path, ip);
    const serverMatch = /^\/v1\/mcp\/server\/([^/]+)$/.exec(path);
    const found: Route | undefined = serverMatch ? serverByIdRoute(state, serverMatch[1]!) : routes[path];
    if (!found) return send(res, { status: 404, body: { detail: 'Not Found' } });
    const handler = found.methods[method];
    if (!handler) return send(res, { status: 405, body: { detail: 'Method Not Allowed' } });
    const raw = method === 'POST' ? await readRaw(req) : undefined;
    const body = raw === undefined ? undefined : parseJson(raw);
    let identity;
    if (!found.public) {
      const outcome = await restAuth(auth, req.headers, path, ip, modelOf(body));
      if ('reply' in outcome) {
        if (outcome.plainText === undefined) return send(res, outcome.reply);
        res.writeHead(outcome.reply.status, { 'content-type': 'text/plain; charset=utf-8', server: 'uvicorn' }).end(outcome.plainText);
        return;
      }
      identity = outcome.identity;
    }
    const reply = await handler({ req, res, body, ...(raw ? { raw } : {}), query: url.searchParams, ...(identity ? { identity } : {}) });
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
