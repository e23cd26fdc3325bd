/**
 * Preloaded into supergateway (node --import): gives it two behaviours of postgres-mcp that it lacks.
 * - `--sse-host`: supergateway always binds every interface; SSE_HOST makes it bind that address only,
 *   so a server bound to 127.0.0.1 inside its container can be reproduced.
 * - HOST_CHECK=strict: answers 421 to a Host header other than localhost/127.0.0.1, as images built with
 *   python `mcp` >= 1.23 do (FACTS.md).
 */
import http from 'node:http';
import net from 'node:net';

const host = process.env.SSE_HOST;
if (host) {
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
    if (typeof args[0] === 'number' && typeof args[1] !== 'string') args.splice(1, 0, host);
    return listen.apply(this, args as Parameters<typeof listen>);
  } as typeof listen;
}

if (process.env.HOST_CHECK === 'strict') {
  const allowed = /^(localhost|127\.0\.0\.1)(:\d+)?$/;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === 'request') {
      const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
      if (!allowed.test(req.headers.host ?? '')) {
        res.writeHead(421, { 'content-type': 'text/plain' }).end('Invalid Host header');
        return true;
      }
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
}
