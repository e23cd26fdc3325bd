/**
 * Faults between two tasks: the run is held right after a task (LITELLM_MCP_FAILPOINT=stop:<title>, a
 * SIGSTOP it sends itself), the test breaks something, and the run goes on into the fault. Most tasks
 * take milliseconds, so only a hold point puts the fault exactly there. Each time: exit 1 with the cause
 * and its fix, nothing half-made, and the same command completes once the fault is gone.
 * Its own deployment name (fault): it runs beside the other files.
 */
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, cli, tempDir } from '../support/cli.js';
import { docker, removeDeployment } from '../support/docker.js';
import { imageFlags } from '../support/images.js';

const name = 'fault';

/** `init` held after the task of that title; `fault` runs while it is stopped, then it goes on. */
async function initHeldAfter(dir: string, title: string, fault: () => Promise<void>, extra: string[] = []) {
  const child = execa('node', [bin, 'init', '--yes', '--dir', dir, ...imageFlags({ name }), ...extra], {
    reject: false, all: true, env: { LITELLM_MCP_FAILPOINT: `stop:${title}`, CI: '' },
  });
  const stopped = () => {
    try {
      // /proc/<pid>/stat: "pid (comm) S ...": T is stopped by a signal.
      return readFileSync(`/proc/${child.pid}/stat`, 'utf8').replace(/^.*\) /, '').startsWith('T');
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 1200 && !stopped() && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
  expect(stopped(), `the run never reached "${title}"`).toBe(true);
  await fault();
  child.kill('SIGCONT');
  return child;
}

const phaseStatus = (dir: string) => {
  const state = JSON.parse(readFileSync(join(dir, '.litellm-mcp', 'state.json'), 'utf8')) as { phases: Record<string, { status: string }> };
  return Object.fromEntries(Object.entries(state.phases).map(([id, p]) => [id, p.status]));
};

beforeAll(() => removeDeployment(name));
afterAll(() => removeDeployment(name));

describe('faults between tasks', () => {
  it('the database container killed during phase A: named, and the same command completes', async () => {
    await removeDeployment(name);
    const dir = join(tempDir(), name);
    const run = await initHeldAfter(dir, 'Dedicated PostgreSQL container', () => docker('kill', `${name}-postgres-1`).then(() => undefined));
    const r = await run;
    expect(r.exitCode, r.all).toBe(1);
    expect(r.all).toMatch(/failed\s+LiteLLM database and login role: The dedicated PostgreSQL container fault-postgres-1 exited with code 137 \(killed: SIGKILL/);
    expect(r.all).toMatch(/fix: Run the same command again \(or `litellm-mcp phase a`\): phase A starts it; if it stops again, `docker logs fault-postgres-1` says why/);
    expect(phaseStatus(dir).a).toBe('failed');

    const again = await cli(['init', '--yes', '--dir', dir, ...imageFlags({ name })]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Dedicated PostgreSQL container: .*started/);
    const check = await cli(['check', '--dir', dir]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
  }, 420_000);

  it('a host port taken between phase A and phase E: its holder named with the flag that moves it', async () => {
    await removeDeployment(name);
    const dir = join(tempDir(), name);
    const port = await freePort();
    let holder: Server | undefined;
    const run = await initHeldAfter(dir, 'LiteLLM host port', async () => {
      holder = createServer();
      await new Promise<void>((resolve) => holder!.listen(port, '0.0.0.0', resolve));
    }, ['--litellm-port', String(port)]);
    try {
      const r = await run;
      expect(r.exitCode, r.all).toBe(1);
      expect(r.all).toMatch(new RegExp(`cause: process node \\(pid ${process.pid}\\) already holds host port ${port}`));
      expect(r.all).toMatch(/fix: Stop process node \(pid \d+\), or choose another port \(--litellm-port\) and run `litellm-mcp init` again/);
      expect(phaseStatus(dir)).toMatchObject({ a: 'completed', d: 'completed', e: 'failed' });
    } finally {
      await new Promise((resolve) => holder?.close(resolve));
    }
    const again = await cli(['init', '--yes', '--dir', dir, ...imageFlags({ name }), '--litellm-port', String(port)]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
  }, 420_000);
});

/** A free port below the ephemeral range (phase A warns about one inside it). */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 10000);
    const s = createServer();
    const free = await new Promise<boolean>((resolve) => s.once('error', () => resolve(false)).listen(port, '0.0.0.0', () => resolve(true)));
    if (free) return new Promise((resolve) => s.close(() => resolve(port)));
  }
}
