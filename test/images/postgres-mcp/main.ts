/**
 * `postgres-mcp`: a TEST STAND-IN for crystaldba/postgres-mcp v0.3.0 (see README.md), started in the
 * order the real server.py main() runs:
 * 1. argparse (cli.ts); 2. "Starting PostgreSQL MCP Server in <MODE> mode"; 3. the URL from
 *    DATABASE_URI, else the positional argument, else exit 1 with a Python traceback ending
 *    `ValueError: Error: No database URL provided...` (FACTS.md);
 * 4. pool_connect: with an unreachable database this waits out the pool's 30 s timeout, logs two
 *    warnings and goes on (FACTS.md: "It starts even when the database is unreachable");
 * 5. signal handlers; 6. the transport: stdio (the default) or uvicorn-style SSE.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { helpText, parseArgs } from './cli.js';
import { serveSse } from './http-app.js';
import { log } from './log.js';
import { createMcpServer } from './mcp-server.js';
import { Database, obfuscatePassword } from './sql-driver.js';

const noUrlMessage = "Error: No database URL provided. Please specify via 'DATABASE_URI' environment variable or command-line argument.";

/** What Python prints when main() raises: the console script's frames down to server.py's raise. */
function exitWithTraceback(message: string): never {
  process.stderr.write(
    [
      'Traceback (most recent call last):',
      '  File "/app/.venv/bin/postgres-mcp", line 10, in <module>',
      '    sys.exit(main())',
      '             ^^^^^^',
      '  File "/app/src/postgres_mcp/__init__.py", line 16, in main',
      '    asyncio.run(server.main())',
      '  File "/usr/local/lib/python3.12/asyncio/runners.py", line 195, in run',
      '    return runner.run(main)',
      '           ^^^^^^^^^^^^^^^^',
      '  File "/usr/local/lib/python3.12/asyncio/runners.py", line 118, in run',
      '    return self._loop.run_until_complete(task)',
      '           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
      '  File "/usr/local/lib/python3.12/asyncio/base_events.py", line 691, in run_until_complete',
      '    return future.result()',
      '           ^^^^^^^^^^^^^^^',
      '  File "/app/src/postgres_mcp/server.py", line 561, in main',
      '    raise ValueError(',
      `ValueError: ${message}`,
      '',
    ].join('\n'),
  );
  process.exit(1);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options === 'help') {
    process.stdout.write(helpText());
    process.exit(0);
  }
  const restricted = options.access_mode === 'restricted';
  log('INFO', `Starting PostgreSQL MCP Server in ${options.access_mode.toUpperCase()} mode`, 'server.py:555');
  // os.environ.get("DATABASE_URI", args.database_url): the variable wins even when empty.
  const url = process.env.DATABASE_URI !== undefined ? process.env.DATABASE_URI : options.database_url;
  if (!url) exitWithTraceback(noUrlMessage);

  const db = new Database();
  try {
    await db.poolConnect(url);
    log('INFO', 'Successfully connected to database and initialized connection pool', 'server.py:568');
  } catch (error) {
    log('WARNING', `Could not connect to database: ${obfuscatePassword((error as Error).message)}`, 'server.py:570');
    log('WARNING', 'The MCP server will start but database operations will fail until a valid connection is established.', 'server.py:573');
  }

  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) {
        log('WARNING', 'Forcing immediate exit', 'server.py:603');
        process.exit(1);
      }
      stopping = true;
      log('INFO', `Received exit signal ${signal}`, 'server.py:610');
      void db.close().then(() => {
        log('INFO', 'Closed database connections', 'server.py:615');
        process.exit(128 + (signal === 'SIGTERM' ? 15 : 2));
      });
    });
  }

  const ctx = { db, restricted };
  if (options.transport === 'sse') {
    await serveSse(ctx, options.sse_host, options.sse_port, process.env.HOST_CHECK === 'strict');
    return;
  }
  await createMcpServer(ctx).connect(new StdioServerTransport());
  // FACTS.md: "Stdio mode does not exit": at stdin's end mcp 1.6.0's stdout writer still waits for
  // messages, so the process lives on. Node would exit with nothing left to do; this keeps it alive.
  process.stdin.on('end', () => setInterval(() => undefined, 1 << 30));
}

await main();
