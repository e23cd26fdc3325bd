/**
 * Virtual keys in the LiteLLM stand-in image, against FACTS.md's "Virtual keys (phase F), from the 1.77.3
 * source" and LiteLLM's own 1.77.3 source where FACTS.md is silent, one test per behaviour: real containers,
 * each test with its own database on the global setup's PostgreSQL, and for MCP two real MCP servers (the
 * image's /opt/mcp-fixture.mjs) in two access groups on one docker network. Tests assert what a user sees:
 * status codes, bodies, the rows in PostgreSQL, the tools an MCP SDK client lists with a key.
 * Containers, networks and databases are named `standin-keys-*` / `standin_keys_*` and removed after each test.
 */
import { execa } from 'execa';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, inject, it } from 'vitest';

const masterKey = 'sk-standin-keys-master';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hex = () => randomBytes(3).toString('hex');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
type Cleanup = (fn: () => Promise<void>) => void;
// Response bodies are read as loose JSON: the assertions say what they must hold.
type Json = Record<string, any>;

/** Everything a test starts, removed in one go when it ends: containers first, then networks, then databases. */
function resources(onFinished: Cleanup) {
  const r = { containers: [] as string[], networks: [] as string[], databases: [] as string[], dirs: [] as string[] };
  onFinished(async () => {
    for (const c of r.containers) await execa('docker', ['rm', '-f', '-v', c], { reject: false });
    for (const n of r.networks) await execa('docker', ['network', 'rm', n], { reject: false });
    for (const d of r.databases) await admin('postgres', (c) => c.query(`DROP DATABASE IF EXISTS ${d} WITH (FORCE)`));
    for (const d of r.dirs) rmSync(d, { recursive: true, force: true });
  });
  return r;
}
type Resources = ReturnType<typeof resources>;

async function admin<T>(database: string, use: (c: pg.Client) => Promise<T>): Promise<T> {
  const p = inject('pg');
  const c = new pg.Client({ host: p.host, port: p.port, user: p.user, password: p.password, database });
  await c.connect();
  try {
    return await use(c);
  } finally {
    await c.end();
  }
}

/** A database of its own on the test server; its URL as a container sees it. */
async function database(r: Resources): Promise<{ name: string; url: string }> {
  const name = `standin_keys_${randomBytes(4).toString('hex')}`;
  await admin('postgres', (c) => c.query(`CREATE DATABASE ${name}`));
  r.databases.push(name);
  const p = inject('pg');
  return { name, url: `postgresql://${p.user}:${p.password}@${p.bridgeHost}:5432/${name}` };
}

const query = (db: { name: string }, sql: string, values: unknown[] = []) => admin(db.name, async (c) => (await c.query(sql, values)).rows as Json[]);

/** `settings`: more lines under litellm_settings (indented already). */
function config(mcp = '', settings: readonly string[] = []): string {
  const model = (name: string) => [`  - model_name: ${name}`, '    litellm_params:', '      model: openai/gpt-4o', `      mock_response: "Hello from ${name}."`];
  const lines = ['model_list:', ...model('mock-gpt'), ...model('other-gpt'), 'general_settings:', '  master_key: os.environ/LITELLM_MASTER_KEY', 'litellm_settings:', '  json_logs: true', ...settings];
  return `${[...lines, ...(mcp ? ['mcp_servers:', mcp] : [])].join('\n')}\n`;
}

interface Proxy {
  name: string;
  base: string;
}

/**
 * The stand-in; on a test network too when given (it still reaches PostgreSQL on the default bridge).
 * `env` adds variables; `noMasterKey` leaves LITELLM_MASTER_KEY unset (the config still names it).
 */
async function proxy(r: Resources, o: { db?: { url: string }; mcp?: string; settings?: readonly string[]; network?: string; env?: Record<string, string>; noMasterKey?: boolean }): Promise<Proxy> {
  const name = `standin-keys-proxy-${hex()}`;
  const dir = mkdtempSync(join(tmpdir(), 'standin-keys-'));
  r.dirs.push(dir);
  writeFileSync(join(dir, 'config.yaml'), config(o.mcp, o.settings));
  const vars = { ...(o.noMasterKey ? {} : { LITELLM_MASTER_KEY: masterKey }), ...(o.db ? { DATABASE_URL: o.db.url } : {}), ...o.env };
  const env = Object.entries(vars).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  r.containers.push(name);
  await execa('docker', ['create', '--name', name, '-p', '127.0.0.1::4000', ...env, '-v', `${join(dir, 'config.yaml')}:/app/config.yaml:ro`, ...(o.network ? ['--network', o.network] : []), inject('images').litellm, '--config', '/app/config.yaml']);
  if (o.network) await execa('docker', ['network', 'connect', 'bridge', name]);
  await execa('docker', ['start', name]);
  const p = { name, base: await baseOf(name) };
  await waitLive(p);
  return p;
}

/** The proxy's address on this host (a random port, new at every start). */
async function baseOf(name: string): Promise<string> {
  return `http://127.0.0.1:${(await execa('docker', ['port', name, '4000/tcp'])).stdout.trim().split(':').pop()}`;
}

async function waitLive(p: Proxy): Promise<void> {
  for (const until = Date.now() + 30_000; Date.now() < until; await sleep(200)) {
    if ((await fetch(`${p.base}/health/liveliness`).catch(() => undefined))?.status === 200) return;
  }
  throw new Error(`${p.name} never came up:\n${(await execa('docker', ['logs', p.name], { reject: false })).stderr}`);
}

/** Two MCP servers (the image's SDK fixture, over SSE) in access groups group_a and group_b, and the proxy. */
async function mcpStack(r: Resources): Promise<Proxy> {
  const network = `standin-keys-net-${hex()}`;
  await execa('docker', ['network', 'create', network]);
  r.networks.push(network);
  const servers: string[] = [];
  for (const s of ['a', 'b']) {
    const name = `standin-keys-fx${s}-${hex()}`;
    r.containers.push(name);
    await execa('docker', ['run', '-d', '--name', name, '--network', network, '--entrypoint', '/usr/bin/node', inject('images').litellm, '/opt/mcp-fixture.mjs']);
    servers.push(`  fx${s}:\n    url: http://${name}:8000/sse\n    transport: sse\n    access_groups: ["group_${s}"]`);
    for (let i = 0; i < 50; i++) {
      if ((await execa('docker', ['exec', name, 'python3', '-c', "import socket;socket.create_connection(('127.0.0.1',8000),2)"], { reject: false })).exitCode === 0) break;
      await sleep(100);
    }
  }
  return proxy(r, { db: await database(r), mcp: servers.join('\n'), network });
}

async function call(p: Proxy, method: 'GET' | 'POST', path: string, o: { key?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${p.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${o.key ?? masterKey}`, 'content-type': 'application/json', ...o.headers },
    ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }),
  });
  const text = await res.text();
  let body: Json | string = text;
  try {
    body = JSON.parse(text) as Json;
  } catch {
    // a plain-text body (uvicorn's 500)
  }
  return { status: res.status, body: body as Json, text, headers: res.headers };
}

const generate = async (p: Proxy, body: Json = {}) => {
  const r = await call(p, 'POST', '/key/generate', { body });
  if (r.status !== 200) throw new Error(`/key/generate ${r.status}: ${r.text}`);
  return r.body as { key: string; token: string } & Json;
};
const chat = (p: Proxy, key: string, model = 'mock-gpt') => call(p, 'POST', '/v1/chat/completions', { key, body: { model, messages: [{ role: 'user', content: 'hi' }] } });

/** The tools an MCP SDK client lists through the proxy's /mcp/ with the key. */
async function mcpTools(p: Proxy, key: string, o: { path?: string; headers?: Record<string, string> } = {}): Promise<string[]> {
  const client = new Client({ name: 'standin-keys-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${p.base}${o.path ?? '/mcp/'}`), { requestInit: { headers: { 'x-litellm-api-key': `Bearer ${key}`, ...o.headers } } }));
  try {
    return (await client.listTools()).tools.map((t) => t.name).sort();
  } finally {
    await client.close();
  }
}

const initialize = (p: Proxy, key: string) =>
  fetch(`${p.base}/mcp/`, {
    method: 'POST',
    headers: { 'x-litellm-api-key': `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } }),
  });

/**
 * POST /login as the UI's form sends it: no key, the redirect not followed. A record is sent url-encoded,
 * FormData as multipart, a string with the given content type.
 */
async function login(p: Proxy, form: Record<string, string> | FormData | string, contentType = 'application/x-www-form-urlencoded') {
  const body = typeof form === 'string' || form instanceof FormData ? form : new URLSearchParams(form);
  const res = await fetch(`${p.base}/login`, { method: 'POST', redirect: 'manual', body, ...(typeof form === 'string' ? { headers: { 'content-type': contentType } } : {}) });
  const text = await res.text();
  let parsed: Json | string = text;
  try {
    parsed = JSON.parse(text) as Json;
  } catch {
    // empty (the 303) or plain text (uvicorn's 500)
  }
  return { status: res.status, body: parsed as Json, text, headers: res.headers };
}

/** The UI session in a /login cookie: `token=<jwt>; Path=/; SameSite=lax`, the JWT's parts as sent. */
function session(setCookie: string | null) {
  const m = /^token=([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+); Path=\/; SameSite=lax$/.exec(setCookie ?? '');
  if (!m) throw new Error(`not a login cookie: ${setCookie}`);
  const [, header, payload, signature] = m as unknown as [string, string, string, string];
  const text = (part: string) => Buffer.from(part, 'base64url').toString('utf8');
  return { header: text(header), payloadText: text(payload), payload: JSON.parse(text(payload)) as Json, signedWith: (secret: string) => createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url') === signature };
}

const uiSession = (key: string) => ({ user_id: 'default_user_id', key, user_email: null, user_role: 'proxy_admin', login_method: 'username_password', premium_user: false, auth_header_name: 'Authorization', disabled_non_admin_personal_key_creation: false, server_root_path: '/' });
const nextMidnightUtc = () => {
  const n = new Date();
  return Date.UTC(n.getUTCFullYear(), n.getUTCMonth(), n.getUTCDate() + 1);
};
const badCredentials = (code = 401) => ({ error: { message: "Invalid credentials used to access UI.\nCheck 'UI_USERNAME', 'UI_PASSWORD' in .env file", type: 'auth_error', param: 'invalid_credentials', code: String(code) } });

const allTools = ['fxa-add', 'fxa-echo', 'fxb-add', 'fxb-echo'];
const proxyError = (message: string, type: string, param: string | null, code: number) => ({ error: { message, type, param, code: String(code) } });

describe('LiteLLM stand-in: minting keys', () => {
  it.concurrent('POST /key/generate: the raw sk- key once, token/token_id its SHA-256, the row in LiteLLM_VerificationToken; object_permission stored, not echoed; unknown fields ignored', async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const db = await database(r);
    const p = await proxy(r, { db });
    const body = { key_alias: 'client-a', models: ['mock-gpt'], metadata: { owner: 'ops' }, max_budget: 5, rpm_limit: 30, tpm_limit: 1000, object_permission: { mcp_access_groups: ['group_a'], mcp_servers: ['some-id'] }, colour: 'blue' };
    const res = await generate(p, body);
    expect(res.key).toMatch(/^sk-[A-Za-z0-9_-]{22}$/);
    expect(res).toMatchObject({ token: sha256(res.key), token_id: sha256(res.key), key_name: `sk-...${res.key.slice(-4)}`, key_alias: 'client-a', models: ['mock-gpt'], metadata: { owner: 'ops' }, max_budget: 5, rpm_limit: 30, tpm_limit: 1000, duration: null, object_permission: null, allowed_routes: [], created_by: 'default_user_id', expires: null });
    expect(res).not.toHaveProperty('colour');
    const [row] = await query(db, 'SELECT * FROM "LiteLLM_VerificationToken"');
    expect(row).toMatchObject({ token: sha256(res.key), key_name: `sk-...${res.key.slice(-4)}`, key_alias: 'client-a', models: ['mock-gpt'], metadata: { owner: 'ops' }, max_budget: 5, rpm_limit: '30', tpm_limit: '1000', user_id: null, allowed_routes: [] });
    expect(JSON.stringify(row)).not.toContain(res.key);
    const [permission] = await query(db, 'SELECT * FROM "LiteLLM_ObjectPermissionTable" WHERE object_permission_id = $1', [row!.object_permission_id]);
    expect(permission).toMatchObject({ mcp_access_groups: ['group_a'], mcp_servers: ['some-id'], vector_stores: [] });
    const types = Object.fromEntries((await query(db, `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'LiteLLM_VerificationToken'`)).map((c) => [c.column_name, c.data_type]));
    expect(types).toMatchObject({ token: 'text', models: 'ARRAY', metadata: 'jsonb', expires: 'timestamp without time zone', rpm_limit: 'bigint', max_budget: 'double precision', allowed_routes: 'ARRAY', object_permission_id: 'text', blocked: 'boolean' });
    // The key works at once, with the master key's authority nowhere near it.
    expect((await call(p, 'GET', '/v1/models', { key: res.key })).status).toBe(200);
  });

  it.concurrent('key_type sets allowed_routes: llm_api → llm_api_routes, management → management_routes, read_only → info_routes; default keeps the list sent', async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const p = await proxy(r, { db: await database(r) });
    const routes = async (body: Json) => (await generate(p, body)).allowed_routes;
    expect(await routes({ key_type: 'llm_api', allowed_routes: ['/v1/models'] })).toEqual(['llm_api_routes']);
    expect(await routes({ key_type: 'management' })).toEqual(['management_routes']);
    expect(await routes({ key_type: 'read_only' })).toEqual(['info_routes']);
    expect(await routes({ key_type: 'default', allowed_routes: ['/v1/models'] })).toEqual(['/v1/models']);
    expect(await routes({})).toEqual([]);
    expect((await call(p, 'POST', '/key/generate', { body: { key_type: 'admin' } })).status).toBe(422);
  });

  it.concurrent('duration is calendar-aligned: 1d the next midnight UTC, 7d next Monday, 30d the 1st of next month, 1w (unknown unit) the next midnight', async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const p = await proxy(r, { db: await database(r) });
    const now = new Date();
    const [y, m, d, day] = [now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), now.getUTCDay()];
    const expected: Record<string, number> = { '1d': Date.UTC(y, m, d + 1), '7d': Date.UTC(y, m, d + ((1 - day + 7) % 7 || 7)), '30d': Date.UTC(y, m + 1, 1), '1w': Date.UTC(y, m, d + 1) };
    for (const [duration, at] of Object.entries(expected)) {
      const res = await generate(p, { duration });
      expect(res.expires, duration).toMatch(/^\d{4}-\d\d-\d\dT00:00:00Z$/);
      expect(Date.parse(res.expires), duration).toBe(at);
    }
  });

  it.concurrent('a key minted survives a restart of the container: it lives in PostgreSQL', async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const p = await proxy(r, { db: await database(r) });
    const { key } = await generate(p, { key_alias: 'kept' });
    await execa('docker', ['restart', p.name]);
    const again = { name: p.name, base: await baseOf(p.name) };
    await waitLive(again);
    expect((await call(again, 'GET', '/v1/models', { key })).status).toBe(200);
    expect((await call(again, 'GET', `/key/info?key=${key}`)).body.info).toMatchObject({ key_alias: 'kept' });
  });

  it.concurrent('two concurrent creates with one alias both succeed (the alias check is a plain read, no constraint); a later one gets 400', async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const db = await database(r);
    const p = await proxy(r, { db });
    // Hold inserts (not reads) on the token table until both creates have passed their alias check.
    await admin(db.name, async (c) => {
      await c.query('BEGIN');
      await c.query('LOCK TABLE "LiteLLM_VerificationToken" IN SHARE MODE');
      const both = Promise.all([call(p, 'POST', '/key/generate', { body: { key_alias: 'twin' } }), call(p, 'POST', '/key/generate', { body: { key_alias: 'twin' } })]);
      for (let waiting = 0; waiting < 2; await sleep(100)) {
        const rows = await query(db, `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO "LiteLLM_VerificationToken"%'`, [db.name]);
        waiting = rows[0]!.n as number;
      }
      await c.query('COMMIT');
      const [a, b] = await both;
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(a.body.key).not.toBe(b.body.key);
    });
    expect((await query(db, `SELECT count(*)::int AS n FROM "LiteLLM_VerificationToken" WHERE key_alias = 'twin'`))[0]!.n).toBe(2);
    const third = await call(p, 'POST', '/key/generate', { body: { key_alias: 'twin' } });
    expect(third).toMatchObject({ status: 400, body: proxyError("Key with alias 'twin' already exists. Unique key aliases across all keys are required.", 'bad_request_error', 'key_alias', 400) });
  });

  it.concurrent('without a database: the master key gets 500 "Connect Proxy to database to generate keys", any other sk- key 400 "No connected db."', async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const p = await proxy(r, {});
    expect(await call(p, 'POST', '/key/generate', { body: { key_alias: 'x' } })).toMatchObject({ status: 500, body: proxyError('Internal Server Error, Connect Proxy to database to generate keys - https://docs.litellm.ai/docs/proxy/virtual_keys ', 'internal_server_error', 'None', 500) });
    expect(await call(p, 'POST', '/key/generate', { key: 'sk-someone-else', body: {} })).toMatchObject({ status: 400, body: proxyError('No connected db.', 'no_db_connection', null, 400) });
  });
});

describe('LiteLLM stand-in: reading, listing, changing and deleting keys', () => {
  it.concurrent('GET /key/info → {key, info}: object_permission_id but no object_permission, no token; 404 "Key not found in database"', async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const p = await proxy(r, { db: await database(r) });
    const { key, token } = await generate(p, { key_alias: 'info-me', object_permission: { mcp_access_groups: ['group_a'] } });
    const info = await call(p, 'GET', `/key/info?key=${key}`);
    expect(info.status).toBe(200);
    expect(info.body.key).toBe(key);
    expect(info.body.info).toMatchObject({ key_alias: 'info-me', key_name: `sk-...${key.slice(-4)}`, object_permission: null, litellm_budget_table: null });
    expect(info.body.info.object_permission_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(info.body.info).not.toHaveProperty('token');
    expect(info.body.info.created_at).toMatch(/\+00:00$/);
    expect(await call(p, 'GET', '/key/info?key=sk-not-a-key')).toMatchObject({ status: 404, body: proxyError('Key not found in database', 'not_found_error', 'key', 404) });
    // A key without ?key= reads itself, echoed as its hash.
    expect((await call(p, 'GET', '/key/info', { key })).body).toMatchObject({ key: token, info: { key_alias: 'info-me' } });
  });

  it.concurrent('POST /key/delete by keys or key_aliases → {"deleted_keys": [...]}; a used key is refused at once; nothing found is 404', async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const db = await database(r);
    const p = await proxy(r, { db });
    const one = await generate(p, { key_alias: 'one' });
    await generate(p, { key_alias: 'two' });
    expect((await call(p, 'GET', '/v1/models', { key: one.key })).status).toBe(200);
    expect(await call(p, 'POST', '/key/delete', { body: { keys: [one.key] } })).toMatchObject({ status: 200, body: { deleted_keys: [one.key] } });
    expect(await call(p, 'GET', '/v1/models', { key: one.key })).toMatchObject({ status: 401, body: { error: { type: 'token_not_found_in_db' } } });
    expect(await call(p, 'POST', '/key/delete', { body: { key_aliases: ['two'] } })).toMatchObject({ status: 200, body: { deleted_keys: ['two'] } });
    expect(await query(db, 'SELECT token FROM "LiteLLM_VerificationToken"')).toEqual([]);
    expect(await call(p, 'POST', '/key/delete', { body: { key_aliases: ['two'] } })).toMatchObject({ status: 404, body: proxyError("{'error': 'No keys found'}", 'internal_server_error', 'None', 404) });
  });

  it.concurrent('GET /key/list: hashes newest first, key_alias filters, page/size, return_full_object=true carries object_permission', async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const p = await proxy(r, { db: await database(r) });
    const made = [];
    for (const alias of ['l1', 'l2', 'l3']) made.push(await generate(p, { key_alias: alias, ...(alias === 'l2' ? { object_permission: { mcp_servers: ['srv'] } } : {}) }));
    expect((await call(p, 'GET', '/key/list')).body).toEqual({ keys: made.map((k) => k.token).reverse(), total_count: 3, current_page: 1, total_pages: 1 });
    expect((await call(p, 'GET', '/key/list?page=2&size=2')).body).toEqual({ keys: [made[0]!.token], total_count: 3, current_page: 2, total_pages: 2 });
    const full = (await call(p, 'GET', '/key/list?key_alias=l2&return_full_object=true')).body;
    expect(full.total_count).toBe(1);
    expect(full.keys[0]).toMatchObject({ token: made[1]!.token, key_alias: 'l2', object_permission: { mcp_servers: ['srv'], mcp_access_groups: [], vector_stores: [] } });
    expect((await call(p, 'GET', '/key/list?size=101')).status).toBe(422);
  });

  it.concurrent('POST /key/update: new models apply at once; an alias another key holds is refused, the key\'s own is not', async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const p = await proxy(r, { db: await database(r) });
    const a = await generate(p, { key_alias: 'upd-a', models: ['mock-gpt'] });
    await generate(p, { key_alias: 'upd-b' });
    expect((await call(p, 'GET', '/v1/models', { key: a.key })).body.data.map((m: Json) => m.id)).toEqual(['mock-gpt']);
    const updated = await call(p, 'POST', '/key/update', { body: { key: a.key, key_alias: 'upd-a', models: ['other-gpt'] } });
    expect(updated).toMatchObject({ status: 200, body: { key: a.key, token: a.token, key_alias: 'upd-a', models: ['other-gpt'] } });
    expect((await call(p, 'GET', '/v1/models', { key: a.key })).body.data.map((m: Json) => m.id)).toEqual(['other-gpt']);
    expect((await call(p, 'POST', '/key/update', { body: { key: a.key, key_alias: 'upd-b' } })).body.error.message).toBe("Key with alias 'upd-b' already exists. Unique key aliases across all keys are required.");
  });
});

describe('LiteLLM stand-in: what a virtual key may do', () => {
  it.concurrent("unknown, blocked and expired keys are refused with 1.77.3's messages (an expired key echoes its hash, then, once cached, itself)", async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const p = await proxy(r, { db: await database(r) });
    const unknown = 'sk-never-generated-1234';
    expect(await call(p, 'GET', '/v1/models', { key: unknown })).toMatchObject({
      status: 401,
      body: proxyError(`Authentication Error, Invalid proxy server token passed. Received API Key = sk-...1234, Key Hash (Token) =${sha256(unknown)}. Unable to find token in cache or \`LiteLLM_VerificationTokenTable\``, 'token_not_found_in_db', 'key', 401),
    });
    const blocked = await generate(p, { blocked: true });
    expect(await call(p, 'GET', '/v1/models', { key: blocked.key })).toMatchObject({ status: 401, body: proxyError("Authentication Error, Key is blocked. Update via `/key/unblock` if you're admin.", 'auth_error', 'None', 401) });
    const expired = await generate(p, { duration: '0d' });
    await sleep(20);
    const first = await call(p, 'GET', '/v1/models', { key: expired.key });
    expect(first.status).toBe(400);
    expect(first.body.error).toMatchObject({ type: 'expired_key', param: expired.token, code: '400' });
    expect(first.body.error.message).toMatch(/^Authentication Error - Expired Key\. Key Expiry time \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?\+00:00 and current time \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
    expect((await call(p, 'GET', '/v1/models', { key: expired.key })).body.error.param).toBe(expired.key);
  });

  it.concurrent('a key with no user calling /key/generate gets 401 "Only proxy admin can ...", before its allowed_routes are looked at', async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const db = await database(r);
    const p = await proxy(r, { db });
    const refusal = proxyError('Authentication Error, Only proxy admin can be used to generate, delete, update info for new keys/users/teams. Route=/key/generate. Your role=unknown. Your user_id=unknown', 'auth_error', 'None', 401);
    // management_routes holds /key/generate: the admin check refuses first all the same.
    for (const body of [{}, { key_type: 'management' }, { key_type: 'llm_api' }]) {
      const { key } = await generate(p, body);
      expect(await call(p, 'POST', '/key/generate', { key, body: { key_alias: 'by-a-key' } }), JSON.stringify(body)).toMatchObject({ status: 401, body: refusal });
    }
    expect((await query(db, `SELECT count(*)::int AS n FROM "LiteLLM_VerificationToken" WHERE key_alias = 'by-a-key'`))[0]!.n).toBe(0);
  });

  it.concurrent('an llm_api key: accepted on /v1/chat/completions and /mcp/, refused on /key/generate (401) and /mcp-rest/tools/list (500)', async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const p = await mcpStack(r);
    const { key } = await generate(p, { key_type: 'llm_api' });
    expect((await chat(p, key)).body.choices[0].message.content).toBe('Hello from mock-gpt.');
    expect(await mcpTools(p, key)).toEqual(allTools);
    expect((await call(p, 'POST', '/key/generate', { key, body: {} })).status).toBe(401);
    const rest = await call(p, 'GET', '/mcp-rest/tools/list', { key });
    expect(rest).toMatchObject({ status: 500, text: 'Internal Server Error' });
    expect(rest.headers.get('content-type')).toMatch(/^text\/plain/);
    const { stderr } = await execa('docker', ['logs', p.name]);
    const logged = stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Json).find((l) => l.message === 'Exception in ASGI application\n');
    expect(logged?.stacktrace).toMatch(/\nException: Virtual key is not allowed to call this route\. Only allowed to call routes: \['llm_api_routes'\]\. Tried to call route: \/mcp-rest\/tools\/list$/);
  });

  it.concurrent('allowed_routes: exact routes, route-group names and prefixes ending in *; on /mcp/ a route refusal is the 500 "MCP request failed" with its reason', async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const p = await proxy(r, { db: await database(r) });
    const exact = (await generate(p, { allowed_routes: ['/v1/models'] })).key;
    expect((await call(p, 'GET', '/v1/models', { key: exact })).status).toBe(200);
    expect((await call(p, 'GET', '/models', { key: exact })).status).toBe(500);
    const info = (await generate(p, { allowed_routes: ['info_routes'] })).key;
    expect((await call(p, 'GET', '/v1/models', { key: info })).status).toBe(200);
    expect((await call(p, 'GET', '/key/info', { key: info })).status).toBe(200);
    expect((await chat(p, info)).status).toBe(500);
    const mcp = await initialize(p, info);
    expect(mcp.status).toBe(500);
    expect(await mcp.json()).toEqual({ error: 'MCP request failed', details: "Virtual key is not allowed to call this route. Only allowed to call routes: ['info_routes']. Tried to call route: /mcp/" });
    const prefix = (await generate(p, { allowed_routes: ['/v1/*'] })).key;
    expect((await chat(p, prefix)).status).toBe(200);
    expect((await call(p, 'GET', '/mcp-rest/tools/list', { key: prefix })).status).toBe(500);
    const mcpOnly = (await generate(p, { allowed_routes: ['mcp_routes'] })).key;
    expect((await initialize(p, mcpOnly)).status).toBe(200);
    expect((await call(p, 'GET', '/v1/models', { key: mcpOnly })).status).toBe(500);
  });

  it.concurrent("models: /v1/models lists the key's models; a chat completion on another model is 401 key_model_access_denied", async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const p = await proxy(r, { db: await database(r) });
    const { key } = await generate(p, { models: ['mock-gpt'] });
    expect((await call(p, 'GET', '/v1/models')).body.data.map((m: Json) => m.id)).toEqual(['mock-gpt', 'other-gpt']);
    expect((await call(p, 'GET', '/v1/models', { key })).body.data.map((m: Json) => m.id)).toEqual(['mock-gpt']);
    expect((await chat(p, key)).status).toBe(200);
    expect(await chat(p, key, 'other-gpt')).toMatchObject({ status: 401, body: proxyError("key not allowed to access model. This key can only access models=['mock-gpt']. Tried to access other-gpt", 'key_model_access_denied', 'model', 401) });
    const all = (await generate(p, {})).key;
    expect((await chat(p, all, 'other-gpt')).status).toBe(200);
  });

  it.concurrent('rpm_limit: past the limit within the minute a chat completion is 429 "Rate limit exceeded"', async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const p = await proxy(r, { db: await database(r) });
    const { key, token } = await generate(p, { rpm_limit: 2 });
    expect([(await chat(p, key)).status, (await chat(p, key)).status]).toEqual([200, 200]);
    const third = await chat(p, key);
    expect(third.status).toBe(429);
    expect(third.body.error).toMatchObject({ type: 'None', param: 'None', code: '429' });
    expect(third.body.error.message).toMatch(new RegExp(`^Rate limit exceeded for api_key: ${token}\\. Limit type: requests\\. Current limit: 2, Remaining: 0\\. Limit resets at: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC$`));
    expect(third.headers.get('retry-after')).toBe('60');
    expect((await chat(p, masterKey)).status).toBe(200);
  });

  it.concurrent('rpm_limit across two proxies on one database: each counts alone, unless litellm_settings.cache gives them one Redis; Redis gone: each alone again, the error logged', async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const db = await database(r);
    const network = `standin-keys-net-${hex()}`;
    await execa('docker', ['network', 'create', network]);
    r.networks.push(network);
    // The real Redis (Debian's redis-server), its password fed on stdin as the deployment does.
    const redis = `standin-keys-redis-${hex()}`;
    const password = `redis${hex()}${hex()}${hex()}`;
    r.containers.push(redis);
    await execa('docker', ['run', '-d', '--name', redis, '--network', network, '--user', 'redis', '-e', `REDIS_PASSWORD=${password}`, '--entrypoint', '/bin/sh', inject('images').redis, '-c', 'printf "requirepass %s\\n" "$REDIS_PASSWORD" | exec redis-server - --save ""']);
    const cli = (...args: string[]) => execa('docker', ['exec', '-e', `REDISCLI_AUTH=${password}`, redis, 'redis-cli', '--no-auth-warning', ...args], { reject: false });
    for (let i = 0; i < 50 && (await cli('ping')).stdout !== 'PONG'; i++) await sleep(100);
    const shared = ['  cache: true', '  cache_params:', '    type: redis', `    host: ${redis}`, '    port: 6379', '    password: os.environ/REDIS_PASSWORD', '    supported_call_types: []'];
    const pair = (settings: readonly string[]) => Promise.all([1, 2].map(() => proxy(r, { db, network, settings, env: { REDIS_PASSWORD: password } })));
    const spread = async ([a, b]: Proxy[], key: string) => [(await chat(a!, key)).status, (await chat(b!, key)).status, (await chat(a!, key)).status, (await chat(b!, key)).status];

    const alone = await pair([]);
    expect((await call(alone[0]!, 'GET', '/health/readiness', { key: '' })).body.cache).toBeNull();
    const k1 = await generate(alone[0]!, { rpm_limit: 2 });
    expect(await spread(alone, k1.key)).toEqual([200, 200, 200, 200]);

    const together = await pair(shared);
    expect((await call(together[0]!, 'GET', '/health/readiness', { key: '' })).body.cache).toBe('redis');
    const k2 = await generate(together[0]!, { rpm_limit: 2 });
    expect(await spread(together, k2.key)).toEqual([200, 200, 429, 429]);
    // The count and its window are in Redis, both expiring with the minute.
    expect((await cli('GET', `{api_key:${k2.token}}:requests`)).stdout).toBe('4');
    expect(Number((await cli('TTL', `{api_key:${k2.token}}:window`)).stdout)).toBeGreaterThan(50);

    await execa('docker', ['stop', '-t', '1', redis]);
    const k3 = await generate(together[0]!, { rpm_limit: 2 });
    expect(await spread(together, k3.key)).toEqual([200, 200, 200, 200]);
    const logged = (await execa('docker', ['logs', together[0]!.name])).stderr;
    expect(logged).toMatch(/"message": "parallel_request_limiter_v3: Redis failed, counting in this process only: .*", "level": "ERROR"/);
  });
});

describe('LiteLLM stand-in: virtual keys and MCP servers', () => {
  it.concurrent('object_permission.mcp_access_groups filter tools/list on /mcp/: a key lists the servers whose access_groups hold its groups', async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const p = await mcpStack(r);
    const groups = async (g: string[]) => (await generate(p, { object_permission: { mcp_access_groups: g } })).key;
    expect(await mcpTools(p, await groups(['group_a']))).toEqual(['fxa-add', 'fxa-echo']);
    expect(await mcpTools(p, await groups(['group_b']))).toEqual(['fxb-add', 'fxb-echo']);
    expect(await mcpTools(p, await groups(['group_a', 'group_b']))).toEqual(allTools);
    // Exact match only: a group name differing in case is no group at all (and so fails open).
    expect(await mcpTools(p, await groups(['GROUP_A']))).toEqual(allTools);
  });

  it.concurrent('object_permission.mcp_servers holds ids from GET /v1/mcp/server; an id no server has lists nothing', async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const p = await mcpStack(r);
    const servers = (await call(p, 'GET', '/v1/mcp/server')).body as unknown as Json[];
    const idB = servers.find((s) => s.server_name === 'fxb')!.server_id as string;
    const byId = (await generate(p, { object_permission: { mcp_servers: [idB] } })).key;
    expect(await mcpTools(p, byId)).toEqual(['fxb-add', 'fxb-echo']);
    expect(((await call(p, 'GET', '/v1/mcp/server', { key: byId })).body as unknown as Json[]).map((s) => s.server_name)).toEqual(['fxb']);
    const byName = (await generate(p, { object_permission: { mcp_servers: ['fxb'] } })).key;
    expect(await mcpTools(p, byName)).toEqual([]);
  });

  it.concurrent('fail-open: no object_permission, an empty one, or groups matching no server list every server; so does the master key', async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const p = await mcpStack(r);
    for (const body of [{}, { object_permission: {} }, { object_permission: { mcp_access_groups: ['no_such_group'] } }]) {
      expect(await mcpTools(p, (await generate(p, body)).key), JSON.stringify(body)).toEqual(allTools);
    }
    expect(await mcpTools(p, masterKey)).toEqual(allTools);
  });

  it.concurrent("calls are not checked: a group_a key calls server B's tools on /mcp/ and /mcp-rest/tools/call; /mcp-rest/tools/list shows it every server", async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const p = await mcpStack(r);
    const { key } = await generate(p, { object_permission: { mcp_access_groups: ['group_a'] } });
    expect(await mcpTools(p, key)).toEqual(['fxa-add', 'fxa-echo']);
    const client = new Client({ name: 'standin-keys-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${p.base}/mcp/`), { requestInit: { headers: { 'x-litellm-api-key': `Bearer ${key}` } } }));
    try {
      expect((await client.callTool({ name: 'fxb-echo', arguments: { text: 'not yours' } })).content).toEqual([{ type: 'text', text: 'not yours' }]);
    } finally {
      await client.close();
    }
    expect((await call(p, 'POST', '/mcp-rest/tools/call', { key, body: { name: 'fxb-add', arguments: { a: 2, b: 3 } } })).body).toEqual([{ type: 'text', text: '5' }]);
    expect(((await call(p, 'GET', '/mcp-rest/tools/list', { key })).body.tools as Json[]).map((t) => t.name).sort()).toEqual(allTools);
  });

  it.concurrent('x-mcp-servers and /mcp/a,b only narrow: the master key picks servers; a key asking for a server outside its list keeps its list', async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const p = await mcpStack(r);
    expect(await mcpTools(p, masterKey, { headers: { 'x-mcp-servers': 'fxa' } })).toEqual(['fxa-add', 'fxa-echo']);
    expect(await mcpTools(p, masterKey, { path: '/mcp/fxb' })).toEqual(['fxb-add', 'fxb-echo']);
    expect(await mcpTools(p, masterKey, { path: '/mcp/fxa,fxb' })).toEqual(allTools);
    expect(await mcpTools(p, masterKey, { headers: { 'x-mcp-servers': 'group_b' } })).toEqual(['fxb-add', 'fxb-echo']);
    const { key } = await generate(p, { object_permission: { mcp_access_groups: ['group_a'] } });
    expect(await mcpTools(p, key, { headers: { 'x-mcp-servers': 'fxb' } })).toEqual(['fxa-add', 'fxa-echo']);
    expect(await mcpTools(p, key, { path: '/mcp/fxa,fxb' })).toEqual(['fxa-add', 'fxa-echo']);
    expect(await mcpTools(p, key, { headers: { 'x-mcp-servers': 'nothing' } })).toEqual(['fxa-add', 'fxa-echo']);
  });
});

describe('LiteLLM stand-in: POST /login (the admin UI)', () => {
  it.concurrent('admin with the master key: 303 to /ui/?login=success and a token cookie, an HS256 JWT (the master key) holding a new session key: a real row (team litellm-dashboard, max_budget 10, expiring at the next midnight UTC) that works with Bearer', async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const db = await database(r);
    const p = await proxy(r, { db });
    const before = nextMidnightUtc();
    const res = await login(p, { username: 'admin', password: masterKey });
    const after = nextMidnightUtc();
    expect(res.status).toBe(303);
    expect(res.text).toBe('');
    expect(res.headers.get('content-length')).toBe('0');
    expect(res.headers.get('content-type')).toBeNull();
    expect(res.headers.get('location')).toBe(`${p.base}/ui/?login=success`);
    const jwt = session(res.headers.get('set-cookie'));
    expect(jwt.header).toBe('{"alg":"HS256","typ":"JWT"}');
    expect(jwt.signedWith(masterKey)).toBe(true);
    const key = jwt.payload.key as string;
    expect(key).toMatch(/^sk-[A-Za-z0-9_-]{22}$/);
    // PyJWT's compact JSON, in ReturnedUITokenObject's order.
    expect(jwt.payloadText).toBe(JSON.stringify(uiSession(key)));
    const rows = await query(db, 'SELECT *, (extract(epoch from expires) * 1000)::float8 AS expires_ms FROM "LiteLLM_VerificationToken"');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ token: sha256(key), key_name: `sk-...${key.slice(-4)}`, key_alias: null, user_id: 'default_user_id', team_id: 'litellm-dashboard', max_budget: 10, spend: 0, models: [], allowed_routes: [], metadata: {}, created_by: null, blocked: null, budget_duration: null });
    // duration "24hr": an unknown unit ("hr") to get_next_standardized_reset_time, so the next midnight UTC.
    expect([before, after]).toContain(rows[0]!.expires_ms);
    expect((await call(p, 'GET', '/v1/models', { key })).body.data.map((m: Json) => m.id)).toEqual(['mock-gpt', 'other-gpt']);
    expect((await call(p, 'GET', '/key/info', { key })).body).toMatchObject({ key: sha256(key), info: { team_id: 'litellm-dashboard', max_budget: 10 } });
    // /key/list leaves UI session keys out; the rest of the proxy is as it was.
    expect((await call(p, 'GET', '/key/list')).body).toEqual({ keys: [], total_count: 0, current_page: 1, total_pages: 0 });
    const ready = await fetch(`${p.base}/health/readiness`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'connected', db: 'connected' });
    expect((await fetch(`${p.base}/login`)).status).toBe(405);
  });

  it.concurrent("wrong credentials are a 401 \"Invalid credentials used to access UI\": a wrong password, another user, 'Admin', a JSON body (no form: username \"None\"), no fields", async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const db = await database(r);
    const p = await proxy(r, { db });
    const tries: Array<[string, Awaited<ReturnType<typeof login>>]> = [
      ['wrong password', await login(p, { username: 'admin', password: `${masterKey}x` })],
      ['another user', await login(p, { username: 'root', password: masterKey })],
      ['case counts', await login(p, { username: 'Admin', password: masterKey })],
      ['JSON body', await login(p, JSON.stringify({ username: 'admin', password: masterKey }), 'application/json')],
      ['no fields', await login(p, {})],
    ];
    for (const [what, res] of tries) {
      expect(res, what).toMatchObject({ status: 401, body: badCredentials() });
      expect(res.headers.get('set-cookie'), what).toBeNull();
    }
    expect(await query(db, 'SELECT token FROM "LiteLLM_VerificationToken"')).toEqual([]);
  });

  it.concurrent('without a database the right credentials get 400 "Authentication Error, Not connected to DB!" (user_update runs first), wrong ones still 401', async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const p = await proxy(r, {});
    const res = await login(p, { username: 'admin', password: masterKey });
    expect(res).toMatchObject({ status: 400, body: proxyError('Authentication Error, Not connected to DB!', 'auth_error', 'None', 400) });
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await login(p, { username: 'admin', password: 'nope' })).toMatchObject({ status: 401, body: badCredentials() });
    const { stderr } = await execa('docker', ['logs', p.name]);
    const logged = stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Json).find((l) => l.message === 'litellm.proxy.proxy_server.user_update(): Exception occured - Not connected to DB!');
    expect(logged?.level).toBe('ERROR');
    expect(logged?.stacktrace).toMatch(/\nException: Not connected to DB!$/);
  });

  it.concurrent('UI_USERNAME and UI_PASSWORD replace admin and the master key (the JWT is still signed with the master key); DISABLE_ADMIN_UI changes nothing; url-encoded or multipart, a repeated field counts its last value', async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const db = await database(r);
    const uiPassword = 'ui Secret+7&x';
    const p = await proxy(r, { db, env: { UI_USERNAME: 'ops', UI_PASSWORD: uiPassword, DISABLE_ADMIN_UI: 'True' } });
    const ok = await login(p, { username: 'ops', password: uiPassword });
    expect(ok.status).toBe(303);
    const jwt = session(ok.headers.get('set-cookie'));
    expect(jwt.signedWith(masterKey)).toBe(true);
    expect(jwt.payload).toEqual(uiSession(jwt.payload.key as string));
    expect((await call(p, 'GET', '/v1/models', { key: jwt.payload.key as string })).status).toBe(200);
    expect(await login(p, { username: 'ops', password: masterKey })).toMatchObject({ status: 401, body: badCredentials() });
    expect(await login(p, { username: 'admin', password: uiPassword })).toMatchObject({ status: 401, body: badCredentials() });
    const multipart = new FormData();
    multipart.append('username', 'ops');
    multipart.append('password', uiPassword);
    expect((await login(p, multipart)).status).toBe(303);
    expect((await login(p, `username=ops&password=wrong&password=${encodeURIComponent(uiPassword)}`)).status).toBe(303);
    expect((await login(p, `username=ops&password=${encodeURIComponent(uiPassword)}&password=wrong`)).status).toBe(401);
    expect((await query(db, 'SELECT count(*)::int AS n FROM "LiteLLM_VerificationToken" WHERE team_id = \'litellm-dashboard\'', []))[0]!.n).toBe(3);
  });

  it.concurrent('no master key: 500 "Master Key not set for Proxy", whatever is sent', async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const p = await proxy(r, { db: await database(r), noMasterKey: true });
    const message = 'Master Key not set for Proxy. Please set Master Key to use Admin UI. Set `LITELLM_MASTER_KEY` in .env or set general_settings:master_key in config.yaml.  https://docs.litellm.ai/docs/proxy/virtual_keys. If set, use `--detailed_debug` to debug issue.';
    expect(await login(p, { username: 'admin', password: 'anything' })).toMatchObject({ status: 500, body: proxyError(message, 'auth_error', 'master_key', 500) });
    expect(await login(p, '{}', 'application/json')).toMatchObject({ status: 500, body: proxyError(message, 'auth_error', 'master_key', 500) });
  });

  it.concurrent("a non-ASCII username (or the admin's password) is uvicorn's plain 500: secrets.compare_digest raises TypeError", async ({ expect, onTestFinished }) => {
    const r = resources(onTestFinished);
    const p = await proxy(r, {});
    for (const form of [{ username: 'ädmin', password: masterKey }, { username: 'admin', password: 'pässword' }]) {
      const res = await login(p, form);
      expect(res, form.username).toMatchObject({ status: 500, text: 'Internal Server Error' });
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    }
    // Not the admin: the password is never compared.
    expect(await login(p, { username: 'root', password: 'pässword' })).toMatchObject({ status: 401, body: badCredentials() });
    const { stderr } = await execa('docker', ['logs', p.name]);
    const logged = stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Json).filter((l) => l.message === 'Exception in ASGI application\n');
    expect(logged).toHaveLength(2);
    expect(logged[0]!.stacktrace).toMatch(/\nTypeError: comparing strings with non-ASCII characters is not supported$/);
  });
});
