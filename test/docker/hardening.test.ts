/**
 * Phase G end to end, and `check` and `logs`: every door the audit says is closed is tried here, and
 * every open one is shown open; drift (file modes, a published port, a container started without its
 * hardening) is found and, where it is ours, repaired. Real Docker, compose v2, PostgreSQL; LiteLLM is the
 * stand-in. Its own deployment name (harden): it runs beside the other files.
 */
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { http } from '../../src/infra/http.js';
import { cli, tempDir } from '../support/cli.js';
import { docker } from '../support/docker.js';
import { deployOnce, imageFlags } from '../support/images.js';
import { defaultPorts } from '../../src/core/questions.js';

const name = 'harden';
const { litellm: port, mcp: mcpPort } = defaultPorts(name);
const dir = tempDir();
const mcpContainer = `${name}-connector-postgres-mcp-1`;
const litellmContainer = `${name}-litellm-1`;
const postgresContainer = `${name}-postgres-1`;
const secret = (name: string) => new RegExp(`^${name}=(\\S+)$`, 'm').exec(readFileSync(join(dir, 'secrets/generated.env'), 'utf8'))?.[1] ?? '';
const modeOf = (rel: string) => (statSync(join(dir, rel)).mode & 0o777).toString(8);
const phaseG = (status: string) => status.slice(status.indexOf('## Phase G'), status.indexOf('## Services'));

deployOnce(dir, name);

describe('phase G: the audit', () => {
  it('init ends with the audit: a findings table with what LiteLLM leaves open, tried, and the rest closed', () => {
    const g = phaseG(readFileSync(join(dir, 'STATUS.md'), 'utf8'));
    expect(g).toMatch(/## Phase G: Observability and hardening \(✅ COMPLETED\)/);
    expect(g).toMatch(/\| high \| Unauthenticated request forgery: \/mcp-rest\/test\/connection \| POST \/mcp-rest\/test\/connection without a key → 200 \{"status":"ok"\}/);
    expect(g).toMatch(new RegExp(`\\| medium \\| LiteLLM speaks plain HTTP to the network \\| 0\\.0\\.0\\.0:${port}→4000/tcp answers on `));
    expect(g).toMatch(new RegExp(`- Exposure: postgres-mcp 127\\.0\\.0\\.1:${mcpPort}→8000/tcp \\(refused on every other address\\); litellm 0\\.0\\.0\\.0:${port}→4000/tcp .*; postgres: no published port`));
    expect(g).toMatch(/- Database roles: mcp_readonly opening litellm_db: refused; mcp_readonly: connection limit 10, statement_timeout 30s; litellm_user owns litellm_db; passwords stored as SCRAM: litellm_user, mcp_readonly/);
    expect(g).toMatch(/\| info \| No Prometheus metrics \|/);
    expect(g).toMatch(/\| medium \| Admin UI login with the master key \| POST \/login as admin with the master key → 303 to http:\/\/127\.0\.0\.1:\d+\/ui\/\?login=success: .*the admin session key it minted was deleted again/);
    expect(g).toContain(`303 to http://127.0.0.1:${port}/ui/?login=success`);
    // The worst first.
    expect(g.indexOf('| high |')).toBeLessThan(g.indexOf('| medium |'));
    expect(readFileSync(join(dir, 'STATUS.md'), 'utf8')).not.toContain(secret('LITELLM_MASTER_KEY'));
  });

  it('leaves no admin session key behind from its login try', async () => {
    const keys = await docker('exec', postgresContainer, 'psql', '-U', 'postgres', '-d', 'litellm_db', '-tAc', `SELECT count(*) FROM "LiteLLM_VerificationToken" WHERE team_id = 'litellm-dashboard'`);
    expect(keys).toBe('0');
  });

  it('the doors said closed are closed: the MCP role cannot open LiteLLM\'s database, the MCP server\'s root is read-only, no new privileges', async () => {
    const ip = await docker('inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}', postgresContainer);
    const as = (database: string) => new pg.Client({ host: ip.trim().split(' ')[0], port: 5432, user: 'mcp_readonly', password: secret('MCP_DB_PASSWORD'), database, connectionTimeoutMillis: 5000 });
    const intoLitellm = as('litellm_db');
    await expect(intoLitellm.connect()).rejects.toThrow(/permission denied for database "litellm_db"/);
    await intoLitellm.end().catch(() => undefined);
    // Its own database it still reads, under the statement timeout.
    const own = as('postgres');
    await own.connect();
    try {
      expect((await own.query('SHOW statement_timeout')).rows[0].statement_timeout).toBe('30s');
      await expect(own.query('SELECT pg_sleep(31)')).rejects.toThrow(/canceling statement due to statement timeout/);
    } finally {
      await own.end();
    }
    const write = await docker('exec', mcpContainer, 'sh', '-c', 'touch /probe 2>&1; echo exit=$?');
    expect(write).toMatch(/Read-only file system[\s\S]*exit=1/);
    expect(await docker('inspect', '-f', '{{json .HostConfig.SecurityOpt}} {{json .HostConfig.CapDrop}} {{.HostConfig.PidsLimit}} {{.HostConfig.LogConfig.Type}} {{index .Config.Labels "logging"}}', mcpContainer))
      .toBe('["no-new-privileges:true"] ["ALL"] 128 json-file enabled');
  }, 60_000);

  it('repairs drifted modes of secret files and says so', async () => {
    chmodSync(join(dir, 'secrets/litellm.env'), 0o644);
    chmodSync(join(dir, 'clients/claude-desktop.json'), 0o664);
    const r = await cli(['phase', 'g', '--dir', dir]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/changed\s+Secret files: .*repaired (secrets\/litellm\.env 644 → 600, clients\/claude-desktop\.json 664 → 600|clients\/claude-desktop\.json 664 → 600, secrets\/litellm\.env 644 → 600)/);
    expect(modeOf('secrets/litellm.env')).toBe('600');
    expect(modeOf('clients/claude-desktop.json')).toBe('600');
    const again = await cli(['phase', 'g', '--dir', dir]);
    expect(again.stdout).toMatch(/ok\s+Secret files: /);
  });

  it('finds an MCP server published beyond this host by connecting to it, and a container started without its hardening', async () => {
    const answers = join(dir, 'litellm-mcp.yaml');
    const saved = readFileSync(answers, 'utf8');
    writeFileSync(answers, saved.replace(/^mcp-bind-address: .*$/m, 'mcp-bind-address: 0.0.0.0'));
    const compose = join(dir, 'mcp/postgres/docker-compose.yml');
    try {
      expect((await cli(['phase', 'd', '--dir', dir])).code).toBe(0);
      // Then a hand edit that drops the hardening: phase d keeps it, phase e deploys what is on disk.
      writeFileSync(compose, readFileSync(compose, 'utf8').replace(/\n\s+security_opt: \[ "no-new-privileges:true" \]/, '').replace(/\n\s+read_only: true/, ''));
      expect((await cli(['phase', 'e', '--dir', dir])).code).toBe(0);
      const r = await cli(['phase', 'g', '--dir', dir]);
      expect(r.code).toBe(0);
      const g = phaseG(readFileSync(join(dir, 'STATUS.md'), 'utf8'));
      expect(g).toMatch(new RegExp(`\\| high \\| postgres-mcp is reachable from outside this host \\| 0\\.0\\.0\\.0:${mcpPort}→8000/tcp answers on \\d+\\.\\d+\\.\\d+\\.\\d+:${mcpPort}`));
      expect(r.stdout).toMatch(/warning\s+Container options \(docker inspect\): not as generated: postgres-mcp: no-new-privileges is off, root file system writable/);
      expect(g).toMatch(/## Phase G: Observability and hardening \(⚠️ PARTIAL\)/);
    } finally {
      writeFileSync(answers, saved);
      expect((await cli(['phase', 'd', '--dir', dir, '--force'])).code).toBe(0);
      expect((await cli(['phase', 'e', '--dir', dir])).code).toBe(0);
    }
    const healed = await cli(['phase', 'g', '--dir', dir]);
    expect(healed.stdout).toMatch(/ok\s+Container options \(docker inspect\): .*as generated/);
    expect(phaseG(readFileSync(join(dir, 'STATUS.md'), 'utf8'))).not.toMatch(/postgres-mcp is reachable from outside/);
  }, 300_000);
});

describe('check and logs', () => {
  it('check: one line per probe and exit 0 when healthy; FAIL lines and exit 1 when LiteLLM is down', async () => {
    const r = await cli(['check', '--dir', dir]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/^ok {4}containers: 3 running and healthy/m);
    expect(r.stdout).toMatch(/^ok {4}litellm ready: 200 status connected, db connected/m);
    expect(r.stdout).toMatch(/^ok {4}client key: GET \/v1\/models with it → 200/m);
    expect(r.stdout).toMatch(/^ok {4}mcp tools via gateway: 9 db_main- tool\(s\) listed on \/mcp\//m);
    expect(r.stdout.trim().split('\n').pop()).toBe('healthy');
    const json = JSON.parse((await cli(['check', '--json', '--dir', dir])).stdout) as { healthy: boolean; checks: Array<{ name: string; ok: boolean }> };
    expect(json.healthy).toBe(true);
    expect(json.checks.map((c) => c.name)).toEqual(['containers', 'litellm ready', 'client key', 'mcp tools via gateway', 'last backup']);

    await docker('stop', litellmContainer);
    try {
      const down = await cli(['check', '--dir', dir]);
      expect(down.code).toBe(1);
      expect(down.stdout).toMatch(new RegExp(`^FAIL {2}containers: ${litellmContainer} exited`, 'm'));
      expect(down.stdout).toMatch(/^FAIL {2}litellm ready: /m);
      expect(down.stdout.trim().split('\n').pop()).toBe('degraded');
    } finally {
      await docker('start', litellmContainer);
    }
  });

  it('logs: each line prefixed with its service, a chosen service only, and bad input named with its fix', async () => {
    const r = await cli(['logs', 'postgres-mcp', '--tail', '5', '--dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.startsWith('postgres-mcp | '))).toBe(true);
    const unknown = await cli(['logs', 'nope', '--dir', dir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/No container for the service "nope"[\s\S]*Services: .*litellm/);
    const since = await cli(['logs', '--since', 'yesterday-ish', '--dir', dir]);
    expect(since.code).toBe(2);
    expect(since.stderr).toMatch(/--since "yesterday-ish" is neither a duration nor a time[\s\S]*--since 10m/);
  });
});

describe('phase G with Traefik in front (the Traefik stand-in)', () => {
  const network = 'harden-traefik';
  const traefik = 'harden-traefik-1';
  const host = 'litellm.test.lan';
  let traefikPort = 0;

  /** A listener LiteLLM can dial from its network: counts the connections the forgery request makes. */
  async function listener(): Promise<{ url: string; count: () => number; close: () => void }> {
    const { createServer } = await import('node:net');
    let n = 0;
    const server = createServer((s) => { n++; s.destroy(); });
    await new Promise<void>((res) => server.listen(0, '0.0.0.0', res));
    const gateway = await docker('network', 'inspect', '-f', '{{(index .IPAM.Config 0).Gateway}}', `${name}-net`);
    return { url: `http://${gateway}:${(server.address() as { port: number }).port}/sse`, count: () => n, close: () => server.close() };
  }
  const forge = (base: string, url: string, headers: Record<string, string> = {}) =>
    http(`${base}/mcp-rest/test/connection`, { method: 'POST', headers, body: { server_name: 'forged', url, transport: 'sse' }, timeoutMs: 15_000 });

  beforeAll(async () => {
    await execa('docker', ['rm', '-f', traefik], { reject: false });
    await execa('docker', ['network', 'rm', network], { reject: false });
    await docker('network', 'create', network);
    await docker('run', '-d', '--name', traefik, '--network', network, '-p', '127.0.0.1::80', '-v', '/var/run/docker.sock:/var/run/docker.sock:ro', inject('images').traefik,
      '--providers.docker=true', '--providers.docker.exposedbydefault=false', '--entrypoints.web.address=:80');
    traefikPort = Number((await docker('port', traefik, '80/tcp')).split(':').pop());
  }, 120_000);
  afterAll(async () => {
    await execa('docker', ['rm', '-f', traefik], { reject: false });
    // LiteLLM is attached to the network until the deployment goes; deployOnce removes it after this.
    await execa('docker', ['network', 'disconnect', '-f', network, litellmContainer], { reject: false });
    await execa('docker', ['network', 'rm', network], { reject: false });
  });

  it('routes LiteLLM through Traefik and blocks /mcp-rest/test there: proven by the request LiteLLM does not make', async () => {
    const answers = join(dir, 'litellm-mcp.yaml');
    writeFileSync(answers, readFileSync(answers, 'utf8').replace(/^traefik: .*$/m, `traefik: true\ntraefik-network: ${network}\ntraefik-host: ${host}\ntraefik-entrypoint: web`));
    const r = await cli(['init', '--yes', '--dir', dir, ...imageFlags({ name })]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const g = phaseG(readFileSync(join(dir, 'STATUS.md'), 'utf8'));
    expect(g).toContain(`- Traefik: LiteLLM routed, /mcp-rest/test refused (through ${traefik} at http://127.0.0.1:${traefikPort} (--entrypoints.web.address in its command, published on 127.0.0.1:${traefikPort}), Host ${host}: GET /health/liveliness → 200, POST /mcp-rest/test/connection → 418)`);
    expect(g).not.toMatch(/open through Traefik/);

    const l = await listener();
    try {
      // Straight to LiteLLM's port the forgery works: the proxy dials the URL it is given.
      expect((await forge(`http://127.0.0.1:${port}`, l.url)).status).toBe(200);
      await expect.poll(l.count, { timeout: 10_000 }).toBeGreaterThan(0);
      const before = l.count();
      // Through Traefik, the same request never reaches LiteLLM; the rest of LiteLLM does.
      expect((await forge(`http://127.0.0.1:${traefikPort}`, l.url, { host })).status).toBe(418);
      expect((await http(`http://127.0.0.1:${traefikPort}/health/liveliness`, { headers: { host } })).status).toBe(200);
      await new Promise((res) => setTimeout(res, 3000));
      expect(l.count()).toBe(before);
    } finally {
      l.close();
    }
  }, 300_000);

  it('a LiteLLM container started without the block router is found open through Traefik (high)', async () => {
    const compose = join(dir, 'litellm/docker-compose.yml');
    const saved = readFileSync(compose, 'utf8');
    try {
      writeFileSync(compose, saved.split('\n').filter((line) => !line.includes(`${name}-litellm-mcp-rest-test`)).join('\n'));
      await execa('docker', ['compose', '-f', compose, 'up', '-d', '--wait', 'litellm'], { cwd: join(dir, 'litellm') });
      const r = await cli(['phase', 'g', '--dir', dir]);
      expect(r.code, r.stdout).toBe(0);
      expect(phaseG(readFileSync(join(dir, 'STATUS.md'), 'utf8'))).toMatch(/\| high \| \/mcp-rest\/test\/connection is open through Traefik \| through harden-traefik-1 .*POST \/mcp-rest\/test\/connection → 200 \{"status":"ok"\}/);
    } finally {
      writeFileSync(compose, saved);
    }
  }, 300_000);
});
