/**
 * The HTTP requests LiteLLM 1.77.3 sends to an MCP server, for the MCP SDK client's `fetch` option. Plain
 * `fetch` cannot send one header name twice; this writes the header lines itself with node:http.
 * What LiteLLM sends (its MCPClient passes `MCP-Protocol-Version: 2025-06-18` in its own headers; the
 * Python mcp library it uses, 1.14-era, speaks protocol 2025-06-18 and names itself "mcp" 0.1.0):
 * - streamable HTTP (`transport: http`): the library adds its own `mcp-protocol-version` line after
 *   initialization (python-sdk v1.14.0 `StreamableHTTPTransport._prepare_request_headers`), so every
 *   request after `initialize` carries the header TWICE. An MCP server built on the TypeScript SDK joins
 *   the two values and answers 400 (FACTS.md: "LiteLLM sends `MCP-Protocol-Version` twice and the TS SDK
 *   answers 400" seen); Python servers read the first value and work.
 * - SSE (`transport: sse`): one `MCP-Protocol-Version` line on the GET and on every POST.
 */
import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

/** The protocol version LiteLLM's MCP client asks for and sends in its header. */
export const litellmProtocolVersion = '2025-06-18';

function bodyText(body: RequestInit['body']): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  throw new Error('litellm-fetch: only string bodies are sent by the MCP client');
}

/** The Python client asks for its own protocol version in `initialize`. */
function asPythonClient(body: string | undefined): string | undefined {
  if (!body) return body;
  try {
    const message = JSON.parse(body) as { method?: string; params?: { protocolVersion?: string } };
    if (message.method !== 'initialize' || !message.params) return body;
    message.params.protocolVersion = litellmProtocolVersion;
    return JSON.stringify(message);
  } catch {
    return body;
  }
}

export function litellmFetch(transport: 'http' | 'sse', extraHeaders: Record<string, string>): FetchLike {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(String(input));
      // Given its headers as raw lines, node:http adds no Host header of its own.
      const lines: string[] = ['host', url.host];
      for (const [name, value] of new Headers(init.headers).entries()) {
        // The SDK's own protocol header: kept as a second line on streamable HTTP, dropped on SSE.
        if (name === 'mcp-protocol-version' && transport === 'sse') continue;
        lines.push(name, value);
      }
      for (const [name, value] of Object.entries(extraHeaders)) lines.push(name, value);
      lines.push('MCP-Protocol-Version', litellmProtocolVersion);
      const body = asPythonClient(bodyText(init.body));
      if (body !== undefined) lines.push('content-length', String(Buffer.byteLength(body)));
      const send = url.protocol === 'https:' ? httpsRequest : request;
      const req = send(url, { method: init.method ?? 'GET', headers: lines, signal: init.signal ?? undefined }, (res) => {
        const headers = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
        const status = res.statusCode ?? 500;
        const noBody = status === 204 || status === 304 || init.method === 'HEAD';
        if (noBody) res.resume();
        resolve(new Response(noBody ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), { status, statusText: res.statusMessage ?? '', headers }));
      });
      req.on('error', reject);
      req.end(body);
    });
}
