/**
 * Small HTTP calls for verification: every call has its own deadline, never throws on a status, and a
 * network failure comes back as a code a diagnosis can read (ECONNREFUSED, ECONNRESET, ...).
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpResult {
  status: number;
  contentType: string;
  /** The body, or its first chunk when `firstChunkOnly` (an SSE stream never ends). */
  text: string;
  ms: number;
}

export class HttpFailure extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'HttpFailure';
  }
}

export interface HttpOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
  firstChunkOnly?: boolean;
  /**
   * https without checking the certificate: for a probe of routing through a proxy by its address, where
   * the certificate is for the public host name and checking it is not what is being proven.
   */
  anyCertificate?: boolean;
}

/** node:http rather than fetch: the Host header can be set (to see what LiteLLM's requests see). */
export function http(url: string, options: HttpOptions = {}): Promise<HttpResult> {
  const started = performance.now();
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise<HttpResult>((resolve, reject) => {
    const secure = url.startsWith('https:');
    const req = (secure ? httpsRequest : httpRequest)(url, {
      ...(secure && options.anyCertificate ? { rejectUnauthorized: false } : {}),
      method: options.method ?? 'GET',
      headers: { ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}), ...options.headers },
      timeout: options.timeoutMs ?? 10_000,
    });
    req.on('timeout', () => req.destroy(new HttpFailure('ETIMEDOUT', `no answer from ${url} within ${options.timeoutMs ?? 10_000} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof HttpFailure) return reject(error);
      const code = error.code ?? 'EUNKNOWN';
      const said = code === 'ECONNRESET' || error.message === 'socket hang up' ? 'the connection was accepted and then closed' : error.message;
      reject(new HttpFailure(code, `${url}: ${said}`));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      // Only a stream is cut after its first chunk; anything else is read whole.
      const firstChunkOnly = options.firstChunkOnly === true && String(res.headers['content-type'] ?? '').includes('event-stream');
      const finish = () =>
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8'), ms: Math.round(performance.now() - started) });
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (firstChunkOnly) {
          finish();
          req.destroy();
        }
      });
      res.on('end', finish);
      res.on('error', () => finish());
    });
    req.end(body);
  });
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
