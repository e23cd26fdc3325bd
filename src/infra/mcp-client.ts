/**
 * The MCP SDK client with the timeouts it lacks: SSEClientTransport.start() waits forever when a socket
 * is accepted and closed or no `endpoint` event comes (FACTS.md), so every connection runs under our own
 * deadline, and the transport is closed in `finally`. A new Client for every attempt.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { http, HttpFailure, type HttpResult } from './http.js';

export type McpTransportKind = 'sse' | 'http';

export async function withMcpClient<T>(
  url: string,
  kind: McpTransportKind,
  headers: Record<string, string>,
  timeoutMs: number,
  use: (client: Client) => Promise<T>,
): Promise<T> {
  const [{ Client }, { SSEClientTransport }, { StreamableHTTPClientTransport }] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/index.js'),
    import('@modelcontextprotocol/sdk/client/sse.js'),
    import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
  ]);
  const requestInit = { headers };
  const transport =
    kind === 'sse'
      ? // The SDK adds requestInit's headers to the event stream's GET as well as to each POST.
        new SSEClientTransport(new URL(url), { requestInit })
      : new StreamableHTTPClientTransport(new URL(url), { requestInit });
  const client = new Client({ name: 'litellm-mcp', version: '1' });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HttpFailure('ETIMEDOUT', `no MCP session with ${url} within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  });
  try {
    await Promise.race([client.connect(transport), deadline]);
    return await Promise.race([use(client), deadline]);
  } finally {
    clearTimeout(timer);
    await transport.close().catch(() => undefined);
  }
}

export interface TransportProbe {
  /** What the server speaks, from its answers; undefined when neither answered as expected. */
  speaks?: McpTransportKind;
  /** One line per probe, for the report: "GET /sse → 200 text/event-stream". */
  evidence: string[];
  /** The first network failure, when the server could not be reached at all. */
  failure?: HttpFailure;
  /** A 421 on any probe: the server refuses the Host header. */
  hostRejected: boolean;
}

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'litellm-mcp-probe', version: '1' } },
};

/**
 * Asks the server which transport it speaks (FACTS.md): `GET /sse` answers 200 text/event-stream with an
 * `endpoint` event on SSE; `POST /mcp` initialize answers 200 on streamable HTTP and 404 on SSE-only.
 * `host` overrides the Host header, to see what a client using another name (LiteLLM) sees.
 */
export async function detectTransport(base: string, host?: string): Promise<TransportProbe> {
  const headers: Record<string, string> = host ? { host } : {};
  const probe: TransportProbe = { evidence: [], hostRejected: false };
  const attempt = async (label: string, call: () => Promise<HttpResult>): Promise<HttpResult | undefined> => {
    try {
      const r = await call();
      probe.evidence.push(`${label} → ${r.status}${r.contentType ? ` ${r.contentType.split(';')[0]}` : ''}`);
      if (r.status === 421) probe.hostRejected = true;
      return r;
    } catch (error) {
      const failure = error instanceof HttpFailure ? error : new HttpFailure('EUNKNOWN', String(error));
      probe.evidence.push(`${label} → ${failure.code}`);
      probe.failure ??= failure;
      return undefined;
    }
  };
  const sse = await attempt('GET /sse', () => http(`${base}/sse`, { headers: { accept: 'text/event-stream', ...headers }, firstChunkOnly: true, timeoutMs: 5000 }));
  if (sse?.status === 200 && sse.contentType.includes('text/event-stream') && /event: ?endpoint/.test(sse.text)) probe.speaks = 'sse';
  const mcp = await attempt('POST /mcp', () =>
    http(`${base}/mcp`, { method: 'POST', body: initialize, headers: { accept: 'application/json, text/event-stream', ...headers }, firstChunkOnly: true, timeoutMs: 5000 }),
  );
  if (!probe.speaks && mcp?.status === 200) probe.speaks = 'http';
  return probe;
}
