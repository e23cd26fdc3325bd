/**
 * `adopt` takes a hand-made deployment over (test/support/hand-made.ts, started with compose beside a
 * shared PostgreSQL): the runbook's broken one is adopted and then proven by phase E, keeping its secrets
 * and names; the working one is adopted with the same images, host ports, networks and secret values on
 * its containers, and a key minted before still valid. `--undo` puts the files back byte for byte and
 * starts the very containers the adoption stopped. Its own name (takeover): it runs beside the others.
 */
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from '../support/cli.js';
import { docker, treeHashes } from '../support/docker.js';
import { startHandMadeHost, handMadeProjects, removeHandMade, teamKey, until, writeHandMade, type HandMadeOptions } from '../support/hand-made.js';
import { defaultPorts } from '../../src/core/questions.js';

const name = 'takeover';
const database = `${name}-shared-pg`;
const adminPassword = 'takeover-Admin-pw-77a1';
const readonlyPassword = 'takeover-ro-pw-31b0';
const masterKey = 'sk-master-handmade-0123456789abcdef';
const port = defaultPorts(name).litellm;
const options = (working: boolean): HandMadeOptions => ({
  prefix: name, litellmImage: inject('images').litellm, mcpImage: inject('images').mcp,
  database, adminPassword, readonlyPassword, litellmPort: port, working,
});
const theirProjects = handMadeProjects(name);
const stacks = ['mcp-postgres/docker-compose.yml', 'litellm/docker-compose.yml'];

interface Seen { id: string; running: boolean; image: string; ports: string; networks: string[]; env: Record<string, string> }

async function container(ref: string): Promise<Seen> {
  const [c] = JSON.parse(await docker('inspect', ref)) as Array<{ Id: string; State: { Running: boolean }; Config: { Image: string; Env: string[] }; HostConfig: { PortBindings: unknown }; NetworkSettings: { Networks: Record<string, unknown> } }>;
  return {
    id: c!.Id, running: c!.State.Running, image: c!.Config.Image, ports: JSON.stringify(c!.HostConfig.PortBindings),
    networks: Object.keys(c!.NetworkSettings.Networks).sort(),
    env: Object.fromEntries(c!.Config.Env.map((e) => e.split(/=(.*)/s).slice(0, 2) as [string, string])),
  };
}

const clean = () => removeHandMade(name, database, [name, `${name}-connector`]);

const api = (path: string, key: string, body?: unknown) => fetch(`http://127.0.0.1:${port}${path}`, {
  method: body ? 'POST' : 'GET', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  ...(body ? { body: JSON.stringify(body) } : {}), signal: AbortSignal.timeout(20_000),
});

/** The hand-made deployment, in a folder named for this file (the adopted deployment takes its name from it). */
async function handMade(working: boolean): Promise<string> {
  const dir = join(tempDir(), name);
  mkdirSync(dir);
  writeHandMade(dir, options(working));
  for (const file of stacks) await execa('docker', ['compose', '-f', join(dir, file), 'up', '-d', ...(working ? ['--wait'] : [])], { cwd: dir });
  return dir;
}

const archiveOf = (dir: string) => join(dir, 'adopted', readdirSync(join(dir, 'adopted'))[0]!);
const secrets = ['S3cr/t#pw', 'S3cr%2Ft', masterKey, 'sk-salt-handmade', adminPassword, readonlyPassword];

beforeAll(() => startHandMadeHost(name, database, inject('postgresImage'), adminPassword, readonlyPassword, [name, `${name}-connector`]), 120_000);
afterAll(clean);
afterEach(async () => {
  for (const project of [...theirProjects, name, `${name}-connector`]) await execa('docker', ['compose', '-p', project, 'down', '--remove-orphans'], { reject: false });
});

describe('adopt', () => {
  it('the runbook\'s broken deployment: adopted with its secrets and names, proven by phase E; phase e, plan, status work on it; --undo puts it back', async () => {
    const dir = await handMade(false);
    await until('LiteLLM logged P1013', async () => /P1013/.test((await execa('docker', ['logs', `${name}-litellm-litellm-1`], { reject: false, all: true })).all ?? ''));
    const before = treeHashes(dir);
    const old = { litellm: await container(`${name}-litellm-litellm-1`), mcp: await container(`${name}-mcp-mcp-postgres-1`) };

    // No admin password given: the MCP server's own DATABASE_URI logs in as the admin, and serves this run.
    const r = await cli(['adopt', '--from', dir, '--yes']);
    const out = r.stdout + r.stderr;
    expect(r.code, out).toBe(0);
    for (const s of secrets) expect(out).not.toContain(s);
    // The findings first, then what is kept and where it comes from, then the diffs.
    expect(out).toMatch(/DATABASE_URL of litellm: its password holds "\/", "#", not percent-encoded/);
    expect(out).toMatch(/5 problem\(s\) and 2 warning\(s\): the adoption corrects the problems\./);
    expect(out).toMatch(new RegExp(`litellm-port: ${port} {2}\\(litellm/docker-compose\\.yml → litellm → ports\\)`));
    expect(out).toMatch(/mcp-server-name: postgres_db {2}\(litellm\/config\.yaml → mcp_servers\)/);
    expect(out).toMatch(new RegExp(`network: ${name}-litellm-mcp-net {2}\\(the network LiteLLM shares with the MCP server\\)`));
    expect(out).toMatch(new RegExp(`extra-networks: ${name}-traefik-proxy`));
    expect(out).toMatch(/LITELLM_MASTER_KEY kept, from litellm\/docker-compose\.yml → litellm → LITELLM_MASTER_KEY/);
    expect(out).toMatch(/LITELLM_DB_PASSWORD kept, from litellm\/docker-compose\.yml → litellm → DATABASE_URL \(its password\)/);
    expect(out).toMatch(/MCP_DB_PASSWORD generated, for the read-only role that replaces the admin login/);
    expect(out).toMatch(/--- litellm\/config\.yaml\n\+\+\+ litellm\/config\/config\.yaml \(litellm-mcp\)/);
    expect(out).toMatch(/-    url: http:\/\/mcp-postgres:8686\n/);
    // Their environment values are masked in the diff, whatever their names.
    expect(out).toMatch(/-\s+LITELLM_MASTER_KEY: "\*\*\*"\n/);

    // The hand-made files are in adopted/<time>/, byte for byte, private; the containers stopped, not removed.
    const archive = archiveOf(dir);
    expect(statSync(join(dir, 'adopted')).mode & 0o777).toBe(0o700);
    const archived = treeHashes(archive, (rel) => rel === 'manifest.json');
    for (const rel of ['litellm/docker-compose.yml', 'litellm/.env', 'litellm/config.yaml', 'mcp-postgres/docker-compose.yml', 'mcp-postgres/.env']) expect(archived[rel], rel).toBe(before[rel]);
    for (const [what, c] of Object.entries(old)) expect((await container(c.id)).running, what).toBe(false);

    // The secrets kept their values (clients hold the master key; the role its password).
    const stored = readFileSync(join(dir, 'secrets/generated.env'), 'utf8');
    expect(stored).toContain(`LITELLM_MASTER_KEY=${masterKey}\n`);
    expect(stored).toContain('LITELLM_DB_PASSWORD=S3cr/t#pw\n');
    expect(statSync(join(dir, 'secrets/generated.env')).mode & 0o777).toBe(0o600);

    // Proven by effect: the old master key lists the models, and the server (same name) answers as the read-only role.
    expect((await api('/v1/models', masterKey)).status).toBe(200);
    const call = await (await api('/mcp-rest/tools/call', masterKey, { name: 'postgres_db-execute_sql', arguments: { sql: 'SELECT current_user' } })).text();
    expect(call).toContain('mcp_readonly');
    const report = readFileSync(join(dir, 'STATUS.md'), 'utf8');
    expect(report).toMatch(/Phase E: .*✅ COMPLETED/);
    expect(report).toMatch(new RegExp(`\\*\\*Adopted:\\*\\* .*, from the hand-made deployment in ${dir}; its files are kept in adopted/[0-9TZ-]+ \\(\`litellm-mcp adopt --undo\` puts them back\\)`));

    // A litellm-mcp deployment like any other.
    const env = { LITELLM_MCP_DB_ADMIN_PASSWORD: adminPassword };
    expect((await cli(['phase', 'e', '--dir', dir, '--yes'], env)).code).toBe(0);
    // Phases A to E have nothing to change; F (client key and files) and G are the person's next step.
    const plan = (await cli(['plan', '--dir', dir], env)).stdout;
    expect(plan.slice(0, plan.indexOf('Phase F'))).not.toMatch(/would change|failed/);
    // A wait over a second adds its notice line ("waiting for ..."): a loaded machine shows one now and then.
    expect(plan).toMatch(/Phase E: Deployment and verification\n(( {2}✔ ok | {4}waiting for ).*\n)+\nPhase F/);
    expect((await cli(['status', '--dir', dir])).code).toBe(0);

    // --undo: the files back byte for byte, the very containers started again, litellm-mcp's stopped.
    const undo = await cli(['adopt', '--undo', '--dir', dir]);
    expect(undo.code, undo.stdout + undo.stderr).toBe(0);
    const after = treeHashes(dir, (rel) => rel.startsWith('adopted/'));
    expect(after).toEqual(before);
    expect((await container(old.mcp.id)).running).toBe(true);
    expect(await docker('ps', '-q', '--filter', `label=com.docker.compose.project=${name}`)).toBe('');
    expect(undo.stdout + undo.stderr).toMatch(/Left on the database: role mcp_readonly, created by the adoption/);
  }, 600_000);

  it('a hand-made deployment that works: adopted with the same images, host ports, networks and secret values on its containers; a key minted before still works', async () => {
    const dir = await handMade(true);
    await until('LiteLLM answers', async () => (await fetch(`http://127.0.0.1:${port}/health/liveliness`, { signal: AbortSignal.timeout(2000) }).then((x) => x.status, () => 0)) === 200);
    const minted = await (await api('/key/generate', masterKey, { key_alias: 'made-by-hand' })).json() as { key: string };
    const old = { litellm: await container(`${name}-litellm-litellm-1`), mcp: await container(`${name}-mcp-mcp-postgres-1`) };

    const r = await cli(['adopt', '--from', dir, '--yes'], { LITELLM_MCP_DB_ADMIN_PASSWORD: adminPassword });
    const out = r.stdout + r.stderr;
    expect(r.code, out).toBe(0);
    expect(out).toMatch(/No problem found\./);
    for (const s of [...secrets, minted.key, teamKey]) expect(out).not.toContain(s);
    // Its own model is carried as written, and the variable it reads moves into providers.env.
    expect(out).toMatch(/extra-models: team-llm {2}\(config\.yaml → model_list/);
    expect(out).toMatch(/TEAM_LLM_KEY, which the models read: kept, into secrets\/providers\.env \(0600\)/);
    expect(out).toMatch(/MCP_DB_PASSWORD kept, from mcp-postgres\/docker-compose\.yml → mcp-postgres → DATABASE_URI \(its password\)/);

    const now = { litellm: await container(`${name}-litellm-1`), mcp: await container(`${name}-connector-postgres-mcp-1`) };
    for (const k of ['litellm', 'mcp'] as const) {
      expect(now[k].image, k).toBe(old[k].image);
      expect(now[k].ports, k).toBe(old[k].ports);
    }
    expect(now.litellm.networks).toEqual(old.litellm.networks);
    expect(now.mcp.networks).toEqual(old.mcp.networks);
    for (const v of ['LITELLM_MASTER_KEY', 'LITELLM_SALT_KEY', 'DATABASE_URL', 'TEAM_LLM_KEY']) expect(now.litellm.env[v], v).toBe(old.litellm.env[v]);
    const completion = await (await api('/v1/chat/completions', masterKey, { model: 'team-llm', messages: [{ role: 'user', content: 'hi' }] })).json() as { choices: Array<{ message: { content: string } }> };
    expect(completion.choices[0]?.message.content).toBe('team answer');
    expect(now.mcp.env.DATABASE_URI).toBe(old.mcp.env.DATABASE_URI);
    // The database is the one it had: the key minted by hand before the adoption still opens the gateway.
    expect((await api('/v1/models', minted.key)).status).toBe(200);

    // down stops the adopted deployment as any other; --undo then brings the hand-made one back.
    expect((await cli(['down', '--dir', dir])).code).toBe(0);
    expect(await docker('ps', '-q', '--filter', `label=com.docker.compose.project=${name}`)).toBe('');
    const undo = await cli(['adopt', '--undo', '--dir', dir]);
    expect(undo.code, undo.stdout + undo.stderr).toBe(0);
    for (const c of Object.values(old)) expect((await container(c.id)).running).toBe(true);
    await until('the hand-made LiteLLM answers again', async () => (await api('/v1/models', minted.key).then((x) => x.status, () => 0)) === 200);
  }, 600_000);
});
