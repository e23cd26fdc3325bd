/**
 * LiteLLM STAND-IN (not LiteLLM): the LiteLLM image cannot be pulled here, so the tests run this in its
 * place. It implements only the HTTP endpoints phase E uses and enforces LiteLLM 1.77.3's rules as
 * FACTS.md states them: config and env read as LiteLLM reads them, a strictly parsed DATABASE_URL, the
 * no-`-` rule for MCP server names, an explicit or default (http) transport, master-key auth with the
 * `Bearer ` prefix, mock_response models. The MCP servers and PostgreSQL it talks to are real.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { ConfigError, loadConfig, type StandinConfig } from './config.js';
import { PrismaError, checkDatabase, parseDatabaseUrl } from './database.js';
import { log } from './log.js';
import { handleMcp } from './mcp-endpoint.js';
import { callTool, listTools } from './mcp-gateway.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

/** `Authorization: Bearer <key>` or `x-litellm-api-key: Bearer <key>`; the `Bearer ` is required. */
function authorised(config: StandinConfig, req: IncomingMessage): boolean {
  if (!config.masterKey) return true;
  const header = req.headers['x-litellm-api-key'] ?? req.headers.authorization;
  return typeof header === 'string' && header === `Bearer ${config.masterKey}`;
}

function completion(model: string, content: string) {
  return {
    id: `chatcmpl-standin-${Date.now()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
    usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 },
  };
}

async function main(): Promise<void> {
  let config: StandinConfig;
  try {
    config = loadConfig(arg('--config', '/app/config.yaml'));
  } catch (error) {
    log('ERROR', `Exception loading config: ${(error as Error).message}`);
    process.exit(error instanceof ConfigError ? 1 : 2);
  }
  let database: ReturnType<typeof parseDatabaseUrl> | undefined;
  if (config.databaseUrl) {
    try {
      database = parseDatabaseUrl(config.databaseUrl);
    } catch (error) {
      // LiteLLM's startup runs Prisma first: an unparsable URL stops the proxy.
      log('ERROR', `Error: ${(error as Error).message}`);
      process.exit(1);
    }
    await checkDatabase(database).then(
      () => log('INFO', 'Connected to the database'),
      (error: Error) => log('ERROR', `Unable to connect to the database: ${error.message}`),
    );
  }

  const server = createServer((req, res) => {
    void route(req, res).catch((error: Error & { status?: number }) => {
      log('ERROR', `Unhandled error on ${req.url}: ${error.message}`);
      if (!res.headersSent) send(res, error.status ?? 500, { error: { message: error.message, type: 'internal_server_error' } });
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'GET' && path === '/health/liveliness') return send(res, 200, "I'm alive!");
    if (req.method === 'GET' && path === '/health/readiness') {
      if (!database) return send(res, 200, { status: 'healthy', db: 'Not connected', litellm_version: '1.77.3' });
      try {
        await checkDatabase(database);
        return send(res, 200, { status: 'connected', db: 'connected', litellm_version: '1.77.3' });
      } catch (error) {
        const message = error instanceof PrismaError ? error.message : String(error);
        log('ERROR', `DB health check failed: ${message}`);
        return send(res, 503, { detail: `Service Unhealthy (${message})` });
      }
    }
    if (path === '/mcp') return send(res, 307, '', { location: '/mcp/' });
    if (!authorised(config, req)) {
      return send(res, 401, { error: { message: 'Authentication Error, Invalid proxy server token passed.', type: 'auth_error', param: 'None', code: '401' } });
    }
    if (req.method === 'GET' && (path === '/v1/models' || path === '/models')) {
      return send(res, 200, { object: 'list', data: config.models.map((m) => ({ id: m.name, object: 'model', created: 1677610602, owned_by: 'openai' })) });
    }
    if (req.method === 'POST' && (path === '/v1/chat/completions' || path === '/chat/completions')) {
      const body = (await readBody(req)) as { model?: string };
      const model = config.models.find((m) => m.name === body?.model);
      if (!model) return send(res, 400, { error: { message: `Invalid model name passed in model=${String(body?.model)}`, type: 'invalid_request_error', code: '400' } });
      if (model.mockResponse === undefined) return send(res, 500, { error: { message: 'the LiteLLM stand-in calls no providers', type: 'internal_server_error' } });
      return send(res, 200, completion(model.name, model.mockResponse));
    }
    if (req.method === 'GET' && path === '/v1/mcp/server') {
      return send(res, 200, config.mcpServers.map((s, i) => ({ server_id: `config-${i}`, server_name: s.name, alias: s.name, url: s.url, transport: s.transport, mcp_access_groups: s.accessGroups })));
    }
    if (req.method === 'GET' && path === '/mcp-rest/tools/list') {
      const tools = await listTools(config.mcpServers);
      return send(res, 200, {
        tools: tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema, mcp_info: { server_name: t.server } })),
        error: null,
        message: 'Successfully retrieved tools',
      });
    }
    if (req.method === 'POST' && path === '/mcp-rest/tools/call') {
      const body = (await readBody(req)) as { name?: string; arguments?: Record<string, unknown> };
      return send(res, 200, await callTool(config.mcpServers, String(body?.name), body?.arguments ?? {}));
    }
    if (path === '/mcp/') return handleMcp(config.mcpServers, req, res, req.method === 'POST' ? await readBody(req) : undefined);
    return send(res, 404, { detail: 'Not Found' });
  }

  const port = Number(arg('--port', '4000'));
  server.listen(port, '0.0.0.0', () => log('INFO', `Uvicorn running on http://0.0.0.0:${port} (LiteLLM stand-in)`));
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => server.close(() => process.exit(0)));
}

await main();
