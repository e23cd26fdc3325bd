/**
 * A shared PostgreSQL reachable only inside a Docker network (no published port), and a sentinel secret
 * that must never appear in any output or record. Its own deployment name (secrets).
 */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cli, tempDir } from '../support/cli.js';
import { docker, removeDeployment, startPostgres } from '../support/docker.js';
import { imageFlags } from '../support/images.js';

const name = 'secrets';
const image = inject('postgresImage');
const network = 'secrets-postgres-net';
const container = 'secrets-shared-pg';
const reset = async () => {
  await removeDeployment(name);
  await docker('rm', '-f', '-v', container).catch(() => undefined);
  await docker('network', 'rm', network).catch(() => undefined);
};
const adminSentinel = 'SENTINELadminPASSWORD4242';
const keySentinel = 'sk-SENTINELmasterKEY0000000000000000';

beforeAll(async () => {
  await reset();
  await docker('network', 'create', network);
  await startPostgres(image, container, network, adminSentinel);
});
afterAll(reset);

describe('shared PostgreSQL inside a Docker network', () => {
  it('is found by name, set up through its bridge address, and no secret leaks anywhere', async () => {
    expect(await docker('inspect', container, '-f', '{{json .NetworkSettings.Ports}}')).toBe('{"5432/tcp":null}');
    const dir = tempDir();
    // Plant a known master key: the run must reuse it and never show it.
    mkdirSync(join(dir, 'secrets'), { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, 'secrets', 'generated.env'), `LITELLM_MASTER_KEY=${keySentinel}\n`, { mode: 0o600 });

    const args = ['init', '--yes', '--dir', dir, '--db-strategy', 'shared', '--db-host', container, '--postgres-network', network, ...imageFlags({ name })];
    const run = await cli(args, { LITELLM_MCP_DB_ADMIN_PASSWORD: adminSentinel });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Shared PostgreSQL reachable as admin: connected as postgres/);

    const roles = await docker('exec', container, 'psql', '-U', 'postgres', '-tAc', "SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles WHERE rolname IN ('litellm_user','mcp_readonly')");
    expect(roles).toBe('litellm_user,mcp_readonly');
    const env = readFileSync(join(dir, 'secrets', 'litellm.env'), 'utf8');
    expect(env).toContain(`LITELLM_MASTER_KEY=${keySentinel}`);
    expect(env).toMatch(new RegExp(`DATABASE_URL=postgresql://litellm_user:[A-Za-z0-9]{32}@${container}:5432/litellm_db`));

    const again = await cli(args, { PGPASSWORD: adminSentinel });
    expect(again.code).toBe(0);

    const records = [
      run.stdout, run.stderr, again.stdout, again.stderr,
      readFileSync(join(dir, 'STATUS.md'), 'utf8'),
      readFileSync(join(dir, '.litellm-mcp', 'state.json'), 'utf8'),
      readFileSync(join(dir, 'litellm-mcp.yaml'), 'utf8'),
      (await cli(['status', '--json', '--dir', dir])).stdout,
      (await cli(['plan', '--dir', dir], { PGPASSWORD: adminSentinel })).stdout,
      ...['litellm/docker-compose.yml', 'litellm/config/config.yaml', 'mcp/postgres/docker-compose.yml'].map((f) => readFileSync(join(dir, f), 'utf8')),
    ];
    const valuesOf = (file: string) => readFileSync(join(dir, 'secrets', file), 'utf8').split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split('=')[1]!);
    // The client key phase F minted is a secret like the generated ones.
    const generated = [...valuesOf('generated.env'), ...valuesOf('client.env')];
    expect(generated.at(-1)).toMatch(/^sk-/);
    for (const secret of [adminSentinel, keySentinel, ...generated]) {
      for (const text of records) expect(text.includes(secret), `a secret leaked: ${text.slice(0, 80)}`).toBe(false);
      expect(text(records).includes(encodeURIComponent(secret))).toBe(false);
    }
    // The secrets folder is 0700 and every file in it 0600.
    expect(statSync(join(dir, 'secrets')).mode & 0o777).toBe(0o700);
    const modes = Object.fromEntries(readdirSync(join(dir, 'secrets')).map((f) => [f, (statSync(join(dir, 'secrets', f)).mode & 0o777).toString(8)]));
    expect(Object.keys(modes).sort()).toEqual(['client.env', 'generated.env', 'litellm.env', 'postgres-mcp.env', 'providers.env']);
    expect(Object.values(modes).every((m) => m === '600'), JSON.stringify(modes)).toBe(true);
    // No secret in a container's command line or labels (the environment is where they belong).
    const visible = await docker('inspect', '-f', '{{json .Path}} {{json .Args}} {{json .Config.Labels}}', `${name}-litellm-1`, `${name}-connector-postgres-mcp-1`);
    for (const secret of [adminSentinel, keySentinel, ...generated]) expect(visible.includes(secret)).toBe(false);
  });
});

function text(parts: string[]): string {
  return parts.join('\n');
}
