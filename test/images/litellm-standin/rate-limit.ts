/**
 * A key's `rpm_limit` as LiteLLM 1.77.3 enforces it by default (from the 1.77.3 source:
 * litellm/proxy/hooks/parallel_request_limiter_v3.py, the `parallel_request_limiter` hook since 1.77;
 * the legacy limiter only with LEGACY_MULTI_INSTANCE_RATE_LIMITING=true): a fixed window of
 * LITELLM_RATE_LIMIT_WINDOW_SIZE seconds (60) opened by the first request; each request counts, and one that
 * takes the count past the limit is a 429 (so `rpm_limit: 2` lets two through per window). The chat completion
 * turns the HTTPException into `{"error": {..., "type": "None", "param": "None", "code": "429"}}` with a
 * `retry-after` header.
 *
 * With a Redis usage cache (usage-cache.ts) the window and the count live in Redis, under
 * `{api_key:<hash>}:window` and `{api_key:<hash>}:requests`, both expiring with the window, read and counted
 * in one atomic script: every proxy on that Redis counts against the same limit. When Redis fails, the
 * limiter counts in the process's memory instead (as the source's fallback does), and logs the error.
 * Not reproduced: the source's local copy checked before Redis (the outcome is the same; only Redis's
 * count of refused requests differs).
 */
import { log } from './log.js';
import type { JsonReply } from './mcp-rest.js';
import type { RedisClient } from './redis-client.js';

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

/** The stand-in's own script: a new window when there is none or it has passed, else one more request. */
const countScript = `
local start = redis.call('GET', KEYS[1])
if (not start) or (tonumber(ARGV[1]) - tonumber(start) >= tonumber(ARGV[2])) then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  redis.call('SET', KEYS[2], 1, 'EX', ARGV[2])
  return {tonumber(ARGV[1]), 1}
end
return {tonumber(start), redis.call('INCR', KEYS[2])}
`;

function countInMemory(hash: string, now: number): { start: number; count: number } {
  const current = windows.get(hash);
  const window = !current || now - current.start >= windowSeconds ? { start: now, count: 0 } : current;
  window.count += 1;
  windows.set(hash, window);
  return window;
}

async function countInRedis(redis: RedisClient, hash: string, now: number): Promise<{ start: number; count: number }> {
  const reply = await redis.command(['EVAL', countScript, 2, `{api_key:${hash}}:window`, `{api_key:${hash}}:requests`, now, windowSeconds]);
  const [start, count] = reply as [number, number];
  return { start, count };
}

/** Counts one request for the key (by its hash); a 429 when it is over `rpm_limit`. */
export async function countRequest(hash: string, rpmLimit: number | null, redis?: RedisClient): Promise<RateLimited | undefined> {
  if (rpmLimit === null) return undefined;
  const now = Math.floor(Date.now() / 1000);
  let window: { start: number; count: number };
  try {
    window = redis ? await countInRedis(redis, hash, now) : countInMemory(hash, now);
  } catch (error) {
    log('ERROR', `parallel_request_limiter_v3: Redis failed, counting in this process only: ${(error as Error).message}`);
    window = countInMemory(hash, now);
  }
  if (window.count <= rpmLimit) return undefined;
  const resetAt = resetText(Date.now() / 1000 + windowSeconds);
  const message = `Rate limit exceeded for api_key: ${hash}. Limit type: requests. Current limit: ${rpmLimit}, Remaining: 0. Limit resets at: ${resetAt}`;
  return {
    reply: { status: 429, body: { error: { message, type: 'None', param: 'None', code: '429' } } },
    headers: { 'retry-after': String(windowSeconds), rate_limit_type: 'requests', reset_at: resetAt },
  };
}
