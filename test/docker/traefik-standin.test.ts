/**
 * The Traefik stand-in image (test/images/traefik-standin, README.md there) against the Traefik behaviour it
 * claims, by effect: real containers with labels on real Docker networks, requests through its published
 * entrypoints, and its JSON log for what it refused. Backends are the same image running
 * /opt/echo-backend.mjs, which answers with what reached it and logs every request.
 * Everything is named `traefik-standin-test-<pid>-*` and removed when the file is done.
 */
import { execa } from 'execa';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker } from '../support/docker.js';

const prefix = `traefik-standin-test-${process.pid}`;
const net1 = `${prefix}-net1`;
const net2 = `${prefix}-net2`;
const containers: string[] = [];
const networks: string[] = [];
let image = '';
/** The stand-in most tests use: exposedbydefault=false, network net1, entrypoints web (:80) and alt (:81). */
const main = { name: `${prefix}-traefik`, web: 0, alt: 0 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A host name no other test (or run) uses. */
const host = (what: string) => `${what}.${process.pid}.test`;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface Send {
  host: string;
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One HTTP/1.1 request with exactly this Host header (fetch would not let a test set it). */
function send(port: number, s: Send, timeoutMs = 10_000): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: s.path ?? '/', method: s.method ?? 'GET', headers: { ...s.headers, host: s.host }, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(s.body);
  });
}

/**
 * Sends until `ok` holds (the stand-in applies a change within its 2 s throttle after Docker's event).
 * Each try gives up after 3 s: until the reload, a request may go to an address that is gone, and that
 * dial only fails after Traefik's 30 s dial timeout (504).
 */
async function until(port: number, s: Send, ok: (r: Reply) => boolean, timeoutMs = 20_000): Promise<Reply> {
  const deadline = Date.now() + timeoutMs;
  let last: Reply | Error = new Error('no reply');
  while (Date.now() < deadline) {
    last = await send(port, s, 3000).catch((e: Error) => e);
    if (!(last instanceof Error) && ok(last)) return last;
    await sleep(200);
  }
  throw new Error(`${s.method ?? 'GET'} ${s.host}${s.path ?? '/'} never gave the expected answer; last: ${last instanceof Error ? last.message : `${last.status} ${last.body}`}\n${(await logs(main.name)).slice(-4000)}`);
}

async function logs(name: string): Promise<string> {
  const r = await execa('docker', ['logs', name], { reject: false });
  return `${r.stdout}\n${r.stderr}`;
}

type LogLine = Record<string, unknown> & { level?: string; msg?: string };

async function logLines(name: string): Promise<LogLine[]> {
  return (await logs(name)).split('\n').flatMap((l) => {
    try {
      return [JSON.parse(l) as LogLine];
    } catch {
      return [];
    }
  });
}

async function waitForLog(name: string, match: (l: LogLine) => boolean, timeoutMs = 20_000): Promise<LogLine> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = (await logLines(name)).find(match);
    if (found) return found;
    await sleep(200);
  }
  throw new Error(`no such log line in ${name}:\n${(await logs(name)).slice(-4000)}`);
}

/** What the echo backend answered with. */
interface Echo {
  name: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  localAddress: string;
}

const echo = (r: Reply) => JSON.parse(r.body) as Echo;

interface BackendOptions {
  /** First network at create, the others connected before start (Traefik reads a container at its start). */
  networks?: string[];
  env?: Record<string, string>;
  /** More `docker create` options. */
  options?: string[];
}

/** An echo backend from the stand-in image, with these labels; returns its container name. */
async function backend(suffix: string, labels: Record<string, string>, o: BackendOptions = {}): Promise<string> {
  const name = `${prefix}-${suffix}`;
  const [first, ...more] = o.networks ?? [net1];
  const args = ['create', '--name', name, '--network', first!, '-e', `NAME=${suffix}`];
  for (const [k, v] of Object.entries(labels)) args.push('--label', `${k}=${v}`);
  for (const [k, v] of Object.entries(o.env ?? {})) args.push('-e', `${k}=${v}`);
  args.push(...(o.options ?? []), '--entrypoint', '/usr/bin/node', image, '/opt/echo-backend.mjs');
  containers.push(name);
  await docker(...args);
  for (const n of more) await docker('network', 'connect', n, name);
  await docker('start', name);
  return name;
}

async function publishedPort(name: string, port: number): Promise<number> {
  return Number((await docker('port', name, `${port}/tcp`)).split('\n')[0]!.split(':').pop());
}

async function ipOn(name: string, network: string): Promise<string> {
  return docker('inspect', '-f', `{{(index .NetworkSettings.Networks "${network}").IPAddress}}`, name);
}

/** A stand-in started with these args, on these networks, the docker socket mounted read-only. */
async function standIn(name: string, nets: string[], args: string[], ports: number[]): Promise<number[]> {
  const [first, ...more] = nets;
  containers.push(name);
  await docker('create', '--name', name, '--network', first!, ...ports.flatMap((p) => ['-p', `127.0.0.1::${p}`]), '-v', '/var/run/docker.sock:/var/run/docker.sock:ro', image, ...args);
  for (const n of more) await docker('network', 'connect', n, name);
  await docker('start', name);
  const published = await Promise.all(ports.map((p) => publishedPort(name, p)));
  // Up when an entrypoint answers anything (404 for a host nobody routes).
  await until(published[0]!, { host: host('nobody') }, (r) => r.status === 404);
  return published;
}

beforeAll(async () => {
  const built = await execa('bash', ['test/images/traefik-standin/build.sh'], { cwd: `${import.meta.dirname}/../..` }); // cached: the global setup built it
  image = built.stdout.trim().split('\n').pop()!;
  for (const n of [net1, net2]) {
    networks.push(n);
    await docker('network', 'create', n);
  }
  const [web, alt] = await standIn(main.name, [net1, net2], [
    '--entrypoints.web.address=:80',
    '--entryPoints.alt.address=:81',
    '--providers.docker=true',
    '--providers.docker.exposedbydefault=false',
    `--providers.docker.network=${net1}`,
    '--log.level=DEBUG',
  ], [80, 81]);
  main.web = web!;
  main.alt = alt!;
}, 300_000);

afterAll(async () => {
  if (containers.length) await execa('docker', ['rm', '-f', '-v', ...containers], { reject: false });
  for (const n of networks) await execa('docker', ['network', 'rm', n], { reject: false });
});

describe('Traefik stand-in image', () => {
  it('is labelled as a stand-in and takes Traefik-style arguments as its command', async () => {
    expect(await docker('image', 'inspect', '-f', '{{index .Config.Labels "io.litellm-mcp.stand-in"}}', image)).toBe('Traefik stand-in for tests, not Traefik');
    expect(await docker('image', 'inspect', '-f', '{{json .Config.Entrypoint}}', image)).toBe('["/usr/bin/node","/app/main.mjs"]');
    const started = await waitForLog(main.name, (l) => l.msg === 'Traefik stand-in (not Traefik) started');
    expect(started.entryPoints).toEqual({ web: 80, alt: 81 });
    expect(started.docker).toMatchObject({ endpoint: 'unix:///var/run/docker.sock', exposedByDefault: false, network: net1 });
  });

  it('a Host rule routes to the backend: method, path, query, body and Host reach it, with X-Forwarded-* set by the proxy', async () => {
    const h = host('echo');
    await backend('echo', { 'traefik.enable': 'true', 'traefik.http.routers.echo.rule': `Host(\`${h}\`)` });
    await until(main.web, { host: h }, (r) => r.status === 200);
    // Host matching ignores case and the port; a client's own X-Forwarded-For / X-Real-Ip are not trusted.
    const r = await send(main.web, {
      host: `ECHO.${process.pid}.Test:8080`,
      method: 'POST',
      path: '/hello/world?x=1&y=two',
      headers: { 'content-type': 'text/plain', 'x-forwarded-for': '6.6.6.6', 'x-real-ip': '6.6.6.6', 'x-custom': 'kept' },
      body: 'payload',
    });
    expect(r.status).toBe(200);
    const e = echo(r);
    expect(e).toMatchObject({ name: 'echo', method: 'POST', url: '/hello/world?x=1&y=two', body: 'payload' });
    expect(e.headers).toMatchObject({
      host: `ECHO.${process.pid}.Test:8080`,
      'x-forwarded-host': `ECHO.${process.pid}.Test:8080`,
      'x-forwarded-port': '8080',
      'x-forwarded-proto': 'http',
      'x-custom': 'kept',
    });
    expect(e.headers['x-forwarded-for']).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(e.headers['x-forwarded-for']).not.toContain('6.6.6.6');
    expect(e.headers['x-real-ip']).toBe(e.headers['x-forwarded-for']);
    expect(e.headers['x-forwarded-server']).toBeTruthy();
    // The access line names the router, the status and the path.
    const line = await waitForLog(main.name, (l) => l.msg === 'access' && l.RequestPath === '/hello/world?x=1&y=two');
    expect(line).toMatchObject({ RouterName: 'echo@docker', DownstreamStatus: 200, RequestMethod: 'POST', entryPointName: 'web' });
  });

  it('an unknown Host answers 404 "404 page not found"', async () => {
    const r = await send(main.web, { host: host('unknown'), path: '/anything' });
    expect(r.status).toBe(404);
    expect(r.body).toBe('404 page not found\n');
    expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('Host(h) && PathPrefix(/mcp-rest/test/) to noop@internal answers 418 by rule length, and the backend never sees it; other paths reach the backend', async () => {
    const h = host('noop');
    const name = await backend('noop', {
      'traefik.enable': 'true',
      'traefik.http.routers.noop-app.rule': `Host(\`${h}\`)`,
      'traefik.http.routers.noop-app.entrypoints': 'web',
      'traefik.http.routers.noop-app.service': 'noop-app',
      'traefik.http.services.noop-app.loadbalancer.server.port': '80',
      'traefik.http.routers.noop-block.rule': `Host(\`${h}\`) && PathPrefix(\`/mcp-rest/test/\`)`,
      'traefik.http.routers.noop-block.entrypoints': 'web',
      'traefik.http.routers.noop-block.service': 'noop@internal',
    });
    await until(main.web, { host: h, path: '/health' }, (r) => r.status === 200);
    const blocked = await send(main.web, { host: h, method: 'POST', path: '/mcp-rest/test/connection', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(blocked.status).toBe(418);
    expect(blocked.body).toBe('');
    // The prefix ends with a slash: /mcp-rest/test itself is not blocked.
    expect(echo(await send(main.web, { host: h, path: '/mcp-rest/test' })).url).toBe('/mcp-rest/test');
    expect(echo(await send(main.web, { host: h, path: '/mcp-rest/tools/list' })).url).toBe('/mcp-rest/tools/list');
    const seen = (await logLines(name)).filter((l) => l.msg === 'request').map((l) => String(l.url));
    expect(seen).toContain('/health');
    expect(seen.filter((u) => u.startsWith('/mcp-rest/test/'))).toEqual([]);
    const line = await waitForLog(main.name, (l) => l.msg === 'access' && l.RouterName === 'noop-block@docker');
    expect(line).toMatchObject({ DownstreamStatus: 418, ServiceName: 'noop@internal', RequestPath: '/mcp-rest/test/connection' });
  });

  it('paths are normalised and sanitised before routing and forwarding: /x/../p, //, %-encoded letters', async () => {
    const h = host('paths');
    const name = await backend('paths', {
      'traefik.enable': 'true',
      'traefik.http.routers.paths-app.rule': `Host(\`${h}\`)`,
      'traefik.http.routers.paths-block.rule': `Host(\`${h}\`) && PathPrefix(\`/mcp-rest/test/\`)`,
      'traefik.http.routers.paths-block.service': 'noop@internal',
    });
    await until(main.web, { host: h }, (r) => r.status === 200);
    for (const path of ['/x/../mcp-rest/test/connection', '/mcp-rest//test/connection', '/./mcp-rest/test/connection', '/%6Dcp-rest/test/connection', '/mcp%2drest/test/connection']) {
      expect((await send(main.web, { host: h, method: 'POST', path })).status, path).toBe(418);
    }
    // What is forwarded is the cleaned path; reserved characters stay encoded.
    expect(echo(await send(main.web, { host: h, path: '/a/./b/../c//d?q=%2F' })).url).toBe('/a/c/d?q=%2F');
    expect(echo(await send(main.web, { host: h, path: '/mcp-rest%2Ftest/connection' })).url).toBe('/mcp-rest%2Ftest/connection');
    expect((await send(main.web, { host: h, path: '/bad%zz' })).status).toBe(400);
    const seen = (await logLines(name)).filter((l) => l.msg === 'request').map((l) => String(l.url));
    expect(seen.filter((u) => u.includes('test/connection') && !u.includes('%2F'))).toEqual([]);
  });

  it('an explicit .priority beats the rule-length default', async () => {
    const h = host('prio');
    await backend('prio', {
      'traefik.enable': 'true',
      // The longer rule would win by length (its default priority); priority 100 beats it.
      'traefik.http.routers.prio-long.rule': `Host(\`${h}\`) && PathPrefix(\`/api/a/rather/long/path\`)`,
      'traefik.http.routers.prio-long.service': 'noop@internal',
      'traefik.http.routers.prio-short.rule': `Host(\`${h}\`)`,
      'traefik.http.routers.prio-short.priority': '100',
      'traefik.http.routers.prio-short.service': 'prio',
      'traefik.http.services.prio.loadbalancer.server.port': '80',
    });
    // 502: the router is chosen but the backend is not listening yet (a loaded machine); wait past it.
    // The wrong router would answer 418 (noop@internal) for good.
    const r = await until(main.web, { host: h, path: '/api/a/rather/long/path/x' }, (x) => x.status !== 404 && x.status !== 502);
    expect(r.status).toBe(200);
    expect(echo(r).url).toBe('/api/a/rather/long/path/x');
    const applied = await waitForLog(main.name, (l) => l.msg === 'configuration applied' && JSON.stringify(l.routers).includes('prio-short@docker'));
    const web = (applied.routers as Record<string, string[]>).web!;
    expect(web).toContain('prio-short@docker:100');
    expect(web).toContain(`prio-long@docker:${`Host(\`${h}\`) && PathPrefix(\`/api/a/rather/long/path\`)`.length}`);
  });

  it('a router that references a middleware is disabled (404) and the log names the middleware', async () => {
    const h = host('mw');
    await backend('mw', {
      'traefik.enable': 'true',
      'traefik.http.routers.mw-ok.rule': `Host(\`ok.${h}\`)`,
      'traefik.http.routers.mw-ok.service': 'mw',
      'traefik.http.routers.mw-auth.rule': `Host(\`${h}\`)`,
      'traefik.http.routers.mw-auth.service': 'mw',
      'traefik.http.routers.mw-auth.middlewares': 'stand-in-auth,other@file',
      'traefik.http.middlewares.stand-in-auth.basicauth.users': 'user:$apr1$x$y',
      'traefik.http.services.mw.loadbalancer.server.port': '80',
    });
    await until(main.web, { host: `ok.${h}` }, (r) => r.status === 200);
    expect((await send(main.web, { host: h })).status).toBe(404);
    const line = await waitForLog(main.name, (l) => l.level === 'error' && l.routerName === 'mw-auth@docker');
    expect(line.msg).toContain('stand-in-auth@docker');
    expect(line.msg).toContain('other@file');
  });

  it('a rule that does not parse disables its router with a logged error; the container\'s other routers still work', async () => {
    const h = host('badrule');
    await backend('badrule', {
      'traefik.enable': 'true',
      'traefik.http.routers.badrule-ok.rule': `Host(\`ok.${h}\`)`,
      'traefik.http.routers.badrule-ok.service': 'badrule',
      // Single quotes are Go runes, not strings: Traefik refuses them.
      'traefik.http.routers.badrule-quotes.rule': `Host('${h}')`,
      'traefik.http.routers.badrule-quotes.service': 'badrule',
      'traefik.http.routers.badrule-open.rule': `Host(\`open.${h}\`) && (PathPrefix(\`/x\`)`,
      'traefik.http.routers.badrule-open.service': 'badrule',
      'traefik.http.routers.badrule-header.rule': `Host(\`header.${h}\`) && Header(\`X-A\`, \`b\`)`,
      'traefik.http.routers.badrule-header.service': 'badrule',
      'traefik.http.services.badrule.loadbalancer.server.port': '80',
    });
    await until(main.web, { host: `ok.${h}` }, (r) => r.status === 200);
    expect((await send(main.web, { host: h })).status).toBe(404);
    expect((await send(main.web, { host: `open.${h}`, path: '/x' })).status).toBe(404);
    expect((await send(main.web, { host: `header.${h}`, headers: { 'x-a': 'b' } })).status).toBe(404);
    for (const router of ['badrule-quotes@docker', 'badrule-open@docker']) {
      const line = await waitForLog(main.name, (l) => l.level === 'error' && l.routerName === router);
      expect(line.msg).toMatch(/^error while parsing rule /);
    }
    const header = await waitForLog(main.name, (l) => l.level === 'error' && l.routerName === 'badrule-header@docker');
    expect(header.msg).toContain('matcher Header is not reproduced by the stand-in');
  });

  it('the rule language: && before ||, !, parentheses, double quotes, matcher spellings, Method, Path vs PathPrefix, trailing-dot hosts', async () => {
    const h = host('rules');
    await backend('rules', {
      'traefik.enable': 'true',
      'traefik.http.routers.rules-post.rule': `host(\`RULES.${process.pid}.test\`) && (Path(\`/exact\`) || PATHPREFIX("/pre/")) && Method(\`post\`)`,
      'traefik.http.routers.rules-post.service': 'rules',
      'traefik.http.routers.rules-notpost.rule': `Host("${h}") && !Method("POST")`,
      'traefik.http.routers.rules-notpost.service': 'noop@internal',
      'traefik.http.routers.rules-prec.rule': `Host(\`prec.${h}\`) && Path(\`/x\`) || Host(\`prec.${h}\`) && Path(\`/y\`)`,
      'traefik.http.routers.rules-prec.service': 'rules',
      'traefik.http.services.rules.loadbalancer.server.port': '80',
    });
    await until(main.web, { host: h, method: 'POST', path: '/exact' }, (r) => r.status === 200);
    expect((await send(main.web, { host: h, method: 'POST', path: '/pre/x' })).status).toBe(200);
    expect((await send(main.web, { host: h, method: 'POST', path: '/exactly' })).status).toBe(404);
    expect((await send(main.web, { host: h, method: 'GET', path: '/exact' })).status).toBe(418);
    expect((await send(main.web, { host: `${h}.`, method: 'DELETE', path: '/' })).status).toBe(418);
    expect((await send(main.web, { host: `prec.${h}`, path: '/x' })).status).toBe(200);
    expect((await send(main.web, { host: `prec.${h}`, path: '/y' })).status).toBe(200);
    expect((await send(main.web, { host: `prec.${h}`, path: '/z' })).status).toBe(404);
  });

  it('exposedbydefault=false ignores a container without traefik.enable=true; the default (true) routes it, and traefik.enable=false opts out', async () => {
    const h = host('ebd');
    await backend('ebd', { 'traefik.http.routers.ebd.rule': `Host(\`${h}\`)` });
    await backend('ebd-off', { 'traefik.enable': 'false', 'traefik.http.routers.ebd-off.rule': `Host(\`off.${h}\`)` });
    const [port] = await standIn(`${prefix}-traefik-default`, [net1], ['--entrypoints.web.address=:80', '--providers.docker', `--providers.docker.network=${net1}`], [80]);
    expect(echo(await until(port!, { host: h }, (r) => r.status === 200)).name).toBe('ebd');
    expect((await send(port!, { host: `off.${h}` })).status).toBe(404);
    // The main stand-in (exposedbydefault=false) has seen the container start and leaves it out.
    await waitForLog(main.name, (l) => l.msg === 'Filtering disabled container' && new RegExp(`^${prefix}-ebd-[0-9a-f]{64}$`).test(String(l.container)));
    expect((await send(main.web, { host: h })).status).toBe(404);
  });

  it('traefik.docker.network picks the IP on that network when the container is on two; without it, the provider network', async () => {
    const h = host('net');
    const viaLabel = await backend('net-label', { 'traefik.enable': 'true', 'traefik.docker.network': net2, 'traefik.http.routers.net-label.rule': `Host(\`label.${h}\`)` }, { networks: [net1, net2] });
    const viaDefault = await backend('net-default', { 'traefik.enable': 'true', 'traefik.http.routers.net-default.rule': `Host(\`default.${h}\`)` }, { networks: [net2, net1] });
    const label = echo(await until(main.web, { host: `label.${h}` }, (r) => r.status === 200));
    expect(label.localAddress).toBe(await ipOn(viaLabel, net2));
    expect(label.localAddress).not.toBe(await ipOn(viaLabel, net1));
    const byDefault = echo(await until(main.web, { host: `default.${h}` }, (r) => r.status === 200));
    expect(byDefault.localAddress).toBe(await ipOn(viaDefault, net1));
  });

  it('a text/event-stream response streams: the first event arrives before the backend ends the response', async () => {
    const h = host('sse');
    await backend('sse', { 'traefik.enable': 'true', 'traefik.http.routers.sse.rule': `Host(\`${h}\`)` });
    await until(main.web, { host: h }, (r) => r.status === 200);
    const events = await new Promise<Array<{ at: number; text: string }>>((resolve, reject) => {
      const start = Date.now();
      const got: Array<{ at: number; text: string }> = [];
      const req = request({ host: '127.0.0.1', port: main.web, path: '/sse?gap=2500', headers: { host: h, accept: 'text/event-stream' }, agent: false }, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream');
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => got.push({ at: Date.now() - start, text: chunk }));
        res.on('end', () => {
          got.push({ at: Date.now() - start, text: '<end>' });
          resolve(got);
        });
      });
      req.on('error', reject);
      req.end();
    });
    expect(events[0]!.text).toMatch(/^data: first/);
    expect(events[0]!.at).toBeLessThan(1500);
    const end = events[events.length - 1]!;
    expect(end.at).toBeGreaterThanOrEqual(2400);
    expect(events.map((e) => e.text).join('')).toMatch(/data: last/);
  });

  it('a running backend whose port refuses connections → 502 "Bad Gateway"', async () => {
    const h = host('refused');
    await backend('refused', {
      'traefik.enable': 'true',
      'traefik.http.routers.refused.rule': `Host(\`${h}\`)`,
      'traefik.http.services.refused.loadbalancer.server.port': '9999',
    });
    const r = await until(main.web, { host: h }, (x) => x.status !== 404);
    expect(r.status).toBe(502);
    expect(r.body).toBe('Bad Gateway');
    const line = await waitForLog(main.name, (l) => l.msg === 'access' && l.RouterName === 'refused@docker');
    expect(line).toMatchObject({ DownstreamStatus: 502, OriginStatus: 0 });
  });

  it('a stopped backend leaves the configuration on its die event: its router answers 404', async () => {
    const h = host('stop');
    const name = await backend('stop', { 'traefik.enable': 'true', 'traefik.http.routers.stop.rule': `Host(\`${h}\`)` });
    await until(main.web, { host: h }, (r) => r.status === 200);
    await docker('stop', '-t', '1', name);
    const r = await until(main.web, { host: h }, (x) => x.status === 404);
    expect(r.body).toBe('404 page not found\n');
  });

  it('a container with a healthcheck is left out while starting or unhealthy, and routed once healthy', async () => {
    const h = host('health');
    const name = await backend('health', { 'traefik.enable': 'true', 'traefik.http.routers.health.rule': `Host(\`${h}\`)` }, {
      options: ['--health-cmd', 'test -f /tmp/ready', '--health-interval', '1s', '--health-retries', '1', '--health-timeout', '2s'],
    });
    await waitForLog(main.name, (l) => l.msg === 'Filtering unhealthy or starting container' && new RegExp(`^${prefix}-health-[0-9a-f]{64}$`).test(String(l.container)));
    await waitForLog(main.name, (l) => l.msg === 'Filtering unhealthy or starting container' && l.health === 'unhealthy' && new RegExp(`^${prefix}-health-[0-9a-f]{64}$`).test(String(l.container)));
    expect((await send(main.web, { host: h })).status).toBe(404);
    await docker('exec', name, 'sh', '-c', 'echo > /tmp/ready');
    expect(echo(await until(main.web, { host: h }, (r) => r.status === 200)).name).toBe('health');
  });

  it('services: a router without .service takes the only one; no service label → one named after the container on its lowest exposed port; two and none named → router in error', async () => {
    const h = host('svc');
    await backend('svc-one', {
      'traefik.enable': 'true',
      'traefik.http.routers.svc-one.rule': `Host(\`one.${h}\`)`,
      'traefik.http.services.svc-only.loadbalancer.server.port': '80',
    });
    // Exposes 70 besides the image's 80, and listens on 70 only: the lowest port must be the one dialled.
    const auto = await backend('svc-auto', { 'traefik.enable': 'true', 'traefik.http.routers.svc-auto.rule': `Host(\`auto.${h}\`)` }, { env: { PORT: '70' }, options: ['--expose', '70'] });
    // No router label either: a router named like the service, rule Host(`<service name>`).
    const bare = await backend('svc-bare', { 'traefik.enable': 'true' });
    await backend('svc-two', {
      'traefik.enable': 'true',
      'traefik.http.routers.svc-two.rule': `Host(\`two.${h}\`)`,
      'traefik.http.services.svc-two-a.loadbalancer.server.port': '80',
      'traefik.http.services.svc-two-b.loadbalancer.server.port': '81',
    });
    expect(echo(await until(main.web, { host: `one.${h}` }, (r) => r.status === 200)).name).toBe('svc-one');
    expect(echo(await until(main.web, { host: `auto.${h}` }, (r) => r.status === 200)).name).toBe('svc-auto');
    expect(echo(await until(main.web, { host: bare }, (r) => r.status === 200)).name).toBe('svc-bare');
    // An access line is written once the response has gone: waited for, not read at once (CI saw one missing).
    const access = (router: string) => waitForLog(main.name, (l) => l.msg === 'access' && l.RouterName === router);
    expect((await access('svc-one@docker')).ServiceName).toBe('svc-only@docker');
    expect(await access('svc-auto@docker')).toMatchObject({ ServiceName: `${auto}@docker`, ServiceURL: `http://${await ipOn(auto, net1)}:70` });
    expect((await access(`${bare}@docker`)).ServiceName).toBe(`${bare}@docker`);
    const two = await waitForLog(main.name, (l) => l.level === 'error' && l.routerName === 'svc-two');
    expect(two.msg).toMatch(/^Router svc-two cannot be linked automatically with multiple Services: /);
    expect((await send(main.web, { host: `two.${h}` })).status).toBe(404);
  });

  it('.entrypoints restricts a router to those entrypoints; without it a router is on all of them; an unknown entrypoint is logged', async () => {
    const h = host('ep');
    await backend('ep', {
      'traefik.enable': 'true',
      'traefik.http.routers.ep-web.rule': `Host(\`web.${h}\`)`,
      'traefik.http.routers.ep-web.entrypoints': 'web',
      'traefik.http.routers.ep-all.rule': `Host(\`all.${h}\`)`,
      'traefik.http.routers.ep-none.rule': `Host(\`none.${h}\`)`,
      'traefik.http.routers.ep-none.entrypoints': 'websecure',
      'traefik.http.services.ep.loadbalancer.server.port': '80',
    });
    await until(main.web, { host: `web.${h}` }, (r) => r.status === 200);
    expect((await send(main.alt, { host: `web.${h}` })).status).toBe(404);
    expect((await send(main.web, { host: `all.${h}` })).status).toBe(200);
    expect((await send(main.alt, { host: `all.${h}` })).status).toBe(200);
    expect((await send(main.web, { host: `none.${h}` })).status).toBe(404);
    expect((await send(main.alt, { host: `none.${h}` })).status).toBe(404);
    await waitForLog(main.name, (l) => l.msg === "EntryPoint doesn't exist" && l.routerName === 'ep-none@docker' && l.entryPointName === 'websecure');
    await waitForLog(main.name, (l) => l.msg === 'No valid entryPoint for this router' && l.routerName === 'ep-none@docker');
  });

  it('an @internal service other than noop@internal disables the router with a logged error', async () => {
    const h = host('internal');
    await backend('internal', {
      'traefik.enable': 'true',
      'traefik.http.routers.internal-ok.rule': `Host(\`ok.${h}\`)`,
      'traefik.http.routers.internal-ok.service': 'internal',
      'traefik.http.routers.internal-api.rule': `Host(\`${h}\`)`,
      'traefik.http.routers.internal-api.service': 'api@internal',
      'traefik.http.services.internal.loadbalancer.server.port': '80',
    });
    await until(main.web, { host: `ok.${h}` }, (r) => r.status === 200);
    expect((await send(main.web, { host: h })).status).toBe(404);
    const line = await waitForLog(main.name, (l) => l.level === 'error' && l.routerName === 'internal-api@docker');
    expect(line.msg).toContain('api@internal');
  });

  it('one router or service name on several containers: identical routers merge and their servers share the load; different ones are dropped and logged', async () => {
    const h = host('pool');
    const shared = { 'traefik.enable': 'true', 'traefik.http.routers.pool.rule': `Host(\`${h}\`)`, 'traefik.http.routers.pool.service': 'pool', 'traefik.http.services.pool.loadbalancer.server.port': '80' };
    await backend('pool-1', { ...shared, 'traefik.http.routers.pool-clash.rule': `Host(\`clash1.${h}\`)`, 'traefik.http.routers.pool-clash.service': 'pool' });
    await backend('pool-2', { ...shared, 'traefik.http.routers.pool-clash.rule': `Host(\`clash2.${h}\`)`, 'traefik.http.routers.pool-clash.service': 'pool' });
    const seen = new Set<string>();
    const deadline = Date.now() + 20_000;
    while (seen.size < 2 && Date.now() < deadline) {
      const r = await send(main.web, { host: h });
      if (r.status === 200) seen.add(echo(r).name);
      else await sleep(200);
    }
    expect([...seen].sort()).toEqual(['pool-1', 'pool-2']);
    expect((await send(main.web, { host: `clash1.${h}` })).status).toBe(404);
    expect((await send(main.web, { host: `clash2.${h}` })).status).toBe(404);
    const line = await waitForLog(main.name, (l) => l.msg === 'HTTP router defined multiple times with different configurations' && l.routerName === 'pool-clash');
    expect(line.configuration).toHaveLength(2);
  });
  it('a label Traefik cannot decode skips the whole container, logged; a router option the stand-in does not reproduce (tls) disables that router', async () => {
    const h = host('labels');
    await backend('labels-bad-priority', {
      'traefik.enable': 'true',
      'traefik.http.routers.labels-bad.rule': `Host(\`bad.${h}\`)`,
      'traefik.http.routers.labels-bad.priority': 'high',
    });
    await backend('labels-unknown-field', {
      'traefik.enable': 'true',
      'traefik.http.routers.labels-unknown.rule': `Host(\`unknown.${h}\`)`,
      'traefik.http.routers.labels-unknown.colour': 'blue',
    });
    await backend('labels-tls', {
      'traefik.enable': 'true',
      'traefik.http.routers.labels-ok.rule': `Host(\`ok.${h}\`)`,
      'traefik.http.routers.labels-ok.service': 'labels-tls',
      'traefik.http.routers.labels-tls.rule': `Host(\`tls.${h}\`)`,
      'traefik.http.routers.labels-tls.service': 'labels-tls',
      'traefik.http.routers.labels-tls.tls': 'true',
      'traefik.http.services.labels-tls.loadbalancer.server.port': '80',
    });
    await until(main.web, { host: `ok.${h}` }, (r) => r.status === 200);
    for (const sub of ['bad', 'unknown', 'tls']) expect((await send(main.web, { host: `${sub}.${h}` })).status, sub).toBe(404);
    const bad = await waitForLog(main.name, (l) => l.level === 'error' && new RegExp(`^${prefix}-labels-bad-priority-`).test(String(l.container)));
    expect(bad.msg).toContain('strconv.ParseInt: parsing "high": invalid syntax');
    const unknown = await waitForLog(main.name, (l) => l.level === 'error' && new RegExp(`^${prefix}-labels-unknown-field-`).test(String(l.container)));
    expect(unknown.msg).toContain('field not found, node: colour');
    const tls = await waitForLog(main.name, (l) => l.level === 'error' && l.routerName === 'labels-tls@docker');
    expect(tls.msg).toContain('traefik.http.routers.labels-tls.tls');
  });

  it('without --entrypoints it listens on :80 as entrypoint "http"; `--flag value` works; flags it does not know are logged and ignored', async () => {
    const name = `${prefix}-traefik-flags`;
    const [port] = await standIn(name, [net1], ['--providers.docker=true', '--providers.docker.network', net1, '--accesslog', '--api.insecure=true'], [80]);
    const started = await waitForLog(name, (l) => l.msg === 'Traefik stand-in (not Traefik) started');
    expect(started.entryPoints).toEqual({ http: 80 });
    expect(started.docker).toMatchObject({ network: net1, exposedByDefault: true });
    const warned = (await logLines(name)).filter((l) => l.level === 'warn').map((l) => String(l.msg));
    expect(warned.some((m) => m.startsWith('--accesslog is not reproduced'))).toBe(true);
    expect(warned.some((m) => m.startsWith('--api.insecure is not reproduced'))).toBe(true);
    // A router from an earlier test, on all entrypoints, is served here too.
    expect(echo(await until(port!, { host: host('echo') }, (r) => r.status === 200)).name).toBe('echo');
  });

  it('configuration reloads are at least providersThrottleDuration (2 s) apart', async () => {
    const applied = (await logLines(main.name)).filter((l) => l.msg === 'configuration applied').map((l) => Date.parse(String(l.time)));
    expect(applied.length).toBeGreaterThan(5);
    const gaps = applied.slice(1).map((t, i) => t - applied[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1990);
  });
});
