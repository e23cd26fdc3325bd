/**
 * The LiteLLM stand-in image against FACTS.md's "seen" behaviour of the real LiteLLM 1.77.3 proxy, one
 * test per behaviour, with `docker run` directly: real containers, a real PostgreSQL (the global setup's),
 * and a real MCP server built on the MCP TypeScript SDK (shipped in the stand-in's image as
 * /opt/mcp-fixture.mjs, so nothing here depends on the postgres-mcp test image's tool names).
 * Containers are named `standin-img-*`, publish only random host ports, and are removed after each test.
 */
import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, inject, it } from 'vitest';

const image = () => inject('images').litellm;
const masterKey = 'sk-standin-test-key';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Started {
  name: string;
  base: string;
  /** When `docker run -d` returned: the container has just started. */
  startedAt: number;
}

interface RunOptions {
  config?: string;
  env?: Record<string, string>;
  /** Arguments after the image; default `--config /app/config.yaml` when a config is given. */
  args?: string[];
  /** Mount the config at /app/config.yaml without passing --config. */
  mountOnly?: boolean;
  entrypoint?: string;
}

type Cleanup = (fn: () => Promise<void>) => void;

async function run(tag: string, cleanup: Cleanup, o: RunOptions = {}): Promise<Started> {
  const name = `standin-img-${tag}-${randomBytes(3).toString('hex')}`;
  const args = ['run', '-d', '--name', name, '-p', '127.0.0.1::4000'];
  for (const [k, v] of Object.entries(o.env ?? {})) args.push('-e', `${k}=${v}`);
  if (o.config !== undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'standin-img-'));
    cleanup(async () => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'config.yaml'), o.config);
    args.push('-v', `${join(dir, 'config.yaml')}:/app/config.yaml:ro`);
  }
  if (o.entrypoint) args.push('--entrypoint', o.entrypoint);
  args.push(image(), ...(o.args ?? (o.config !== undefined && !o.mountOnly ? ['--config', '/app/config.yaml'] : [])));
  cleanup(async () => void (await execa('docker', ['rm', '-f', '-v', name], { reject: false })));
  await execa('docker', args);
  const startedAt = Date.now();
  const port = (await execa('docker', ['port', name, '4000/tcp'], { reject: false })).stdout.trim().split(':').pop() ?? '';
  return { name, base: `http://127.0.0.1:${port}`, startedAt };
}

/** The SDK-built MCP server, on the default bridge: returns its address as containers see it. */
async function fixture(cleanup: Cleanup): Promise<{ name: string; ip: string }> {
  const s = await run('fixture', cleanup, { entrypoint: '/usr/bin/node', args: ['/opt/mcp-fixture.mjs'] });
  const ip = (await execa('docker', ['inspect', '-f', '{{.NetworkSettings.IPAddress}}', s.name])).stdout.trim();
  for (let i = 0; i < 50; i++) {
    if ((await execa('docker', ['exec', s.name, 'python3', '-c', "import socket;socket.create_connection(('127.0.0.1',8000),2)"], { reject: false })).exitCode === 0) break;
    await sleep(100);
  }
  return { name: s.name, ip };
}

/** Polls /health/liveliness; returns the ms from the container's start to the first 200. */
async function waitLive(s: Started, timeoutMs = 30_000): Promise<number> {
  while (Date.now() - s.startedAt < timeoutMs) {
    const r = await fetch(`${s.base}/health/liveliness`).catch(() => undefined);
    if (r?.status === 200) return Date.now() - s.startedAt;
    await sleep(100);
  }
  const { stdout, stderr } = await logs(s.name);
  throw new Error(`${s.name} never answered /health/liveliness:\n${stdout}\n${stderr}`);
}

async function logs(name: string): Promise<{ stdout: string; stderr: string }> {
  const r = await execa('docker', ['logs', name], { reject: false });
  return { stdout: r.stdout, stderr: r.stderr };
}

interface JsonLine {
  message: string;
  level: string;
  timestamp: string;
  stacktrace?: string;
}

function jsonLines(stderr: string): JsonLine[] {
  return stderr.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as JsonLine);
}

/**
 * The container's own start and end, as the engine recorded them: a loaded machine delays `docker run`,
 * `docker wait` and `docker stop` returning, but not these.
 */
async function lifetime(name: string): Promise<{ started: number; finished: number }> {
  const out = (await execa('docker', ['inspect', '-f', '{{.State.StartedAt}} {{.State.FinishedAt}}', name])).stdout.trim().split(' ');
  return { started: Date.parse(out[0] ?? ''), finished: Date.parse(out[1] ?? '') };
}

async function waitExit(name: string): Promise<number> {
  return Number((await execa('docker', ['wait', name])).stdout.trim());
}

async function waitForLog(name: string, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const { stdout, stderr } = await logs(name);
    const all = `${stdout}\n${stderr}`;
    if (pattern.test(all)) return all;
    await sleep(200);
  }
  throw new Error(`no ${pattern} in the log of ${name}`);
}

const bearer = { authorization: `Bearer ${masterKey}` };

function config(parts: { models?: boolean; mcp?: string; db?: string; json?: boolean } = {}): string {
  const lines: string[] = [];
  if (parts.models !== false) {
    lines.push('model_list:', '  - model_name: mock-gpt', '    litellm_params:', '      model: openai/gpt-4o', '      api_key: os.environ/OPENAI_API_KEY', '      mock_response: "Hello from the stand-in mock model."');
  }
  lines.push('general_settings:', '  master_key: os.environ/LITELLM_MASTER_KEY');
  if (parts.db) lines.push(`  database_url: ${JSON.stringify(parts.db)}`);
  if (parts.json !== false) lines.push('litellm_settings:', '  json_logs: true');
  if (parts.mcp) lines.push('mcp_servers:', parts.mcp);
  return `${lines.join('\n')}\n`;
}

const env = { LITELLM_MASTER_KEY: masterKey, OPENAI_API_KEY: 'sk-unused' };

async function get(base: string, path: string, headers: Record<string, string> = bearer) {
  const r = await fetch(`${base}${path}`, { headers });
  return { status: r.status, body: (await r.json()) as unknown };
}

/** A PostgreSQL role with the given password, on the test server; dropped after the test. */
async function role(password: string, cleanup: Cleanup): Promise<string> {
  const p = inject('pg');
  const name = `standin_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ host: p.host, port: p.port, user: p.user, password: p.password, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(`CREATE ROLE ${name} LOGIN PASSWORD '${password}'`);
  } finally {
    await admin.end();
  }
  cleanup(async () => {
    const c = new pg.Client({ host: p.host, port: p.port, user: p.user, password: p.password, database: 'postgres' });
    await c.connect();
    await c.query(`DROP ROLE IF EXISTS ${name}`).finally(() => c.end());
  });
  return name;
}

describe('LiteLLM stand-in: start-up', () => {
  it.concurrent('without --config it has no models and no MCP servers, even with a file at /app/config.yaml', async ({ expect, onTestFinished }) => {
    const s = await run('noconfig', onTestFinished, { env, config: config({ mcp: '  db_main:\n    url: http://127.0.0.1:9/sse\n    transport: sse' }), mountOnly: true, args: ['--port', '4000'] });
    await waitLive(s);
    expect(await get(s.base, '/v1/models')).toEqual({ status: 200, body: { data: [], object: 'list' } });
    expect(await get(s.base, '/v1/mcp/server')).toEqual({ status: 200, body: [] });
    // The master key still comes from the environment: auth is on.
    expect((await get(s.base, '/v1/models', {})).status).toBe(401);
  });

  it.concurrent('answers /health/liveliness only 6 s or more after the container starts', async ({ expect, onTestFinished }) => {
    const s = await run('live', onTestFinished, { env, config: config() });
    // The fact is the lower bound: the port stays closed for the first 6 s. A hang is waitLive's 30 s
    // timeout; no upper bound here, since a loaded CI machine slows the start itself (seen: over 12 s).
    const ms = await waitLive(s);
    expect(ms).toBeGreaterThanOrEqual(6000);
    const r = await fetch(`${s.base}/health/liveliness`);
    expect(await r.text()).toBe('"I\'m alive!"');
  });

  it.concurrent('logs as 1.77.3 with json_logs: 17 plain start-up lines on stdout, JSON on stderr, no "Uvicorn running"', async ({ expect, onTestFinished }) => {
    const s = await run('logs', onTestFinished, { env, config: config() });
    await waitLive(s);
    await get(s.base, '/v1/models', {}); // a refused key: an ERROR logged with .exception()
    const { stdout, stderr } = await logs(s.name);
    const plain = stdout.split('\n').filter((l) => l.trim() !== '');
    expect(plain).toHaveLength(17);
    expect(plain[0]).toBe('Using json logs. Setting log_config to None.');
    expect(plain).toContain('   ██╗     ██╗████████╗███████╗██╗     ██╗     ███╗   ███╗');
    expect(plain.at(-2)).toBe('\u001b[32mLiteLLM: Proxy initialized with Config, Set models:\u001b[0m');
    expect(plain.at(-1)).toBe('\u001b[32m    mock-gpt\u001b[0m');
    const rawLines = stderr.split('\n').filter((l) => l.trim() !== '');
    expect(rawLines.length).toBeGreaterThan(0);
    for (const line of rawLines) expect(line).toMatch(/^\{"message": ".*", "level": "(WARNING|ERROR|CRITICAL)", "timestamp": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}"(, "stacktrace": ".*")?\}$/);
    const refused = jsonLines(stderr).find((l) => l.message.includes('No api key passed in.'));
    expect(refused?.level).toBe('ERROR');
    expect(refused?.stacktrace).toMatch(/^Traceback \(most recent call last\):\n {2}File ".*"[\s\S]*\nException: No api key passed in\.$/);
    expect(`${stdout}${stderr}`).not.toMatch(/Uvicorn running/);
  });

  it.concurrent("a `-` in an MCP server name: exit 3 after about 10 s, the error on the line before the last", async ({ expect, onTestFinished }) => {
    const s = await run('dash', onTestFinished, { env, config: config({ mcp: '  db-main:\n    url: http://127.0.0.1:9/sse\n    transport: sse' }) });
    expect(await waitExit(s.name)).toBe(3);
    // From the engine's record of the container, not our clock: a loaded CI machine once made `docker wait`
    // return 15 s after `docker run` for a 10 s life, and under four test workers the life itself was
    // 18.4 s (the process starts slowly). The lower bound tells "about 10 s" from a fast failure; the
    // upper one from a hang.
    const { started, finished } = await lifetime(s.name);
    expect(finished - started).toBeGreaterThan(9000);
    expect(finished - started).toBeLessThan(30_000);
    const lines = jsonLines((await logs(s.name)).stderr);
    expect(lines.at(-1)).toMatchObject({ message: 'Application startup failed. Exiting.', level: 'ERROR' });
    expect(lines.at(-2)?.level).toBe('ERROR');
    expect(lines.at(-2)?.message).toMatch(/^Traceback \(most recent call last\):\n[\s\S]*\nException: Server name cannot contain '-'\. Use an alternative character instead Found: db-main\n$/);
  });

  it.concurrent('an alias with a `-` (litellm_settings.mcp_aliases) fails the start the same way', async ({ expect, onTestFinished }) => {
    const yaml = `${config({ json: false, mcp: '  db_main:\n    url: http://127.0.0.1:9/sse\n    transport: sse' })}litellm_settings:\n  json_logs: true\n  mcp_aliases:\n    db-alias: db_main\n`;
    const s = await run('alias', onTestFinished, { env, config: yaml });
    expect(await waitExit(s.name)).toBe(3);
    const lines = jsonLines((await logs(s.name)).stderr);
    expect(lines.at(-2)?.message).toMatch(/Server name cannot contain '-'\. Use an alternative character instead Found: db-alias\n$/);
  });

  it.concurrent('a --config file that does not exist ends the CLI: plain Python traceback, exit 1', async ({ expect, onTestFinished }) => {
    const s = await run('nofile', onTestFinished, { env, args: ['--config', '/app/missing.yaml'] });
    expect(await waitExit(s.name)).toBe(1);
    const { stderr } = await logs(s.name);
    expect(stderr).toMatch(/^Traceback \(most recent call last\):\n[\s\S]*\nException: Config file not found: \/app\/missing\.yaml$/);
  });

  it.concurrent('docker stop takes about 2 s, exits 0 and logs ERROR lines about the StreamableHTTPSessionManager', async ({ expect, onTestFinished }) => {
    const s = await run('stop', onTestFinished, { env, config: config() });
    await waitLive(s);
    const t0 = Date.now();
    await execa('docker', ['stop', s.name]);
    // Until the engine saw the container end, not until `docker stop` returned.
    const took = (await lifetime(s.name)).finished - t0;
    expect(took).toBeGreaterThan(1200);
    expect(took).toBeLessThan(5000);
    expect((await execa('docker', ['inspect', '-f', '{{.State.ExitCode}}', s.name])).stdout.trim()).toBe('0');
    const errors = jsonLines((await logs(s.name)).stderr).filter((l) => l.level === 'ERROR' && /StreamableHTTPSessionManager/.test(l.message));
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });
});

describe('LiteLLM stand-in: database', () => {
  const url = (user: string, password: string, port = 5432) => `postgresql://${user}:${password}@${inject('pg').bridgeHost}:${port}/postgres`;

  it.concurrent('readiness without a database: healthy, "Not connected", version 1.77.3 and the other keys', async ({ expect, onTestFinished }) => {
    const s = await run('ready', onTestFinished, { env, config: config() });
    await waitLive(s);
    const r = await get(s.base, '/health/readiness', {});
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'healthy', db: 'Not connected', cache: null, litellm_version: '1.77.3', use_aiohttp_transport: true });
    expect(Object.keys(r.body as object)).toEqual(['status', 'db', 'cache', 'litellm_version', 'success_callbacks', 'use_aiohttp_transport']);
    expect(Array.isArray((r.body as { success_callbacks: unknown }).success_callbacks)).toBe(true);
  });

  it.concurrent('readiness with a database: top-level status "connected"; a raw `@` and `:` in the password are read as Prisma reads them', async ({ expect, onTestFinished }) => {
    // rust-url: user info ends at the LAST `@`, the user at the FIRST `:` (see database-url.ts).
    const user = await role('p@ss:w0rd', onTestFinished);
    const s = await run('dbok', onTestFinished, { env: { ...env, DATABASE_URL: url(user, 'p@ss:w0rd') }, config: config() });
    await waitLive(s);
    const r = await get(s.base, '/health/readiness', {});
    expect(r).toMatchObject({ status: 200, body: { status: 'connected', db: 'connected', litellm_version: '1.77.3' } });
    expect((r.body as { last_updated: string }).last_updated).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+$/);
  });

  for (const char of ['/', '?', '#']) {
    it.concurrent(`a raw \`${char}\` in the password: P1013 "invalid port number in database URL", then a failed start (exit 3)`, async ({ expect, onTestFinished }) => {
      const s = await run('p1013', onTestFinished, { env: { ...env, DATABASE_URL: url('litellm', `pa${char}ss`) }, config: config() });
      expect(await waitExit(s.name)).toBe(3);
      const lines = jsonLines((await logs(s.name)).stderr);
      const prisma = lines.find((l) => /\bP1013\b/.test(l.message));
      expect(prisma?.message).toMatch(/^prisma db error: Error: P1013: The provided database string is invalid\. invalid port number in database URL\./);
      expect(lines.at(-1)?.message).toBe('Application startup failed. Exiting.');
      expect(lines.at(-2)?.message).toMatch(/\nprisma\.engine\.errors\.NotConnectedError: Not connected to the query engine\n$/);
    });
  }

  it.concurrent('`%` in a password: `%41` is decoded (the login fails, P1000); `%zz` is kept as written (the login works)', async ({ expect, onTestFinished }) => {
    const decoded = await role('pa%41ss', onTestFinished);
    const literal = await role('pa%zzss', onTestFinished);
    const [bad, good] = await Promise.all([
      run('pct41', onTestFinished, { env: { ...env, DATABASE_URL: url(decoded, 'pa%41ss') }, config: config() }),
      run('pctzz', onTestFinished, { env: { ...env, DATABASE_URL: url(literal, 'pa%zzss') }, config: config() }),
    ]);
    expect(await waitExit(bad.name)).toBe(3);
    const lines = jsonLines((await logs(bad.name)).stderr);
    expect(lines.find((l) => /\bP1000\b/.test(l.message))?.message).toMatch(new RegExp(`Error: P1000: Authentication failed against database server at \`${inject('pg').bridgeHost.replace(/\./g, '\\.')}\`, the provided database credentials for \`${decoded}\` are not valid\\.`));
    await waitLive(good);
    expect((await get(good.base, '/health/readiness', {})).body).toMatchObject({ status: 'connected' });
  });

  it.concurrent("an unreachable database: P1001 \"Can't reach database server\", then a failed start (exit 3)", async ({ expect, onTestFinished }) => {
    const p = inject('pg');
    const s = await run('p1001', onTestFinished, { env: { ...env, DATABASE_URL: url(p.user, p.password, 1) }, config: config() });
    expect(await waitExit(s.name)).toBe(3);
    const lines = jsonLines((await logs(s.name)).stderr);
    expect(lines.find((l) => /\bP1001\b/.test(l.message))?.message).toContain(`Error: P1001: Can't reach database server at \`${p.bridgeHost}\`:\`1\``);
    expect(lines.at(-1)?.message).toBe('Application startup failed. Exiting.');
  });
});

describe('LiteLLM stand-in: keys', () => {
  it.concurrent('REST: Bearer, x-litellm-api-key with or without Bearer, api-key, lower-case bearer; 401 without a key or without the prefix', async ({ expect, onTestFinished }) => {
    const s = await run('rest', onTestFinished, { env, config: config() });
    await waitLive(s);
    for (const path of ['/v1/models', '/mcp-rest/tools/list']) {
      const accepted: Array<Record<string, string>> = [bearer, { 'x-litellm-api-key': `Bearer ${masterKey}` }, { 'x-litellm-api-key': masterKey }, { 'api-key': masterKey }, { authorization: `bearer ${masterKey}` }];
      for (const headers of accepted) {
        expect((await get(s.base, path, headers)).status, `${path} ${JSON.stringify(headers)}`).toBe(200);
      }
      expect(await get(s.base, path, {})).toEqual({ status: 401, body: { error: { message: 'Authentication Error, No api key passed in.', type: 'auth_error', param: 'None', code: '401' } } });
      const malformed = await get(s.base, path, { authorization: masterKey });
      expect(malformed.status).toBe(401);
      expect((malformed.body as { error: { message: string } }).error.message).toBe(`Authentication Error, Malformed API Key passed in. Ensure Key has \`Bearer \` prefix. Passed in: ${masterKey}`);
    }
  });

  it.concurrent('/mcp/: both headers work with Bearer; no key or no Bearer is a 500 "MCP request failed"; POST /mcp is a 307', async ({ expect, onTestFinished }) => {
    const s = await run('mcpauth', onTestFinished, { env, config: config() });
    await waitLive(s);
    const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '1' } } };
    const post = (path: string, headers: Record<string, string>) =>
      fetch(`${s.base}${path}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify(initialize) });
    const accepted: Array<Record<string, string>> = [{ 'x-litellm-api-key': `Bearer ${masterKey}` }, { authorization: `Bearer ${masterKey}` }];
    for (const headers of accepted) {
      const r = await post('/mcp/', headers);
      expect(r.status).toBe(200);
      expect(((await r.json()) as { result: { serverInfo: { name: string } } }).result.serverInfo.name).toBe('litellm-mcp-server');
    }
    const refused: Array<Record<string, string>> = [{}, { 'x-litellm-api-key': masterKey }, { authorization: masterKey }];
    for (const headers of refused) {
      const r = await post('/mcp/', headers);
      expect(r.status, JSON.stringify(headers)).toBe(500);
      expect(await r.json()).toEqual({ error: 'MCP request failed', details: '' });
    }
    const redirect = await post('/mcp', { authorization: `Bearer ${masterKey}` });
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get('location')).toMatch(/\/mcp\/$/);
  });
});

describe('LiteLLM stand-in: MCP servers', () => {
  it.concurrent('an MCP server it cannot reach: a WARNING naming no server at start-up, then "MCP client session is not initialized" when used', async ({ expect, onTestFinished }) => {
    const s = await run('unreach', onTestFinished, { env, config: config({ mcp: '  unreachable_srv:\n    url: http://127.0.0.1:9/sse\n    transport: sse' }) });
    await waitLive(s);
    await waitForLog(s.name, /MCP client connection failed/);
    const early = jsonLines((await logs(s.name)).stderr);
    const warning = early.find((l) => l.message.startsWith('MCP client connection failed'));
    expect(warning).toMatchObject({ message: 'MCP client connection failed: unhandled errors in a TaskGroup (1 sub-exception)', level: 'WARNING' });
    expect(early.map((l) => l.message).join('\n')).not.toContain('unreachable_srv');
    expect((await get(s.base, '/mcp-rest/tools/list')).body).toMatchObject({ tools: [] });
    const later = jsonLines((await logs(s.name)).stderr);
    expect(later.map((l) => l.message)).toContain('MCP client session is not initialized');
  });

  it.concurrent('GET /v1/mcp/server: config servers with a 32-hex server_id, alias null, status "unknown" and the table columns', async ({ expect, onTestFinished }) => {
    const mcp = ['  db_main:', '    url: http://127.0.0.1:9/sse', '    transport: sse', '    access_groups: ["db_group"]', '  other:', '    url: http://127.0.0.1:9/mcp', '    transport: http'].join('\n');
    const s = await run('servers', onTestFinished, { env, config: config({ mcp }) });
    await waitLive(s);
    const r = await get(s.base, '/v1/mcp/server');
    const rows = r.body as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.server_id).toMatch(/^[0-9a-f]{32}$/);
      expect(row).toMatchObject({ alias: null, status: 'unknown' });
      expect(Object.keys(row)).toHaveLength(18);
    }
    expect(rows[0]).toMatchObject({ server_name: 'db_main', url: 'http://127.0.0.1:9/sse', transport: 'sse', mcp_access_groups: ['db_group'] });
    expect(rows[0]!.server_id).not.toBe(rows[1]!.server_id);
    expect((await get(s.base, '/v1/mcp/server', {})).status).toBe(401);
  });

  it.concurrent('POST /mcp-rest/test/connection: no key, 200 {"status":"ok"} for any URL, and it really tries the URL', async ({ expect, onTestFinished }) => {
    const [s, fx] = await Promise.all([run('testconn', onTestFinished, { env, config: config() }), fixture(onTestFinished)]);
    const ip = (await execa('docker', ['inspect', '-f', '{{.NetworkSettings.IPAddress}}', s.name])).stdout.trim();
    await waitLive(s);
    const test = (url: string) => fetch(`${s.base}/mcp-rest/test/connection`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url, transport: 'sse' }) });
    const reachable = await test(`http://${fx.ip}:8000/sse`);
    expect(reachable.status).toBe(200);
    expect(await reachable.json()).toEqual({ status: 'ok' });
    const seen = await waitForLog(fx.name, /"path":"\/sse"/);
    expect(seen).toContain(`"method":"GET","path":"/sse","protocolVersions":["2025-06-18"],"from":"${ip}"`);
    const unreachable = await test('http://127.0.0.1:9/sse');
    expect(unreachable.status).toBe(200);
    expect(await unreachable.json()).toEqual({ status: 'ok' });
    expect(jsonLines((await logs(s.name)).stderr).some((l) => l.level === 'WARNING' && l.message.includes('unhandled errors in a TaskGroup'))).toBe(true);
  });

  it.concurrent('transport defaults to http; http against a TypeScript-SDK server yields no tools (the doubled MCP-Protocol-Version gets a 400); SSE works, on REST and on /mcp/', async ({ expect, onTestFinished }) => {
    const fx = await fixture(onTestFinished);
    const mcp = [`  fx_default:`, `    url: http://${fx.ip}:8000/mcp`, `  fx_sse:`, `    url: http://${fx.ip}:8000/sse`, `    transport: sse`].join('\n');
    const s = await run('transport', onTestFinished, { env, config: config({ mcp }) });
    await waitLive(s);
    const servers = (await get(s.base, '/v1/mcp/server')).body as Array<{ server_name: string; transport: string }>;
    expect(servers.find((x) => x.server_name === 'fx_default')?.transport).toBe('http');
    const listed = (await get(s.base, '/mcp-rest/tools/list')).body as { tools: Array<{ name: string }> };
    expect(listed.tools.map((t) => t.name).sort()).toEqual(['fx_sse-add', 'fx_sse-echo']);
    // What the server saw on streamable HTTP: initialize with LiteLLM's header once, then the header twice.
    const seen = (await logs(fx.name)).stdout.split('\n').filter((l) => l.includes('"path":"/mcp"')).map((l) => JSON.parse(l) as { protocolVersions: string[] });
    expect(seen[0]?.protocolVersions).toEqual(['2025-06-18']);
    expect(seen.some((r) => r.protocolVersions.length === 2)).toBe(true);
    const called = await fetch(`${s.base}/mcp-rest/tools/call`, { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'fx_sse-echo', arguments: { text: 'via rest' } }) });
    expect(await called.json()).toEqual([{ type: 'text', text: 'via rest' }]);
    // An MCP client on LiteLLM's /mcp/ sees and calls the same tools.
    const client = new Client({ name: 'standin-test', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(`${s.base}/mcp/`), { requestInit: { headers: { 'x-litellm-api-key': `Bearer ${masterKey}` } } });
    await client.connect(transport);
    try {
      expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['fx_sse-add', 'fx_sse-echo']);
      expect((await client.callTool({ name: 'fx_sse-add', arguments: { a: 2, b: 3 } })).content).toEqual([{ type: 'text', text: '5' }]);
    } finally {
      await client.close();
    }
  });
});

describe('LiteLLM stand-in: completions', () => {
  it.concurrent('stream: true gives a real SSE stream (text/event-stream, chunks, data: [DONE]); /metrics is 404', async ({ expect, onTestFinished }) => {
    const s = await run('stream', onTestFinished, { env, config: config() });
    await waitLive(s);
    const r = await fetch(`${s.base}/v1/chat/completions`, { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'mock-gpt', stream: true, messages: [{ role: 'user', content: 'hi' }] }) });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = (await r.text()).split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.replace(/^data: /, '')) as { object: string; choices: Array<{ delta: { content?: string } }> });
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks.map((c) => c.choices[0]!.delta.content ?? '').join('')).toBe('Hello from the stand-in mock model.');
    const plain = await fetch(`${s.base}/v1/chat/completions`, { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'mock-gpt', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(((await plain.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content).toBe('Hello from the stand-in mock model.');
    expect((await fetch(`${s.base}/metrics`, { headers: bearer })).status).toBe(404);
    expect((await fetch(`${s.base}/metrics`)).status).toBe(404);
  });
});
