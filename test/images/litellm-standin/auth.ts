/**
 * Key checks as LiteLLM 1.77.3 makes them (FACTS.md, "REST auth seen" and "Client side seen"):
 * - REST (`/v1/*`, `/mcp-rest/*`, ...): the key comes from `x-litellm-api-key` (with or without `Bearer `),
 *   else `Authorization` (`Bearer `, `bearer ` or `Basic ` prefix required), else `api-key`, `x-api-key`,
 *   `x-goog-api-key`, `Ocp-Apim-Subscription-Key` as sent (the order of LiteLLM's get_api_key). No key:
 *   401 "No api key passed in."; `Authorization: <key>` without prefix: 401 "Malformed API Key passed in.
 *   Ensure Key has `Bearer ` prefix. Passed in: <what was sent>" (1.77-era text, before LiteLLM stopped
 *   echoing the key in 2026).
 * - `/mcp/`: `x-litellm-api-key`, else `Authorization`, and the `Bearer ` is required; any failure is a
 *   500 `{"error":"MCP request failed","details":""}`, not a 401.
 * Without a master key every request is the proxy admin's.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { log } from './log.js';
import { formatException, frame } from './python-traceback.js';

export interface AuthContext {
  masterKey?: string;
  /** Keys other than the master key need the database (virtual keys are not part of the stand-in). */
  hasDatabase: boolean;
}

export class AuthError extends Error {}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** LiteLLM's _get_bearer_token: the key after a known prefix, else "" (a malformed key). */
function bearerToken(value: string): string {
  for (const prefix of ['Bearer ', 'Basic ', 'bearer ']) {
    if (value.startsWith(prefix)) return value.slice(prefix.length);
  }
  return '';
}

/** The key a REST request carries, and what was passed in (for the "Malformed" message). */
function restKey(headers: IncomingHttpHeaders): { key?: string; passedIn?: string } {
  const custom = header(headers, 'x-litellm-api-key');
  if (custom !== undefined) {
    const key = bearerToken(custom);
    return { key: key === '' ? custom : key, passedIn: custom };
  }
  const authorization = header(headers, 'authorization');
  if (authorization !== undefined) return { key: bearerToken(authorization), passedIn: authorization };
  for (const name of ['api-key', 'x-api-key', 'x-goog-api-key', 'ocp-apim-subscription-key']) {
    const value = header(headers, name);
    if (value !== undefined) return { key: value, passedIn: value };
  }
  return {};
}

function sameKey(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

function check(ctx: AuthContext, key: string | undefined, passedIn: string | undefined): void {
  if (!ctx.masterKey) return;
  if (key === undefined) throw new AuthError('No api key passed in.');
  if (key === '') throw new AuthError(`Malformed API Key passed in. Ensure Key has \`Bearer \` prefix. Passed in: ${passedIn ?? ''}`);
  if (sameKey(key, ctx.masterKey)) return;
  if (!key.startsWith('sk-')) throw new AuthError(`LiteLLM Virtual Key expected. Received=${key}, expected to start with 'sk-'.`);
  if (!ctx.hasDatabase) throw new AuthError('No connected db.');
  const hash = createHash('sha256').update(key).digest('hex');
  throw new AuthError(`Invalid proxy server token passed. Received API Key = sk-...${key.slice(-4)}, Key Hash (Token) =${hash}. Unable to find token in cache or \`LiteLLM_VerificationTokenTable\``);
}

/** LiteLLM's auth exception handler logs every refusal with `.exception()`: a JSON line with a stacktrace. */
function logRefusal(error: AuthError): void {
  const stacktrace = formatException(
    [frame('litellm/proxy/auth/user_api_key_auth.py', 1026, '_user_api_key_auth_builder', `raise Exception(${JSON.stringify(error.message.split('.')[0] + '.')})`)],
    `Exception: ${error.message}`,
  );
  log('ERROR', `litellm.proxy.proxy_server.user_api_key_auth(): Exception occured - ${error.message}`, { where: 'auth_exception_handler.py:78', stacktrace });
}

/** REST routes: undefined when allowed, else the 401 body LiteLLM sends. */
export function restAuth(ctx: AuthContext, headers: IncomingHttpHeaders): unknown {
  const { key, passedIn } = restKey(headers);
  try {
    check(ctx, key, passedIn);
    return undefined;
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    logRefusal(error);
    return { error: { message: `Authentication Error, ${error.message}`, type: 'auth_error', param: 'None', code: '401' } };
  }
}

/** `/mcp/`: true when allowed. The `Bearer ` prefix is required on either header. */
export function mcpAuth(ctx: AuthContext, headers: IncomingHttpHeaders): boolean {
  const value = header(headers, 'x-litellm-api-key') ?? header(headers, 'authorization');
  try {
    check(ctx, value === undefined ? undefined : bearerToken(value), value);
    return true;
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    logRefusal(error);
    return false;
  }
}
