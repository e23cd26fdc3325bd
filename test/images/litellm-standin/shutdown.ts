/**
 * `docker stop` as LiteLLM 1.77.3 takes it (FACTS.md, seen: "`docker stop` takes about 2 s, exit 0, and
 * logs ERROR lines about the StreamableHTTPSessionManager shutting down: not a failure"). The proxy exits
 * the MCP session managers' contexts from another task than the one that entered them, which anyio refuses
 * with a RuntimeError; LiteLLM logs that with `.exception()`. The wording of the lines is the stand-in's:
 * FACTS.md records only what they are about.
 */
import type { Server } from 'node:http';
import type { Database } from './database.js';
import { log, uvicornLog } from './log.js';
import { formatException, frame } from './python-traceback.js';

const cancelScope = 'Attempted to exit cancel scope in a different task than it was entered in';
const shutdownMs = 1800;

function sessionManagerError(which: string): void {
  const stacktrace = formatException(
    [
      frame('litellm/proxy/_experimental/mcp_server/server.py', 1411, 'shutdown_session_managers', `await ${which}.__aexit__(None, None, None)`),
      frame('/usr/lib/python3.13/contextlib.py', 235, '__aexit__', 'await anext(self.gen)'),
      frame('mcp/server/streamable_http_manager.py', 119, 'run', 'async with anyio.create_task_group() as tg:'),
      frame('anyio/_backends/_asyncio.py', 785, '__aexit__', 'return self.cancel_scope.__exit__(exc_type, exc_val, exc_tb)'),
      frame('anyio/_backends/_asyncio.py', 459, '__exit__', 'raise RuntimeError('),
    ],
    `RuntimeError: ${cancelScope}`,
  );
  log('ERROR', `Error shutting down StreamableHTTPSessionManager (${which}): ${cancelScope}`, { where: 'server.py:1415', logger: 'LiteLLM', stacktrace });
}

export function installShutdown(server: Server, db: Database | undefined): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    uvicornLog('INFO', 'Shutting down');
    server.close();
    server.closeAllConnections();
    uvicornLog('INFO', 'Waiting for application shutdown.');
    sessionManagerError('_session_manager_cm');
    sessionManagerError('_sse_session_manager_cm');
    setTimeout(() => {
      void db?.close();
      uvicornLog('INFO', 'Application shutdown complete.');
      uvicornLog('INFO', `Finished server process [${process.pid}]`);
      process.exit(0);
    }, shutdownMs);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
