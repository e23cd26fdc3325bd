/**
 * One SSE session as python mcp 1.6.0's SseServerTransport (served by sse-starlette 2.2.1) holds it, as
 * an MCP SDK Transport: the stream opens with `event: endpoint` / `data: /messages/?session_id=<32 hex>`
 * (FACTS.md), server messages follow as `event: message` lines, `\r\n`-separated, and a `: ping - <time>`
 * comment comes every 15 s. Client messages arrive by POST /messages/ and are handed in by http-app.ts.
 */
import type { ServerResponse } from 'node:http';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

const pingIntervalMs = 15_000;

/** str(datetime.now(timezone.utc)): "2025-05-28 10:00:00.123000+00:00". */
function pythonUtcNow(): string {
  const iso = new Date().toISOString(); // 2025-05-28T10:00:00.123Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000+00:00`;
}

export class SseSessionTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private ping: NodeJS.Timeout | undefined;
  private open = true;

  constructor(
    readonly sessionId: string,
    private readonly response: ServerResponse,
    private readonly endpoint: string,
  ) {
    response.on('close', () => this.streamClosed());
  }

  async start(): Promise<void> {
    this.write({ event: 'endpoint', data: `${this.endpoint}?session_id=${this.sessionId}` });
    this.ping = setInterval(() => this.response.write(`: ping - ${pythonUtcNow()}\r\n\r\n`), pingIntervalMs);
  }

  private write(event: { event: string; data: string }): void {
    this.response.write(`event: ${event.event}\r\ndata: ${event.data}\r\n\r\n`);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (!this.open) throw new Error('the SSE stream of this session is closed');
    this.write({ event: 'message', data: JSON.stringify(message) });
  }

  /** A message POSTed for this session (after its 202 Accepted). */
  deliver(message: JSONRPCMessage): void {
    if (this.open) this.onmessage?.(message);
  }

  /** A POST body that is no JSON-RPC message: the real transport passes the error to its session. */
  reject(error: Error): void {
    this.onerror?.(error);
  }

  private streamClosed(): void {
    if (!this.open) return;
    this.open = false;
    clearInterval(this.ping);
    this.onclose?.();
  }

  async close(): Promise<void> {
    this.response.end();
    this.streamClosed();
  }
}
