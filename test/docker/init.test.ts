/**
 * `init --yes` end to end against the real Docker engine, compose v2 and PostgreSQL. Its own deployment
 * name (init): it runs beside the other files.
 */
import { execa } from 'execa';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { imageFlags } from '../support/images.js';
import { cli, tempDir } from '../support/cli.js';
import { brokenHelpMcpImage, docker, removeDeployment, stdioOnlyMcpImage, treeHashes } from '../support/docker.js';

const name = 'init';
const flags = imageFlags({ name });
const image = inject('postgresImage');
const composeFiles = ['litellm/docker-compose.yml', 'mcp/postgres/docker-compose.yml'];
const notState = (rel: string) => rel.startsWith('.litellm-mcp') || rel === 'STATUS.md';

beforeAll(() => removeDeployment(name));
afterAll(() => removeDeployment(name));

describe('init --yes with a dedicated PostgreSQL', () => {
  // One deployment for the tests of this block, in order: each leaves it as it found it.
  const dir = tempDir();
  afterAll(() => removeDeployment(name));

  it('completes phases A to G, and a second run changes nothing', async () => {
    const first = await cli(['init', '--yes', '--dir', dir, ...flags]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/changed\s+Dedicated PostgreSQL container: init-postgres-1 started, healthy/);
    // The stand-in, as LiteLLM 1.77.3, is not ready before 6 s: the wait says what it waits for, once.
    expect(first.stdout.match(/^ {4}waiting for init-litellm-1 to be healthy \(up to 240 s, until \d\d:\d\d:\d\d\)$/gm)).toHaveLength(1);

    const status = readFileSync(join(dir, 'STATUS.md'), 'utf8');
    for (const id of ['A', 'B', 'C', 'D', 'E', 'F', 'G']) expect(status).toMatch(new RegExp(`## Phase ${id}: .*\\(✅ COMPLETED\\)`));

    for (const file of composeFiles) {
      await execa('docker', ['compose', '-f', join(dir, file), 'config', '--quiet']);
    }
    const before = treeHashes(dir, notState);
    const second = await cli(['init', '--yes', '--dir', dir, ...flags]);
    expect(second.code).toBe(0);
    const outcomes = second.stdout.split('\n').filter((l) => /^\s+(✔|✚|▲|✖)/.test(l));
    expect(outcomes.length).toBeGreaterThan(15);
    expect(outcomes.filter((l) => !l.includes('✔ ok'))).toEqual([]);
    expect(treeHashes(dir, notState)).toEqual(before);

    const roles = await docker('exec', `${name}-postgres-1`, 'psql', '-U', 'postgres', '-tAc', "SELECT count(*) FROM pg_roles WHERE rolname IN ('litellm_user','mcp_readonly')");
    expect(roles).toBe('2');
  });

  it('status rewrites the same STATUS.md from the state without Docker; plan shows diffs and changes nothing', async () => {
    const report = readFileSync(join(dir, 'STATUS.md'), 'utf8');
    writeFileSync(join(dir, 'STATUS.md'), 'stale');
    const status = await cli(['status', '--dir', dir], { DOCKER_HOST: 'unix:///nonexistent.sock' });
    expect(status.code).toBe(0);
    expect(readFileSync(join(dir, 'STATUS.md'), 'utf8')).toBe(report);
    // A deleted report is a lost view, not lost state: status writes it again, the same.
    rmSync(join(dir, 'STATUS.md'));
    expect((await cli(['status', '--dir', dir], { DOCKER_HOST: 'unix:///nonexistent.sock' })).code).toBe(0);
    expect(readFileSync(join(dir, 'STATUS.md'), 'utf8')).toBe(report);
    const json = await cli(['status', '--json', '--dir', dir]);
    expect(JSON.parse(json.stdout).phases.d.status).toBe('completed');
    // The report describes what was deployed: an answer edited but not yet applied does not show.
    const answersFile = join(dir, 'litellm-mcp.yaml');
    const answers = readFileSync(answersFile, 'utf8');
    writeFileSync(answersFile, answers.replace(/^litellm-port: \d+$/m, 'litellm-port: 4999'));
    expect((await cli(['status', '--dir', dir])).code).toBe(0);
    expect(readFileSync(join(dir, 'STATUS.md'), 'utf8')).toBe(report);
    expect(readFileSync(answersFile, 'utf8')).toContain('litellm-port: 4999');
    writeFileSync(answersFile, answers);

    expect((await cli(['plan', '--dir', dir])).stdout).toContain('Nothing to change.');
    // A port in the kernel's ephemeral range can be taken by any outgoing connection: said before deploying.
    writeFileSync(answersFile, answers.replace(/^mcp-port: \d+$/m, 'mcp-port: 48125'));
    const risky = await cli(['plan', '--dir', dir]);
    expect(risky.stdout).toMatch(/warning\s+MCP server host port: 127\.0\.0\.1:48125 is free, but it lies in this host's ephemeral port range \(\d+–\d+\)/);
    expect(risky.stdout).toMatch(/Choose a port below \d+ with --mcp-port/);
    writeFileSync(answersFile, answers);
    // A plan whose checks could not run says so and fails: Docker unreachable is not "nothing to change".
    const blind = await cli(['plan', '--dir', dir], { DOCKER_HOST: 'unix:///nonexistent.sock' });
    expect(blind.code).toBe(1);
    expect(blind.stdout + blind.stderr).not.toContain('Nothing to change.');
    expect(blind.stdout + blind.stderr).toMatch(/The plan is incomplete: \d+ check\(s\) failed \(A: .*E: LiteLLM stack deployed and healthy/);
    const config = join(dir, 'litellm/config/config.yaml');
    const edited = readFileSync(config, 'utf8').replace('json_logs: true', 'json_logs: false');
    writeFileSync(config, edited);
    const plan = await cli(['plan', '--dir', dir]);
    expect(plan.stdout).toContain('-  json_logs: false');
    expect(plan.stdout).toContain('+  json_logs: true');
    expect(readFileSync(config, 'utf8')).toBe(edited);
    writeFileSync(config, edited.replace('json_logs: false', 'json_logs: true'));

    // Phase D asks the MCP image which transports it serves, once per image id: another image is asked again.
    const stdioOnly = await stdioOnlyMcpImage();
    const mcpCompose = join(dir, 'mcp/postgres/docker-compose.yml');
    const refused = await cli(['phase', 'd', '--dir', dir], { LITELLM_MCP_MCP_IMAGE: stdioOnly });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(`MCP image serves SSE: ${stdioOnly} supports only stdio`);
    expect(readFileSync(join(dir, 'STATUS.md'), 'utf8')).toContain(`${stdioOnly} cannot serve SSE (it lists stdio)`);
    expect(readFileSync(mcpCompose, 'utf8')).not.toContain(stdioOnly);
    // An image whose --help fails is not taken as an answer: its transports are unknown, said as a warning.
    const broken = await brokenHelpMcpImage();
    const unknown = await cli(['phase', 'd', '--dir', dir], { LITELLM_MCP_MCP_IMAGE: broken });
    expect(unknown.stdout).toMatch(/warning\s+MCP image serves SSE: its transports are not known: `docker run --rm \S+ --help` exited with 1: exec \/app\/server: no such file or directory/);
    const back = await cli(['phase', 'd', '--dir', dir]);
    expect(back.code).toBe(0);
    expect(back.stdout).toMatch(/MCP image serves SSE: \S+ supports stdio, sse; using sse/);
  });

  it('keeps a generated file the person edited, writes the new one beside it, and --force replaces it', async () => {
    const compose = join(dir, 'litellm/docker-compose.yml');
    const edited = `${readFileSync(compose, 'utf8')}# my note\n`;
    writeFileSync(compose, edited);
    const kept = await cli(['phase', 'b', '--dir', dir]);
    expect(kept.code).toBe(0);
    expect(kept.stdout).toMatch(/warning\s+LiteLLM compose file: kept your edited litellm\/docker-compose.yml/);
    expect(readFileSync(compose, 'utf8')).toBe(edited);
    expect(existsSync(`${compose}.new`)).toBe(true);
    expect(readFileSync(join(dir, 'STATUS.md'), 'utf8')).toMatch(/## Phase B: .*\(⚠️ PARTIAL\)[\s\S]*Next step: Merge litellm\/docker-compose.yml.new/);
    const forced = await cli(['phase', 'b', '--dir', dir, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(compose, 'utf8')).toBe(readFileSync(`${compose}.new`, 'utf8'));
  });
});

describe('bad input and conflicts', () => {
  it('rejects an invalid value with the flag that holds it, exit 2, nothing written', async () => {
    const dir = join(tempDir(), 'new');
    const r = await cli(['init', '--yes', '--dir', dir, '--mcp-server-name', 'db-main']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--mcp-server-name: "db-main" cannot be an MCP server name/);
    expect(existsSync(dir)).toBe(false);
  });

  it('needs the shared admin password and names where it can come from', async () => {
    const r = await cli(['init', '--yes', '--dir', tempDir(), '--db-strategy', 'shared']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/LITELLM_MCP_DB_ADMIN_PASSWORD, PGPASSWORD or --db-admin-password-file/);
  });

  it('refuses Docker\'s host network as the gateway network before anything is made, and leaves it alone', async () => {
    // (Phase A's check of a same-named network with another driver stays for user networks; this engine
    // cannot make one of another driver: macvlan is "operation not supported" here.)
    const dir = tempDir();
    const r = await cli(['init', '--yes', '--dir', dir, '--network', 'host', ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--network: "host" is one of Docker's predefined networks/);
    expect(existsSync(join(dir, 'litellm-mcp.yaml'))).toBe(false);
    expect(await docker('network', 'inspect', 'host', '-f', '{{.Driver}}')).toBe('host');
  });

  it('names a missing existing network and the flag to fix it', async () => {
    const r = await cli(['init', '--yes', '--dir', tempDir(), '--db-strategy', 'shared', '--postgres-network', 'no-such-net', ...flags], { LITELLM_MCP_DB_ADMIN_PASSWORD: 'x' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/network no-such-net does not exist\n\s+fix: .*--postgres-network/);
  });

  it('detects a host port held by another process', async () => {
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(18123, '127.0.0.1', resolve));
    try {
      const r = await cli(['init', '--yes', '--dir', tempDir(), '--mcp-port', '18123', ...flags]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`127\\.0\\.0\\.1:18123 is in use by process \\S+ \\(pid ${process.pid}\\)`));
      expect(r.stdout).toMatch(/--mcp-port/);
    } finally {
      server.close();
    }
  });

  it('names a connection that took the port as its local port', async () => {
    // CI once saw Docker unable to publish 48010: an outgoing connection held it (the kernel hands out
    // 32768-60999). No listener shows in `ss -ltn` then, so the holder must be found among connections.
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // An ordinary client socket, without SO_REUSEADDR (Node would set it on a bound client socket, and
    // then nothing conflicts): perl, which every Debian system has, makes one the way most programs do.
    const connectScript = '$|=1; my $c = IO::Socket::INET->new(PeerAddr=>"127.0.0.1",PeerPort=>$ARGV[0],LocalAddr=>"127.0.0.1",LocalPort=>18125,Proto=>"tcp") or die "$!"; print "connected\\n"; sleep 300';
    const holder = execa('perl', ['-MIO::Socket::INET', '-e', connectScript, String((server.address() as { port: number }).port)], { reject: false });
    await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
    try {
      const held = await cli(['init', '--yes', '--dir', tempDir(), '--mcp-port', '18125', ...flags]);
      expect(held.code).toBe(1);
      expect(held.stdout).toMatch(/127\.0\.0\.1:18125 is in use by a connection of process perl \(pid \d+\) that uses 18125 as its local port/);
    } finally {
      holder.kill();
      server.close();
    }
  });

  it('names the container that holds a host port', async () => {
    await docker('run', '-d', '--name', 'port-holder', '-p', '127.0.0.1:18124:5432', '-e', 'POSTGRES_PASSWORD=x', image);
    try {
      const r = await cli(['init', '--yes', '--dir', tempDir(), '--mcp-port', '18124', ...flags]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/in use by the container port-holder/);
    } finally {
      await docker('rm', '-f', '-v', 'port-holder');
    }
  });
});
