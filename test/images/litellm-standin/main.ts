/**
 * LiteLLM STAND-IN (not LiteLLM): the LiteLLM image cannot be pulled here, so the tests run this in its
 * place. It starts the way LiteLLM 1.77.3 starts (FACTS.md, "Seen on the real LiteLLM 1.77.3 proxy"):
 * 1. the CLI (about 2 s of Python imports) reads `--config` if given (no fallback file), turns JSON logs on,
 *    runs the database migration when a DATABASE_URL is set;
 * 2. uvicorn runs the start-up event: banner, model list, `mcp_servers` (a `-` in a name fails the start),
 *    the database connection and health check (a failure fails the start);
 * 3. only then does it listen, at least 6.5 s after the start (seen: 6–12 s), and it tries every MCP server
 *    in the background (a WARNING for one it cannot reach, before any request).
 * A failed start logs the traceback and "Application startup failed. Exiting." and exits 3 (startup-failure.ts).
 * `docker stop` takes about 2 s, logs ERROR lines about the StreamableHTTPSessionManager and exits 0.
 */
import { createServer } from 'node:http';
import { ConfigFileError, ConfigLoadError, databaseUrlSetting, jsonLogsSetting, loadMcpServers, loadModels, masterKeySetting, readConfigFile } from './config.js';
import { connectDatabase, migrateDeploy, type Database } from './database.js';
import { createApp } from './http-routes.js';
import { enableDebug, enableJsonLogs, jsonLogsOn, log, uvicornLog } from './log.js';
import { tryConnect } from './mcp-gateway.js';
import { installShutdown } from './shutdown.js';
import { configLoadFrames, databaseFrames, failCli, failStartup, notConnected } from './startup-failure.js';
import { usageCache, usageCacheSetting } from './usage-cache.js';
import { printBanner, printFeedbackBox, printJsonLogsNotice, printModels } from './startup-output.js';

const startedAt = Date.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** LiteLLM's click options that matter here: --config/-c, --port, --host, --detailed_debug. */
function option(names: readonly string[]): string | undefined {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    for (const n of names) {
      if (a === n) return argv[i + 1];
      if (a.startsWith(`${n}=`)) return a.slice(n.length + 1);
    }
  }
  return undefined;
}

async function main(): Promise<void> {
  const configPath = option(['--config', '-c']);
  const port = Number(option(['--port']) ?? process.env.PORT ?? 4000);
  const host = option(['--host']) ?? '0.0.0.0';
  if (process.argv.includes('--detailed_debug')) enableDebug();

  await sleep(2000); // the CLI's Python imports
  let raw: Record<string, unknown> = {};
  if (configPath !== undefined) {
    try {
      raw = readConfigFile(configPath);
    } catch (error) {
      if (error instanceof ConfigFileError) failCli(error.pythonException);
      throw error;
    }
  }
  if (jsonLogsSetting(raw)) enableJsonLogs();
  const databaseUrl = databaseUrlSetting(raw);
  if (databaseUrl) {
    const failure = await migrateDeploy(databaseUrl);
    // LiteLLM's migration helper logs at INFO on its own logger (litellm_proxy_extras), and goes on.
    if (failure) log('INFO', failure, { logger: 'litellm_proxy_extras', ownThreshold: 'INFO', where: 'utils.py:253' });
  }
  if (jsonLogsOn()) printJsonLogsNotice();

  uvicornLog('INFO', `Started server process [${process.pid}]`);
  uvicornLog('INFO', 'Waiting for application startup.');
  await sleep(1500); // proxy_server's imports
  printBanner();
  printFeedbackBox();
  const models = loadModels(raw);
  printModels(models.map((m) => m.name));
  let servers;
  try {
    servers = loadMcpServers(raw);
  } catch (error) {
    if (error instanceof ConfigLoadError) return failStartup(startedAt, configLoadFrames(error.pythonException), error.pythonException);
    throw error;
  }
  let db: Database | undefined;
  if (databaseUrl) {
    try {
      db = await connectDatabase(databaseUrl);
    } catch {
      log('ERROR', 'Error getting LiteLLM_SpendLogs row count: Not connected to the query engine', { where: 'proxy_server.py:3899' });
      return failStartup(startedAt, databaseFrames, notConnected);
    }
  }
  const masterKey = masterKeySetting(raw);
  const usage = usageCache(usageCacheSetting(raw));
  await sleep(6500 - (Date.now() - startedAt));

  const server = createServer(createApp({ models, servers, ...(masterKey ? { masterKey } : {}), ...(db ? { db } : {}), ...(usage ? { usage } : {}) }));
  installShutdown(server, db);
  await listen(server, host, port);
  for (const s of servers) void tryConnect(s);
}

/** uvicorn binds after the start-up event; port 4000 taken moves the proxy to a random port (FACTS.md). */
async function listen(server: ReturnType<typeof createServer>, host: string, port: number): Promise<void> {
  const attempt = (p: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, host, () => {
        server.off('error', reject);
        resolve(p);
      });
    });
  let bound: number;
  try {
    bound = await attempt(port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    if (port !== 4000) {
      uvicornLog('ERROR', `[Errno 98] error while attempting to bind on address ('${host}', ${port}): address already in use`);
      process.exit(1);
    }
    bound = await attempt(1024 + Math.floor(Math.random() * (49152 - 1024)));
  }
  uvicornLog('INFO', 'Application startup complete.');
  uvicornLog('INFO', `Uvicorn running on http://${host}:${bound} (Press CTRL+C to quit)`);
}

await main();
