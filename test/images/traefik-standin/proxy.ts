/**
 * Forwarding to a server the way Traefik's HTTP proxy does (pkg/proxy/httputil/proxy.go over Go's
 * httputil.ReverseProxy, with the entrypoint's forwarded-headers handler,
 * pkg/middlewares/forwardedheaders/forwarded_header.go, in its default, untrusting mode):
 * - the client's own X-Forwarded-*, X-Real-Ip and X-Scheme headers are dropped (no trusted IPs by default),
 *   then X-Real-Ip, X-Forwarded-For (the client's IP), X-Forwarded-Proto (http), X-Forwarded-Host (the Host
 *   header), X-Forwarded-Port (the Host header's port, else 80) and X-Forwarded-Server (this hostname) set;
 * - the Host header is passed on (passHostHeader defaults to true); hop-by-hop headers, and those the
 *   Connection header lists, are not forwarded either way;
 * - the response streams back as it arrives: nothing is buffered, so text/event-stream events reach the
 *   client one by one (Traefik flushes those at once);
 * - the server unreachable or failing before it answers → 502 `Bad Gateway` (no Content-Type: Traefik turns
 *   Go's content sniffing off); a dial taking over 30 s → 504 `Gateway Timeout` (Traefik's dialTimeout).
 */
import { Agent, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { hostname } from 'node:os';

const hopByHop = new Set(['connection', 'proxy-connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);
const managedX = new Set(['x-forwarded-proto', 'x-forwarded-scheme', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-port', 'x-forwarded-server', 'x-forwarded-uri', 'x-forwarded-method', 'x-forwarded-prefix', 'x-forwarded-tls-client-cert', 'x-forwarded-tls-client-cert-info', 'x-scheme', 'x-real-ip']);
// Idle connections are dropped after 4 s, before a Node backend's 5 s keep-alive closes them under a
// request (Go's transport retries such a request; Node's does not, which would show as a spurious 502).
const agent = new Agent({ keepAlive: true, maxFreeSockets: 200, timeout: 4000 });
const dialTimeoutMs = 30_000;
const serverName = hostname();

/** The client's address as Go prints it: IPv4 without Node's `::ffff:` prefix. */
export function clientIp(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? '';
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice('::ffff:'.length) : a;
}

/** Names the Connection header lists, lower-cased. */
function connectionListed(headers: IncomingMessage['headers']): Set<string> {
  const c = headers.connection;
  return new Set((Array.isArray(c) ? c.join(',') : (c ?? '')).split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
}

function outgoingHeaders(req: IncomingMessage): Array<[string, string]> {
  const listed = connectionListed(req.headers);
  const out: Array<[string, string]> = [];
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    // X-headers with '_' for '-' count as the same header (forwarded_header.go, isManagedXHeader).
    if (hopByHop.has(lower) || managedX.has(lower.replaceAll('_', '-')) || (listed.has(lower) && !managedX.has(lower))) continue;
    out.push([name, raw[i + 1]!]);
  }
  const host = req.headers.host ?? '';
  const port = /^(?:\[[^\]]*\]|[^:]*):(\d+)$/.exec(host)?.[1] ?? '80';
  const ip = clientIp(req);
  out.push(['X-Forwarded-For', ip], ['X-Forwarded-Host', host], ['X-Forwarded-Port', port], ['X-Forwarded-Proto', 'http'], ['X-Forwarded-Server', serverName], ['X-Real-Ip', ip]);
  return out;
}

function responseHeaders(upstream: IncomingMessage): string[] {
  const listed = connectionListed(upstream.headers);
  const out: string[] = [];
  const raw = upstream.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i]!.toLowerCase();
    if (hopByHop.has(lower) || listed.has(lower)) continue;
    out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}

function fail(res: ServerResponse, status: 502 | 504): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = status === 502 ? 'Bad Gateway' : 'Gateway Timeout';
  res.writeHead(status, { 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Forwards `req` to `serverUrl` + path + query; `done` gets the server's status (0 if it never answered). */
export function forward(req: IncomingMessage, res: ServerResponse, serverUrl: string, pathAndQuery: string, done: (originStatus: number, error?: string) => void): void {
  const base = new URL(serverUrl);
  let timedOut = false;
  let reported = false;
  const report = (status: number, error?: string): void => {
    if (!reported) done(status, error);
    reported = true;
  };
  const upstreamReq = request({
    agent,
    protocol: 'http:',
    hostname: base.hostname.replace(/^\[|\]$/g, ''),
    port: Number(base.port || 80),
    method: req.method,
    path: pathAndQuery,
    headers: outgoingHeaders(req).flat(),
  });
  upstreamReq.on('socket', (socket) => {
    if (!socket.connecting) return;
    const timer = setTimeout(() => {
      timedOut = true;
      upstreamReq.destroy(new Error(`dial tcp ${base.host}: i/o timeout`));
    }, dialTimeoutMs);
    socket.once('connect', () => clearTimeout(timer));
    socket.once('close', () => clearTimeout(timer));
  });
  upstreamReq.on('response', (upstream) => {
    res.writeHead(upstream.statusCode ?? 502, responseHeaders(upstream));
    // Headers go out now, before any body: a stream that starts slowly is still seen as started.
    res.flushHeaders();
    upstream.on('data', (chunk: Buffer) => res.write(chunk));
    upstream.on('end', () => {
      res.end();
      report(upstream.statusCode ?? 0);
    });
    upstream.on('error', (error) => {
      res.destroy();
      report(upstream.statusCode ?? 0, String(error));
    });
  });
  upstreamReq.on('error', (error) => {
    if (reported) return;
    fail(res, timedOut ? 504 : 502);
    report(0, String(error));
  });
  // The client going away ends the request to the server too.
  res.on('close', () => {
    if (res.writableFinished) return;
    report(0, 'client closed the connection');
    upstreamReq.destroy();
  });
  req.pipe(upstreamReq);
}
