/**
 * A backend for the stand-in's own tests (bundled to /opt/echo-backend.mjs; run the image with
 * `--entrypoint /usr/bin/node ... /opt/echo-backend.mjs`). It listens on $PORT (default 80, the port the
 * image exposes) and answers every request with JSON of what arrived: method, URL, headers, body, and the
 * addresses of both ends of the connection (so a test can see which of the container's IPs was dialled).
 * GET /sse streams text/event-stream: one event at once, a second after ?gap= ms (default 1500), then ends.
 * Every request is logged as one JSON line on stdout, so a test can tell whether a request reached it.
 */
import { createServer } from 'node:http';
import { hostname } from 'node:os';

const port = Number(process.env.PORT ?? 80);
const name = process.env.NAME ?? hostname();

createServer((req, res) => {
  process.stdout.write(`${JSON.stringify({ msg: 'request', method: req.method, url: req.url })}\n`);
  const url = new URL(req.url ?? '/', 'http://backend');
  if (url.pathname === '/sse') {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    res.write(`data: first ${Date.now()}\n\n`);
    setTimeout(() => res.end(`data: last ${Date.now()}\n\n`), Number(url.searchParams.get('gap') ?? 1500));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.stringify({
      name,
      method: req.method,
      url: req.url,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      remoteAddress: req.socket.remoteAddress,
      localAddress: req.socket.localAddress?.replace(/^::ffff:/, ''),
    });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(body);
  });
}).listen(port, () => process.stdout.write(`${JSON.stringify({ msg: 'listening', port })}\n`));

for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => process.exit(0));
