/**
 * A corpus of real-shaped failures, each fed to the diagnosis that meets it in a run, each requiring the
 * right cause or "cause not recognised": zero false causes. The excerpts are written as the program
 * receives them (`lastLogLines`: stdout and stderr interleaved, blank lines dropped) in each program's own
 * format (FACTS.md): LiteLLM 1.77.3's JSON lines (Python's `json.dumps`, a traceback in `message` or in
 * `stacktrace`) among its plain start-up lines, Prisma's CLI lines, uvicorn's `ERROR:` lines,
 * postgres-mcp's rich records wrapped at 80 columns around its entrypoint's own lines, psycopg's and
 * libpq's messages, and compose's and the Docker daemon's output. Where a shape came from a public
 * report, its source is named.
 */
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../src/core/state.js';
import { composeIssue } from '../../src/diagnose/compose-up.js';
import { diagnoseLitellm } from '../../src/diagnose/litellm-startup.js';
import { diagnoseMcpContainer } from '../../src/diagnose/mcp-container.js';
import { diagnoseRead } from '../../src/diagnose/mcp-read.js';
import { diagnosePostgresContainer } from '../../src/diagnose/postgres-container.js';

/** As `lastLogLines` returns them. */
const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

/** Python's `json.dumps` (", " and ": " separators, non-ASCII escaped), LiteLLM's JsonFormatter key order. */
function pyJson(level: string, message: string, stacktrace?: string, at = '2025-09-22 10:12:41,118'): string {
  const value = (v: string) => JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const fields: Array<[string, string]> = [['message', message], ['level', level], ['timestamp', at], ...(stacktrace ? [['stacktrace', stacktrace] as [string, string]] : [])];
  return `{${fields.map(([k, v]) => `"${k}": ${value(v)}`).join(', ')}}`;
}

/** LiteLLM's plain start-up lines on stdout (FACTS.md: "Using json logs...", the banner, the models). */
const banner = `Using json logs. Setting log_config to None.
   ██╗     ██╗████████╗███████╗██╗     ██╗     ███╗   ███╗
   ██║     ██║╚══██╔══╝██╔════╝██║     ██║     ████╗ ████║
   ██║     ██║   ██║   █████╗  ██║     ██║     ██╔████╔██║
   ██║     ██║   ██║   ██╔══╝  ██║     ██║     ██║╚██╔╝██║
   ███████╗██║   ██║   ███████╗███████╗███████╗██║ ╚═╝ ██║
   ╚══════╝╚═╝   ╚═╝   ╚══════╝╚══════╝╚══════╝╚═╝     ╚═╝
LiteLLM: Proxy initialized with Config, Set models:
    mock-gpt
    localhost-llama`;

const site = '/usr/lib/python3.13/site-packages';
const lifespan = `Traceback (most recent call last):
  File "${site}/starlette/routing.py", line 694, in lifespan
    async with self.lifespan_context(app) as maybe_state:
               ~~~~~~~~~~~~~~~~~~~~~^^^^^
  File "/usr/lib/python3.13/contextlib.py", line 214, in __aenter__
    return await anext(self.gen)
           ^^^^^^^^^^^^^^^^^^^^^
  File "${site}/litellm/proxy/proxy_server.py", line 541, in proxy_startup_event
`;
const aborted = pyJson('ERROR', 'Application startup failed. Exiting.', undefined, '2025-09-22 10:12:41,119');

/** The start-up's Prisma client failing after Prisma's CLI said why (BerriAI/litellm#9876, #11766). */
const prismaClientFailure = (exception: string) =>
  pyJson('ERROR', `${lifespan}    prisma_client = await ProxyStartupEvent._setup_prisma_client(
                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "${site}/litellm/proxy/proxy_server.py", line 3620, in _setup_prisma_client
    await prisma_client.health_check()
  File "${site}/litellm/proxy/utils.py", line 2593, in health_check
    response = await self.db.query_raw(sql_query)
  File "${site}/prisma/engine/http.py", line 119, in request
    resp = await self.session.request(method, url, **kwargs)
${exception}
`);

/** Prisma's CLI (`prisma migrate deploy` at start), then LiteLLM's retry warning (BerriAI/litellm#11311). */
const prismaCli = (error: string) => `Prisma schema loaded from schema.prisma
Datasource "client": PostgreSQL database "litellm", schema "public" at "postgres:5432"
${error}
${pyJson('WARNING', "The process failed to execute. Details: Command '['prisma', 'migrate', 'deploy']' returned non-zero exit status 1.. Retrying... (3 attempts left)")}`;

const taskGroupWarning = pyJson(
  'WARNING',
  'MCP client connection failed: unhandled errors in a TaskGroup (1 sub-exception)',
  `  + Exception Group Traceback (most recent call last):
  |   File "${site}/mcp/client/sse.py", line 54, in sse_client
  |     async with anyio.create_task_group() as tg:
  | ExceptionGroup: unhandled errors in a TaskGroup (1 sub-exception)
  +-+---------------- 1 ----------------
    | Traceback (most recent call last):
    |   File "${site}/httpx/_models.py", line 829, in raise_for_status
    |     raise HTTPStatusError(message, request=request, response=self)
    | httpx.HTTPStatusError: Client error '401 Unauthorized' for url 'http://postgres-mcp:8000/sse': Authentication failed: invalid bearer token
    +------------------------------------`,
);

const entrypoint = (args: string) => `----------------
Executing command:
postgres-mcp ${args}
----------------`;

interface Case {
  name: string;
  diagnose: () => Issue | Promise<Issue>;
  /** The cause required, or undefined for "cause not recognised". */
  cause?: RegExp;
  /** What the fix must say, where it depends on the case. */
  fix?: RegExp;
}

const litellm = (detail: string, text: string) => () => diagnoseLitellm({ detail, logs: lines(text), dbHost: 'postgres' });
const mcp = (detail: string, state: string, exitCode: number, args: string, text: string, restartCount = 0) => () =>
  diagnoseMcpContainer({ detail, state, exitCode, restartCount, command: ['/app/docker-entrypoint.sh', 'postgres-mcp', ...args.split(' ')], logs: lines(text), containerPort: 8000 });
const imageOptions = { 'postgres:16': '--postgres-image', 'ghcr.io/berriai/litellm:v1.77.3-stable': '--litellm-image', 'litellm-mcp-test/no-such-litellm': '--litellm-image' };
const compose = (output: string, holder?: string, images = ['ghcr.io/berriai/litellm:v1.77.3-stable', 'postgres:16']) => () =>
  composeIssue(output, { images, imageOptions, ...(holder ? { holder } : {}) });

const cases: Case[] = [
  // LiteLLM 1.77.3, JSON logs.
  {
    name: "LiteLLM: `-` in an MCP server name (exit 3, the error on the line before the last, FACTS.md)",
    diagnose: litellm('exited with code 3', `${banner}
${pyJson('ERROR', `${lifespan}    await initialize(**worker_config)
  File "${site}/litellm/proxy/_experimental/mcp_server/mcp_server_manager.py", line 170, in load_servers_from_config
    validate_mcp_server_name(server_name)
  File "${site}/litellm/proxy/_experimental/mcp_server/utils.py", line 98, in validate_mcp_server_name
    raise Exception(error_message)
Exception: Server name cannot contain '-'. Use an alternative character instead Found: db-main
`)}
${aborted}`),
    cause: /`-` in an MCP server name or alias/,
  },
  {
    name: 'LiteLLM: ModuleNotFoundError at import, before uvicorn (plain traceback, exit 1)',
    diagnose: litellm('exited with code 1', `Traceback (most recent call last):
  File "/usr/bin/litellm", line 5, in <module>
    from litellm import run_server
  File "${site}/litellm/proxy/proxy_cli.py", line 21, in <module>
    from litellm.proxy.proxy_server import app
  File "${site}/litellm/proxy/proxy_server.py", line 170, in <module>
    from litellm_enterprise.proxy.enterprise_routes import router
ModuleNotFoundError: No module named 'litellm_enterprise'`),
  },
  {
    name: 'LiteLLM: ModuleNotFoundError in start-up, after an old Prisma P1001 retry that later succeeded',
    diagnose: litellm('is restarting in a loop (last exit code 3)', `${prismaCli("Error: P1001: Can't reach database server at `postgres`:`5432`")}
Prisma schema loaded from schema.prisma
Datasource "client": PostgreSQL database "litellm", schema "public" at "postgres:5432"
No pending migrations to apply.
${banner}
${pyJson('ERROR', `${lifespan}    from litellm.proxy.guardrails.guardrail_hooks.presidio import _OPTIONAL_PresidioPIIMasking
ModuleNotFoundError: No module named 'presidio_analyzer'
`)}
${aborted}`),
  },
  {
    name: 'LiteLLM: ImportError in a stacktrace field',
    diagnose: litellm('exited with code 3', `${banner}
${pyJson('ERROR', 'Error loading MCP server manager', `Traceback (most recent call last):
  File "${site}/litellm/proxy/proxy_server.py", line 541, in proxy_startup_event
    from mcp.client.streamable_http import streamablehttp_client
ImportError: cannot import name 'streamablehttp_client' from 'mcp.client.streamable_http' (${site}/mcp/client/streamable_http.py)`)}
${aborted}`),
  },
  {
    name: 'LiteLLM: KeyError while loading config.yaml',
    diagnose: litellm('exited with code 3', `${banner.split('\n')[0]}
${pyJson('ERROR', `${lifespan}    await proxy_config.load_config(router=llm_router, config_file_path=worker_config)
  File "${site}/litellm/proxy/proxy_server.py", line 2210, in load_config
    litellm_params = model["litellm_params"]
                     ~~~~~^^^^^^^^^^^^^^^^^^
KeyError: 'litellm_params'
`)}
${aborted}`),
  },
  {
    name: 'LiteLLM: FileNotFoundError (config file not mounted)',
    diagnose: litellm('exited with code 3', `${pyJson('ERROR', `${lifespan}    with open(file_path, "r") as config_file:
         ~~~~^^^^^^^^^^^^^^^^
FileNotFoundError: [Errno 2] No such file or directory: '/app/config.yaml'
`)}
${aborted}`),
  },
  {
    name: 'LiteLLM: an OpenAI NotFoundError from a completion is no network ENOTFOUND',
    diagnose: litellm('is not ready: /health/readiness answered 503 {"detail":"Service Unhealthy"}', `${banner}
${pyJson('ERROR', 'litellm.proxy.proxy_server.chat_completion(): Exception occured - litellm.NotFoundError: NotFoundError: OpenAIException - The model `gpt-5-turbo` does not exist or you do not have access to it.', `Traceback (most recent call last):
  File "${site}/litellm/llms/openai/openai.py", line 745, in acompletion
    headers, response = await self.make_openai_chat_completion_request(
openai.NotFoundError: Error code: 404 - {'error': {'message': 'The model \`gpt-5-turbo\` does not exist or you do not have access to it.', 'type': 'invalid_request_error', 'param': None, 'code': 'model_not_found'}}`)}`),
  },
  {
    name: "LiteLLM: a provider's 401 AuthenticationError is not the database role's password",
    diagnose: litellm('answers 500 on /health/liveliness', `${pyJson('ERROR', "litellm.proxy.proxy_server.chat_completion(): Exception occured - litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided: sk-***. You can find your API key at https://platform.openai.com/account/api-keys.", `Traceback (most recent call last):
  File "${site}/litellm/main.py", line 1956, in completion
    raise e
litellm.exceptions.AuthenticationError: litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided: sk-***. Authentication failed.`)}`),
  },
  {
    name: 'LiteLLM: an upstream MCP 401 inside the TaskGroup warning (FACTS.md) is no database login failure',
    diagnose: litellm('is not ready: /health/readiness answered 503 {"detail":"Service Unhealthy"}', `${banner}
${taskGroupWarning}
${pyJson('WARNING', 'MCP client session is not initialized')}`),
  },
  {
    name: 'LiteLLM: Prisma P1013 from its CLI, then the client "Not connected to the query engine"',
    diagnose: litellm('exited with code 3', `${prismaCli('Error: P1013: The provided database string is invalid. invalid port number in database URL. Please refer to the documentation in https://www.prisma.io/docs/reference/database-reference/connection-urls for constructing a correct connection string. In some cases, certain characters must be escaped. Please check the string for any illegal characters.')}
${banner}
${prismaClientFailure('prisma.engine.errors.NotConnectedError: Not connected to the query engine')}
${aborted}`),
    cause: /the password in DATABASE_URL is not URL-encoded/,
  },
  {
    name: "LiteLLM: P1013 in the query engine's own JSON error (error_code field)",
    diagnose: litellm('exited with code 3', `{"is_panic":false,"message":"The provided database string is invalid. invalid port number in database URL. Please refer to the documentation in https://www.prisma.io/docs/reference/database-reference/connection-urls for constructing a correct connection string.","meta":{"details":"invalid port number in database URL"},"error_code":"P1013"}
${prismaClientFailure('prisma.engine.errors.EngineConnectionError: Could not connect to the query engine')}
${aborted}`),
    cause: /the password in DATABASE_URL is not URL-encoded/,
  },
  {
    name: 'LiteLLM: P1000 from Prisma CLI, then httpx "All connection attempts failed" in the Prisma client (BerriAI/litellm#9876)',
    diagnose: litellm('exited with code 3', `${prismaCli('Error: P1000: Authentication failed against database server at `postgres`, the provided database credentials for `litellm_user` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at `postgres`.')}
${banner}
${prismaClientFailure('httpx.ConnectError: All connection attempts failed')}
${aborted}`),
    cause: /password LiteLLM uses differs from the role's password/,
  },
  {
    name: 'LiteLLM: P1000 on a readiness check (the stand-in\'s shape: one ERROR line)',
    diagnose: litellm('is not ready: /health/readiness answered 503 {"detail":"Service Unhealthy (P1000: ...)"}', `${banner}
${pyJson('INFO', 'Connected to the database')}
${pyJson('ERROR', 'DB health check failed: P1000: Authentication failed against database server at `postgres`, the provided database credentials for `litellm_user` are not valid.')}`),
    cause: /password LiteLLM uses differs from the role's password/,
  },
  {
    name: 'LiteLLM: P1001 at `localhost`:`5432` (Prisma CLI), then NotConnectedError',
    diagnose: litellm('exited with code 3', `${prismaCli("Error: P1001: Can't reach database server at `localhost`:`5432`\n\nPlease make sure your database server is running at `localhost`:`5432`.")}
${banner}
${prismaClientFailure('prisma.engine.errors.NotConnectedError: Not connected to the query engine')}
${aborted}`),
    cause: /`localhost` inside a container is the container itself/,
  },
  {
    name: 'LiteLLM: P1001 at another host (pg-shared), logged in one line',
    diagnose: litellm('is not ready: /health/readiness answered 503', `${banner}
${pyJson('ERROR', "Unable to connect to the database: P1001: Can't reach database server at `pg-shared`:`5432` Please make sure your database server is running at `pg-shared`:`5432`. (ENOTFOUND)")}`),
    cause: /^pg-shared is not on any of the LiteLLM container's networks/,
  },
  {
    name: 'LiteLLM: P1003 database does not exist',
    diagnose: litellm('exited with code 3', `${prismaCli('Error: P1003: Database `litellm` does not exist on the database server at `postgres:5432`.')}
${prismaClientFailure('prisma.engine.errors.NotConnectedError: Not connected to the query engine')}
${aborted}`),
    cause: /the database litellm does not exist/,
  },
  {
    name: "LiteLLM: uvicorn's bind error on 0.0.0.0:4000 inside the container",
    diagnose: litellm('exited with code 1', `${banner}
INFO:     Started server process [1]
INFO:     Waiting for application startup.
INFO:     Application startup complete.
ERROR:    [Errno 98] error while attempting to bind on address ('0.0.0.0', 4000): address already in use
INFO:     Waiting for application shutdown.
INFO:     Application shutdown complete.`),
    cause: /another process already listens on port 4000 in the LiteLLM container's network namespace/,
  },
  {
    name: 'LiteLLM: the Prisma client failed and no Prisma error is among the lines read',
    diagnose: litellm('exited with code 3', `${banner}
${prismaClientFailure('prisma.engine.errors.NotConnectedError: Not connected to the query engine')}
${aborted}`),
  },
  {
    name: 'LiteLLM: not healthy in time, no error line (a model named localhost-llama in the banner)',
    diagnose: litellm('was not healthy after 240 s', `${banner}
${pyJson('INFO', 'Thank you for using LiteLLM!')}`),
  },
  {
    name: 'LiteLLM: statement timeout in a failing line is no unreachable database',
    diagnose: litellm('is not ready: /health/readiness answered 503', `${pyJson('ERROR', 'Error getting LiteLLM_SpendLogs row count: canceling statement due to statement timeout')}`),
  },

  // crystaldba/postgres-mcp v0.3.0 behind its entrypoint.
  {
    name: 'postgres-mcp: stdio mode stays up, no port, unhealthy (FACTS.md), whatever the exit code',
    diagnose: mcp('turned unhealthy (healthcheck said: ConnectionRefusedError: [Errno 111] Connection refused)', 'running', 0, '--access-mode=restricted', `${entrypoint('--access-mode=restricted')}
[09/22/25 10:15:02] INFO     Starting PostgreSQL MCP Server in       server.py:555
                             RESTRICTED mode
[09/22/25 10:15:02] INFO     Successfully connected to database and  server.py:568
                             initialized connection pool`),
    cause: /runs in stdio mode/,
  },
  {
    name: 'postgres-mcp: stdio mode with an explicit --transport stdio',
    diagnose: mcp('was not healthy after 90 s', 'running', 0, '--access-mode=restricted --transport stdio', entrypoint('--access-mode=restricted --transport stdio')),
    cause: /runs in stdio mode/,
  },
  {
    name: 'postgres-mcp: --transport=streamable-http on v0.3.0, argparse exit 2, is no stdio mode',
    diagnose: mcp('is restarting in a loop (last exit code 2)', 'restarting', 2, '--access-mode=restricted --transport=streamable-http', `${entrypoint('--access-mode=restricted --transport=streamable-http')}
usage: postgres-mcp [-h] [--access-mode {unrestricted,restricted}]
                    [--transport {stdio,sse}] [--sse-host SSE_HOST]
                    [--sse-port SSE_PORT]
                    [database_url]
postgres-mcp: error: argument --transport: invalid choice: 'streamable-http' (choose from 'stdio', 'sse')
ERROR: Command failed with exit code 2
Command was: postgres-mcp --access-mode=restricted --transport=streamable-http`, 3),
    cause: /has no transport "streamable-http"/,
  },
  {
    name: 'postgres-mcp: no DATABASE_URI, ValueError exit 1',
    diagnose: mcp('exited with code 1', 'exited', 1, '--access-mode=restricted --transport=sse', `SSE transport detected, adding --sse-host=0.0.0.0
${entrypoint('--access-mode=restricted --transport=sse --sse-host=0.0.0.0')}
[09/22/25 10:20:11] INFO     Starting PostgreSQL MCP Server in       server.py:555
                             RESTRICTED mode
Traceback (most recent call last):
  File "/app/.venv/bin/postgres-mcp", line 10, in <module>
    sys.exit(main())
             ^^^^^^
  File "/app/.venv/lib/python3.12/site-packages/postgres_mcp/__init__.py", line 16, in main
    asyncio.run(server.main())
  File "/usr/local/lib/python3.12/asyncio/runners.py", line 194, in run
    return runner.run(main)
           ^^^^^^^^^^^^^^^^
  File "/app/.venv/lib/python3.12/site-packages/postgres_mcp/server.py", line 561, in main
    raise ValueError(
ValueError: Error: No database URL provided. Please specify via 'DATABASE_URI' environment variable or command-line argument.
ERROR: Command failed with exit code 1
Command was: postgres-mcp --access-mode=restricted --transport=sse --sse-host=0.0.0.0`),
    cause: /the container has no DATABASE_URI/,
  },
  {
    name: "postgres-mcp: started without its database (server.py's warning after the pool's 30 s), slow start",
    diagnose: mcp('was not healthy after 90 s', 'running', 0, '--access-mode=restricted --transport=sse', `${entrypoint('--access-mode=restricted --transport=sse --sse-host=0.0.0.0')}
[09/22/25 10:15:02] INFO     Starting PostgreSQL MCP Server in       server.py:555
                             RESTRICTED mode
[09/22/25 10:15:33] WARNING  Could not connect to database:          server.py:570
                             Connection attempt failed: couldn't get
                             a connection after 30.00 sec
                    WARNING  The MCP server will start but database  server.py:573
                             operations will fail until a valid
                             connection is established.`),
    cause: /database host in DATABASE_URI does not answer/,
  },
  {
    name: "postgres-mcp: psycopg's pool says why (Connection refused at 172.17.0.1: `localhost` remapped)",
    diagnose: mcp('turned unhealthy (healthcheck said: ConnectionRefusedError: [Errno 111] Connection refused)', 'running', 0, '--access-mode=restricted --transport=sse', `Found localhost in DATABASE_URI: postgresql://mcp_readonly:***@localhost:5432/postgres
Docker on Linux detected: Using 172.17.0.1 for localhost
${entrypoint('--access-mode=restricted --transport=sse --sse-host=0.0.0.0')}
[09/22/25 10:15:03] WARNING  error connecting in 'pool-1':      pool_async.py:749
                             connection failed: connection to
                             server at "172.17.0.1", port 5432
                             failed: Connection refused
                                     Is the server running on that
                             host and accepting TCP/IP
                             connections?
[09/22/25 10:15:33] WARNING  Could not connect to database:          server.py:570
                             Connection attempt failed: couldn't get
                             a connection after 30.00 sec`),
    cause: /points at the Docker host/,
  },
  {
    name: 'postgres-mcp: --sse-port=8686 while everything else uses 8000',
    diagnose: mcp('turned unhealthy (healthcheck said: ConnectionRefusedError: [Errno 111] Connection refused)', 'running', 0, '--access-mode=restricted --transport=sse --sse-port=8686', `${entrypoint('--access-mode=restricted --transport=sse --sse-port=8686 --sse-host=0.0.0.0')}
INFO:     Uvicorn running on http://0.0.0.0:8686 (Press CTRL+C to quit)`),
    cause: /port mismatch: the server listens on 8686/,
  },
  {
    name: 'postgres-mcp: an unknown crash (ModuleNotFoundError) in SSE mode',
    diagnose: mcp('exited with code 1', 'exited', 1, '--access-mode=restricted --transport=sse', `${entrypoint('--access-mode=restricted --transport=sse --sse-host=0.0.0.0')}
Traceback (most recent call last):
  File "/app/.venv/bin/postgres-mcp", line 5, in <module>
    from postgres_mcp import main
  File "/app/.venv/lib/python3.12/site-packages/postgres_mcp/sql/sql_driver.py", line 12, in <module>
    from psycopg_pool import AsyncConnectionPool
ModuleNotFoundError: No module named 'psycopg_pool'
ERROR: Command failed with exit code 1
Command was: postgres-mcp --access-mode=restricted --transport=sse --sse-host=0.0.0.0`),
  },

  // A read through the MCP server: postgres-mcp answers `Error: <message>` with isError false.
  {
    name: 'tool: password authentication failed for user "mcp_readonly"',
    diagnose: () => diagnoseRead('Error: connection failed: connection to server at "172.18.0.3", port 5432 failed: FATAL:  password authentication failed for user "mcp_readonly"', 'mcp_readonly'),
    cause: /password in the MCP server's DATABASE_URI differs from the role's/,
  },
  {
    name: 'tool: could not translate host name "postgres" to address (libpq, as server-postgres passes it)',
    diagnose: () => diagnoseRead('MCP error -32603: could not translate host name "postgres" to address: Name or service not known', 'mcp_readonly'),
    cause: /postgres is not the name of a container on any of the MCP container's networks/,
  },
  {
    name: "tool: failed to resolve host 'pg-main' (psycopg's async resolver)",
    diagnose: () => diagnoseRead("Error: failed to resolve host 'pg-main': [Errno -2] Name or service not known", 'mcp_readonly'),
    cause: /pg-main is not the name of a container/,
  },
  {
    name: 'tool: canceling statement due to statement timeout is no unreachable database',
    diagnose: () => diagnoseRead('Error: canceling statement due to statement timeout', 'mcp_readonly'),
    cause: /statement_timeout/,
  },
  {
    name: 'tool: Connection refused at another host',
    diagnose: () => diagnoseRead('Error: connection failed: connection to server at "10.0.4.7", port 5433 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?', 'mcp_readonly'),
    cause: /nothing listens on 10\.0\.4\.7:5433/,
  },
  {
    name: "tool: the pool's timeout alone says not why",
    diagnose: () => diagnoseRead("Error: Connection attempt failed: couldn't get a connection after 30.00 sec", 'mcp_readonly'),
  },
  {
    name: "tool: the pool's timeout, and the server's log says why",
    diagnose: () =>
      diagnoseRead("Error: Connection attempt failed: couldn't get a connection after 30.00 sec", 'mcp_readonly', lines(`[09/22/25 10:31:07] WARNING  error connecting in 'pool-2':      pool_async.py:749
                             connection failed: connection to
                             server at "172.18.0.3", port 5432
                             failed: FATAL:  password
                             authentication failed for user
                             "mcp_readonly"`)),
    cause: /password in the MCP server's DATABASE_URI differs/,
  },
  {
    name: "tool: the client's own timeout",
    diagnose: () => diagnoseRead('MCP error -32001: Request timed out', 'mcp_readonly'),
  },

  // Compose and the Docker daemon.
  {
    name: 'compose: port is already allocated (a container holds it)',
    diagnose: compose(` Container litellm-mcp-postgres-1  Running
 Container litellm-mcp-litellm-1  Recreate
 Container litellm-mcp-litellm-1  Recreated
 Container litellm-mcp-litellm-1  Starting
Error response from daemon: driver failed programming external connectivity on endpoint litellm-mcp-litellm-1 (5f0c3a8d9e1b7c6d): Bind for 0.0.0.0:4000 failed: port is already allocated`, 'container traefik'),
    cause: /^container traefik already holds host port 4000/,
  },
  {
    name: 'compose: address already in use (a host process holds it)',
    diagnose: compose(` Container litellm-mcp-litellm-1  Starting
Error response from daemon: driver failed programming external connectivity on endpoint litellm-mcp-litellm-1 (9a8b7c): Error starting userland proxy: listen tcp4 0.0.0.0:4000: bind: address already in use`, 'process node (pid 812)'),
    cause: /^process node \(pid 812\) already holds host port 4000/,
  },
  {
    name: "compose v1: the bind error, then v1's closing line",
    diagnose: compose(`Creating litellm-mcp_litellm_1 ... error
ERROR: for litellm-mcp_litellm_1  Cannot start service litellm: driver failed programming external connectivity on endpoint litellm-mcp_litellm_1 (77aa): Bind for 0.0.0.0:4000 failed: port is already allocated
ERROR: Encountered errors while bringing up the project.`),
    cause: /^another container already holds host port 4000/,
  },
  {
    name: 'compose: pull access denied',
    diagnose: compose(` litellm Pulling
 litellm Error pull access denied for litellm-mcp-test/no-such-litellm, repository does not exist or may require 'docker login': denied: requested access to the resource is denied
Error response from daemon: pull access denied for litellm-mcp-test/no-such-litellm, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`, undefined, ['litellm-mcp-test/no-such-litellm', 'postgres:16']),
    cause: /registry requires `docker login` \(pull access denied for litellm-mcp-test\/no-such-litellm\)/,
    fix: /^Check the name and tag of litellm-mcp-test\/no-such-litellm, .* then point --litellm-image at it \(e\.g\. --litellm-image registry\.lan\/litellm-mcp-test\/no-such-litellm\)/,
  },
  {
    // Phase A starts the dedicated database alone: its image is the one to change (the fix once named --litellm-image).
    name: "compose: the dedicated PostgreSQL's image cannot be pulled (no such host, seen on this machine)",
    diagnose: compose(` postgres Pulling
 postgres Error Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host
Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host`, undefined, ['postgres:16']),
    cause: /this host cannot reach the registry \(postgres:16; registry-1\.docker\.io: no such host\)/,
    fix: /^Check the name and tag of postgres:16, .* then point --postgres-image at it \(e\.g\. --postgres-image registry\.lan\/postgres:16\)/,
  },
  {
    name: 'compose: manifest unknown (a wrong tag)',
    diagnose: compose(` litellm Pulling
 litellm Error manifest for ghcr.io/berriai/litellm:v1.77.3-stabel not found: manifest unknown: manifest unknown
Error response from daemon: manifest for ghcr.io/berriai/litellm:v1.77.3-stabel not found: manifest unknown: manifest unknown`),
    cause: /the registry has no manifest for ghcr\.io\/berriai\/litellm:v1\.77\.3-stabel/,
  },
  {
    name: 'compose: no such host for the registry (seen on this machine)',
    diagnose: compose(` litellm Pulling
 litellm Error Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host
Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host`),
    cause: /image name or tag is wrong, or this host cannot reach the registry .*registry-1\.docker\.io: no such host/,
  },
  {
    name: "compose: a logging driver's dial tcp is no image pull",
    diagnose: compose(` Container litellm-mcp-litellm-1  Recreated
 Container litellm-mcp-litellm-1  Starting
Error response from daemon: failed to initialize logging driver: dial tcp 127.0.0.1:24224: connect: connection refused`),
    cause: /logging driver could not start/,
  },
  {
    name: 'compose: Docker socket permission denied (its Get "http://%2Fvar…" is no registry)',
    diagnose: compose('permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.41/containers/json?all=1&filters=%7B%22label%22%3A%7B%22com.docker.compose.project%3Dlitellm-mcp%22%3Atrue%7D%7D": dial unix /var/run/docker.sock: connect: permission denied'),
    cause: /this user may not use the Docker socket unix:\/\/\/var\/run\/docker\.sock/,
  },
  {
    name: 'compose: a file compose rejects',
    diagnose: compose('service "litellm" refers to undefined network gateway: invalid compose project'),
  },

  // The dedicated PostgreSQL.
  {
    name: 'postgres: data from another major version',
    diagnose: () => diagnosePostgresContainer({ detail: 'is restarting in a loop (last exit code 1)', logs: lines(`PostgreSQL Database directory appears to contain a database; Skipping initialization
2025-09-22 10:40:01.512 UTC [1] FATAL:  database files are incompatible with server
2025-09-22 10:40:01.512 UTC [1] DETAIL:  The data directory was initialized by PostgreSQL version 15, which is not compatible with this version 16.4 (Debian 16.4-1.pgdg120+1).`) }),
    cause: /created by PostgreSQL 15, and this image runs PostgreSQL 16\.4/,
  },
  {
    name: 'postgres: no superuser password on first start',
    diagnose: () => diagnosePostgresContainer({ detail: 'exited with code 1', logs: lines(`Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".`) }),
    cause: /needs POSTGRES_PASSWORD on its first start/,
  },
  {
    name: 'postgres: an unknown failure',
    diagnose: () => diagnosePostgresContainer({ detail: 'exited with code 1', logs: lines('2025-09-22 10:41:00.000 UTC [1] FATAL:  could not load server certificate file "server.crt": No such file or directory') }),
  },
];

describe('diagnosis corpus: the right cause, or "cause not recognised"', () => {
  it(`holds at least 30 real-shaped excerpts (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  for (const c of cases) {
    it(`${c.cause ? 'names the cause' : 'not recognised'}: ${c.name}`, async () => {
      const issue = await c.diagnose();
      if (c.cause) {
        expect(issue.cause, issue.problem).toMatch(c.cause);
        expect(issue.problem).not.toContain('cause not recognised');
        if (c.fix) expect(issue.fix).toMatch(c.fix);
      } else {
        expect(issue.cause, `a guessed cause for: ${issue.problem}`).toBeUndefined();
        expect(issue.problem).toContain('cause not recognised');
        expect(issue.fix).toMatch(/Read it all with `docker (logs|compose) /);
      }
    });
  }
});
