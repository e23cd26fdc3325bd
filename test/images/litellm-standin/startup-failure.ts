/**
 * How a start LiteLLM 1.77.3 gives up ends (FACTS.md, seen: "A failed start ends with the line
 * `Application startup failed. Exiting.` and exit code 3"; "A `-` in a server name: exit 3 after about
 * 10 s, the `Server name cannot contain '-'` error on the line before the last").
 * Starlette sends uvicorn the traceback of the failed start-up event, which uvicorn logs as an ERROR whose
 * message is the whole traceback; then uvicorn logs "Application startup failed. Exiting." and exits 3.
 * Failures in the CLI before uvicorn starts (a missing or unparsable config file) are plain Python
 * tracebacks on stderr and exit code 1 instead.
 */
import { uvicornLog } from './log.js';
import { formatExc, frame, lifespanFrames, type Frame } from './python-traceback.js';

/** The seen failure comes about 10 s after the container starts; the stand-in never ends sooner. */
const earliestExitMs = 9_500;

const startupFrames: readonly Frame[] = [...lifespanFrames, frame('litellm/proxy/proxy_server.py', 592, 'proxy_startup_event', 'await initialize(**worker_config)')];

const loadServerFrames: readonly Frame[] = [
  ...startupFrames,
  frame('litellm/proxy/proxy_server.py', 3633, 'initialize', ') = await proxy_config.load_config(router=llm_router, config_file_path=config)'),
  frame('litellm/proxy/proxy_server.py', 2466, 'load_config', 'await global_mcp_server_manager.load_servers_from_config('),
];

/** Frames of a config-load failure in `mcp_servers`, by the exception raised. */
export function configLoadFrames(exception: string): readonly Frame[] {
  if (exception.startsWith('pydantic')) {
    return [...loadServerFrames, frame('litellm/proxy/_experimental/mcp_server/mcp_server_manager.py', 170, 'load_servers_from_config', 'new_server = MCPServer(')];
  }
  return [
    ...loadServerFrames,
    frame('litellm/proxy/_experimental/mcp_server/mcp_server_manager.py', 132, 'load_servers_from_config', 'validate_mcp_server_name(server_name)'),
    frame('litellm/proxy/_experimental/mcp_server/utils.py', 88, 'validate_mcp_server_name', 'raise Exception(error_message)'),
  ];
}

/** The 1.77-era database failure (LiteLLM issue #14741): the start-up health check has no query engine. */
export const databaseFrames: readonly Frame[] = [
  ...lifespanFrames,
  frame('litellm/proxy/proxy_server.py', 617, 'proxy_startup_event', 'prisma_client = await ProxyStartupEvent._setup_prisma_client('),
  frame('litellm/proxy/proxy_server.py', 3867, '_setup_prisma_client', 'PrismaDBExceptionHandler.handle_db_exception(e)'),
  frame('litellm/proxy/db/exception_handler.py', 61, 'handle_db_exception', 'raise e'),
  frame('litellm/proxy/proxy_server.py', 3864, '_setup_prisma_client', 'await prisma_client.health_check()'),
  frame('litellm/proxy/utils.py', 2848, 'health_check', 'raise e'),
  frame('litellm/proxy/utils.py', 2830, 'health_check', 'response = await self.db.query_raw(sql_query)'),
  frame('prisma/client.py', 502, 'query_raw', 'resp = await self._execute('),
  frame('prisma/client.py', 606, '_execute', 'return await self._engine.query(builder.build(), tx_id=self._tx_id)'),
  frame('prisma/engine/query.py', 244, 'query', 'return await self.request('),
  frame('prisma/engine/http.py', 97, 'request', "raise errors.NotConnectedError('Not connected to the query engine')"),
];

export const notConnected = 'prisma.engine.errors.NotConnectedError: Not connected to the query engine';

export async function failStartup(startedAt: number, frames: readonly Frame[], exception: string): Promise<never> {
  const wait = earliestExitMs - (Date.now() - startedAt);
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  uvicornLog('ERROR', formatExc(frames, exception));
  uvicornLog('ERROR', 'Application startup failed. Exiting.');
  process.exit(3);
}

/** The CLI's own crash (before uvicorn and before JSON logging): Python's plain traceback, exit 1. */
export function failCli(exception: string): never {
  const trace = formatExc(
    [
      frame('/usr/bin/litellm', 8, '<module>', 'sys.exit(run_server())'),
      frame('click/core.py', 1442, '__call__', 'return self.main(*args, **kwargs)'),
      frame('litellm/proxy/proxy_cli.py', 598, 'run_server', '_config = asyncio.run(proxy_config.get_config(config_file_path=config))'),
      exception.startsWith('yaml')
        ? frame('yaml/__init__.py', 125, 'safe_load', "return load(stream, SafeLoader)")
        : frame('litellm/proxy/proxy_server.py', 1951, '_get_config_from_file', 'raise Exception(f"Config file not found: {file_path}")'),
    ],
    exception,
  );
  process.stderr.write(trace);
  process.exit(1);
}
