/**
 * Images before anything is created, against a real registry (test/support/registry.ts): an image only
 * in the registry is pulled by phase A's first task with its size and progress; an interrupted pull is an
 * interrupt (exit 130) and the next run pulls it; an image that is nowhere stops the run before anything
 * is made, named with the option that sets it. The pushed images are random bytes, so no layer of theirs
 * is on this host before the pull. Its own deployment name (pulls): it runs beside the other files.
 */
import { execa } from 'execa';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, cli, tempDir } from '../support/cli.js';
import { docker, removeDeployment } from '../support/docker.js';
import { imageFlags } from '../support/images.js';
import { closeTerminals, openTerminal } from '../support/pty.js';
import { startRegistry, type Registry } from '../support/registry.js';

const name = 'pulls';
let registry: Registry;
let small = '';
let big = '';
const dir = join(tempDir(), name);
const firstTaskOnly = { LITELLM_MCP_FAILPOINT: 'task:1' };

/** An image of one layer of `mb` random megabytes, pushed to the registry and gone from this host. */
async function pushRandomImage(repo: string, mb: number): Promise<string> {
  const context = tempDir('litellm-mcp-blob-');
  writeFileSync(join(context, 'blob'), randomBytes(mb * 1024 * 1024));
  writeFileSync(join(context, 'Dockerfile'), 'FROM scratch\nCOPY blob /blob\n');
  const ref = `${registry.address}/${repo}:1`;
  await docker('build', '-q', '-t', ref, context);
  await docker('push', ref);
  await docker('rmi', ref);
  return ref;
}

const present = (ref: string) => docker('image', 'inspect', ref).then(() => true, () => false);
const phaseA = (d: string) => (JSON.parse(readFileSync(join(d, '.litellm-mcp', 'state.json'), 'utf8')) as { phases: { a?: { status: string; tasks: Array<{ title: string; status: string }> } } }).phases.a;

beforeAll(async () => {
  await removeDeployment(name);
  registry = await startRegistry();
  [small, big] = await Promise.all([pushRandomImage('litellm-mcp-test/small', 8), pushRandomImage('litellm-mcp-test/big', 160)]);
}, 300_000);
afterAll(async () => {
  closeTerminals();
  await removeDeployment(name);
  for (const ref of [small, big]) if (ref) await docker('rmi', ref).catch(() => undefined);
  await registry?.stop();
});

describe('images', () => {
  it('one only in a registry is pulled by phase A\'s first task, with its size, before anything is created', async () => {
    const r = await cli(['init', '--yes', '--dir', dir, ...imageFlags({ name }), '--mcp-image', small], firstTaskOnly);
    expect(r.stdout).toContain(`pulling ${small}`);
    expect(r.stdout).toMatch(new RegExp(`pulled ${small.replace(/[.:/]/g, '\\$&')}: 8\\.\\d MB downloaded, 1 layer\\(s\\), in \\d+\\.\\d s`));
    expect(r.stdout).toMatch(/changed\s+Images: pulled 127\.0\.0\.1:\d+\/litellm-mcp-test\/small:1/);
    expect(await present(small)).toBe(true);
    // Killed right after the first task: nothing else was made.
    expect(existsSync(join(dir, 'secrets'))).toBe(false);

    const again = await cli(['init', '--yes', '--dir', dir, ...imageFlags({ name }), '--mcp-image', small], firstTaskOnly);
    expect(again.stdout).toMatch(/ok\s+Images: all 3 here: /);
  }, 120_000);

  it('at a terminal the pull shows a progress bar of its bytes and layers', async () => {
    // The answers now name the big image (pulled here in plain lines), then it is removed again.
    const plain = await cli(['init', '--yes', '--dir', dir, ...imageFlags({ name }), '--mcp-image', big], firstTaskOnly);
    expect(plain.stdout).toMatch(/pulled .*big:1: 16\d\.\d MB downloaded|pulled .*big:1: 16\d MB downloaded/);
    await docker('rmi', big);
    const run = openTerminal(['phase', 'a', '--dir', dir], firstTaskOnly);
    const screen = await run.waitFor(/\[#*-*\] \d+(\.\d)? MB of 16\d MB, 0\/1 layers/, 60_000);
    expect(screen).toContain(`pulling ${big}`);
    await run.exit;
    expect(await present(big)).toBe(true);
  }, 120_000);

  it('an interrupted pull is an interrupt (exit 130, phase A recorded as interrupted); the next run pulls it', async () => {
    await docker('rmi', big);
    const child = execa('node', [bin, 'phase', 'a', '--yes', '--dir', dir], { reject: false, all: true, env: { CI: '' } });
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes(`pulling ${big}`)) child.kill('SIGINT');
    });
    const r = await child;
    expect(r.exitCode, r.all).toBe(130);
    expect(phaseA(dir)?.status).toBe('interrupted');
    expect(phaseA(dir)?.tasks.some((t) => t.title === 'Images')).toBe(false);

    const again = await cli(['phase', 'a', '--yes', '--dir', dir], firstTaskOnly);
    expect(again.stdout).toMatch(/changed\s+Images: pulled .*big:1|ok\s+Images: all 3 here/);
    expect(await present(big)).toBe(true);
  }, 120_000);

  it('one in no registry, and one whose registry cannot be reached: exit 1, each named with its option, nothing created', async () => {
    const fresh = join(tempDir(), name);
    mkdirSync(fresh);
    const r = await cli(['init', '--yes', '--dir', fresh, ...imageFlags({ name }), '--mcp-image', `${registry.address}/litellm-mcp-test/nothing:1`, '--postgres-image', '127.0.0.1:1/postgres:16']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/failed\s+Images: Images not available: /);
    expect(r.stdout).toMatch(/127\.0\.0\.1:\d+\/litellm-mcp-test\/nothing:1 \(--mcp-image\): not on this host, and its registry has no such image or tag/);
    expect(r.stdout).toMatch(/127\.0\.0\.1:1\/postgres:16 \(--postgres-image\): not on this host, and its registry cannot be reached from this host \(.*connection refused/);
    expect(r.stdout).toMatch(/fix: Check the names and tags \(.*--mcp-image.*--postgres-image|fix: Check the names and tags \(.*--postgres-image.*--mcp-image/);
    expect(existsSync(join(fresh, 'secrets'))).toBe(false);
    expect(await docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${name}-litellm`)).toBe('');
  }, 120_000);
});
