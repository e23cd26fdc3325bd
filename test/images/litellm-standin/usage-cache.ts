/**
 * The proxy's usage cache, as LiteLLM 1.77.3 wires it (from the source, proxy_server.py `_init_cache`,
 * where FACTS.md is silent): only `litellm_settings.cache: true` with a Redis cache (`cache_params.type`
 * redis, the default type) gives the usage cache Redis, so that the key limiter's counters are shared by
 * every proxy that uses the same Redis. `router_settings`' Redis never reaches it. Host, port and
 * password come from `cache_params` (`os.environ/` resolved), else from REDIS_HOST, REDIS_PORT and
 * REDIS_PASSWORD. Without it the counters are the process's own.
 */
import { fromEnv } from './config.js';
import { RedisClient } from './redis-client.js';

type Raw = { [key: string]: unknown };

const section = (raw: Raw, key: string): Raw => (raw[key] && typeof raw[key] === 'object' ? (raw[key] as Raw) : {});
const text = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : String(v));

export interface UsageCacheSetting {
  host: string;
  port: number;
  password?: string;
}

export function usageCacheSetting(raw: Raw): UsageCacheSetting | undefined {
  const settings = section(raw, 'litellm_settings');
  if (settings.cache !== true) return undefined;
  const params = section(settings, 'cache_params');
  if ((params.type ?? 'redis') !== 'redis') return undefined;
  const host = text(fromEnv(params.host)) ?? process.env.REDIS_HOST;
  const port = Number(text(fromEnv(params.port)) ?? process.env.REDIS_PORT ?? 6379);
  const password = text(fromEnv(params.password)) ?? process.env.REDIS_PASSWORD;
  if (!host) return undefined;
  return { host, port, ...(password ? { password } : {}) };
}

export function usageCache(setting: UsageCacheSetting | undefined): RedisClient | undefined {
  return setting ? new RedisClient(setting.host, setting.port, setting.password) : undefined;
}
