/**
 * How LiteLLM 1.77.3's management endpoints fail (from the 1.77.3 source: litellm/proxy/utils.py
 * handle_exception_on_proxy, the ProxyException handler in proxy_server.py). Every error reaches the client as
 * `{"error": {"message", "type", "param", "code"}}` with `code` a string and the HTTP status equal to it:
 * - a ProxyException keeps its own message, type and param;
 * - an HTTPException keeps its status; its `detail` becomes the message through str(), so a dict detail
 *   prints as a Python dict (`{'error': 'No keys found'}`);
 * - anything else is a 500 "Internal Server Error, <str(e)>".
 * The endpoint logs the exception with `.exception()`: an ERROR record with the traceback.
 */
import { log } from './log.js';
import type { JsonReply } from './mcp-rest.js';
import { formatException, frame } from './python-traceback.js';

export function proxyError(status: number, message: string, type: string, param: string | null): JsonReply {
  return { status, body: { error: { message, type, param, code: String(status) } } };
}

/** str() of a one-key Python dict holding a string. */
export function pyDictText(key: string, value: string): string {
  const quoted = value.includes("'") && !value.includes('"') ? `"${value}"` : `'${value.replace(/'/g, "\\'")}'`;
  return `{'${key}': ${quoted}}`;
}

/**
 * The endpoint's own `.exception()` record: `litellm.proxy.proxy_server.<fn>(): Exception occured - <str(e)>`.
 * `pythonLine` is the traceback's last line (for a ProxyException, whose str() is empty, only its class).
 */
export function logEndpointException(fn: string, file: string, text: string, pythonLine: string): void {
  const stacktrace = formatException([frame(`litellm/proxy/management_endpoints/${file}`, 1, fn, 'raise e')], pythonLine);
  log('ERROR', `litellm.proxy.proxy_server.${fn}(): Exception occured - ${text}`, { where: `${file}:1`, stacktrace });
}

/** A failure inside an endpoint, already in the shape the client gets. */
export class EndpointError extends Error {
  constructor(
    readonly reply: JsonReply,
    /** str(e), for the log line. */
    readonly pythonText: string,
    readonly pythonLine: string,
  ) {
    super(pythonText);
  }
}

export function proxyException(status: number, message: string, type: string, param: string | null): EndpointError {
  return new EndpointError(proxyError(status, message, type, param), '', 'litellm.proxy._types.ProxyException');
}

/** An HTTPException through handle_exception_on_proxy: type internal_server_error, param "None". */
export function httpException(status: number, detail: string): EndpointError {
  return new EndpointError(proxyError(status, detail, 'internal_server_error', 'None'), `${status}: ${detail}`, `fastapi.exceptions.HTTPException: ${status}: ${detail}`);
}

/** A plain exception through handle_exception_on_proxy. */
export function internalError(text: string, pythonClass = 'Exception'): EndpointError {
  return new EndpointError(proxyError(500, `Internal Server Error, ${text}`, 'internal_server_error', 'None'), text, `${pythonClass}: ${text}`);
}

/** FastAPI's 422 for a body or query the pydantic model refuses. */
export function validationError(loc: readonly (string | number)[], type: string, msg: string, input: unknown, ctx?: Record<string, unknown>): JsonReply {
  return { status: 422, body: { detail: [{ type, loc, msg, input, ...(ctx ? { ctx } : {}) }] } };
}
