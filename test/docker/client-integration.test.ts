/**
 * Phase F end to end: the client key minted, checked, rotated, revoked and replaced, every client file
 * proven the way its client connects (Claude Desktop's by running mcp-remote, the command-line clients by
 * their own `mcp list`/`mcp get`, the OpenAI side through the official `openai` package), the scope tried
 * where LiteLLM enforces it and reported where it does not. Judged by what LiteLLM's database holds and what
 * a key can do, against the real Docker engine, compose v2, PostgreSQL and the real client packages; LiteLLM
 * is the stand-in (test/images/litellm-standin). Its own deployment name (clients): it runs beside the
 * other files.
 */
import { execa } from 'execa';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, root, tempDir } from '../support/cli.js';
import { CLIENT_CLIS, clientCliDir, installClientCli, type ClientCliPackage } from '../support/client-clis.js';
import { docker, removeDeployment } from '../support/docker.js';
import { defaultPorts } from '../../src/core/questions.js';
import { imageFlags } from '../support/images.js';

const name = 'clients';
const port = defaultPorts(name).litellm;
const dir = tempDir();
const gateway = `http://127.0.0.1:${port}`;
const alias = 'litellm-mcp-db_readers';
const litellmContainer = `${name}-litellm-1`;
const postgresContainer = `${name}-postgres-1`;
let env: Record<string, string> = {};

const clientKey = () => /^LITELLM_API_KEY=(\S+)$/m.exec(readFileSync(join(dir, 'secrets/client.env'), 'utf8'))?.[1] ?? '';
const masterKey = () => /^LITELLM_MASTER_KEY=(\S+)$/m.exec(readFileSync(join(dir, 'secrets/generated.env'), 'utf8'))?.[1] ?? '';
const modeOf = (rel: string) => (statSync(join(dir, rel)).mode & 0o777).toString(8);
const outcomes = (stdout: string) => stdout.split('\n').filter((l) => /^\s+(✔|✚|▲|✖)/.test(l));

/** The rows LiteLLM keeps for keys under our alias, read from its own database. */
async function keysInDatabase(): Promise<string[]> {
  const rows = await docker('exec', postgresContainer, 'psql', '-U', 'postgres', '-d', 'litellm_db', '-tAc', `SELECT token FROM "LiteLLM_VerificationToken" WHERE key_alias = '${alias}' ORDER BY token`);
  return rows.split('\n').filter(Boolean);
}

/** What a key may do on the LLM side: the status of GET /v1/models with it. */
async function modelsStatus(key: string): Promise<number> {
  return (await fetch(`${gateway}/v1/models`, { headers: { authorization: `Bearer ${key}` } })).status;
}

async function waitHealthy(container: string): Promise<void> {
  for (const until = Date.now() + 60_000; Date.now() < until; await new Promise((r) => setTimeout(r, 250))) {
    if ((await docker('inspect', '-f', '{{.State.Health.Status}}', container)) === 'healthy') return;
  }
  throw new Error(`${container} did not turn healthy`);
}

beforeAll(async () => {
  await removeDeployment(name);
  // The clients as people install them (cached between runs): their bins first in PATH, as on a workstation.
  const packages = Object.keys(CLIENT_CLIS) as ClientCliPackage[];
  await Promise.all(packages.map((p) => installClientCli(p)));
  const bins = packages.map((p) => join(clientCliDir(p, CLIENT_CLIS[p].version), 'node_modules', '.bin'));
  env = { PATH: [...bins, process.env.PATH ?? ''].join(':') };
}, 20 * 60_000);
afterAll(() => removeDeployment(name));

describe('phase F: client integration', () => {
  it('init runs A to G: a scoped key kept in secrets/client.env only, a file per client, each proven as its client connects', async () => {
    const r = await cli(['init', '--yes', '--dir', dir, ...imageFlags({ name })], env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Phases A to G done/);
    expect(r.stdout).toMatch(/changed\s+Client key \(virtual key for MCP and LLM clients\): no client key yet: minted litellm-mcp-db_readers \(sk-…[\w-]{4}\)/);

    const key = clientKey();
    expect(key).toMatch(/^sk-/);
    expect(modeOf('secrets/client.env')).toBe('600');
    // One key under the alias, stored as LiteLLM stores keys: the SHA-256 of the raw key.
    const { createHash } = await import('node:crypto');
    expect(await keysInDatabase()).toEqual([createHash('sha256').update(key).digest('hex')]);

    // The key is a secret: nowhere but secrets/client.env and the files that must embed it.
    const status = readFileSync(join(dir, 'STATUS.md'), 'utf8');
    for (const text of [r.stdout, r.stderr, status, readFileSync(join(dir, '.litellm-mcp/state.json'), 'utf8'), readFileSync(join(dir, 'litellm-mcp.yaml'), 'utf8')]) {
      expect(text).not.toContain(key);
    }
    expect(status).toMatch(/## Phase F: Client integration \(✅ COMPLETED\)/);
    expect(status).toContain(`- Client key: ${alias} (sk-…${key.slice(-4)})`);
    expect(status).toMatch(/- Client key scope: models mock-gpt; MCP access group db_readers; routes llm_api_routes; no user/);

    // Files that embed the key are 0600, the others 0644; each client's proof is in the report.
    const embedding = ['clients/claude-desktop.json', 'clients/zed.settings.json', 'clients/open-webui.env'];
    for (const rel of embedding) {
      expect(modeOf(rel)).toBe('600');
      expect(readFileSync(join(dir, rel), 'utf8')).toContain(key);
    }
    for (const rel of ['clients/claude-code.mcp.json', 'clients/cursor.mcp.json', 'clients/vscode.mcp.json', 'clients/windsurf.mcp_config.json', 'clients/gemini.settings.json', 'clients/codex.config.toml', 'clients/openai_sdk.py', 'clients/openai-sdk.mjs', 'clients/openai_agents_mcp.py', 'clients/README.md']) {
      expect(modeOf(rel)).toBe('644');
      expect(readFileSync(join(dir, rel), 'utf8')).not.toContain(key);
    }
    for (const name of ['Claude Code', 'Cursor', 'VS Code', 'Windsurf', 'Zed', 'Gemini CLI', 'Codex CLI', 'OpenAI Agents SDK (MCP)']) {
      expect(status).toMatch(new RegExp(`- Client ${name.replace(/[()]/g, '\\$&')}: MCP http://linuxserver\\.lan:${port}/mcp/ .*9 tool\\(s\\), db_main-execute_sql read as mcp_readonly`));
    }
    expect(status).toMatch(/- Client Claude Desktop: stdio: npx mcp-remote@0\.15\.1 .*9 tool\(s\), db_main-execute_sql read as mcp_readonly/);
    expect(status).toMatch(new RegExp(`- Client OpenAI Python SDK: OpenAI API http://linuxserver\\.lan:${port}/v1: mock-gpt answered`));
    expect(status).toMatch(/- Client Open WebUI: OpenAI API .*; MCP .*db_main-execute_sql read as mcp_readonly/);

    // The command-line clients judged their own files.
    expect(status).toMatch(/claude mcp list: litellm: .*✔ Connected/);
    expect(status).toMatch(/gemini mcp list: ✓ litellm: .*Connected/);
    expect(status).toMatch(new RegExp(`codex mcp get --json: streamable_http http://linuxserver\\.lan:${port}/mcp/ with LITELLM_API_KEY`));
  });

  it('the OpenAI Node snippet, run with the official openai package, gets the mock answer with the scoped key', async () => {
    // Beside the project's node_modules, so `import OpenAI from 'openai'` resolves as in a user's project.
    const work = mkdtempSync(join(root, 'test', '.run-'));
    try {
      copyFileSync(join(dir, 'clients/openai-sdk.mjs'), join(work, 'openai-sdk.mjs'));
      const text = readFileSync(join(work, 'openai-sdk.mjs'), 'utf8').replace(`http://linuxserver.lan:${port}/v1`, `${gateway}/v1`);
      writeFileSync(join(work, 'openai-sdk.mjs'), text);
      const r = await execa('node', [join(work, 'openai-sdk.mjs')], { env: { LITELLM_API_KEY: clientKey() }, reject: false });
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('Hello from the litellm-mcp mock model.');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('phase f again is all ok: the stored key is checked, nothing minted, nothing written', async () => {
    const key = clientKey();
    const keys = await keysInDatabase();
    const r = await cli(['phase', 'f', '--dir', dir], env);
    expect(r.code, r.stdout).toBe(0);
    expect(outcomes(r.stdout).filter((l) => !l.includes('✔ ok'))).toEqual([]);
    expect(r.stdout).toMatch(/ok\s+Client key \(virtual key for MCP and LLM clients\): litellm-mcp-db_readers \(sk-…[\w-]{4}\) is valid with the configured scope/);
    expect(clientKey()).toBe(key);
    expect(await keysInDatabase()).toEqual(keys);
  });

  it('the scoped key is refused where LiteLLM enforces its routes', async () => {
    const r = await cli(['phase', 'f', '--dir', dir], env);
    expect(r.stdout).toMatch(/ok\s+Client key refused outside its routes: GET \/v1\/models → 200; POST \/key\/generate → 401; GET \/mcp-rest\/tools\/list → 500; GET \/v1\/mcp\/server → 500/);
    // And by effect: the key really cannot mint, and LiteLLM holds no key it tried to make.
    const tried = await fetch(`${gateway}/key/generate`, { method: 'POST', headers: { authorization: `Bearer ${clientKey()}`, 'content-type': 'application/json' }, body: '{}' });
    expect(tried.status).toBe(401);
    expect(await docker('exec', postgresContainer, 'psql', '-U', 'postgres', '-d', 'litellm_db', '-tAc', `SELECT count(*) FROM "LiteLLM_VerificationToken" WHERE key_alias LIKE 'litellm-mcp-scope-probe%' OR key_alias LIKE 'litellm-mcp-probe-%'`)).toBe('0');
  });

  it('a client file edited to a wrong URL is named with its client and fix, kept, and nothing else changes', async () => {
    const rel = 'clients/cursor.mcp.json';
    const original = readFileSync(join(dir, rel), 'utf8');
    const edited = original.replace(`http://linuxserver.lan:${port}/mcp/`, `http://linuxserver.lan:${port}/sse`);
    writeFileSync(join(dir, rel), edited);
    const key = clientKey();
    const r = await cli(['phase', 'f', '--dir', dir], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/warning\s+Client files \(clients\/\): .*cursor\.mcp\.json/);
    expect(r.stdout).toMatch(new RegExp(`failed\\s+Cursor connects with clients/cursor\\.mcp\\.json: Cursor would fail with clients/cursor\\.mcp\\.json: MCP http://linuxserver\\.lan:${port}/sse`));
    expect(r.stdout).toMatch(/fix: Compare clients\/cursor\.mcp\.json with a fresh copy/);
    expect(readFileSync(join(dir, rel), 'utf8')).toBe(edited);
    expect(existsSync(join(dir, `${rel}.new`))).toBe(true);
    expect(clientKey()).toBe(key);

    const fixed = await cli(['phase', 'f', '--dir', dir, '--force'], env);
    expect(fixed.code, fixed.stdout).toBe(0);
    expect(readFileSync(join(dir, rel), 'utf8')).toBe(original);
  });

  it('names LiteLLM down, and a master key LiteLLM refuses, with their fixes; the key stays as it was', async () => {
    const key = clientKey();
    await docker('stop', litellmContainer);
    try {
      const down = await cli(['phase', 'f', '--dir', dir], env);
      expect(down.code).toBe(1);
      expect(down.stdout).toMatch(new RegExp(`failed\\s+Client key \\(virtual key for MCP and LLM clients\\): LiteLLM does not answer on http://127\\.0\\.0\\.1:${port} \\(\\w+\\), so the client key cannot be checked or minted`));
      expect(down.stdout).toMatch(/fix: Start and verify the gateway first: `litellm-mcp phase e`/);
    } finally {
      await docker('start', litellmContainer);
      await waitHealthy(litellmContainer);
    }
    expect(clientKey()).toBe(key);

    const generated = join(dir, 'secrets/generated.env');
    const secrets = readFileSync(generated, 'utf8');
    writeFileSync(generated, secrets.replace(/^LITELLM_MASTER_KEY=\S+$/m, 'LITELLM_MASTER_KEY=sk-not-the-running-master-key'));
    try {
      const refused = await cli(['phase', 'f', '--dir', dir], env);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(/failed\s+Client key .*: LiteLLM refused the master key from secrets\/generated\.env \(401: /);
      expect(refused.stdout).toMatch(/fix: The running LiteLLM was started with another master key: run `litellm-mcp phase e`/);
      expect(refused.stdout + refused.stderr).not.toContain('sk-not-the-running-master-key');
    } finally {
      writeFileSync(generated, secrets);
    }
    expect(clientKey()).toBe(key);
    expect(await modelsStatus(key)).toBe(200);
  });

  it('a key deleted in LiteLLM is replaced by a new one; never two keys under the alias', async () => {
    const old = clientKey();
    const deleted = await fetch(`${gateway}/key/delete`, { method: 'POST', headers: { authorization: `Bearer ${masterKey()}`, 'content-type': 'application/json' }, body: JSON.stringify({ keys: [old] }) });
    expect(deleted.status).toBe(200);
    const r = await cli(['phase', 'f', '--dir', dir], env);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/changed\s+Client key .*: the key in secrets\/client\.env is unknown to LiteLLM \(deleted, or from another database\): minted/);
    const key = clientKey();
    expect(key).not.toBe(old);
    expect(await keysInDatabase()).toHaveLength(1);
    expect(readFileSync(join(dir, 'clients/claude-desktop.json'), 'utf8')).toContain(key);
    expect(await modelsStatus(key)).toBe(200);
  });

  it('key rotate: the new key in every file and proven, then the old one deleted', async () => {
    const old = clientKey();
    const r = await cli(['key', 'rotate', '--dir', dir], env);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/Rotated: every client file carries the new key, proven; the old key is deleted/);
    expect(r.stdout).toMatch(/changed\s+Replaced client keys deleted: deleted 1 replaced key\(s\); LiteLLM no longer knows them/);
    const key = clientKey();
    expect(key).not.toBe(old);
    for (const rel of ['clients/claude-desktop.json', 'clients/zed.settings.json', 'clients/open-webui.env']) {
      const text = readFileSync(join(dir, rel), 'utf8');
      expect(text).toContain(key);
      expect(text).not.toContain(old);
    }
    expect(await modelsStatus(old)).toBe(401);
    expect(await modelsStatus(key)).toBe(200);
    expect(await keysInDatabase()).toHaveLength(1);
    expect(r.stdout + r.stderr).not.toContain(key);

    // --show-key prints the key, once, on stdout, on request.
    const shown = await cli(['key', 'rotate', '--dir', dir, '--show-key'], env);
    expect(shown.code, shown.stdout).toBe(0);
    expect(shown.stdout.trim().split('\n').pop()).toBe(clientKey());
    expect(shown.stdout.split(clientKey())).toHaveLength(2);
  });

  it('key revoke: LiteLLM refuses the key; its clients, run with it, fail to connect, and phase f mints a new one', async () => {
    const revokedKey = clientKey();
    const savedEnvFile = readFileSync(join(dir, 'secrets/client.env'), 'utf8');
    const r = await cli(['key', 'revoke', '--dir', dir], env);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/Revoked litellm-mcp-db_readers \(sk-…[\w-]{4}\)\. Client files that stop working: every file in clients\/ \(clients\/claude-desktop\.json, clients\/zed\.settings\.json, clients\/open-webui\.env hold the key itself\)/);
    expect(existsSync(join(dir, 'secrets/client.env'))).toBe(false);
    expect(await modelsStatus(revokedKey)).toBe(401);
    expect(await keysInDatabase()).toEqual([]);
    expect(readFileSync(join(dir, 'STATUS.md'), 'utf8')).toMatch(/## Phase F: Client integration \(PENDING\)/);

    // Put the revoked key back where clients read it: every proof, and the clients' own checks, fail with
    // it; the plan shows them as not known until phase F's new key is made, each with what fails now.
    writeFileSync(join(dir, 'secrets/client.env'), savedEnvFile, { mode: 0o600 });
    const plan = await cli(['plan', '--exit-code', '--dir', dir], env);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toMatch(/Client key .*: would change: the key in secrets\/client\.env is unknown to LiteLLM/);
    const pending = 'not known until the changes above are made \\(now: ';
    expect(plan.stdout).toMatch(new RegExp(`skipped\\s+Claude Desktop connects with clients/claude-desktop\\.json: ${pending}Claude Desktop would fail`));
    expect(plan.stdout).toMatch(/skipped\s+Installed client CLIs accept their files: not known until the changes above are made \(now: claude mcp list, gemini mcp list did not accept their files: claude mcp list: litellm: .*✘ Failed to connect.*; gemini mcp list: ✗ litellm: .*Disconnected/);
    // Refusals by a key LiteLLM does not know prove nothing about its scope.
    expect(plan.stdout).toMatch(/skipped\s+Client key refused outside its routes: not known until the changes above are made \(now: LiteLLM does not accept the client key at all \(GET \/v1\/models → 401\)/);
    expect(plan.stdout + plan.stderr).not.toContain(revokedKey);

    const again = await cli(['phase', 'f', '--dir', dir], env);
    expect(again.code, again.stdout).toBe(0);
    expect(clientKey()).not.toBe(revokedKey);
    expect(await keysInDatabase()).toHaveLength(1);
  });

  it('reports what the access group does not limit, with a second MCP server outside the group', async () => {
    // A second server outside db_readers: the same postgres-mcp under another name and group.
    const config = join(dir, 'litellm/config/config.yaml');
    const original = readFileSync(config, 'utf8');
    const { parseDocument } = await import('yaml');
    const doc = parseDocument(original);
    doc.setIn(['mcp_servers', 'db_other'], doc.createNode({ url: 'http://postgres-mcp:8000/sse', transport: 'sse', auth_type: 'none', access_groups: ['other_readers'] }));
    writeFileSync(config, doc.toString());
    try {
      expect((await cli(['phase', 'e', '--dir', dir], env)).code).toBe(0);
      const r = await cli(['phase', 'f', '--dir', dir], env);
      expect(r.code, r.stdout).toBe(0);
      expect(r.stdout).toMatch(/warning\s+MCP access group: what LiteLLM enforces: the access group is not a boundary on this gateway: a key outside db_readers called db_main's tools/);
      const status = readFileSync(join(dir, 'STATUS.md'), 'utf8');
      expect(status).toMatch(/- Scoped listing: the client key \(group db_readers\) lists db_main\n/);
      expect(status).toMatch(/- Finding: calls are not checked: a key for group other_readers \(listing db_other, not db_main\) called db_main-execute_sql and got mcp_readonly's row/);
      expect(status).toMatch(/LiteLLM 1\.77\.3 does not check tools\/call against a key's MCP access groups/);
      // No probe key is left behind.
      expect(await docker('exec', postgresContainer, 'psql', '-U', 'postgres', '-d', 'litellm_db', '-tAc', `SELECT count(*) FROM "LiteLLM_VerificationToken" WHERE key_alias LIKE 'litellm-mcp-probe-%'`)).toBe('0');
    } finally {
      writeFileSync(config, original);
    }
  });
});
