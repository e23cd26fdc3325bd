/**
 * The swarm renderer: a stack file from the compose document of the same answers. What a person would
 * check in the file (no secret in it, the update gated by health, the database pinned), and the secrets
 * wrapper run by a real /bin/sh on values that would break a careless one.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockerSecretName, secretsOfEnvFiles } from '../../src/core/docker-secrets.js';
import { yaml } from '../../src/infra/yaml.js';
import { renderLitellmCompose } from '../../src/render/litellm-compose.js';
import { renderMcpCompose } from '../../src/render/mcp-compose.js';
import { renderStack, secretsWrapper, type StackInputs } from '../../src/render/stack.js';
import { defaultAnswers } from '../support/answers.js';

type Doc = Record<string, any>;

const litellmEnv = 'LITELLM_MASTER_KEY=sk-master-Secret1\nDATABASE_URL=postgresql://litellm_user:p%40ss@postgres:5432/litellm_db\n';
const postgresEnv = 'POSTGRES_PASSWORD=pg-Secret2\n';
const redisEnv = 'REDIS_PASSWORD=redisSecret3redisSecret3\n';

function litellmInputs(stack: string): StackInputs {
  return {
    secrets: { litellm: secretsOfEnvFiles(stack, [litellmEnv, redisEnv]).names, postgres: secretsOfEnvFiles(stack, [postgresEnv]).names, redis: secretsOfEnvFiles(stack, [redisEnv]).names },
    entrypoints: { litellm: ['docker/prod_entrypoint.sh'], postgres: ['docker-entrypoint.sh'] },
    replicas: { litellm: 3 },
    configs: { './config/config.yaml': `${stack}_config_0123456789ab` },
    placement: { postgres: [`node.labels.${stack}.database == true`] },
  };
}

const parse = (text: string) => yaml().parse(text) as Doc;

describe('stack file from the compose document', () => {
  const a = defaultAnswers({ name: 'swarmy', target: 'swarm', traefik: true, traefikHost: 'llm.lan' });
  const text = renderStack(renderLitellmCompose(a), litellmInputs('swarmy'), '# header\n');
  const doc = parse(text);
  const litellm = doc.services.litellm as Doc;
  const postgres = doc.services.postgres as Doc;

  it('holds no secret value, and declares each versioned secret as external (created by phase E)', () => {
    for (const value of ['sk-master-Secret1', 'pg-Secret2', 'p%40ss', 'redisSecret3']) expect(text).not.toContain(value);
    const names = Object.keys(doc.secrets as Doc);
    expect(names).toHaveLength(4);
    for (const n of names) expect(doc.secrets[n]).toEqual({ external: true });
    expect(litellm.secrets.map((s: Doc) => s.target).sort()).toEqual(['DATABASE_URL', 'LITELLM_MASTER_KEY', 'REDIS_PASSWORD']);
    expect(postgres.secrets.map((s: Doc) => s.target)).toEqual(['POSTGRES_PASSWORD']);
  });

  it('keeps what a swarm reads and drops what it would ignore or refuse', () => {
    expect(doc.version).toBe('3.9');
    expect(doc.name).toBeUndefined();
    for (const key of ['restart', 'depends_on', 'env_file', 'security_opt', 'mem_limit', 'pids_limit', 'container_name']) {
      expect(litellm[key]).toBeUndefined();
      expect(postgres[key]).toBeUndefined();
    }
    expect(litellm.image).toBe(a.litellmImage);
    expect(litellm.command).toEqual(['--config', '/app/config.yaml', '--port', '4000']);
    expect(litellm.healthcheck.test[0]).toBe('CMD');
    expect(litellm.deploy.resources.limits).toEqual({ memory: '2g', pids: 512 });
    expect(postgres.cap_drop).toEqual(['ALL']);
    expect(Object.values(doc.networks as Doc).every((n: Doc) => n.external === true)).toBe(true);
  });

  it('runs LiteLLM as N tasks behind the routing mesh, updated one at a time, new task healthy before the old stops', () => {
    expect(litellm.ports).toEqual([{ target: 4000, published: a.litellmPort, protocol: 'tcp', mode: 'ingress' }]);
    expect(litellm.deploy.replicas).toBe(3);
    expect(litellm.deploy.endpoint_mode).toBeUndefined();
    expect(litellm.deploy.update_config).toMatchObject({ parallelism: 1, order: 'start-first', failure_action: 'rollback' });
    expect(litellm.deploy.rollback_config).toMatchObject({ order: 'start-first' });
  });

  it('mounts config.yaml as a versioned Docker config, since a task may start on any node', () => {
    expect(litellm.volumes).toBeUndefined();
    expect(litellm.configs).toEqual([{ source: 'swarmy_config_0123456789ab', target: '/app/config.yaml' }]);
    expect(doc.configs).toEqual({ swarmy_config_0123456789ab: { name: 'swarmy_config_0123456789ab', file: './config/config.yaml' } });
  });

  it('pins the single database task to the labelled node, with its named volume, reached by DNS without a virtual IP', () => {
    expect(postgres.deploy.replicas).toBe(1);
    expect(postgres.deploy.placement).toEqual({ constraints: ['node.labels.swarmy.database == true'] });
    expect(postgres.deploy.endpoint_mode).toBe('dnsrr');
    expect(postgres.deploy.update_config.order).toBe('stop-first');
    expect(postgres.volumes).toEqual(['pgdata:/var/lib/postgresql/data']);
  });

  it("moves Traefik's labels to the service (its swarm provider reads those) and keeps the log labels on the containers", () => {
    expect(Object.keys(litellm.deploy.labels).every((k) => k.startsWith('traefik.'))).toBe(true);
    expect(litellm.deploy.labels['traefik.http.services.swarmy-litellm.loadbalancer.server.port']).toBe('4000');
    expect(litellm.labels).toEqual({ logging: 'enabled', project: 'swarmy' });
  });

  it('wraps the image entrypoint: the wrapper, then the entrypoint, then the command', () => {
    expect(litellm.entrypoint).toEqual(['/bin/sh', '-c', secretsWrapper, 'docker/prod_entrypoint.sh']);
    expect(postgres.entrypoint.at(-1)).toBe('docker-entrypoint.sh');
  });

  it('runs Redis for the replicas: one task without a port, reached by DNS, as the redis user on a read-only root, reading the same password secret as LiteLLM', () => {
    const redis = doc.services.redis as Doc;
    expect(redis.ports).toBeUndefined();
    expect(redis.deploy).toMatchObject({ replicas: 1, endpoint_mode: 'dnsrr', resources: { limits: { memory: '256m', pids: 64 } } });
    expect(redis).toMatchObject({ user: 'redis', read_only: true, cap_drop: ['ALL'] });
    expect(redis.secrets).toEqual([litellm.secrets.find((s: Doc) => s.target === 'REDIS_PASSWORD')]);
    // Its own entrypoint (the password on stdin), wrapped: no image entrypoint was needed for it.
    expect(redis.entrypoint.slice(0, 5)).toEqual(['/bin/sh', '-c', secretsWrapper, '/bin/sh', '-c']);
  });

  it('has no Redis with one replica, nor on compose', () => {
    for (const one of [defaultAnswers({ name: 'swarmy', target: 'swarm', litellmReplicas: 1 }), defaultAnswers({ name: 'swarmy' })]) {
      const compose = parse(renderLitellmCompose(one));
      expect(compose.services.redis).toBeUndefined();
      expect(compose.services.litellm.env_file).not.toContain('../secrets/redis.env');
    }
  });

  it('refuses a service that reads env files when no secrets are given for it, rather than dropping them', () => {
    const inputs = litellmInputs('swarmy');
    delete inputs.secrets.postgres;
    expect(() => renderStack(renderLitellmCompose(a), inputs, '')).toThrow(/postgres reads env files/);
  });
});

describe('MCP server stack', () => {
  it('does not publish the loopback port (a swarm cannot bind one address): the checks use the overlay network', () => {
    const a = defaultAnswers({ name: 'swarmy', target: 'swarm' });
    const doc = parse(renderStack(renderMcpCompose(a), { secrets: { 'postgres-mcp': secretsOfEnvFiles('swarmy-connector', ['DATABASE_URI=postgresql://mcp_readonly:x@postgres:5432/postgres\n']).names }, entrypoints: { 'postgres-mcp': ['postgres-mcp'] } }, ''));
    const s = doc.services['postgres-mcp'] as Doc;
    expect(s.ports).toBeUndefined();
    expect(s.deploy).toMatchObject({ replicas: 1, endpoint_mode: 'dnsrr' });
    expect(s.command).toEqual(['--access-mode=restricted', '--transport=sse']);
  });
});

describe('secrets wrapper, run by /bin/sh', () => {
  it('exports each secret file as the variable it is named after, byte for byte, then execs entrypoint and command', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stack-secrets-'));
    try {
      const values = { PLAIN: 'abc', TRICKY: `a b'"$HOME\`x\`;*?`, PCT: 'p%40ss/w#rd' };
      for (const [k, v] of Object.entries(values)) writeFileSync(join(dir, k), v);
      // The stack file's `$$` is a literal `$`; the test reads its own folder instead of /run/secrets.
      const script = secretsWrapper.replace(/\$\$/g, '$').replace('/run/secrets', dir);
      const node = process.execPath;
      const out = execFileSync('/bin/sh', ['-c', script, node, '-e', 'console.log(JSON.stringify([process.env.PLAIN, process.env.TRICKY, process.env.PCT, process.argv.slice(1)]))', 'arg one'], { encoding: 'utf8' });
      expect(JSON.parse(out)).toEqual([values.PLAIN, values.TRICKY, values.PCT, ['arg one']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Redis as the stack starts it, run by /bin/sh with the real redis-server', () => {
  it('takes its password from the secret file on stdin: redis-cli needs it, and no process argument holds it', async () => {
    const a = defaultAnswers({ name: 'swarmy', target: 'swarm' });
    const entrypoint = (parse(renderStack(renderLitellmCompose(a), litellmInputs('swarmy'), '')).services.redis as Doc).entrypoint as string[];
    const dir = mkdtempSync(join(tmpdir(), 'stack-redis-'));
    const password = 'redisSecret3redisSecret3';
    writeFileSync(join(dir, 'REDIS_PASSWORD'), password);
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    // `$$` is the stack file's literal `$`; the secrets from a folder of the test's, Redis on a port of its own.
    const [sh, c, wrapper, ...rest] = entrypoint.map((e) => e.replace(/\$\$/g, '$').replace('/run/secrets', dir).replace('redis-server -', `redis-server - --port ${port} --bind 127.0.0.1`));
    const server = spawn(sh!, [c!, wrapper!, ...rest], { stdio: 'ignore' });
    const cli = (env: Record<string, string>, ...args: string[]) => spawnSync('redis-cli', ['-p', String(port), '--no-auth-warning', ...args], { encoding: 'utf8', env: { ...process.env, ...env } }).stdout.trim();
    try {
      for (let i = 0; i < 50 && !/PONG|NOAUTH/.test(cli({}, 'ping')); i++) await new Promise((r) => setTimeout(r, 100));
      expect(cli({}, 'ping')).toMatch(/^NOAUTH/);
      expect(cli({ REDISCLI_AUTH: password }, 'ping')).toBe('PONG');
      expect(cli({ REDISCLI_AUTH: password }, 'config', 'get', 'save')).toBe('save');
      const pid = spawnSync('pgrep', ['-f', `redis-server .*:${port}`], { encoding: 'utf8' }).stdout.trim().split('\n')[0]!;
      expect(pid).toMatch(/^\d+$/);
      expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).not.toContain(password);
    } finally {
      server.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('versioned secret names', () => {
  it('change with the value (a rotation is a new secret), stay within 64 characters, and differ between stacks', () => {
    const n1 = dockerSecretName('swarmy', 'LITELLM_MASTER_KEY', 'one');
    expect(n1).toMatch(/^swarmy_litellm_master_key_[0-9a-f]{12}$/);
    expect(dockerSecretName('swarmy', 'LITELLM_MASTER_KEY', 'one')).toBe(n1);
    expect(dockerSecretName('swarmy', 'LITELLM_MASTER_KEY', 'two')).not.toBe(n1);
    expect(dockerSecretName('other', 'LITELLM_MASTER_KEY', 'one').slice(-12)).not.toBe(n1.slice(-12));
    expect(dockerSecretName('a'.repeat(60), 'VERY_LONG_VARIABLE_NAME', 'v').length).toBeLessThanOrEqual(64);
  });
});
