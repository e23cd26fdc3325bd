/**
 * `--target swarm`, phases A to D, on a real single-node swarm: refused with the fix on an engine that is
 * not in one; then, once the test has made this engine a swarm manager, phase A makes an attachable
 * overlay, labels the database node and reads the entrypoints, and phases B and D write stack files that
 * `docker stack deploy` really runs: the secrets wrapper gives LiteLLM (the stand-in) its variables from
 * Docker secrets, with no value in the file or the service's spec. Phase E on a swarm is not built yet:
 * it says so. The test leaves the swarm only if it made it, and never touches one it did not make.
 * Runs alone (vitest.exclusive.config.ts): a swarm's ingress network would otherwise appear under the
 * files beside it.
 */
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseEnvFile } from '../../src/core/env-file.js';
import { yaml } from '../../src/infra/yaml.js';
import { cli, tempDir } from '../support/cli.js';
import { docker, startPostgres } from '../support/docker.js';
import { imageFlags } from '../support/images.js';

const name = 'swarmstack';
const pgNetwork = 'swarmstack-pg-net';
const pgContainer = 'swarmstack-shared-pg';
const adminPassword = 'swarmstack-ADMIN-pw-7391';
let madeSwarm = false;

const swarmState = async () => docker('info', '-f', '{{.Swarm.LocalNodeState}}');

async function cleanup(): Promise<void> {
  for (const stack of [name, `${name}-connector`]) await execa('docker', ['stack', 'rm', stack], { reject: false });
  // Services let go of their secrets and networks a moment after `stack rm` returns.
  for (let i = 0; i < 40; i++) {
    if ((await docker('service', 'ls', '-q', '--filter', `name=${name}`)) === '') break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const secrets = (await docker('secret', 'ls', '-q', '--filter', `name=${name}`).catch(() => '')).split('\n').filter(Boolean);
  if (secrets.length) await execa('docker', ['secret', 'rm', ...secrets], { reject: false });
  await execa('docker', ['rm', '-f', '-v', pgContainer], { reject: false });
  for (let i = 0; i < 40; i++) {
    const left = (await execa('docker', ['network', 'rm', `${name}-net`, pgNetwork], { reject: false })).stderr;
    if (!/active endpoints|in use/i.test(left)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  const state = await swarmState();
  if (state !== 'inactive') throw new Error(`This engine is already in a swarm (${state}); the test makes and leaves its own swarm only, and leaves this one alone.`);
});

afterAll(async () => {
  await cleanup();
  if (madeSwarm) await execa('docker', ['swarm', 'leave', '--force'], { reject: false });
});

describe('--target swarm, phases A to D', () => {
  it('refuses on an engine that is not in a swarm, with the command that makes one', async () => {
    const dir = tempDir();
    const run = await cli(['init', '--yes', '--dir', dir, '--target', 'swarm', '--db-strategy', 'shared', '--db-host', pgContainer, '--postgres-network', pgNetwork, ...imageFlags({ name })], { LITELLM_MCP_DB_ADMIN_PASSWORD: adminPassword });
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/not in a swarm/);
    expect(run.stdout + run.stderr).toMatch(/docker swarm init --advertise-addr/);
    expect((await execa('docker', ['network', 'inspect', `${name}-net`], { reject: false })).exitCode).not.toBe(0);
  });

  it('writes stack files a swarm runs: secrets from Docker secrets through the wrapper, no value in the file or the spec', async () => {
    await docker('swarm', 'init', '--advertise-addr', '127.0.0.1');
    madeSwarm = true;
    await docker('network', 'create', '--driver', 'overlay', '--attachable', pgNetwork);
    await startPostgres(inject('postgresImage'), pgContainer, pgNetwork, adminPassword);
    // This host reaches the database on the default bridge; the tasks reach it by name on the overlay.
    await docker('network', 'connect', 'bridge', pgContainer);
    const adminHost = await docker('inspect', '-f', '{{.NetworkSettings.Networks.bridge.IPAddress}}', pgContainer);

    const dir = tempDir();
    const run = await cli(['init', '--yes', '--dir', dir, '--target', 'swarm', '--litellm-replicas', '2', '--db-strategy', 'shared', '--db-host', pgContainer, '--postgres-network', pgNetwork, '--db-admin-host', adminHost, ...imageFlags({ name })], { LITELLM_MCP_DB_ADMIN_PASSWORD: adminPassword });
    const out = run.stdout + run.stderr;
    // Phase E says what is missing instead of deploying what no phase can prove yet.
    expect(run.code).not.toBe(0);
    expect(out).toMatch(/Deploying and proving the stacks on a swarm is not built in this version/);
    expect(out).toMatch(/--target compose/);
    expect(await docker('service', 'ls', '-q', '--filter', `name=${name}`)).toBe('');

    expect(JSON.parse(await docker('network', 'inspect', '-f', '{{json .}}', `${name}-net`))).toMatchObject({ Driver: 'overlay', Attachable: true, Scope: 'swarm' });
    const state = JSON.parse(readFileSync(join(dir, '.litellm-mcp', 'state.json'), 'utf8'));
    expect(state.imageEntrypoints[inject('images').litellm]).toEqual(['/usr/bin/node', '/app/main.mjs']);
    expect(readFileSync(join(dir, 'litellm-mcp.yaml'), 'utf8')).toMatch(/^target: swarm$/m);

    const stackText = readFileSync(join(dir, 'litellm', 'docker-stack.yml'), 'utf8');
    const env = new Map([...parseEnvFile(readFileSync(join(dir, 'secrets', 'litellm.env'), 'utf8')), ...parseEnvFile(readFileSync(join(dir, 'secrets', 'providers.env'), 'utf8'))]);
    for (const value of env.values()) if (value.length >= 8) expect(stackText.includes(value)).toBe(false);

    // What phase E will do, done here by hand: each secret created from its env file (value on stdin),
    // then the stack file deployed as written.
    const names = Object.keys((yaml().parse(stackText) as { secrets: Record<string, unknown> }).secrets);
    expect(names.length).toBe(env.size);
    for (const secretName of names) {
      const variable = [...env.keys()].find((k) => secretName.startsWith(`${name}_${k.toLowerCase()}_`));
      expect(variable, secretName).toBeDefined();
      await execa('docker', ['secret', 'create', secretName, '-'], { input: env.get(variable as string) ?? '' });
    }
    await execa('docker', ['stack', 'deploy', '-c', 'docker-stack.yml', name], { cwd: join(dir, 'litellm') });

    // Two tasks, each healthy: the stand-in answers its healthcheck only with its master key set.
    let healthy: string[] = [];
    for (let i = 0; i < 240 && healthy.length < 2; i++) {
      const ids = (await docker('ps', '-q', '--filter', `label=com.docker.swarm.service.name=${name}_litellm`)).split('\n').filter(Boolean);
      healthy = [];
      for (const id of ids) if ((await docker('inspect', '-f', '{{.State.Health.Status}}', id)) === 'healthy') healthy.push(id);
      if (healthy.length < 2) await new Promise((r) => setTimeout(r, 500));
    }
    expect(healthy).toHaveLength(2);
    for (const id of healthy) {
      // The process the wrapper exec'd (PID 1), not a `docker exec`, which gets the spec's environment only.
      const inside = parseEnvFile((await docker('exec', id, '/usr/bin/node', '-e', 'process.stdout.write(require("fs").readFileSync("/proc/1/environ", "utf8").split("\\0").join("\\n"))')));
      expect(inside.get('LITELLM_MASTER_KEY') === env.get('LITELLM_MASTER_KEY')).toBe(true);
      expect(inside.get('DATABASE_URL') === env.get('DATABASE_URL')).toBe(true);
    }
    const spec = await docker('service', 'inspect', `${name}_litellm`);
    for (const value of env.values()) if (value.length >= 8) expect(spec.includes(value)).toBe(false);
  });
});
