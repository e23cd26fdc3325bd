/**
 * `--target swarm` on a real single-node swarm: refused with the fix on an engine that is not in one;
 * then, once the test has made this engine a swarm manager, `init` runs phases A to E: an attachable
 * overlay, stack files rendered from the compose model, Docker secrets read into the environment by the
 * wrapper (no value in a file or a service's spec), two LiteLLM replicas (the stand-in) and postgres-mcp
 * (the test image), proven through relays on the overlay network (this kernel has no IPVS, so the
 * routing mesh's port does not answer here: ARCHITECTURE.md, "Swarm"); phases F and G run there too (the
 * client proofs through a relay, the audit on the services' specs). The test leaves the swarm only if it made it, and never touches one it did not make.
 * Runs alone (vitest.exclusive.config.ts): a swarm's ingress network would otherwise appear under the
 * files beside it.
 */
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import Docker from 'dockerode';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseEnvFile } from '../../src/core/env-file.js';
import { cli, tempDir } from '../support/cli.js';
import { docker } from '../support/docker.js';
import { imageFlags } from '../support/images.js';
import { startRelay } from '../../src/infra/overlay-relay.js';
import { loadLoop } from '../support/load-loop.mjs';


const name = 'swarmstack';
const pgNetwork = 'swarmstack-pg-net';
const pgContainer = 'swarmstack-shared-pg';
const adminPassword = 'swarmstack-ADMIN-pw-7391';
let madeSwarm = false;
/** The deployment the later tests share: made by the third. */
const dir = tempDir();

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
  // The database's volume outlives its service until the task's container is gone.
  for (let i = 0; i < 80; i++) {
    if ((await execa('docker', ['volume', 'rm', `${name}_pgdata`], { reject: false })).stderr.includes('in use') === false) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  for (let i = 0; i < 40; i++) {
    const left = (await execa('docker', ['network', 'rm', `${name}-net`, pgNetwork], { reject: false })).stderr;
    if (!/active endpoints|in use/i.test(left)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  const state = await swarmState();
  if (state !== 'inactive') throw new Error(`This engine is already in a swarm (${state}); the test makes and leaves its own swarm only, and leaves this one alone.`);
  // A volume an interrupted run left would hold a database with another password.
  await execa('docker', ['volume', 'rm', `${name}_pgdata`], { reject: false });
});

const probeIn = async () => {
  const ids = (await docker('ps', '-q', '--filter', `label=com.docker.swarm.service.name=${name}_litellm`)).split('\n').filter(Boolean);
  return Promise.all(ids.map(async (id) => parseEnvFile(await docker('exec', id, '/usr/bin/node', '-e', 'process.stdout.write(require("fs").readFileSync("/proc/1/environ", "utf8").split("\\0").join("\\n"))')).get('ROTATION_PROBE')));
};
const probeVersions = async () => (await docker('secret', 'ls', '--format', '{{.Name}}', '--filter', `name=${name}_rotation_probe_`)).split('\n').filter(Boolean);

const nextTags: string[] = [];

afterAll(async () => {
  await cleanup();
  for (const tag of nextTags) await execa('docker', ['rmi', tag], { reject: false });
  if (madeSwarm) await execa('docker', ['swarm', 'leave', '--force'], { reject: false });
});

describe('--target swarm', () => {
  it('refuses on an engine that is not in a swarm, with the command that makes one', async () => {
    const dir = tempDir();
    const run = await cli(['init', '--yes', '--dir', dir, '--target', 'swarm', '--redis-image', inject('images').redis, '--db-strategy', 'shared', '--db-host', pgContainer, '--postgres-network', pgNetwork, ...imageFlags({ name })], { LITELLM_MCP_DB_ADMIN_PASSWORD: adminPassword });
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/not in a swarm/);
    expect(run.stdout + run.stderr).toMatch(/docker swarm init --advertise-addr/);
    expect((await execa('docker', ['network', 'inspect', `${name}-net`], { reject: false })).exitCode).not.toBe(0);
  });

  it('refuses a shared database on a bridge network, which a swarm service cannot join, with the overlay to make', async () => {
    await docker('swarm', 'init', '--advertise-addr', '127.0.0.1');
    madeSwarm = true;
    await docker('network', 'create', pgNetwork);
    const run = await cli(['init', '--yes', '--dir', tempDir(), '--target', 'swarm', '--redis-image', inject('images').redis, '--db-strategy', 'shared', '--db-host', pgContainer, '--postgres-network', pgNetwork, ...imageFlags({ name })], { LITELLM_MCP_DB_ADMIN_PASSWORD: adminPassword });
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(new RegExp(`network ${pgNetwork} is "bridge": a swarm service cannot join it`));
    expect(run.stdout + run.stderr).toMatch(/docker network create --driver overlay --attachable/);
    expect(await docker('service', 'ls', '-q', '--filter', `name=${name}`)).toBe('');
  });

  it('deploys the dedicated database and 2 LiteLLM replicas, and proves them: through relays on the overlay, each replica, a key across replicas, 50 MCP calls in one session; no secret value in a file or spec', async () => {
    // A variable of the person's own in providers.env (kept as written): the rotation test changes it.
    mkdirSync(join(dir, 'secrets'), { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, 'secrets', 'providers.env'), 'ROTATION_PROBE=first-value-1234\n', { mode: 0o600 });
    const run = await cli(['init', '--yes', '--dir', dir, '--target', 'swarm', '--litellm-replicas', '2', '--redis-image', inject('images').redis, ...imageFlags({ name })]);
    const out = run.stdout + run.stderr;
    // First, while its minute lasts: the rate-limit proof's count is in Redis, where both replicas counted it.
    const redisTask = (await docker('ps', '-q', '--filter', `label=com.docker.swarm.service.name=${name}_redis`)).trim();
    const redisCli = (...args: string[]) => docker('exec', redisTask, '/bin/sh', '-c', 'REDISCLI_AUTH="$(cat /run/secrets/REDIS_PASSWORD)" exec redis-cli --no-auth-warning "$@"', 'redis-cli', ...args);
    const counters = (await redisCli('--scan', '--pattern', '{api_key:*}:requests')).split('\n').filter(Boolean);
    expect(counters, out).toHaveLength(1);
    expect(await redisCli('GET', counters[0]!)).toBe('3');
    // Redis runs as its own user, not root.
    expect(await docker('exec', redisTask, '/bin/sh', '-c', "grep '^Uid:' /proc/1/status")).toMatch(/^Uid:\s+999\s/);
    // Every phase, A to G, on the swarm.
    expect(run.code, out).toBe(0);
    const status = readFileSync(join(dir, 'STATUS.md'), 'utf8');
    for (const phase of 'ABCDEFG') expect(status).toMatch(new RegExp(`Phase ${phase}[^\\n]*COMPLETED|COMPLETED[^\\n]*Phase ${phase}`, 'i'));
    // Phase F: the client files name the LAN address; they are proven through a relay to the tasks, by effect.
    expect(status).toMatch(/Claude Code connects with clients\/claude-code\.mcp\.json: \*\*ok\*\*, MCP http:\/\/linuxserver\.lan:\d+\/mcp\/ \(x-litellm-api-key\): \d+ tool\(s\), db_main-execute_sql read as mcp_readonly/);
    // Phase G reads the services' specs, and says what the published port does on this host.
    expect(status).toMatch(/Service options \(docker service inspect\): \*\*ok\*\*, litellm, postgres, postgres-mcp, redis: memory and pids limits/);
    if (!existsSync('/proc/sys/net/ipv4/vs')) expect(status).toMatch(/\| high \| LiteLLM's published port answers nowhere on this host \|[^\n]*this kernel has no IPVS/);

    expect(JSON.parse(await docker('network', 'inspect', '-f', '{{json .}}', `${name}-net`))).toMatchObject({ Driver: 'overlay', Attachable: true, Scope: 'swarm' });
    const state = JSON.parse(readFileSync(join(dir, '.litellm-mcp', 'state.json'), 'utf8'));
    expect(state.imageEntrypoints[inject('images').litellm]).toEqual(['/usr/bin/node', '/app/main.mjs']);
    expect(readFileSync(join(dir, 'litellm-mcp.yaml'), 'utf8')).toMatch(/^target: swarm$/m);

    // What a person checks: the services and their replicas, as the swarm reports them.
    const services = await docker('service', 'ls', '--format', '{{.Name}} {{.Replicas}}', '--filter', `name=${name}`);
    expect(services.split('\n').sort()).toEqual([`${name}-connector_postgres-mcp 1/1`, `${name}_litellm 2/2`, `${name}_postgres 1/1`, `${name}_redis 1/1`]);
    // The database is pinned to the node phase A labelled, where its volume is.
    expect(await docker('service', 'inspect', '-f', '{{json .Spec.TaskTemplate.Placement.Constraints}}', `${name}_postgres`)).toBe(`["node.labels.${name}.database == true"]`);
    expect(await docker('node', 'inspect', 'self', '-f', `{{index .Spec.Labels "${name}.database"}}`)).toBe('true');
    // The proofs' relays are gone.
    expect(await docker('ps', '-aq', '--filter', `label=io.litellm-mcp.relay=${name}`)).toBe('');
    // By effect: the replica proof minted and deleted a key in LiteLLM's database; the 50 calls ran as the read-only role.
    expect(status).toMatch(/50\/50 tool calls returned mcp_readonly's row/);
    expect(status).toMatch(/Key across replicas[^\n]*minted on [0-9a-z]{12}, accepted by [0-9a-z]{12}, deleted/);
    // Requests 1 and 2 on two tasks, the 3rd refused: the replicas count once, in Redis.
    expect(status).toMatch(/Rate limit across replicas[^\n]*rpm_limit 2: 1 on ([0-9a-z]{12}): 200, 2 on (?!\1)[0-9a-z]{12}: 200, 3 on \1: 429/);
    const database = (await docker('ps', '-q', '--filter', `label=com.docker.swarm.service.name=${name}_postgres`)).trim();
    const keysLeft = await docker('exec', database, 'psql', '-U', 'postgres', '-d', 'litellm_db', '-tAc', `SELECT count(*) FROM "LiteLLM_VerificationToken" WHERE key_alias LIKE 'litellm-mcp-replica-proof-%' OR key_alias LIKE 'litellm-mcp-limit-proof-%'`);
    expect(keysLeft).toBe('0');

    // Safe to re-run: `phase e` again finds both stacks deployed as written, changes no task, and proves them again.
    const taskIds = async () => docker('service', 'ps', '-q', '--filter', 'desired-state=running', `${name}_litellm`, `${name}_postgres`, `${name}_redis`, `${name}-connector_postgres-mcp`);
    const before = await taskIds();
    const again = await cli(['phase', 'e', '--yes', '--dir', dir]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toMatch(/ok\s+LiteLLM stack deployed, every replica healthy: litellm\/docker-stack\.yml is deployed/);
    expect(again.stdout).toMatch(/ok\s+MCP server stack deployed and healthy: mcp\/postgres\/docker-stack\.yml is deployed/);
    expect(await taskIds()).toBe(before);

    // A command built for compose containers only says so on a swarm, instead of reporting tasks as missing containers.
    const list = await cli(['mcp', 'list', '--dir', dir]);
    expect(list.code).toBe(2);
    expect(list.stdout + list.stderr).toMatch(/`litellm-mcp mcp list` is not built for a swarm deployment yet[\s\S]*docker service ls/);

    // Secrets: none in the stack files or the services' specs; each task's process has them.
    const env = new Map(['litellm.env', 'providers.env', 'redis.env'].flatMap((f) => [...parseEnvFile(readFileSync(join(dir, 'secrets', f), 'utf8'))]));
    const texts = [readFileSync(join(dir, 'litellm', 'docker-stack.yml'), 'utf8'), readFileSync(join(dir, 'mcp', 'postgres', 'docker-stack.yml'), 'utf8'), await docker('service', 'inspect', `${name}_litellm`, `${name}_redis`, `${name}-connector_postgres-mcp`), out];
    for (const value of env.values()) if (value.length >= 8) for (const text of texts) expect(text.includes(value)).toBe(false);
    const tasks = (await docker('ps', '-q', '--filter', `label=com.docker.swarm.service.name=${name}_litellm`)).split('\n').filter(Boolean);
    expect(tasks).toHaveLength(2);
    for (const id of tasks) {
      // The process the wrapper exec'd (PID 1), not a `docker exec`, which gets the spec's environment only.
      const inside = parseEnvFile(await docker('exec', id, '/usr/bin/node', '-e', 'process.stdout.write(require("fs").readFileSync("/proc/1/environ", "utf8").split("\\0").join("\\n"))'));
      expect(inside.get('LITELLM_MASTER_KEY') === env.get('LITELLM_MASTER_KEY')).toBe(true);
      expect(inside.get('DATABASE_URL') === env.get('DATABASE_URL')).toBe(true);
      expect(inside.get('REDIS_PASSWORD') === env.get('REDIS_PASSWORD')).toBe(true);
    }
  });

  it('operates the swarm deployment: check reads the services, logs shows each replica with secrets hidden, backup dumps from the overlay, restore swaps the database with LiteLLM scaled to 0 and back', async () => {
    const check = await cli(['check', '--dir', dir]);
    expect(check.stdout).toMatch(new RegExp(`^ok +services: 4 services, every task running and healthy: [^\\n]*${name}_litellm 2/2`, 'm'));

    const logs = await cli(['logs', 'litellm', '--tail', '50', '--dir', dir]);
    expect(logs.code, logs.stderr).toBe(0);
    // Both replicas' lines, each with its task's slot, and no secret value.
    expect(logs.stdout).toMatch(/^litellm\.1 +\| \d{4}-\d\d-\d\dT/m);
    expect(logs.stdout).toMatch(/^litellm\.2 +\| \d{4}-\d\d-\d\dT/m);
    const secrets = parseEnvFile(readFileSync(join(dir, 'secrets', 'generated.env'), 'utf8'));
    for (const value of secrets.values()) expect(logs.stdout.includes(value)).toBe(false);

    const made = await cli(['backup', '--dir', dir]);
    expect(made.code, made.stdout + made.stderr).toBe(0);
    const dump = /backups\/(\S+\.dump)/.exec(made.stdout)?.[1];
    expect(dump, made.stdout).toBeDefined();

    // A key minted after the backup: the restored database never knew it.
    const master = secrets.get('LITELLM_MASTER_KEY')!;
    const relay = await startRelay(new Docker(), { image: inject('images').litellm, network: `${name}-net`, host: 'tasks.litellm', port: 4000, deployment: `${name}-test` });
    try {
      const later = (await (await fetch(`${relay.base}/key/generate`, { method: 'POST', headers: { authorization: `Bearer ${master}`, 'content-type': 'application/json' }, body: '{}' })).json()) as { key: string };
      const models = async (key: string) => (await fetch(`${relay.base}/v1/models`, { headers: { authorization: `Bearer ${key}` } })).status;
      expect(await models(later.key)).toBe(200);

      const restored = await cli(['restore', join(dir, 'backups', dump!), '--yes', '--dir', dir]);
      expect(restored.code, restored.stdout + restored.stderr).toBe(0);
      expect(restored.stdout).toMatch(/^Restored \S+\.dump into litellm_db in [\d.]+ s; the client key minted before the backup works again \(GET \/v1\/models → 200\)\. The database it replaced is kept as litellm_db_before_\d{14}/m);
      // By effect: both replicas run again on the restored database, which holds the client key and not the later one.
      expect(await docker('service', 'ls', '--format', '{{.Replicas}}', '--filter', `name=${name}_litellm`)).toBe('2/2');
      expect(await models(later.key)).toBe(401);
      const clientKey = readFileSync(join(dir, 'secrets', 'client.env'), 'utf8').match(/^LITELLM_API_KEY=(\S+)$/m)![1]!;
      expect(await models(clientKey)).toBe(200);

      // `key revoke` reaches the tasks through a relay of its own: the key's row is gone from LiteLLM's
      // database (a task that used it may still accept it from its cache for up to 60 s).
      const revoked = await cli(['key', 'revoke', '--dir', dir]);
      expect(revoked.code, revoked.stdout + revoked.stderr).toBe(0);
      const database = (await docker('ps', '-q', '--filter', `label=com.docker.swarm.service.name=${name}_postgres`)).trim();
      const hash = createHash('sha256').update(clientKey).digest('hex');
      expect(await docker('exec', database, 'psql', '-U', 'postgres', '-d', 'litellm_db', '-tAc', `SELECT count(*) FROM "LiteLLM_VerificationToken" WHERE token = '${hash}'`)).toBe('0');
    } finally {
      await relay.close();
    }
    expect(await docker('ps', '-aq', '--filter', `label=io.litellm-mcp.relay=${name}`)).toBe('');
  });

  it('rolls LiteLLM to a new image and a rotated secret on `upgrade` (phases B and E), one task at a time, with no failed request in a load loop through the replicas; the old secret version is removed', async () => {
    const images = inject('images');
    const next = `${images.litellm}-next`;
    await docker('tag', images.litellm, next);
    try {
      // A rotation in the same run: a new value is a new secret version, and the tasks roll to it too.
      expect(await probeIn()).toEqual(['first-value-1234', 'first-value-1234']);
      const [oldVersion] = await probeVersions();
      writeFileSync(join(dir, 'secrets', 'providers.env'), 'ROTATION_PROBE=second-value-5678\n', { mode: 0o600 });
      const master = parseEnvFile(readFileSync(join(dir, 'secrets', 'litellm.env'), 'utf8')).get('LITELLM_MASTER_KEY') ?? '';
      const relay = await startRelay(new Docker(), { image: images.litellm, network: `${name}-net`, host: 'tasks.litellm', port: 4000, deployment: `${name}-test` });
      try {
        const load = loadLoop(relay.base, master, 60_000);
        const started = Date.now();
        const phase = cli(['upgrade', '--litellm-image', next, '--dir', dir]);
        // The loop ends when the swarm says the update is complete (the proofs after it are not load).
        for (let done = false; !done && Date.now() - started < 60_000; ) {
          await new Promise((r) => setTimeout(r, 500));
          const status = JSON.parse(await docker('service', 'inspect', '-f', '{{json .UpdateStatus}}', `${name}_litellm`)) as { State?: string; CompletedAt?: string } | null;
          done = status?.State === 'completed' && Date.parse(status.CompletedAt ?? '') > started;
        }
        const result = await load.stop();
        const run = await phase;
        const updateMs = Date.now() - started;
        expect(run.code, run.stdout + run.stderr).toBe(0);
        // The swarm's own record of the update: it began and ended while the loop ran.
        const update = JSON.parse(await docker('service', 'inspect', '-f', '{{json .UpdateStatus}}', `${name}_litellm`)) as { State: string; StartedAt: string; CompletedAt: string };
        expect(update.State).toBe('completed');
        expect(Date.parse(update.StartedAt)).toBeGreaterThanOrEqual(result.firstAt);
        expect(Date.parse(update.CompletedAt)).toBeLessThanOrEqual(result.lastAt);
        expect(run.stdout).toMatch(/LiteLLM stack deployed, every replica healthy: deployed .* 2\/2/);
        expect(run.stdout).toContain(`LiteLLM now runs ${next}, proven.`);
        // The figures the bench prints too.
        console.log(`rolling update: ${result.requests} requests, ${result.failed} failed, update ${((Date.parse(update.CompletedAt) - Date.parse(update.StartedAt)) / 1000).toFixed(1)} s, upgrade ${(updateMs / 1000).toFixed(1)} s`);
        expect(result.requests).toBeGreaterThan(20);
        expect(result.failures).toEqual([]);
        expect(run.stdout).toContain(`removed ${oldVersion}`);
      } finally {
        await relay.close();
      }
      const image = await docker('service', 'inspect', '-f', '{{.Spec.TaskTemplate.ContainerSpec.Image}}', `${name}_litellm`);
      expect(image === next || image.startsWith(`${next}@sha256:`), image).toBe(true);
      const running = (await docker('service', 'ps', '--filter', 'desired-state=running', '--format', '{{.Image}} {{.CurrentState}}', `${name}_litellm`)).split('\n');
      expect(running).toHaveLength(2);
      for (const line of running) expect(line.startsWith(`${next} Running`), line).toBe(true);
      expect(await probeIn()).toEqual(['second-value-5678', 'second-value-5678']);
      const versions = await probeVersions();
      expect(versions).toHaveLength(1);
      expect(versions[0]).not.toBe(oldVersion);
    } finally {
      // The tag stays until the file ends: the deployment runs on it now.
      nextTags.push(next);
    }
  });

  it('`down --purge` removes the stacks, the database volume, the secrets, configs and network it made', async () => {
    const down = await cli(['down', '--purge', '--yes', '--dir', dir]);
    expect(down.code, down.stdout + down.stderr).toBe(0);
    expect(await docker('service', 'ls', '-q', '--filter', `name=${name}`)).toBe('');
    expect(await docker('secret', 'ls', '-q', '--filter', `name=${name}`)).toBe('');
    expect(await docker('config', 'ls', '-q', '--filter', `name=${name}`)).toBe('');
    expect((await execa('docker', ['volume', 'inspect', `${name}_pgdata`], { reject: false })).exitCode).not.toBe(0);
    expect((await execa('docker', ['network', 'inspect', `${name}-net`], { reject: false })).exitCode).not.toBe(0);
  });
});
