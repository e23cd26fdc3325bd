/**
 * A key's `rpm_limit` as LiteLLM 1.77.3 enforces it by default (from the 1.77.3 source:
 * litellm/proxy/hooks/parallel_request_limiter_v3.py, the `parallel_request_limiter` hook since 1.77;
 * the legacy limiter only with LEGACY_MULTI_INSTANCE_RATE_LIMITING=true): an in-memory window of
 * LITELLM_RATE_LIMIT_WINDOW_SIZE seconds (60) opened by the first request; each request counts, and one that
 * takes the count past the limit is a 429 (so `rpm_limit: 2` lets two through per window). The chat completion
 * turns the HTTPException into `{"error": {..., "type": "None", "param": "None", "code": "429"}}` with a
 * `retry-after` header.
 */
import type { JsonReply } from './mcp-rest.js';

const windowSeconds = Number(process.env.LITELLM_RATE_LIMIT_WINDOW_SIZE ?? 60);
const windows = new Map<string, { start: number; count: number }>();

/** datetime.fromtimestamp(t).strftime("%Y-%m-%d %H:%M:%S UTC") in a UTC container. */
function resetText(epochSeconds: number): string {
  return `${new Date(epochSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export interface RateLimited {
  reply: JsonReply;
  headers: Record<string, string>;
}

/** Counts one request for the key (by its hash); a 429 when it is over `rpm_limit`. */
export function countRequest(hash: string, rpmLimit: number | null): RateLimited | undefined {
  if (rpmLimit === null) return undefined;
  const now = Math.floor(Date.now() / 1000);
  const current = windows.get(hash);
  const window = !current || now - current.start >= windowSeconds ? { start: now, count: 0 } : current;
  window.count += 1;
  windows.set(hash, window);
  if (window.count <= rpmLimit) return undefined;
  const resetAt = resetText(Date.now() / 1000 + windowSeconds);
  const message = `Rate limit exceeded for api_key: ${hash}. Limit type: requests. Current limit: ${rpmLimit}, Remaining: 0. Limit resets at: ${resetAt}`;
  return {
    reply: { status: 429, body: { error: { message, type: 'None', param: 'None', code: '429' } } },
    headers: { 'retry-after': String(windowSeconds), rate_limit_type: 'requests', reset_at: resetAt },
  };
}
