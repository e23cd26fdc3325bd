/**
 * The command line of crystaldba/postgres-mcp v0.3.0, over a real MCP server (server-postgres behind
 * supergateway). Same flags, same defaults: stdio unless --transport=sse; SSE on --sse-port (8000) at
 * /sse; the database from DATABASE_URI or a positional argument. Like the real image's entrypoint, SSE
 * binds 0.0.0.0 unless --sse-host says otherwise.
 */
import { spawn } from 'node:child_process';

const usage = `usage: postgres-mcp [-h] [--access-mode {unrestricted,restricted}] [--transport {stdio,sse}]
                    [--sse-host SSE_HOST] [--sse-port SSE_PORT]
                    [database_url]

PostgreSQL MCP Server

positional arguments:
  database_url          Database connection URL

options:
  -h, --help            show this help message and exit
  --access-mode {unrestricted,restricted}
                        Set SQL access mode: unrestricted (unrestricted) or restricted (read-only with
                        protections)
  --transport {stdio,sse}
                        Select MCP transport: stdio (default) or sse
  --sse-host SSE_HOST   Host to bind SSE server to (default: localhost)
  --sse-port SSE_PORT   Port for SSE server (default: 8000)
`;

function fail(message: string): never {
  process.stderr.write(`${usage.split('\n\n')[0]}\npostgres-mcp: error: ${message}\n`);
  process.exit(2);
}

const options: Record<string, string> = { 'access-mode': 'unrestricted', transport: 'stdio', 'sse-host': '0.0.0.0', 'sse-port': '8000' };
const choices: Record<string, string[]> = { 'access-mode': ['unrestricted', 'restricted'], transport: ['stdio', 'sse'] };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i]!;
  if (arg === '-h' || arg === '--help') {
    process.stdout.write(usage);
    process.exit(0);
  }
  const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
  if (!match) {
    process.env.DATABASE_URI = arg;
    continue;
  }
  const [, name, inline] = match as unknown as [string, string, string | undefined];
  if (!(name in options)) fail(`unrecognized arguments: ${arg}`);
  const value = inline ?? argv[++i];
  if (value === undefined) fail(`argument --${name}: expected one argument`);
  if (choices[name] && !choices[name].includes(value)) fail(`argument --${name}: invalid choice: '${value}' (choose from ${choices[name].map((c) => `'${c}'`).join(', ')})`);
  options[name] = value;
}

const pgServer = `${process.execPath} /app/pg-server.mjs`;
console.error(`Starting PostgreSQL MCP Server in ${options['access-mode']} mode, transport ${options.transport}`);
const child =
  options.transport === 'stdio'
    ? // stdio: the server talks on this process's stdin; under compose that is EOF, and it exits 0.
      spawn(process.execPath, ['/app/pg-server.mjs'], { stdio: 'inherit' })
    : spawn(
        process.execPath,
        ['--import', '/app/http-guard.mjs', '/app/supergateway.mjs', '--stdio', pgServer, '--port', options['sse-port']!, '--ssePath', '/sse', '--messagePath', '/messages/'],
        { stdio: 'inherit', env: { ...process.env, SSE_HOST: options['sse-host'] } },
      );
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 15 : 1)));
