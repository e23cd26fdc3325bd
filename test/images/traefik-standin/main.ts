/**
 * Traefik STAND-IN, not Traefik: the Traefik image cannot be pulled where the tests run, so this plays
 * Traefik's Docker provider for HTTP (README.md lists what it reproduces and what it does not).
 * It reads its static configuration from the command line like Traefik's image, listens on each
 * entrypoint, keeps its routing table in step with Docker, and per request picks a router and either
 * answers itself (404, noop@internal's 418) or forwards to the router's service.
 * Configuration changes are applied like Traefik's provider throttle (provider/aggregator): the first at
 * once, later ones no more often than every providersThrottleDuration (2 s), the newest winning.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { buildConfiguration } from './dynamic-config.js';
import { runDockerProvider, type ContainerData } from './docker-provider.js';
import { accessLog, log } from './log.js';
import { clientIp, forward } from './proxy.js';
import { BadRequest, canonicalHost, requestTarget } from './request-path.js';
import { buildRoutes, pickRoute, type Route, type RouteTable } from './router.js';
import { parseStaticConfig } from './static-config.js';

const config = parseStaticConfig(process.argv.slice(2));
const entryPoints = [...config.entryPoints.keys()];
let routes: RouteTable = new Map(entryPoints.map((ep) => [ep, []]));
/** Round-robin position per service (Traefik's weighted round robin, all weights equal). */
const nextServer = new Map<string, number>();

function apply(containers: ContainerData[]): void {
  if (!config.docker) return;
  routes = buildRoutes(buildConfiguration(containers, config.docker), entryPoints);
  nextServer.clear();
  const summary = Object.fromEntries([...routes].map(([ep, rs]) => [ep, rs.map((r) => `${r.router}:${r.priority}`)]));
  log('info', 'configuration applied', { routers: summary });
}

/** The throttle: `pending` holds only the newest list while waiting. */
let pending: ContainerData[] | undefined;
let waiting = false;
function offer(containers: ContainerData[]): void {
  pending = containers;
  if (waiting) return;
  const take = (): void => {
    if (!pending) {
      waiting = false;
      return;
    }
    const next = pending;
    pending = undefined;
    apply(next);
    waiting = true;
    setTimeout(take, config.throttleMs);
  };
  take();
}

function notFound(res: ServerResponse): void {
  // Go's http.NotFound, which Traefik's muxer falls back to.
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Content-Length': 19 });
  res.end('404 page not found\n');
}

function handle(entryPoint: string, req: IncomingMessage, res: ServerResponse): void {
  const started = process.hrtime.bigint();
  let target;
  try {
    target = requestTarget(req.url ?? '/');
  } catch (error) {
    if (!(error instanceof BadRequest)) throw error;
    // What Go's server answers to a request-target it cannot parse.
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close', 'Content-Length': 15 });
    res.end('400 Bad Request');
    return;
  }
  const facts = { host: canonicalHost(req.headers.host), method: req.method ?? 'GET', routingPath: target.routingPath };
  const route: Route | undefined = pickRoute(routes.get(entryPoint) ?? [], facts);
  const entry = (fields: Record<string, unknown>): void =>
    accessLog({
      entryPointName: entryPoint,
      ClientHost: clientIp(req),
      RequestMethod: req.method,
      RequestHost: facts.host,
      RequestPath: target.path + target.query,
      Duration: Number(process.hrtime.bigint() - started),
      ...(route ? { RouterName: route.router, ServiceName: route.service } : {}),
      ...fields,
    });

  if (!route) {
    notFound(res);
    entry({ DownstreamStatus: 404 });
    return;
  }
  if (route.target.kind === 'noop') {
    res.writeHead(418, { 'Content-Length': 0 });
    res.end();
    entry({ DownstreamStatus: 418 });
    return;
  }
  const urls = route.target.urls;
  const i = nextServer.get(route.service) ?? 0;
  nextServer.set(route.service, (i + 1) % urls.length);
  const server = urls[i % urls.length]!;
  forward(req, res, server, target.path + target.query, (originStatus, error) => {
    entry({
      ServiceURL: server,
      OriginStatus: originStatus,
      DownstreamStatus: res.headersSent ? res.statusCode : 499,
      ...(error ? { error } : {}),
    });
  });
}

for (const [name, port] of config.entryPoints) {
  const server = createServer((req, res) => handle(name, req, res));
  // Traefik keeps idle client connections 180 s (respondingTimeouts.idleTimeout).
  server.keepAliveTimeout = 180_000;
  server.on('upgrade', (_req, socket) => {
    // WebSocket and other upgrades are not reproduced: refuse them plainly.
    socket.end('HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
  server.listen({ port }, () => log('info', `Starting entrypoint ${name} on :${port}`, { entryPointName: name }));
}

log('info', 'Traefik stand-in (not Traefik) started', { entryPoints: Object.fromEntries(config.entryPoints), docker: config.docker ?? null, throttleMs: config.throttleMs });
if (config.docker) {
  void runDockerProvider(config.docker, offer);
} else {
  log('warn', 'no provider: every request answers 404 (the stand-in reproduces only --providers.docker)');
}

// docker stop sends SIGTERM to PID 1, which Node ignores unless told otherwise.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => process.exit(0));
