/**
 * LiteLLM's HTTP API, for verification only (FACTS.md): public liveliness and readiness, then
 * key-protected models, a completion, and the MCP REST endpoints. The key travels in a header only.
 */
import { http, parseJson, type HttpResult } from './http.js';

export interface LitellmApi {
  base: string;
  get(path: string, auth?: boolean): Promise<HttpResult & { json: unknown }>;
  post(path: string, body: unknown): Promise<HttpResult & { json: unknown }>;
}

export function litellmApi(base: string, masterKey: string): LitellmApi {
  const withJson = (r: HttpResult) => ({ ...r, json: parseJson(r.text) });
  const auth = { authorization: `Bearer ${masterKey}` };
  return {
    base,
    async get(path, withAuth = true) {
      return withJson(await http(`${base}${path}`, { headers: withAuth ? auth : {}, timeoutMs: 30_000 }));
    },
    async post(path, body) {
      return withJson(await http(`${base}${path}`, { method: 'POST', body, headers: auth, timeoutMs: 60_000 }));
    },
  };
}
