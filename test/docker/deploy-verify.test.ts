/**
 * Phase E end to end: both database strategies, a re-run that redeploys nothing, and a stopped MCP server.
 * Its own deployment name (verify): it runs beside the other files.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { cli, root, tempDir } from '../support/cli.js';
import { docker, removeDeployment, startPostgres } from '../support/docker.js';
import { defaultPorts } from '../../src/core/questions.js';
import { imageFlags } from '../support/images.js';

const name = 'verify';
const flags = imageFlags({ name });
const ports = defaultPorts(name);
const containers = [`${name}-connector-postgres-mcp-1`, `${name}-litellm-1`, `${name}-postgres-1`];
const reset = async (extraContainers: string[] = [], extraNetworks: string[] = []) => {
  await removeDeployment(name);
  if (extraContainers.length) await docker('rm', '-f', '-v', ...extraContainers).catch(() => undefined);
  for (const n of extraNetworks) await docker('network', 'rm', n).catch(() => undefined);
};
const ids = async (names: string[]) => docker('inspect', '-f', '{{.Id}} {{.State.StartedAt}}', ...names);

/** What a person checks in STATUS.md after phase E: every proof with its evidence, and the service table. */
function expectEvidence(status: string, db: string) {
  expect(status).toMatch(/## Phase E: Deployment and verification \(✅ COMPLETED\)/);
  expect(status).toMatch(/- LiteLLM readiness: status connected, db connected/);
  expect(status).toMatch(/- Models: mock-gpt \(1, exactly as configured\)/);
  expect(status).toMatch(/- Mock completion: mock-gpt answered "Hello from the litellm-mcp mock model\."/);
  expect(status).toMatch(/- MCP transport: sse \(GET \/sse → 200 text\/event-stream; POST \/mcp → 404/);
  expect(status).toMatch(/- Read-only query \(direct\): execute_sql: connected as mcp_readonly to postgres/);
  expect(status).toMatch(/- Write refused: nothing created; the server answered: Error: Error validating query: CREATE TABLE litellm_mcp_write_probe_[0-9a-f]{8} \(id int\)/);
  expect(status).toMatch(new RegExp(`- From LiteLLM: Database: ${db} → \\d+\\.\\d+\\.\\d+\\.\\d+:5432, connected`));
  expect(status).toMatch(/- From LiteLLM: MCP server: postgres-mcp → [\d.]+:8000, connected/);
  expect(status).toMatch(/- MCP tools through LiteLLM: db_main-analyze_db_health, .*db_main-execute_sql, .*db_main-list_schemas\n/);
  expect(status).toMatch(/- Tool call through LiteLLM: db_main-execute_sql returned mcp_readonly's row from postgres/);
  expect(status).toMatch(/- MCP client on LiteLLM \/mcp\/: 9 tool\(s\): .*db_main-execute_sql/);
  expect(status).toMatch(new RegExp(`\\| ${name}-connector-postgres-mcp-1 \\| litellm-mcp-test/postgres-mcp:\\w+ \\| running \\| healthy \\| 127\\.0\\.0\\.1:${ports.mcp}→8000/tcp \\|`));
  expect(status).toMatch(new RegExp(`\\| ${name}-litellm-1 \\| litellm-mcp-test/litellm-standin:\\w+ \\| running \\| healthy \\| 0\\.0\\.0\\.0:${ports.litellm}→4000/tcp \\|`));
}

describe('phase E with a dedicated PostgreSQL', () => {
  beforeAll(() => reset());
  afterAll(() => reset());
  const dir = tempDir();

  it('init --yes deploys and proves the whole path; STATUS.md shows the evidence', async () => {
    const r = await cli(['init', '--yes', '--dir', dir, ...flags]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/changed\s+MCP server stack deployed and healthy: .*verify-connector-postgres-mcp-1 healthy after/);
    const status = readFileSync(join(dir, 'STATUS.md'), 'utf8');
    expectEvidence(status, 'postgres');
    expect(status).toMatch(/\| verify-postgres-1 \| litellm-mcp-test\/postgres:[\w-]+ \| running \| healthy \| \(none\) \|/);
  });

  it('phase e on a healthy deployment is all ok and redeploys nothing', async () => {
    const before = await ids(containers);
    const r = await cli(['phase', 'e', '--dir', dir]);
    expect(r.code, r.stdout).toBe(0);
    const outcomes = r.stdout.split('\n').filter((l) => /^\s+(✔|✚|▲|✖)/.test(l));
    // Images, the MCP and LiteLLM stacks, the dedicated database, and the four proofs.
    expect(outcomes).toHaveLength(8);
    expect(outcomes.filter((l) => !l.includes('✔ ok'))).toEqual([]);
    expect(await ids(containers)).toBe(before);
  });

  it("stops the MCP server at once: Docker's init passes SIGTERM past the entrypoint's shell", async () => {
    expect(await docker('inspect', '-f', '{{.HostConfig.Init}}', containers[0]!)).toBe('true');
    await docker('stop', containers[0]!);
    // 143 = ended by SIGTERM; 137 would mean it ignored SIGTERM and was killed after the grace period.
    expect(await docker('inspect', '-f', '{{.State.ExitCode}}', containers[0]!)).toBe('143');
    expect((await cli(['phase', 'e', '--dir', dir])).code).toBe(0);
  });

  it('names a stopped MCP server, and phase e brings it back and proves it again', async () => {
    // A drift check for cron: --exit-code is 0 while nothing would change, 1 once something would.
    expect((await cli(['plan', '--exit-code', '--dir', dir])).code).toBe(0);
    await docker('stop', containers[0]!);
    const plan = await cli(['plan', '--exit-code', '--dir', dir]);
    expect(plan.stdout).toMatch(/MCP server stack deployed and healthy: would change: postgres-mcp \(verify-connector-postgres-mcp-1\) exited with code 143 \(stopped: SIGTERM, `docker stop`\)/);
    expect(plan.code).toBe(1);
    const r = await cli(['phase', 'e', '--dir', dir]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/changed\s+MCP server stack deployed and healthy: postgres-mcp \(verify-connector-postgres-mcp-1\) exited with code 143 \(stopped: SIGTERM, `docker stop`\): deployed; verify-connector-postgres-mcp-1 healthy/);
    expect(r.stdout).toMatch(/ok\s+MCP tools through LiteLLM/);
  });

  it('without compose --dry-run (compose < 2.19), an edited compose file is still noticed and deployed', async () => {
    // A stand-in CLI first in PATH answers as compose 2.18 does; everything else is the real docker.
    const old = { PATH: `${join(root, 'test/support/compose-2.18')}:${process.env.PATH ?? ''}` };
    const compose = join(dir, 'mcp/postgres/docker-compose.yml');
    const original = readFileSync(compose, 'utf8');
    expect((await cli(['plan', '--dir', dir], old)).stdout).toContain('Nothing to change.');
    writeFileSync(compose, original.replace('interval: 5s', 'interval: 4s'));
    const before = await ids([containers[0]!]);
    const plan = await cli(['plan', '--dir', dir], old);
    expect(plan.stdout).toMatch(/MCP server stack deployed and healthy: would change: mcp\/postgres\/docker-compose.yml differs from the one last deployed/);
    const r = await cli(['phase', 'e', '--dir', dir], old);
    expect(r.code, r.stdout).toBe(0);
    expect(await ids([containers[0]!])).not.toBe(before);
    expect(await docker('inspect', '-f', '{{json .Config.Healthcheck.Interval}}', containers[0]!)).toBe('4000000000');
    writeFileSync(compose, original);
    expect((await cli(['phase', 'e', '--dir', dir], old)).code).toBe(0);
  });
});

describe('phase E with a shared PostgreSQL in a container', () => {
  const network = 'verify-shared-net';
  const container = 'verify-shared-db';
  beforeAll(async () => {
    await reset([container], [network]);
    await docker('network', 'create', network);
    await startPostgres(inject('postgresImage'), container, network, 'shared-Admin-9');
  });
  afterEach(() => reset([container], [network]));

  it('init --yes reaches the shared database from LiteLLM and the MCP server by its name', async () => {
    const dir = tempDir();
    const args = ['init', '--yes', '--dir', dir, '--db-strategy', 'shared', '--db-host', container, '--postgres-network', network, ...flags];
    const r = await cli(args, { LITELLM_MCP_DB_ADMIN_PASSWORD: 'shared-Admin-9' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const status = readFileSync(join(dir, 'STATUS.md'), 'utf8');
    expectEvidence(status, container);
    expect(status).not.toMatch(/verify-postgres-1/);
  });
});

describe('down', () => {
  beforeAll(() => reset());
  afterAll(() => reset());

  it('stops both stacks and marks phase E pending; --purge removes the volume and the network it created', async () => {
    const dir = tempDir();
    expect((await cli(['init', '--yes', '--dir', dir, ...flags])).code).toBe(0);
    const down = await cli(['down', '--dir', dir]);
    expect(down.code, down.stderr).toBe(0);
    expect(await docker('ps', '-aq', '--filter', 'label=com.docker.compose.project=verify')).toBe('');
    expect(await docker('ps', '-aq', '--filter', 'label=com.docker.compose.project=verify-connector')).toBe('');
    const status = readFileSync(join(dir, 'STATUS.md'), 'utf8');
    expect(status).toMatch(/## Phase E: Deployment and verification \(PENDING\)/);
    expect(status).toMatch(/\| \(no containers\) \|/);
    expect(await docker('volume', 'ls', '-q', '--filter', 'name=verify_pgdata')).toBe('verify_pgdata');

    // An answer edited but not applied does not redirect down: it removes what was deployed.
    const answersFile = join(dir, 'litellm-mcp.yaml');
    writeFileSync(answersFile, readFileSync(answersFile, 'utf8').replace(/^network: .*$/m, 'network: never-deployed-net'));
    expect((await cli(['down', '--dir', dir, '--purge'])).code).toBe(0);
    expect(await docker('volume', 'ls', '-q', '--filter', 'name=verify_pgdata')).toBe('');
    expect(await docker('network', 'ls', '-q', '--filter', 'name=^verify-net$')).toBe('');
  });
});
