/**
 * The REST routes the stand-in serves, by path and method, with what each hands the caller. Public ones need
 * no key (FACTS.md: the health routes, and "`POST /mcp-rest/test/connection` has **no authentication**";
 * from the 1.77.3 source, `POST /login`, login.ts); every other one runs after the key checks (auth.ts) with
 * the caller's identity.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { chatCompletion, modelList } from './completions.js';
import type { McpServerEntry, ModelEntry } from './config.js';
import type { Database } from './database.js';
import { liveliness, readiness } from './health.js';
import type { Identity, KeyCache } from './key-auth.js';
import { generateKey } from './key-generate.js';
import { keyDelete, keyInfo, keyList, keyUpdate } from './key-routes.js';
import { login } from './login.js';
import { allowedServers } from './mcp-permissions.js';
import { serverRow, testConnection, toolsCall, toolsList, type JsonReply } from './mcp-rest.js';
import { countRequest } from './rate-limit.js';
import type { RedisClient } from './redis-client.js';

export interface AppState {
  models: readonly ModelEntry[];
  servers: readonly McpServerEntry[];
  masterKey?: string;
  db?: Database;
  /** The usage cache's Redis (usage-cache.ts), when the config gives it one. */
  usage?: RedisClient;
}

export interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  body: unknown;
  /** The request body as sent (POST only). */
  raw?: Buffer;
  query: URLSearchParams;
  /** Undefined on public routes. */
  identity?: Identity;
}

type Handler = (c: Call) => Promise<JsonReply | undefined>;
export interface Route {
  public?: boolean;
  methods: Partial<Record<string, Handler>>;
}

/** The key's fields that matter to a handler; the master key (or no master key) is the admin. */
const caller = (c: Call): Identity => c.identity ?? { admin: true };

export function routeTable(state: AppState, cache: KeyCache): Record<string, Route> {
  const keys = (c: Call) => ({ ...(state.db ? { db: state.db } : {}), cache, identity: caller(c) });
  const listed = async (c: Call) => allowedServers(state.db, caller(c), state.servers);
  const models: Route = {
    methods: {
      GET: async (c) => {
        const who = caller(c);
        return modelList(state.models, who.admin ? [] : (who.row.models ?? []));
      },
    },
  };
  const chat: Route = {
    methods: {
      POST: async (c) => {
        const who = caller(c);
        const limited = who.admin ? undefined : await countRequest(who.row.token, who.row.rpm_limit, state.usage);
        if (limited) return { ...limited.reply, headers: limited.headers };
        return chatCompletion(state.models, c.body, c.res);
      },
    },
  };
  return {
    '/health/liveliness': { public: true, methods: { GET: async () => liveliness() } },
    '/health/liveness': { public: true, methods: { GET: async () => liveliness() } },
    '/health/readiness': { public: true, methods: { GET: () => readiness(state.db, state.usage ? 'redis' : null) } },
    '/mcp-rest/test/connection': { public: true, methods: { POST: async (c) => testConnection(c.body) } },
    // No key dependency (proxy_server.login): a public route, whatever allowed_routes say.
    '/login': { public: true, methods: { POST: (c) => login({ ...(state.masterKey ? { masterKey: state.masterKey } : {}), ...(state.db ? { db: state.db } : {}), req: c.req, res: c.res, ...(c.raw ? { raw: c.raw } : {}) }) } },
    '/v1/models': models,
    '/models': models,
    '/v1/chat/completions': chat,
    '/chat/completions': chat,
    // 1.77.3 lists the servers the caller's key may list (get_all_mcp_servers_with_health_and_teams).
    '/v1/mcp/server': { methods: { GET: async (c) => ({ status: 200, body: (await listed(c)).map(serverRow) }) } },
    '/mcp-rest/tools/list': { methods: { GET: () => toolsList(state.servers) } },
    '/mcp-rest/tools/call': { methods: { POST: async (c) => toolsCall(state.servers, c.body) } },
    '/key/generate': { methods: { POST: async (c) => generateKey(state.db, c.body, caller(c).admin && state.masterKey ? 'default_user_id' : null) } },
    '/key/info': { methods: { GET: async (c) => keyInfo(keys(c), c.query) } },
    '/key/delete': { methods: { POST: async (c) => keyDelete(keys(c), c.body) } },
    '/key/list': { methods: { GET: async (c) => keyList(keys(c), c.query) } },
    '/key/update': { methods: { POST: async (c) => keyUpdate(keys(c), c.body) } },
  };
}

/** GET /v1/mcp/server/{id}. */
export function serverByIdRoute(state: AppState, id: string): Route {
  return {
    methods: {
      GET: async (c) => {
        const server = (await allowedServers(state.db, caller(c), state.servers)).find((s) => s.serverId === id);
        return server ? { status: 200, body: serverRow(server) } : { status: 404, body: { detail: `MCP Server with id ${id} not found` } };
      },
    },
  };
}
