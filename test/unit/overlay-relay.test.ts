/**
 * The overlay relay's Python, run by this machine's real python3 (the LiteLLM image runs the same file;
 * the stand-in images play it in test/images/shared/python-shim.ts): bytes both ways, many connections,
 * a body sent in pieces, and an upstream that refuses without taking the relay down.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const script = readFileSync(join(import.meta.dirname, '..', '..', 'templates', 'overlay-relay.py'), 'utf8');
const running: ChildProcess[] = [];
afterEach(() => {
  for (const p of running.splice(0)) p.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

async function relay(targetPort: number): Promise<number> {
  const listen = await freePort();
  const p = spawn('python3', ['-c', script, '127.0.0.1', String(targetPort), String(listen)], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(p);
  await new Promise<void>((resolve, reject) => {
    p.stdout?.on('data', (d: Buffer) => d.toString().includes('relay ready') && resolve());
    p.on('exit', (code) => reject(new Error(`relay exited ${code}`)));
  });
  return listen;
}

describe('overlay relay (templates/overlay-relay.py) under the real python3', () => {
  it('carries requests and answers both ways, 30 connections side by side, a body in pieces, byte for byte', async () => {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => res.end(JSON.stringify({ path: req.url, body: Buffer.concat(chunks).toString('utf8') })));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const port = await relay((server.address() as AddressInfo).port);
      const body = 'é'.repeat(100_000);
      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => fetch(`http://127.0.0.1:${port}/n/${i}`, { method: 'POST', body }).then((r) => r.json())));
      answers.forEach((a, i) => expect(a).toEqual({ path: `/n/${i}`, body }));
    } finally {
      server.close();
    }
  });

  it('closes a client whose upstream refuses, and goes on serving', async () => {
    const closed = await freePort();
    const port = await relay(closed);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    expect(running[0]?.exitCode).toBeNull();
  });
});
