/**
 * Key checks as LiteLLM 1.77.3 makes them (FACTS.md, "REST auth seen" and "Client side seen"):
 * - REST (`/v1/*`, `/mcp-rest/*`, ...): the key comes from `x-litellm-api-key` (with or without `Bearer `),
 *   else `Authorization` (`Bearer `, `bearer ` or `Basic ` prefix required), else `api-key`, `x-api-key`,
 *   `x-goog-api-key`, `Ocp-Apim-Subscription-Key` as sent (the order of LiteLLM's get_api_key).
 * - `/mcp/`: `x-litellm-api-key`, else `Authorization`, and the `Bearer ` is required; any failure is a
 *   500 `{"error":"MCP request failed","details":str(e)}`, not a 401: the details are "" for the builder's
 *   refusals (ProxyExceptions built from keywords have an empty str()), the message for an allowed_routes one.
 * Who the key is, is decided in key-auth.ts; the key's `allowed_routes` are checked afterwards, outside the
 * builder's exception handler (user_api_key_auth → RouteChecks.should_call_route), so on REST that refusal is
 * a bare Exception: uvicorn's 500 "Internal Server Error" (text) and "Exception in ASGI application" logged.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { authenticate, Refusal, type AuthContext, type Identity, type Presented } from './key-auth.js';
import { log } from './log.js';
import type { JsonReply } from './mcp-rest.js';
import { formatException, frame } from './python-traceback.js';
import { checkKeyRoute, RouteNotAllowed } from './route-groups.js';

export type { AuthContext } from './key-auth.js';

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
function restKey(headers: IncomingHttpHeaders): Presented {
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

/** The auth exception handler's `.exception()` record, with the requester's address (1.77.3 appends it). */
function logRefusal(error: Refusal, ip: string): void {
  const stacktrace = formatException(
    [frame('litellm/proxy/auth/user_api_key_auth.py', 1026, '_user_api_key_auth_builder', 'raise Exception(...)')],
    error.pythonLine,
  );
  log('ERROR', `litellm.proxy.proxy_server.user_api_key_auth(): Exception occured - ${error.pythonText}\nRequester IP Address:${ip}`, { where: 'auth_exception_handler.py:78', stacktrace });
}

function routeStacktrace(error: RouteNotAllowed): string {
  return formatException(
    [
      frame('litellm/proxy/auth/user_api_key_auth.py', 1170, 'user_api_key_auth', 'RouteChecks.should_call_route(route=route, valid_token=user_api_key_auth_obj)'),
      frame('litellm/proxy/auth/route_checks.py', 34, 'should_call_route', 'RouteChecks.is_virtual_key_allowed_to_call_route('),
      frame('litellm/proxy/auth/route_checks.py', 77, 'is_virtual_key_allowed_to_call_route', 'raise Exception('),
    ],
    `Exception: ${error.message}`,
  );
}

export type RestOutcome = { identity: Identity } | { reply: JsonReply; plainText?: string };

/** REST routes: the caller, or the reply LiteLLM sends instead. */
export async function restAuth(ctx: AuthContext, headers: IncomingHttpHeaders, route: string, ip: string, model?: string): Promise<RestOutcome> {
  let identity: Identity;
  try {
    identity = await authenticate(ctx, route, { ...restKey(headers), ...(model === undefined ? {} : { model }) });
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    logRefusal(error, ip);
    const { status, type, param } = error.reply;
    return { reply: { status, body: { error: { message: error.message, type, param, code: String(status) } } } };
  }
  try {
    if (!identity.admin) checkKeyRoute(route, identity.row.allowed_routes);
    return { identity };
  } catch (error) {
    if (!(error instanceof RouteNotAllowed)) throw error;
    log('ERROR', 'Exception in ASGI application\n', { logger: 'uvicorn.error', stacktrace: routeStacktrace(error) });
    return { reply: { status: 500, body: null }, plainText: 'Internal Server Error' };
  }
}

/** `/mcp/`: the caller, or the `details` of the 500. The `Bearer ` prefix is required on either header. */
export async function mcpAuth(ctx: AuthContext, headers: IncomingHttpHeaders, route: string, ip: string): Promise<{ identity: Identity } | { details: string }> {
  const value = header(headers, 'x-litellm-api-key') ?? header(headers, 'authorization');
  let details: string;
  let stacktrace: string;
  try {
    const identity = await authenticate(ctx, route, { key: value === undefined ? undefined : bearerToken(value), passedIn: value });
    if (!identity.admin) checkKeyRoute(route, identity.row.allowed_routes);
    return { identity };
  } catch (error) {
    if (error instanceof Refusal) {
      // The builder's handler re-raises every refusal as a ProxyException: its str() is empty.
      logRefusal(error, ip);
      details = '';
      stacktrace = formatException([frame('litellm/proxy/_experimental/mcp_server/server.py', 697, 'handle_streamable_http_mcp', ') = await extract_mcp_auth_context(scope, path)')], 'litellm.proxy._types.ProxyException');
    } else if (error instanceof RouteNotAllowed) {
      details = error.message;
      stacktrace = routeStacktrace(error);
    } else {
      throw error;
    }
  }
  log('ERROR', `Error handling MCP request: ${details}`, { where: 'server.py:725', logger: 'LiteLLM', stacktrace });
  return { details };
}
