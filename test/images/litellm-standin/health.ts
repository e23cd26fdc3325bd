/**
 * The public health endpoints (FACTS.md, "Seen on the real LiteLLM 1.77.3 proxy"):
 * - GET /health/liveliness: "I'm alive!" (only once the start-up is done: uvicorn binds after it);
 * - GET /health/readiness without a database: 200 `{"status":"healthy","db":"Not connected",...,
 *   "litellm_version":"1.77.3"}` plus `cache`, `success_callbacks`, `use_aiohttp_transport`; with one, the
 *   database's verdict is merged in, so the top-level `status` becomes "connected" (and `last_updated` is
 *   added); a failed database check is a 503 `{"detail": "Service Unhealthy (...)"}`.
 */
import type { Database } from './database.js';
import type { PrismaError } from './database-url.js';
import type { JsonReply } from './mcp-rest.js';

/**
 * The proxy's own success callbacks, by name. The list is the stand-in's reading of 1.77-era defaults,
 * not seen on the real proxy; only its presence and type are relied on.
 */
const successCallbacks = [
  'sync_deployment_callback_on_success',
  '_PROXY_VirtualKeyModelMaxBudgetLimiter',
  '_ProxyDBLogger',
  '_PROXY_MaxBudgetLimiter',
  '_PROXY_MaxParallelRequestsHandler_v3',
  '_PROXY_CacheControlCheck',
  'ServiceLogging',
];

export function liveliness(): JsonReply {
  return { status: 200, body: "I'm alive!" };
}

/** `cache`: the type of `litellm.cache` (`"redis"` with `litellm_settings.cache: true`), from the source's readiness. */
export async function readiness(db: Database | undefined, cache: string | null = null): Promise<JsonReply> {
  const base = { status: 'healthy', db: db ? 'connected' : 'Not connected', cache, litellm_version: '1.77.3', success_callbacks: successCallbacks, use_aiohttp_transport: true };
  if (!db) return { status: 200, body: base };
  try {
    return { status: 200, body: { ...base, ...(await db.readiness()) } };
  } catch (error) {
    return { status: 503, body: { detail: `Service Unhealthy (${(error as PrismaError).message})` } };
  }
}
