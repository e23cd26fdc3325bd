/**
 * The postgres-mcp test image (test/images/postgres-mcp, a stand-in for crystaldba/postgres-mcp v0.3.0)
 * holds every behaviour FACTS.md marks **seen** on the real server: one test per behaviour, against the
 * built image run with `docker run`, the MCP SDK's own SSE client and the real PostgreSQL of global setup.
 * Each assertion is what a user would see: exact texts, status codes, exit codes, and what the database
 * holds afterwards (asked through our own connection).
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { execa } from 'execa';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, type TestContext } from 'vitest';
import { withMcpClient } from '../../src/infra/mcp-client.js';

const suffix = randomBytes(4).toString('hex');
const role = `pgmcp_img_${suffix}`;
const rolePassword = `Pw${randomBytes(8).toString('hex')}`;
let admin: pg.Client;

const images = () => inject('images');
/** The database as other containers reach it: the server's address on the default bridge. */
const uri = (user = role, password = rolePassword) => `postgresql://${user}:${password}@${inject('pg').bridgeHost}:5432/postgres`;

beforeAll(async () => {
  const { host, port, user, password } = inject('pg');
  admin = new pg.Client({ host, port, user, password, database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${rolePassword}'`);
  await admin.query(`GRANT CREATE, USAGE ON SCHEMA public TO ${role}`);
});

afterAll(async () => {
  await admin.query(`DROP OWNED BY ${role}`).catch(() => undefined);
  await admin.query(`DROP ROLE IF EXISTS ${role}`);
  await admin.end();
});

async function tableExists(name: string): Promise<boolean> {
  return (await admin.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [`public.${name}`])).rows[0]!.t !== null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `docker run -d --name pgmcp-img-<purpose>-<random> ARGS...` (ARGS name the image), removed when the test ends. */
async function run(ctx: TestContext, purpose: string, args: string[]): Promise<string> {
  const name = `pgmcp-img-${purpose}-${randomBytes(3).toString('hex')}`;
  ctx.onTestFinished(async () => {
    await execa('docker', ['rm', '-f', '-v', name], { reject: false });
  });
  await execa('docker', ['run', '-d', '--name', name, ...args]);
  return name;
}

/** An SSE server on a random host port: `docker run -d -p 127.0.0.1::8000 ... --transport=sse`. */
async function runSse(ctx: TestContext, purpose: string, options: { env?: string[]; flags?: string[]; image?: string } = {}): Promise<{ name: string; port: number }> {
  const image = options.image ?? images().mcp;
  const env = (options.env ?? [`DATABASE_URI=${uri()}`]).flatMap((e) => ['-e', e]);
  const name = await run(ctx, purpose, ['-p', '127.0.0.1::8000', ...env, image, '--transport=sse', ...(options.flags ?? [])]);
  const port = Number((await execa('docker', ['port', name, '8000/tcp'])).stdout.trim().split(':').pop());
  return { name, port };
}

interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: string;
}

/** One HTTP request; for an event stream, the answer holds the first chunk and the stream is dropped. */
function request(port: number, method: string, path: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: options.headers, agent: false }, (res) => {
      let body = '';
      const done = () => resolve({ status: res.statusCode!, headers: res.headers, rawHeaders: res.rawHeaders, body });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (String(res.headers['content-type']).startsWith('text/event-stream') && body.includes('\r\n\r\n')) {
          done();
          res.destroy();
        }
      });
      res.on('end', done);
      res.on('error', () => undefined);
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${path}: no answer within 10 s`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * Waits until the server answers HTTP (a TCP connect to the published port proves nothing: docker-proxy
 * accepts it whether or not the container listens). Returns the seconds it took.
 */
async function waitServing(port: number, timeoutMs = 20_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const answer = await request(port, 'HEAD', '/sse').catch(() => undefined);
    if (answer?.status === 200) return (performance.now() - started) / 1000;
    await sleep(250);
  }
  throw new Error(`port ${port} did not serve HTTP within ${timeoutMs / 1000} s`);
}

/** The MCP SDK's SSE client under the tool's own deadline (its start() has none: FACTS.md). */
function withClient<T>(port: number, use: (client: Client) => Promise<T>, timeoutMs = 60_000): Promise<T> {
  return withMcpClient(`http://127.0.0.1:${port}/sse`, 'sse', {}, timeoutMs, use);
}

interface ToolText {
  isError: boolean;
  items: number;
  text: string;
}

async function callTool(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolText> {
  const result = await client.callTool({ name, arguments: args });
  const content = result.content as Array<{ type: string; text?: string }>;
  return { isError: result.isError === true, items: content.length, text: content.map((c) => c.text ?? '').join('\n') };
}

async function logs(name: string): Promise<{ stdout: string; stderr: string }> {
  const r = await execa('docker', ['logs', name]);
  return { stdout: r.stdout, stderr: r.stderr };
}

/** The messages of rich log records, whatever their wrapping: call sites removed, whitespace collapsed. */
const richText = (stderr: string) => stderr.replace(/\S+\.py:\d+/g, ' ').replace(/\s+/g, ' ');

// What Python 3.12's argparse prints for postgres-mcp v0.3.0's parser at 80 columns (the width without a
// terminal); FACTS.md quotes the same usage on one line.
const expectedHelp = `usage: postgres-mcp [-h] [--access-mode {unrestricted,restricted}]
                    [--transport {stdio,sse}] [--sse-host SSE_HOST]
                    [--sse-port SSE_PORT]
                    [database_url]

PostgreSQL MCP Server

positional arguments:
  database_url          Database connection URL

options:
  -h, --help            show this help message and exit
  --access-mode {unrestricted,restricted}
                        Set SQL access mode: unrestricted (unrestricted) or
                        restricted (read-only with protections)
  --transport {stdio,sse}
                        Select MCP transport: stdio (default) or sse
  --sse-host SSE_HOST   Host to bind SSE server to (default: localhost)
  --sse-port SSE_PORT   Port for SSE server (default: 8000)`;

describe('the postgres-mcp test image behaves as postgres-mcp v0.3.0 was seen to', () => {
  it.concurrent('1. --help prints argparse help listing --transport {stdio,sse}, between the entrypoint lines; exit 0', async () => {
    const r = await execa('docker', ['run', '--rm', '--name', `pgmcp-img-help-${suffix}`, images().mcp, '--help'], { reject: false });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(expectedHelp);
    expect(r.stderr).toBe('----------------\nExecuting command:\npostgres-mcp --help\n----------------');
  });

  it.concurrent('1. --transport=streamable-http is an argparse error: invalid choice, exit 2, then "Command was:"', async () => {
    const r = await execa('docker', ['run', '--rm', '--name', `pgmcp-img-badtransport-${suffix}`, images().mcp, '--transport=streamable-http'], { reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').slice(-3)).toEqual([
      "postgres-mcp: error: argument --transport: invalid choice: 'streamable-http' (choose from 'stdio', 'sse')",
      'ERROR: Command failed with exit code 2',
      'Command was: postgres-mcp --transport=streamable-http',
    ]);
  });

  it.concurrent('1. defaults: unrestricted mode, SSE on localhost:8000 when nothing adds --sse-host', async (ctx) => {
    // Without the entrypoint nothing adds --sse-host=0.0.0.0: the program's own default binds localhost.
    const name = await run(ctx, 'defaults', ['-e', `DATABASE_URI=${uri()}`, '--entrypoint', 'postgres-mcp', images().mcp, '--transport=sse']);
    let stderr = '';
    for (let i = 0; i < 40 && !stderr.includes('Uvicorn running'); i++) {
      await sleep(250);
      stderr = (await logs(name)).stderr;
    }
    expect(stderr).toContain('INFO:     Uvicorn running on http://localhost:8000 (Press CTRL+C to quit)');
    expect(richText(stderr)).toContain('Starting PostgreSQL MCP Server in UNRESTRICTED mode');
    const probe = await execa('docker', ['exec', name, 'python', '-c', "import socket;socket.create_connection(('127.0.0.1',8000),2)"], { reject: false });
    expect(probe.exitCode).toBe(0);
  });

  it.concurrent('2. DATABASE_URI wins over the positional URL', async (ctx) => {
    const wrong = uri('postgres', 'not-the-password');
    const { port } = await runSse(ctx, 'uri', { flags: [wrong] });
    await waitServing(port);
    const answer = await withClient(port, (c) => callTool(c, 'execute_sql', { sql: 'SELECT current_user' }));
    expect(answer).toEqual({ isError: false, items: 1, text: `[{'current_user': '${role}'}]` });
  });

  it.concurrent('2. no URL at all: exit 1 with a Python traceback ending "ValueError: Error: No database URL provided"', async () => {
    const r = await execa('docker', ['run', '--rm', '--name', `pgmcp-img-nourl-${suffix}`, images().mcp], { reject: false });
    expect(r.exitCode).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines).toContain('Traceback (most recent call last):');
    expect(lines.slice(-3)).toEqual([
      "ValueError: Error: No database URL provided. Please specify via 'DATABASE_URI' environment variable or command-line argument.",
      'ERROR: Command failed with exit code 1',
      'Command was: postgres-mcp',
    ]);
  });

  it.concurrent('3. the entrypoint: PID 1 shell without exec, postgres-mcp on PATH, --sse-host=0.0.0.0 added for SSE', async (ctx) => {
    const inspect = JSON.parse((await execa('docker', ['image', 'inspect', '-f', '{{json .Config}}', images().mcp])).stdout) as { Entrypoint: string[]; Cmd: string[] | null };
    expect(inspect.Entrypoint).toEqual(['/app/docker-entrypoint.sh', 'postgres-mcp']);
    const { name, port } = await runSse(ctx, 'entrypoint');
    await waitServing(port);
    const pid1 = (await execa('docker', ['exec', name, 'cat', '/proc/1/cmdline'])).stdout.split('\0').filter(Boolean);
    expect(pid1).toEqual(['/bin/sh', '/app/docker-entrypoint.sh', 'postgres-mcp', '--transport=sse']);
    expect((await execa('docker', ['exec', name, 'sh', '-c', 'command -v postgres-mcp'])).stdout).toBe('/app/.venv/bin/postgres-mcp');
    const { stderr } = await logs(name);
    expect(stderr).toContain('SSE transport detected, adding --sse-host=0.0.0.0\n----------------\nExecuting command:\npostgres-mcp --transport=sse --sse-host=0.0.0.0\n----------------');
  });

  it.concurrent('3. docker stop waits the full 10 s grace period and the container ends with 137', async (ctx) => {
    const { name, port } = await runSse(ctx, 'stop');
    await waitServing(port);
    const started = performance.now();
    await execa('docker', ['stop', name]);
    const seconds = (performance.now() - started) / 1000;
    expect(seconds).toBeGreaterThanOrEqual(9.5);
    expect(seconds).toBeLessThan(15);
    expect((await execa('docker', ['inspect', '-f', '{{.State.ExitCode}}', name])).stdout).toBe('137');
  });

  it.concurrent('3. localhost in DATABASE_URI and in a URL argument is remapped to the Docker host 172.17.0.1', async (ctx) => {
    const local = 'postgresql://someone:secret@localhost:5432/postgres';
    const name = await run(ctx, 'remap', ['-e', `DATABASE_URI=${local}`, images().mcp, local, '--transport=sse']);
    let stderr = '';
    for (let i = 0; i < 40 && !stderr.includes('Executing command:'); i++) {
      await sleep(250);
      stderr = (await logs(name)).stderr;
    }
    const remapped = 'postgresql://someone:secret@172.17.0.1:5432/postgres';
    expect(stderr).toContain(`Found localhost in database connection: ${local}\nDocker on Linux detected: Using 172.17.0.1 for localhost\n  Remapping: ${local} --> ${remapped}`);
    expect(stderr).toContain(`Found localhost in DATABASE_URI: ${local}\nDocker on Linux detected: Using 172.17.0.1 for localhost\n  Remapping: ${local} --> ${remapped}`);
    expect(stderr).toContain(`Executing command:\npostgres-mcp ${remapped} --transport=sse --sse-host=0.0.0.0\n`);
  });

  it.concurrent('4. SSE surface: /sse, /messages/, 404, 405, 307 and 400s as uvicorn/Starlette answer them', async (ctx) => {
    const { port } = await runSse(ctx, 'surface');
    await waitServing(port);
    const sse = await request(port, 'GET', '/sse', { headers: { host: 'postgres-mcp:8000' } });
    expect(sse.status).toBe(200);
    expect(sse.headers).toMatchObject({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', server: 'uvicorn', 'x-accel-buffering': 'no' });
    expect(sse.body).toMatch(/^event: endpoint\r\ndata: \/messages\/\?session_id=[0-9a-f]{32}\r\n\r\n$/);
    expect((await request(port, 'HEAD', '/sse')).status).toBe(200);
    const post = await request(port, 'POST', '/sse');
    expect([post.status, post.headers.allow, post.body]).toEqual([405, 'GET, HEAD', 'Method Not Allowed']);
    for (const [method, path] of [['POST', '/mcp'], ['GET', '/mcp'], ['GET', '/'], ['GET', '/health']] as const) {
      const r = await request(port, method, path);
      expect([method, path, r.status, r.headers['content-type'], r.body]).toEqual([method, path, 404, 'text/plain; charset=utf-8', 'Not Found']);
    }
    const redirect = await request(port, 'POST', '/messages');
    expect(redirect.status).toBe(307);
    expect(redirect.headers.location).toBe(`http://127.0.0.1:${port}/messages/`);
    expect(await request(port, 'POST', '/messages/')).toMatchObject({ status: 400, body: 'session_id is required' });
    expect(await request(port, 'GET', '/messages/')).toMatchObject({ status: 400, body: 'session_id is required' });
    expect(await request(port, 'POST', `/messages/?session_id=${randomBytes(16).toString('hex')}`, { body: '{}' })).toMatchObject({ status: 404, body: 'Could not find session' });
    expect(await request(port, 'POST', '/messages/?session_id=not-a-uuid')).toMatchObject({ status: 400, body: 'Invalid session ID' });
  });

  it.concurrent('4. a message POSTed to /messages/ answers 202 Accepted; its response comes over the SSE stream', async (ctx) => {
    const { port } = await runSse(ctx, 'stream');
    await waitServing(port);
    const events: string[] = [];
    const endpoint = await new Promise<string>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/sse', agent: false }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          events.push(chunk);
          const m = /data: (\/messages\/\?session_id=[0-9a-f]{32})/.exec(chunk);
          if (m) resolve(m[1]!);
        });
      });
      req.on('error', reject);
      ctx.onTestFinished(() => void req.destroy());
    });
    const initialize = { jsonrpc: '2.0', id: 7, method: 'initialize', params: { protocolVersion: '2024-11-05', capabilities: {}, clientInfo: { name: 't', version: '1' } } };
    const accepted = await request(port, 'POST', endpoint, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(initialize) });
    expect([accepted.status, accepted.body]).toEqual([202, 'Accepted']);
    for (let i = 0; i < 40 && !events.join('').includes('event: message'); i++) await sleep(100);
    const message = /event: message\r\ndata: (.*)\r\n\r\n/.exec(events.join(''));
    expect(message).not.toBeNull();
    expect(JSON.parse(message![1]!)).toMatchObject({ jsonrpc: '2.0', id: 7, result: { protocolVersion: '2024-11-05', serverInfo: { name: 'postgres-mcp', version: '1.6.0' } } });
  });

  it.concurrent('5. serverInfo is {"name":"postgres-mcp","version":"1.6.0"}', async (ctx) => {
    const { port } = await runSse(ctx, 'info');
    await waitServing(port);
    expect(await withClient(port, async (c) => c.getServerVersion())).toEqual({ name: 'postgres-mcp', version: '1.6.0' });
  });

  it.concurrent('6. the nine tools, execute_sql {sql}; list_schemas, list_objects, get_object_details and explain_query answer from the database', async (ctx) => {
    const table = `pgmcp_img_tools_${suffix}`;
    await admin.query(`CREATE TABLE public.${table} (id int PRIMARY KEY, note text)`);
    // information_schema shows a table's constraints only to roles that own it (or may write to it).
    await admin.query(`ALTER TABLE public.${table} OWNER TO ${role}`);
    ctx.onTestFinished(async () => void (await admin.query(`DROP TABLE IF EXISTS public.${table}`)));
    const { port } = await runSse(ctx, 'tools');
    await waitServing(port);
    await withClient(port, async (c) => {
      const { tools } = await c.listTools();
      expect(tools.map((t) => t.name)).toEqual(['list_schemas', 'list_objects', 'get_object_details', 'explain_query', 'analyze_workload_indexes', 'analyze_query_indexes', 'analyze_db_health', 'get_top_queries', 'execute_sql']);
      const executeSql = tools.find((t) => t.name === 'execute_sql')!;
      expect(executeSql.description).toBe('Execute any SQL query');
      expect(executeSql.inputSchema).toEqual({ type: 'object', properties: { sql: { default: 'all', description: 'SQL to run', title: 'Sql', type: 'string' } }, title: 'execute_sqlArguments' });
      expect(tools.find((t) => t.name === 'list_objects')!.inputSchema.required).toEqual(['schema_name']);

      const schemas = await callTool(c, 'list_schemas');
      expect(schemas.text).toContain("{'schema_name': 'public', 'schema_owner': 'pg_database_owner', 'schema_type': 'User Schema'}");
      expect((await callTool(c, 'list_objects', { schema_name: 'public' })).text).toContain(`{'schema': 'public', 'name': '${table}', 'type': 'BASE TABLE'}`);
      const details = await callTool(c, 'get_object_details', { schema_name: 'public', object_name: table });
      expect(details.text).toContain(
        `'columns': [{'column': 'id', 'data_type': 'integer', 'is_nullable': 'NO', 'default': None}, {'column': 'note', 'data_type': 'text', 'is_nullable': 'YES', 'default': None}]`,
      );
      expect(details.text).toContain(`{'name': '${table}_pkey', 'type': 'PRIMARY KEY', 'columns': ['id']}`);
      const plan = await callTool(c, 'explain_query', { sql: `SELECT * FROM public.${table} WHERE id = 1` });
      expect(plan).toMatchObject({ isError: false, items: 1 });
      expect(plan.text).toMatch(new RegExp(`^→ Index Scan \\(Cost: \\d+\\.\\d\\d\\.\\.\\d+\\.\\d\\d\\) on ${table} \\[Rows: 1\\]$`));
      // The reduced analysis tools still answer as the real ones, in text.
      expect((await callTool(c, 'analyze_db_health', { health_type: 'connection' })).text).toMatch(/^Connection health: Connections healthy: \d+ total, \d+ idle\n$/);
      expect((await callTool(c, 'get_top_queries')).text).toMatch(/^The pg_stat_statements extension is required to report slow queries/);
    });
  });

  it.concurrent('6. restricted mode describes execute_sql as "Execute a read-only SQL query"', async (ctx) => {
    const { port } = await runSse(ctx, 'rdesc', { flags: ['--access-mode=restricted'] });
    await waitServing(port);
    const { tools } = await withClient(port, (c) => c.listTools());
    expect(tools.find((t) => t.name === 'execute_sql')!.description).toBe('Execute a read-only SQL query');
  });

  it.concurrent('7. results are ONE text item in Python repr; errors are isError: false "Error: ..." text', async (ctx) => {
    const { port } = await runSse(ctx, 'repr', { flags: ['--access-mode=restricted'] });
    await waitServing(port);
    await withClient(port, async (c) => {
      expect(await callTool(c, 'execute_sql', { sql: 'SELECT current_user, current_database()' })).toEqual({
        isError: false,
        items: 1,
        text: `[{'current_user': '${role}', 'current_database': 'postgres'}]`,
      });
      expect((await callTool(c, 'execute_sql', { sql: "SELECT NULL AS a, true AS b, false AS c, 'it''s' AS d, 1.50::numeric AS e, 2.5::float8 AS f" })).text).toBe(
        `[{'a': None, 'b': True, 'c': False, 'd': "it's", 'e': Decimal('1.50'), 'f': 2.5}]`,
      );
      expect((await callTool(c, 'execute_sql', { sql: 'SELECT 1 AS x WHERE false' })).text).toBe('[]');
      expect(await callTool(c, 'execute_sql', { sql: 'SELECT * FROM pgmcp_img_missing' })).toEqual({
        isError: false,
        items: 1,
        text: 'Error: relation "pgmcp_img_missing" does not exist\nLINE 1: /* crystaldba */ SELECT * FROM pgmcp_img_missing\n                                       ^',
      });
    });
  });

  it.concurrent('8. restricted mode refuses writes and multi-statement writes with "Error validating query", creates nothing', async (ctx) => {
    const table = `pgmcp_img_refused_${suffix}`;
    const { port } = await runSse(ctx, 'restricted', { flags: ['--access-mode=restricted'] });
    await waitServing(port);
    await withClient(port, async (c) => {
      const create = `CREATE TABLE ${table}(i int)`;
      expect(await callTool(c, 'execute_sql', { sql: create })).toEqual({ isError: false, items: 1, text: `Error: Error validating query: ${create}` });
      const sneaky = `SELECT 1; CREATE TABLE ${table}(i int)`;
      expect(await callTool(c, 'execute_sql', { sql: sneaky })).toEqual({ isError: false, items: 1, text: `Error: Error validating query: ${sneaky}` });
      expect((await callTool(c, 'execute_sql', { sql: "SELECT current_setting('transaction_read_only') AS ro" })).text).toBe("[{'ro': 'on'}]");
    });
    expect(await tableExists(table)).toBe(false);
  });

  it.concurrent('8. unrestricted mode runs the statement: CREATE TABLE answers "No results" and the table exists', async (ctx) => {
    const table = `pgmcp_img_created_${suffix}`;
    ctx.onTestFinished(async () => void (await admin.query(`DROP TABLE IF EXISTS public.${table}`)));
    const { port } = await runSse(ctx, 'unrestricted', { flags: ['--access-mode=unrestricted'] });
    await waitServing(port);
    const answer = await withClient(port, (c) => callTool(c, 'execute_sql', { sql: `CREATE TABLE ${table}(i int)` }));
    expect(answer).toEqual({ isError: false, items: 1, text: 'No results' });
    expect(await tableExists(table)).toBe(true);
  });

  it.concurrent('9. stdio mode (the default) under docker run -d keeps running with no port open', async (ctx) => {
    const name = await run(ctx, 'stdio', ['-e', `DATABASE_URI=${uri()}`, images().mcp]);
    let stderr = '';
    for (let i = 0; i < 40 && !richText(stderr).includes('Successfully connected'); i++) {
      await sleep(250);
      stderr = (await logs(name)).stderr;
    }
    expect(richText(stderr)).toContain('Successfully connected to database and initialized connection pool');
    await sleep(2000);
    expect((await execa('docker', ['inspect', '-f', '{{.State.Running}}', name])).stdout).toBe('true');
    const probe = await execa('docker', ['exec', name, 'python3', '-c', "import socket;socket.create_connection(('127.0.0.1',8000),2)"], { reject: false });
    expect(probe.exitCode).toBe(1);
    expect(probe.stderr.split('\n').at(-1)).toBe('ConnectionRefusedError: [Errno 111] Connection refused');
  });

  it.concurrent('10. an unreachable database: a warning, the port opens only after the pool gives up (~30 s), tool calls answer the error as text', async (ctx) => {
    // localhost is remapped to 172.17.0.1, where nothing listens on 5432 (FACTS.md's own case).
    const { name, port } = await runSse(ctx, 'unreachable', { env: [`DATABASE_URI=postgresql://${role}:${rolePassword}@localhost:5432/postgres`] });
    const seconds = await waitServing(port, 60_000);
    expect(seconds).toBeGreaterThanOrEqual(25); // a reachable database serves within ~1 s
    expect(seconds).toBeLessThan(45);
    const text = richText((await logs(name)).stderr);
    expect(text).toContain("WARNING error connecting in 'pool-1': connection failed: connection to server at \"172.17.0.1\", port 5432 failed: Connection refused");
    expect(text).toContain("WARNING Could not connect to database: Connection attempt failed: couldn't get a connection after 30.00 sec");
    expect(text).toContain('The MCP server will start but database operations will fail until a valid connection is established.');
    const started = performance.now();
    const answer = await withClient(port, (c) => callTool(c, 'execute_sql', { sql: 'SELECT 1' }));
    expect(answer).toEqual({ isError: false, items: 1, text: "Error: Connection attempt failed: couldn't get a connection after 30.00 sec" });
    expect(performance.now() - started).toBeGreaterThan(12_000);
  }, 150_000);

  it.concurrent('11. logs: rich records and uvicorn lines on stderr, one uvicorn access line per request on stdout', async (ctx) => {
    const { name, port } = await runSse(ctx, 'logs');
    await waitServing(port);
    await request(port, 'GET', '/');
    await request(port, 'POST', '/mcp');
    await withClient(port, (c) => c.listTools());
    await sleep(300);
    const { stdout, stderr } = await logs(name);
    const access = stdout.split('\n').filter(Boolean);
    for (const line of access) expect(line).toMatch(/^INFO: {5}\d+\.\d+\.\d+\.\d+:\d+ - "[A-Z]+ \S+ HTTP\/1\.1" \d{3} [A-Za-z ]+$/);
    const count = (pattern: RegExp) => access.filter((l) => pattern.test(l)).length;
    expect(count(/ - "GET \/ HTTP\/1\.1" 404 Not Found$/)).toBe(1);
    expect(count(/ - "POST \/mcp HTTP\/1\.1" 404 Not Found$/)).toBe(1);
    expect(count(/ - "GET \/sse HTTP\/1\.1" 200 OK$/)).toBe(1);
    // initialize, the initialized notification, tools/list
    expect(count(/ - "POST \/messages\/\?session_id=[0-9a-f]{32} HTTP\/1\.1" 202 Accepted$/)).toBe(3);
    expect(stderr).toMatch(/^\[\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d\] INFO {5}Starting PostgreSQL MCP Server in +server\.py:555$/m);
    expect(stderr).toContain('INFO:     Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)');
    expect(richText(stderr)).toContain('INFO Processing request of type ListToolsRequest');
  });

  it.concurrent('12. python and python3 run the healthcheck probe inside the image', async (ctx) => {
    const { name, port } = await runSse(ctx, 'python');
    await waitServing(port);
    for (const python of ['python', 'python3']) {
      const probe = await execa('docker', ['exec', name, python, '-c', "import socket;socket.create_connection(('127.0.0.1',8000),2)"], { reject: false });
      expect([python, probe.exitCode]).toEqual([python, 0]);
    }
  });

  it.concurrent('13. the strict-host variant answers 421 to a Host other than localhost/127.0.0.1; the plain image does not', async (ctx) => {
    const strict = await runSse(ctx, 'strict', { image: images().mcpStrictHost });
    await waitServing(strict.port);
    const foreign = await request(strict.port, 'GET', '/sse', { headers: { host: 'postgres-mcp:8000' } });
    expect([foreign.status, foreign.body]).toEqual([421, 'Invalid Host header']);
    expect((await request(strict.port, 'GET', '/sse', { headers: { host: `localhost:${strict.port}` } })).status).toBe(200);
    expect(await withClient(strict.port, async (c) => c.getServerVersion())).toEqual({ name: 'postgres-mcp', version: '1.6.0' });
    const plain = await runSse(ctx, 'lenient');
    await waitServing(plain.port);
    expect((await request(plain.port, 'GET', '/sse', { headers: { host: 'postgres-mcp:8000' } })).status).toBe(200);
  });
});
