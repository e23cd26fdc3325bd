/**
 * LiteLLM's virtual-key API (FACTS.md, "Virtual keys"), called with the master key. The raw key only ever
 * travels in a request body or a header, never in a URL we log: `/key/info` takes it as a query parameter,
 * so its URL is built here and never reported.
 */
import { createHash } from 'node:crypto';
import { http, parseJson } from './http.js';

/** What phase F asks for. Field names are LiteLLM's own (POST /key/generate). */
export interface KeyRequest {
  key_alias: string;
  models: string[];
  allowed_routes: string[];
  metadata: Record<string, string>;
  object_permission: { mcp_access_groups: string[] };
  max_budget?: number;
  rpm_limit?: number;
}

/** A key as LiteLLM stores it, from `/key/info` or `/key/list?return_full_object=true`. */
export interface StoredKey {
  /** sha256 of the raw key: LiteLLM's `token`. */
  token: string;
  key_alias?: string | null;
  models?: string[];
  allowed_routes?: string[];
  metadata?: Record<string, unknown>;
  max_budget?: number | null;
  rpm_limit?: number | null;
  user_id?: string | null;
  blocked?: boolean | null;
  expires?: string | null;
  object_permission?: { mcp_access_groups?: string[] | null; mcp_servers?: string[] | null } | null;
}

export class KeyApiError extends Error {
  constructor(readonly status: number, readonly body: string, message: string) {
    super(message);
    this.name = 'KeyApiError';
  }
}

export function tokenOf(rawKey: string): string {
  return createHash('sha256').update(rawKey).digest('hex');
}

/** LiteLLM's error text: `{"error": {"message": ...}}` or FastAPI's `{"detail": ...}`. */
export function errorText(body: string): string {
  const json = parseJson(body) as { error?: { message?: unknown }; detail?: unknown } | undefined;
  const message = json?.error?.message ?? json?.detail;
  if (typeof message === 'string') return message;
  if (message !== undefined) return JSON.stringify(message);
  return body.slice(0, 300);
}

export interface KeyApi {
  generate(request: KeyRequest): Promise<{ key: string; token: string }>;
  /** undefined when LiteLLM does not know the key (404). */
  info(rawKey: string): Promise<StoredKey | undefined>;
  /** The same by token hash: LiteLLM hashes only values that start with `sk-`. */
  infoByToken(token: string): Promise<StoredKey | undefined>;
  /** Every key with this alias, full objects (object_permission included). */
  listByAlias(alias: string): Promise<StoredKey[]>;
  /** Gives a key (by token hash) another alias; it keeps working. */
  rename(token: string, alias: string): Promise<void>;
  /** Deletes by token hash; returns what LiteLLM says it deleted. */
  delete(tokens: string[]): Promise<string[]>;
}

export function keyApi(base: string, masterKey: string, timeoutMs = 15_000): KeyApi {
  const headers = { authorization: `Bearer ${masterKey}` };
  async function call(method: 'GET' | 'POST', path: string, what: string, body?: unknown, expected: number[] = [200]) {
    const r = await http(`${base}${path}`, { method, headers, timeoutMs, ...(body === undefined ? {} : { body }) });
    if (!expected.includes(r.status)) throw new KeyApiError(r.status, r.text, `${what} answered ${r.status}: ${errorText(r.text)}`);
    return { status: r.status, json: parseJson(r.text) };
  }
  async function info(asked: string, token: string): Promise<StoredKey | undefined> {
    const r = await call('GET', `/key/info?key=${encodeURIComponent(asked)}`, 'GET /key/info', undefined, [200, 404]);
    if (r.status === 404) return undefined;
    const found = (r.json as { info?: StoredKey } | undefined)?.info;
    if (!found) throw new KeyApiError(200, '', 'GET /key/info answered 200 without `info`');
    return { ...found, token };
  }
  return {
    async generate(request) {
      const { json } = await call('POST', '/key/generate', 'POST /key/generate', request);
      const key = (json as { key?: unknown } | undefined)?.key;
      if (typeof key !== 'string' || !key.startsWith('sk-')) throw new KeyApiError(200, '', 'POST /key/generate answered 200 without a key');
      return { key, token: tokenOf(key) };
    },
    info: (rawKey) => info(rawKey, tokenOf(rawKey)),
    infoByToken: (token) => info(token, token),
    async listByAlias(alias) {
      const query = new URLSearchParams({ key_alias: alias, return_full_object: 'true', size: '100' });
      const { json } = await call('GET', `/key/list?${query}`, 'GET /key/list');
      const keys = (json as { keys?: unknown[] } | undefined)?.keys ?? [];
      // An exact match only: a filter on the server side may be a prefix or a search in other versions.
      return keys.filter((k): k is StoredKey => typeof k === 'object' && k !== null && (k as StoredKey).key_alias === alias);
    },
    async rename(token, alias) {
      await call('POST', '/key/update', 'POST /key/update', { key: token, key_alias: alias });
    },
    async delete(tokens) {
      if (tokens.length === 0) return [];
      // 404 "No keys found": none of them exists any more, which is what a delete wants.
      const { status, json } = await call('POST', '/key/delete', 'POST /key/delete', { keys: tokens }, [200, 404]);
      if (status === 404) return [];
      const deleted = (json as { deleted_keys?: unknown } | undefined)?.deleted_keys;
      return Array.isArray(deleted) ? deleted.map(String) : [];
    },
  };
}
