/**
 * The HTTP surface of postgres-mcp v0.3.0 under `--transport sse`: FastMCP's Starlette app (python mcp
 * 1.6.0) served by uvicorn 0.34/h11, as FACTS.md records it:
 * - `GET /sse` 200 `text/event-stream; charset=utf-8` (cache-control: no-store, connection: keep-alive,
 *   x-accel-buffering: no, server: uvicorn), `HEAD /sse` 200, other methods 405 with `allow: GET, HEAD`;
 * - `/messages/` (any method): 400 `session_id is required`, 400 `Invalid session ID`, 404 `Could not
 *   find session`, 400 `Could not parse message`, else 202 `Accepted` and the answer goes over the stream;
 * - Starlette's slash redirect: `/messages` and `/sse/` answer 307 to the other spelling;
 * - anything else (`/`, `/mcp`, `/health`) 404 `Not Found` in text/plain;
 * - one uvicorn access line per response.
 * HOST_CHECK=strict adds python mcp >= 1.23's DNS-rebinding check on /sse and /messages/ (FACTS.md:
 * "reject any Host header other than localhost/127.0.0.1 with 421").
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { accessLog, log, uvicornLog } from './log.js';
import { createMcpServer } from './mcp-server.js';
import { SseSessionTransport } from './sse-transport.js';
import type { ToolContext } from './tools.js';

type Headers = Array<[string, string]>;

const endpoint = '/messages/';
/** Every session ever opened: python mcp 1.6.0 never forgets one (a POST to a closed one still gets 202). */
const sessions = new Map<string, SseSessionTransport>();

function clientAddress(req: IncomingMessage): string {
  const address = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  return `${address}:${req.socket.remotePort ?? 0}`;
}

/** Sends the status line and headers as uvicorn would (date and server first), and logs the access line. */
function start(req: IncomingMessage, res: ServerResponse, status: number, headers: Headers): void {
  res.sendDate = false;
  res.removeHeader('connection'); // uvicorn sends no Connection header of its own
  res.writeHead(status, [['date', new Date().toUTCString()], ['server', 'uvicorn'], ...headers]);
  accessLog(clientAddress(req), `${req.method} ${req.url} HTTP/${req.httpVersion}`, status, http.STATUS_CODES[status] ?? '');
}

/** Starlette Response(content, media_type): content-length, then content-type when there is one. */
function respond(req: IncomingMessage, res: ServerResponse, status: number, body: string, options: { plain?: boolean; headers?: Headers } = {}): void {
  const headers: Headers = [...(options.headers ?? []), ['content-length', String(Buffer.byteLength(body))]];
  if (options.plain) headers.push(['content-type', 'text/plain; charset=utf-8']);
  start(req, res, status, headers);
  res.end(body);
}

const sseHeaders: Headers = [
  ['cache-control', 'no-store'],
  ['connection', 'keep-alive'],
  ['x-accel-buffering', 'no'],
  ['content-type', 'text/event-stream; charset=utf-8'],
  ['transfer-encoding', 'chunked'],
];

/** uuid.UUID(hex=...): braces, "urn:"/"uuid:" and dashes ignored, then 32 characters that int(x, 16) reads. */
export function parseSessionId(text: string): string | undefined {
  const hex = text.replaceAll('urn:', '').replaceAll('uuid:', '').replace(/^[{}]+|[{}]+$/g, '').replaceAll('-', '');
  if (hex.length !== 32) return undefined;
  const m = /^\s*([+-]?)(?:0[xX]_?)?([0-9a-fA-F](?:_?[0-9a-fA-F])*)\s*$/.exec(hex);
  if (!m) return undefined;
  const value = BigInt(`0x${m[2]!.replaceAll('_', '')}`);
  if (m[1] === '-' && value !== 0n) return undefined;
  return value.toString(16).padStart(32, '0');
}

const dashed = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

/** mcp >= 1.23's TransportSecurityMiddleware with FastMCP's defaults for a local host. */
function securityRejection(req: IncomingMessage, isPost: boolean): [number, string] | undefined {
  const contentType = req.headers['content-type'];
  if (isPost && !contentType?.toLowerCase().startsWith('application/json')) return [400, 'Invalid Content-Type header'];
  const host = req.headers.host ?? '';
  if (!['127.0.0.1:', 'localhost:', '[::1]:'].some((base) => host.startsWith(base))) {
    log('WARNING', `Invalid Host header: ${host}`, 'transport_security.py:74');
    return [421, 'Invalid Host header'];
  }
  const origin = req.headers.origin;
  if (origin && !['http://127.0.0.1:', 'http://localhost:', 'http://[::1]:'].some((base) => origin.startsWith(base))) return [403, 'Invalid Origin header'];
  return undefined;
}

async function openStream(req: IncomingMessage, res: ServerResponse, ctx: ToolContext): Promise<void> {
  const sessionId = randomUUID().replaceAll('-', '');
  start(req, res, 200, sseHeaders);
  const transport = new SseSessionTransport(sessionId, res, endpoint);
  sessions.set(sessionId, transport);
  await createMcpServer(ctx).connect(transport);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function postMessage(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const param = url.searchParams.getAll('session_id').at(-1);
  if (param === undefined) {
    log('WARNING', 'Received request without session_id', 'sse.py:141');
    return respond(req, res, 400, 'session_id is required');
  }
  const sessionId = parseSessionId(param);
  if (!sessionId) {
    log('WARNING', `Received invalid session ID: ${param}`, 'sse.py:149');
    return respond(req, res, 400, 'Invalid session ID');
  }
  const transport = sessions.get(sessionId);
  if (!transport) {
    log('WARNING', `Could not find session for ID: ${dashed(sessionId)}`, 'sse.py:155');
    return respond(req, res, 404, 'Could not find session');
  }
  const body = await readBody(req);
  let message: JSONRPCMessage;
  try {
    message = JSONRPCMessageSchema.parse(JSON.parse(body));
  } catch (error) {
    log('ERROR', `Failed to parse message: ${error instanceof Error ? error.message : String(error)}`, 'sse.py:166');
    respond(req, res, 400, 'Could not parse message');
    transport.reject(error instanceof Error ? error : new Error(String(error)));
    return;
  }
  respond(req, res, 202, 'Accepted');
  transport.deliver(message);
}

async function route(req: IncomingMessage, res: ServerResponse, ctx: ToolContext, strictHost: boolean): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://placeholder');
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // Starlette keeps an undecodable path as it is
  }
  const isMessages = path.startsWith(endpoint);
  if (strictHost && (path === '/sse' || isMessages)) {
    const rejection = securityRejection(req, isMessages && req.method === 'POST');
    if (rejection) return respond(req, res, rejection[0], rejection[1]);
  }
  if (path === '/sse') {
    if (req.method === 'GET') return openStream(req, res, ctx);
    if (req.method === 'HEAD') {
      start(req, res, 200, sseHeaders);
      res.end();
      return;
    }
    return respond(req, res, 405, 'Method Not Allowed', { plain: true, headers: [['allow', 'GET, HEAD']] });
  }
  if (isMessages) return postMessage(req, res, url);
  if (path !== '/') {
    const other = path.endsWith('/') ? path.slice(0, -1) : `${path}/`;
    if (other === '/sse' || other.startsWith(endpoint)) {
      const host = req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`;
      const location = encodeURI(`http://${host}${other}${url.search}`);
      start(req, res, 307, [['content-length', '0'], ['location', location]]);
      res.end();
      return;
    }
  }
  respond(req, res, 404, 'Not Found', { plain: true });
}

/** uvicorn's start-up: its lines, then the listening socket(s); a bind failure ends the process with 1. */
export async function serveSse(ctx: ToolContext, host: string, port: number, strictHost: boolean): Promise<void> {
  uvicornLog('INFO', `Started server process [${process.pid}]`);
  uvicornLog('INFO', 'Waiting for application startup.');
  uvicornLog('INFO', 'Application startup complete.');
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    route(req, res, ctx, strictHost).catch((error: unknown) => {
      uvicornLog('ERROR', `Exception in ASGI application\n${error instanceof Error ? error.stack : String(error)}`);
      if (!res.headersSent) respond(req, res, 500, 'Internal Server Error', { plain: true });
      else res.end();
    });
  };
  // asyncio binds every address "localhost" resolves to.
  const addresses = host === 'localhost' ? ['127.0.0.1', '::1'] : [host];
  for (const [k, address] of addresses.entries()) {
    const server = http.createServer(handler);
    server.keepAliveTimeout = 5000; // uvicorn's timeout_keep_alive
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, address, () => resolve());
      });
    } catch (error) {
      if (k > 0) continue; // ::1 may not exist in the container
      const e = error as NodeJS.ErrnoException;
      const reason = e.code === 'EADDRINUSE' ? '[Errno 98] error while attempting to bind on address' : e.code === 'EADDRNOTAVAIL' ? '[Errno 99] error while attempting to bind on address' : `[${e.code ?? 'Errno'}] error while attempting to bind on address`;
      const words = e.code === 'EADDRINUSE' ? 'address already in use' : e.code === 'EADDRNOTAVAIL' ? 'cannot assign requested address' : e.message;
      uvicornLog('ERROR', `${reason} ('${address}', ${port}): ${words}`);
      uvicornLog('INFO', 'Waiting for application shutdown.');
      uvicornLog('INFO', 'Application shutdown complete.');
      process.exit(1);
    }
  }
  uvicornLog('INFO', `Uvicorn running on http://${host.includes(':') ? `[${host}]` : host}:${port} (Press CTRL+C to quit)`);
}
