/** One run at a time; an interrupt is recorded, reported and resumable. Its own deployment name (lock). */
import { execa } from 'execa';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bin, cli, tempDir } from '../support/cli.js';
import { imageFlags } from '../support/images.js';
import { removeDeployment } from '../support/docker.js';

const name = 'lock';
beforeAll(() => removeDeployment(name));
afterEach(() => removeDeployment(name));

function plantLock(dir: string, pid: number): void {
  mkdirSync(join(dir, '.litellm-mcp'), { recursive: true });
  writeFileSync(join(dir, '.litellm-mcp', 'lock'), JSON.stringify({ pid, user: 'someone', host: hostname(), since: '2026-11-23T10:00:00.000Z', command: 'init' }));
}

describe('the lock', () => {
  it('stops a second run while the first is alive, naming who holds it', async () => {
    const dir = tempDir();
    plantLock(dir, process.pid);
    const r = await cli(['init', '--yes', '--dir', dir, ...imageFlags({ name })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`Another litellm-mcp run holds this deployment: pid ${process.pid} .* "init", since 2026-11-23T10:00:00.000Z`));
    // The busy folder is left as it was: not even the answers file is written.
    expect(readdirSync(dir)).toEqual(['.litellm-mcp']);
  });

  it('takes over a lock whose process is gone, with a warning', async () => {
    const dir = tempDir();
    const dead = await execa('node', ['-e', 'console.log(process.pid)']);
    plantLock(dir, Number(dead.stdout));
    const r = await cli(['init', '--yes', '--dir', dir, ...imageFlags({ name })]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Took over a lock left by process \d+ \(init, since 2026-11-23T10:00:00.000Z\), which is no longer running/);
    expect(existsSync(join(dir, '.litellm-mcp', 'lock'))).toBe(false);
  });
});

describe('an interrupt', () => {
  it('is recorded as interrupted, reported, the lock released, exit 130; the next run resumes', async () => {
    const dir = tempDir();
    const child = execa('node', [bin, 'init', '--yes', '--dir', dir, ...imageFlags({ name })], { reject: false, env: { CI: '' } });
    // Wait until the dedicated database is starting (its health wait takes seconds), then interrupt.
    await new Promise<void>((resolve) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('MCP server host port')) resolve();
      });
    });
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGTERM');
    const result = await child;
    expect(result.exitCode).toBe(130);
    const status = readFileSync(join(dir, 'STATUS.md'), 'utf8');
    expect(status).toMatch(/## Phase A: Environment preparation \(⏸ INTERRUPTED\)/);
    expect(JSON.parse(readFileSync(join(dir, '.litellm-mcp', 'state.json'), 'utf8')).phases.a.status).toBe('interrupted');
    expect(existsSync(join(dir, '.litellm-mcp', 'lock'))).toBe(false);
    const leftovers = [dir, join(dir, 'secrets'), join(dir, '.litellm-mcp')].flatMap((d) => readdirSync(d)).filter((f) => f.includes('.tmp-'));
    expect(leftovers).toEqual([]);

    const resumed = await cli(['init', '--yes', '--dir', dir, ...imageFlags({ name })]);
    expect(resumed.code).toBe(0);
    expect(readFileSync(join(dir, 'STATUS.md'), 'utf8')).toMatch(/## Phase A: Environment preparation \(✅ COMPLETED\)/);
  });
});
