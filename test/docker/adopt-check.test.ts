/**
 * `adopt --check` on deployments made by hand (test/support/hand-made.ts), started with compose beside a
 * shared PostgreSQL: the runbook's broken one, failing as it failed, has each failure named with its
 * cause; the same deployment done right has none. Either way nothing is written and no container is
 * touched. Its own name (adopt): it runs beside the other files.
 */
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from '../support/cli.js';
import { closeTerminals, keys, openTerminal } from '../support/pty.js';
import { docker, treeHashes } from '../support/docker.js';
import { startHandMadeHost, removeHandMade, until, writeHandMade, type HandMadeOptions } from '../support/hand-made.js';
import { defaultPorts } from '../../src/core/questions.js';

const name = 'adopt';
const database = `${name}-shared-pg`;
const adminPassword = 'adopt-Admin-pw-51c2';
const readonlyPassword = 'adopt-ro-pw-9e7d';
const options = (working: boolean): HandMadeOptions => ({
  prefix: name, litellmImage: inject('images').litellm, mcpImage: inject('images').mcp,
  database, adminPassword, readonlyPassword, litellmPort: defaultPorts(name).litellm, working,
});
const compose = (dir: string, file: string, ...args: string[]) => execa('docker', ['compose', '-f', join(dir, file), ...args], { cwd: dir });
const stacks = ['mcp-postgres/docker-compose.yml', 'litellm/docker-compose.yml'];
const containerIds = async () => docker('ps', '-aq', '--no-trunc', '--filter', `label=com.docker.compose.project=${name}-litellm`, '--filter', `label=com.docker.compose.project=${name}-mcp`);

const clean = () => removeHandMade(name, database);

beforeAll(() => startHandMadeHost(name, database, inject('postgresImage'), adminPassword, readonlyPassword), 120_000);
afterAll(clean);
// Each test starts the stacks under the same project names: whatever it left is taken down.
afterEach(async () => {
  closeTerminals();
  for (const project of [`${name}-litellm`, `${name}-mcp`]) await execa('docker', ['compose', '-p', project, 'down', '--remove-orphans'], { reject: false });
});

describe('adopt --check', () => {
  it('the runbook\'s hand-made deployment: every failure named with its cause, nothing changed', async () => {
    const dir = tempDir();
    writeHandMade(dir, options(false));
    for (const file of stacks) await compose(dir, file, 'up', '-d');
    // Failing as it failed: LiteLLM restarts on P1013, the MCP server's healthcheck never passes.
    await until('LiteLLM logged P1013', async () => /P1013/.test((await execa('docker', ['logs', `${name}-litellm-litellm-1`], { reject: false, all: true })).all ?? ''));
    await until('the MCP server is unhealthy', async () => (await docker('inspect', '-f', '{{.State.Health.Status}}', `${name}-mcp-mcp-postgres-1`)) === 'unhealthy');
    const files = treeHashes(dir);
    const ids = await containerIds();

    const r = await cli(['adopt', '--from', dir, '--check']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const out = r.stdout;
    expect(out).toMatch(/litellm\/docker-compose\.yml → litellm → DATABASE_URL\n\s+DATABASE_URL of litellm: its password holds "\/", "#", not percent-encoded\.\n\s+evidence: adopt-litellm-litellm-1( \((restarting|exited), exit code 3\))? logged: .*P1013.*\n\s+cause: a URL parser ends the password at that character/);
    expect(out).toMatch(/postgres_db is reached with LiteLLM's default transport \(streamable HTTP\), but postgres-mcp speaks SSE\.\n.*\n.*\n\s+fix: Set transport: sse and url: http:\/\/mcp-postgres:8000\/sse\./);
    expect(out).toMatch(/postgres_db's URL uses port 8686, but postgres-mcp listens on 8000 in its container\.\n\s+evidence: url: http:\/\/mcp-postgres:8686; mcp-postgres: no --sse-port, so 8000/);
    expect(out).toMatch(/The healthcheck of mcp-postgres can never pass: it runs curl, which the postgres-mcp image does not have, and it asks for \/health, which postgres-mcp does not serve \(no \/health\)\.\n\s+evidence: test: CMD curl -f http:\/\/localhost:8000\/health; adopt-mcp-mcp-postgres-1's last check said: /);
    expect(out).toMatch(/The MCP server connects as postgres, the database's admin\./);
    expect(out).toMatch(/▲ warning {2}mcp-postgres\/docker-compose\.yml → mcp-postgres → command\n\s+postgres-mcp runs in unrestricted mode/);
    expect(out).toMatch(/▲ warning {2}litellm\/docker-compose\.yml → litellm → environment\n\s+Secrets written in the compose file: LITELLM_MASTER_KEY\./);
    expect(out).toMatch(/5 problem\(s\) and 2 warning\(s\)\. Nothing was changed\./);
    for (const secret of ['S3cr/t#pw', 'S3cr', 'sk-master-handmade', 'sk-salt-handmade', adminPassword]) expect(out + r.stderr).not.toContain(secret);
    expect(treeHashes(dir)).toEqual(files);
    expect(await containerIds()).toBe(ids);
  }, 240_000);

  it('the same deployment done right: no problem found, exit 0, nothing changed', async () => {
    const dir = tempDir();
    writeHandMade(dir, options(true));
    for (const file of stacks) await compose(dir, file, 'up', '-d', '--wait');
    await until('LiteLLM answers', async () => (await fetch(`http://127.0.0.1:${defaultPorts(name).litellm}/health/liveliness`, { signal: AbortSignal.timeout(2000) }).then((x) => x.status, () => 0)) === 200);
    const files = treeHashes(dir);
    const ids = await containerIds();
    const r = await cli(['adopt', '--from', dir, '--check']);
    expect(r.stdout).toMatch(/^Read litellm\/docker-compose\.yml \(project adopt-litellm: litellm\); mcp-postgres\/docker-compose\.yml \(project adopt-mcp: mcp-postgres\); litellm\/config\.yaml\.$/m);
    expect(r.stdout).toMatch(/No problem found: nothing here stops litellm-mcp from taking it over\./);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(treeHashes(dir)).toEqual(files);
    expect(await containerIds()).toBe(ids);
  }, 240_000);

  it('bad input: no --from, a folder that does not exist, a compose file compose cannot read, a takeover no one confirmed, no adoption to undo: exit 2 with the fix, nothing changed', async () => {
    expect((await cli(['adopt', '--check'])).stderr).toMatch(/error: adopt needs the folder of the deployment made by hand\.\nfix: Run `litellm-mcp adopt --from <folder> --check`\./);
    const missing = await cli(['adopt', '--from', '/nonexistent/handmade', '--check']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--from \/nonexistent\/handmade: no such folder\./);
    const broken = tempDir();
    writeFileSync(join(broken, 'docker-compose.yml'), 'services:\n  litellm:\n    image: [oops\n');
    const unreadable = await cli(['adopt', '--from', broken, '--check']);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(/docker-compose\.yml: compose cannot read it \(yaml: line 2: .*\)\.\nfix: Correct it/);
    // The takeover, unattended without --yes: the report, then a refusal; not a file moved, no container stopped.
    const dir = tempDir();
    writeHandMade(dir, options(false));
    const files = treeHashes(dir);
    const unconfirmed = await cli(['adopt', '--from', dir]);
    expect(unconfirmed.code, unconfirmed.stdout + unconfirmed.stderr).toBe(2);
    expect(unconfirmed.stdout).toMatch(/DATABASE_URL of litellm: its password holds/);
    expect(unconfirmed.stderr).toMatch(/adopt stops the hand-made containers and moves their files, and no one is here to confirm it\.\nfix: .*--yes/);
    expect(treeHashes(dir)).toEqual(files);
    const nothing = await cli(['adopt', '--undo', '--dir', tempDir()]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/holds no adoption to undo/);
  });

  it('at a terminal, the takeover asks after the report; no (the default) changes nothing', async () => {
    const dir = tempDir();
    writeHandMade(dir, options(false));
    const files = treeHashes(dir);
    const t = openTerminal(['adopt', '--from', dir], {});
    const screen = await t.waitFor(/Take this deployment over \(phases A to E\)\?/, 60_000);
    expect(screen).toMatch(/DATABASE_URL of litellm: its password holds/);
    expect(screen).toMatch(/--- litellm\/config\.yaml\r?\n│ +\+\+\+ litellm\/config\/config\.yaml \(litellm-mcp\)/);
    expect(screen).not.toContain('S3cr/t#pw');
    t.press(keys.enter);
    await t.waitFor(/Not confirmed: nothing was changed\./);
    expect(await t.exit).toBe(130);
    expect(treeHashes(dir)).toEqual(files);
  }, 120_000);
});
