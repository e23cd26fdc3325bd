/**
 * Every diagnosis phase E promises, produced for real: a healthy deployment is broken the way people
 * break theirs (an edited file, a changed password, a held port, a wrong image), `phase e` must name the
 * cause and the fix, and the deployment is healed before the next case. Its deployment has a name of its
 * own (`diag`), so the file runs beside the others.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { cli, tempDir, type CliResult } from '../support/cli.js';
import { docker, removeDeployment } from '../support/docker.js';
import { defaultPorts } from '../../src/core/questions.js';
import { imageFlags } from '../support/images.js';

const dir = tempDir();
const name = 'diag';
const c = { postgres: `${name}-postgres-1`, litellm: `${name}-litellm-1`, mcp: `${name}-connector-postgres-mcp-1` };
const litellmPort = defaultPorts(name).litellm;
const files = {
  litellmEnv: join(dir, 'secrets/litellm.env'),
  config: join(dir, 'litellm/config/config.yaml'),
  mcpCompose: join(dir, 'mcp/postgres/docker-compose.yml'),
  litellmCompose: join(dir, 'litellm/docker-compose.yml'),
};
const originals = new Map<string, string>();

/** Edits a deployed file the way a person would; afterEach puts it back. */
function edit(path: string, from: string | RegExp, to: string): void {
  const text = readFileSync(path, 'utf8');
  if (!originals.has(path)) originals.set(path, text);
  const changed = text.replace(from, to);
  expect(changed, `edit of ${path} matched nothing`).not.toBe(text);
  writeFileSync(path, changed);
}

async function phaseE(): Promise<CliResult & { status: string }> {
  const r = await cli(['phase', 'e', '--dir', dir]);
  return { ...r, status: readFileSync(join(dir, 'STATUS.md'), 'utf8') };
}

/** The diagnosis is on the terminal and in STATUS.md, as a failed phase with a cause and a next step. */
function expectDiagnosis(r: CliResult & { status: string }, cause: RegExp, fix: RegExp): void {
  expect(r.code, r.stdout).toBe(1);
  expect(r.stdout).toMatch(new RegExp(`cause: .*${cause.source}`));
  expect(r.stdout).toMatch(new RegExp(`fix: .*${fix.source}`));
  expect(r.status).toMatch(/## Phase E: Deployment and verification \(❌ FAILED\)/);
  expect(r.status).toMatch(new RegExp(`Cause: .*${cause.source}`));
  expect(r.status).toMatch(new RegExp(`Next step: .*${fix.source}`));
}

beforeAll(async () => {
  await removeDeployment(name);
  const r = await cli(['init', '--yes', '--dir', dir, ...imageFlags({ name })]);
  expect(r.code, r.stdout + r.stderr).toBe(0);
});
afterEach(async () => {
  for (const [path, text] of originals) writeFileSync(path, text);
  originals.clear();
  const healed = await cli(['phase', 'e', '--dir', dir]);
  expect(healed.code, `could not heal the deployment: ${healed.stdout}`).toBe(0);
});
afterAll(() => removeDeployment(name));

describe('LiteLLM and its database', () => {
  it('P1013: a password that is not URL-encoded in DATABASE_URL', async () => {
    edit(files.litellmEnv, /(DATABASE_URL=postgresql:\/\/litellm_user:)[^@]+@/, '$1pass/word?x@');
    const r = await phaseE();
    expectDiagnosis(r, /password in DATABASE_URL is not URL-encoded/, /Percent-encode the user and password/);
    expect(r.stdout).toMatch(/LiteLLM is restarting in a loop|LiteLLM exited/);
    expect(r.status).toMatch(/P1013/);
  });

  it('authentication failed: the role has another password than the one stored (an old volume)', async () => {
    await docker('exec', c.postgres, 'psql', '-U', 'postgres', '-c', "ALTER ROLE litellm_user PASSWORD 'Changed-elsewhere-1'");
    // A running proxy keeps its pooled connections: the mismatch shows when it starts, as after an upgrade.
    await docker('restart', c.litellm);
    const r = await phaseE();
    expectDiagnosis(r, /password LiteLLM uses differs from the role's password/, /--reset-db-password/);
    expect(r.stdout).toMatch(/P1000/);
    // The fix it names works.
    const fixed = await cli(['phase', 'a', '--dir', dir, '--reset-db-password']);
    expect(fixed.code, fixed.stdout).toBe(0);
  });

  it('database unreachable: localhost inside the container', async () => {
    edit(files.litellmEnv, '@postgres:5432/', '@localhost:5432/');
    const r = await phaseE();
    expectDiagnosis(r, /`localhost` inside a container is the container itself/, /service or container name/);
  });

  it('config load error: a `-` in the MCP server name', async () => {
    edit(files.config, /^  db_main:$/m, '  db-main:');
    const r = await phaseE();
    expectDiagnosis(r, /`-` in an MCP server name or alias/, /letters, digits and `_` only/);
  });
});

describe('LiteLLM to the MCP server', () => {
  it('transport mismatch: transport http against an SSE server (LiteLLM shows no tools)', async () => {
    edit(files.config, 'transport: sse', 'transport: http');
    const r = await phaseE();
    expectDiagnosis(r, /transport mismatch between config and server/, /Set `transport: sse`/);
    expect(r.stdout).toMatch(/LiteLLM lists no tools from "db_main"/);
  });

  it('port mismatch: the URL uses 8686, the server listens on 8000', async () => {
    edit(files.config, 'http://postgres-mcp:8000/sse', 'http://postgres-mcp:8686/sse');
    const r = await phaseE();
    expectDiagnosis(r, /port mismatch: the URL says 8686, the server listens on container port 8000/, /http:\/\/postgres-mcp:8000\/sse/);
  });

  it('421: the server rejects the Host header LiteLLM sends', async () => {
    edit(files.mcpCompose, /image: \S+/, `image: ${inject('images').mcpStrictHost}`);
    const r = await phaseE();
    expectDiagnosis(r, /rejects the Host header/, /Pin --mcp-image/);
    expect(r.stdout).toMatch(/421 Misdirected Request to requests for postgres-mcp:8000/);
  });
});

describe('the MCP server itself', () => {
  it('bound to 127.0.0.1 inside its container: the port accepts and closes', async () => {
    edit(files.mcpCompose, '      - --transport=sse\n', '      - --transport=sse\n      - --sse-host=127.0.0.1\n');
    const r = await phaseE();
    expectDiagnosis(r, /bound to 127\.0\.0\.1 inside its container/, /listen on 0\.0\.0\.0:8000/);
    expect(r.stdout).toMatch(/accepts connections and closes them/);
  });

  it('stdio mode: the container keeps running with no port; named at once from its command line', async () => {
    edit(files.mcpCompose, '      - --transport=sse\n', '');
    const r = await phaseE();
    expectDiagnosis(r, /runs in stdio mode/, /--transport=sse/);
    expect(r.stdout).toMatch(/has no --transport=sse/);
    // It really is running (FACTS.md: stdio mode does not exit).
    expect(await docker('inspect', '-f', '{{.State.Status}}', c.mcp)).toBe('running');
  });

  it('a transport the image rejects (streamable-http on v0.3.0) is named as that, not as stdio', async () => {
    edit(files.mcpCompose, '      - --transport=sse\n', '      - --transport=streamable-http\n');
    const r = await phaseE();
    expectDiagnosis(r, /this image's postgres-mcp has no transport "streamable-http"/, /Use --transport=sse/);
    expect(r.stdout).not.toMatch(/stdio mode/);
  });
});

describe('proofs judged by effect', () => {
  const psql = (sql: string) => docker('exec', c.postgres, 'psql', '-U', 'postgres', '-tAc', sql);

  it('a write the server really ran is caught in the database, named, and removed again', async () => {
    edit(files.mcpCompose, '--access-mode=restricted', '--access-mode=unrestricted');
    await psql('ALTER ROLE mcp_readonly SET default_transaction_read_only = off');
    await psql('GRANT CREATE ON SCHEMA public TO mcp_readonly');
    try {
      const r = await phaseE();
      expect(r.code, r.stdout).toBe(1);
      expect(r.stdout).toMatch(/a write through the MCP server was accepted: public\.litellm_mcp_write_probe_[0-9a-f]{8} was created \(and removed again\)/);
      expect(r.status).toMatch(/Cause: the role mcp_readonly may create tables in postgres/);
      expect(await psql("SELECT count(*) FROM pg_class WHERE relname LIKE 'litellm_mcp_write_probe%'")).toBe('0');
    } finally {
      // The fix it names: phase A restores the read-only role.
      expect((await cli(['phase', 'a', '--dir', dir])).code).toBe(0);
    }
    expect(await psql("SELECT has_schema_privilege('mcp_readonly', 'public', 'CREATE')")).toBe('f');
  });

  it("an error that names the role and the database is not a read: the MCP role's password changed", async () => {
    await psql("ALTER ROLE mcp_readonly PASSWORD 'Changed-elsewhere-2'");
    // A fresh start, so the server's connection is made with the old password.
    await docker('restart', c.mcp);
    try {
      const r = await phaseE();
      expectDiagnosis(r, /password in the MCP server's DATABASE_URI differs from the role's/, /--reset-db-password/);
    } finally {
      const fixed = await cli(['phase', 'a', '--dir', dir, '--reset-db-password']);
      expect(fixed.code, fixed.stdout).toBe(0);
      await docker('restart', c.mcp);
    }
  });
});

describe('compose up refused', () => {
  it('a host port already allocated by another process, named', async () => {
    await docker('rm', '-f', c.litellm);
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(litellmPort, '0.0.0.0', resolve));
    try {
      const r = await phaseE();
      expectDiagnosis(r, new RegExp(`process \\S+ \\(pid \\d+\\) already holds host port ${litellmPort}`), /--litellm-port/);
      expect(r.stdout).toMatch(new RegExp(`\\(pid ${process.pid}\\)`));
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('an image that cannot be found or pulled, with the mirror fix', async () => {
    edit(files.litellmCompose, /image: litellm-mcp-test\/litellm-standin:\w+/, 'image: litellm-mcp-test/no-such-litellm:1.0');
    const r = await phaseE();
    expectDiagnosis(r, /image name or tag is wrong, or this host cannot reach the registry/, /push them to a mirror you can reach, then point those options at it/);
  });
});
