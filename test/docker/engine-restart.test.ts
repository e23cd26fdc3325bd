/**
 * The Docker engine restarted while phase E waits for LiteLLM's health: every container of the host
 * stops with it, so this file runs alone, after both halves of the suite (vitest.exclusive.config.ts,
 * test/run-tests.mjs). The run must either finish or stop with the cause and its fix; then the same
 * command must complete and prove the gateway, with the deployment's data and key intact.
 */
import { execa } from 'execa';
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, cli, tempDir } from '../support/cli.js';
import { docker, removeDeployment } from '../support/docker.js';
import { imageFlags } from '../support/images.js';

const name = 'engine';
const dir = join(tempDir(), name);
const args = ['init', '--yes', '--dir', dir, ...imageFlags({ name })];

const engineAnswers = async () => (await execa('docker', ['info', '--format', '{{.ServerVersion}}'], { reject: false })).exitCode === 0;

/** Stops dockerd (SIGTERM: it stops every container, as `systemctl restart docker` does) and starts it again with its own command line. */
async function restartEngine(): Promise<void> {
  const pid = (await execa('pgrep', ['-x', 'dockerd'])).stdout.trim().split('\n')[0]!;
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  process.kill(Number(pid), 'SIGTERM');
  for (let i = 0; i < 600; i++) {
    try {
      process.kill(Number(pid), 0);
    } catch {
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const log = openSync('/var/log/dockerd.log', 'a');
  spawn(argv[0]!, argv.slice(1), { detached: true, stdio: ['ignore', log, log] }).unref();
  closeSync(log);
  for (let i = 0; i < 600 && !(await engineAnswers()); i++) await new Promise((r) => setTimeout(r, 100));
  expect(await engineAnswers(), 'dockerd did not come back; see /var/log/dockerd.log').toBe(true);
}

beforeAll(() => removeDeployment(name));
afterAll(async () => {
  // The rest of the machine must find an engine, whatever happened here.
  if (!(await engineAnswers())) await execa('bash', ['.ci/install-docker.sh'], { reject: false });
  await removeDeployment(name);
});

describe('the Docker engine restarted during phase E', () => {
  it('stops with the cause, or finishes; the same command then completes with the data kept', async () => {
    const run = execa('node', [bin, ...args], { reject: false, all: true, env: { CI: '' } });
    let ended = false;
    void run.then(() => (ended = true));
    // Into the health wait: LiteLLM's container running, its healthcheck not passed yet.
    for (;;) {
      expect(ended, 'the run ended before LiteLLM was waited for').toBe(false);
      const state = await execa('docker', ['inspect', '-f', '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}', `${name}-litellm-1`], { reject: false });
      if (state.stdout.trim() === 'running starting') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await restartEngine();
    const r = await run;
    const out = r.all.replace(/\x1b\[[0-9;]*m/g, '');
    if (r.exitCode !== 0) {
      expect(r.exitCode, out).toBe(1);
      const failed = out.split('\n').filter((l) => /✖ failed|^\s+fix: /.test(l));
      expect(failed.join('\n'), 'a failure names the engine, not a bare socket error').toMatch(/failed\s+LiteLLM stack deployed and healthy: The Docker engine stopped answering \(.+\): it was restarted or stopped while this task ran\.\n\s+fix: Once `docker info` answers again, run the same command/);
      process.stdout.write(`the run during the engine restart stopped with:\n${failed.join('\n')}\n`);
    } else process.stdout.write('the run during the engine restart finished\n');

    const again = await cli(args);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toMatch(/ok  MCP tools through LiteLLM: listed, called/);
    const check = await cli(['check', '--dir', dir]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    // The database came back with the engine: the key phase F minted is in it.
    const keys = await docker('exec', `${name}-postgres-1`, 'psql', '-U', 'postgres', '-d', 'litellm_db', '-Atc', 'select count(*) from "LiteLLM_VerificationToken"');
    expect(Number(keys)).toBeGreaterThan(0);
  }, 600_000);
});
