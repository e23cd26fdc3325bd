/**
 * More MCP servers behind the gateway: a real filesystem MCP server (@modelcontextprotocol/server-filesystem
 * behind the real supergateway, on a folder this test writes) and a custom image this test builds, each
 * added, proven and called through LiteLLM (the stand-in), listed, and removed; bad input refused with
 * nothing changed. Real Docker, compose v2, PostgreSQL, MCP SDK client. Its own deployment name (servers).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { withMcpClient } from '../../src/infra/mcp-client.js';
import { cli, tempDir } from '../support/cli.js';
import { docker, dockerObjects, treeHashes } from '../support/docker.js';
import { deployOnce } from '../support/images.js';
import { defaultPorts } from '../../src/core/questions.js';
import { keys, openTerminal } from '../support/pty.js';

const name = 'servers';
const ports = defaultPorts(name);
const dir = tempDir();
const folder = mkdtempSync(join(tmpdir(), 'litellm-mcp-served-'));
const masterKey = () => /^LITELLM_MASTER_KEY=(\S+)$/m.exec(readFileSync(join(dir, 'secrets/generated.env'), 'utf8'))?.[1] ?? '';
const gateway = `http://127.0.0.1:${ports.litellm}`;
const auth = () => ({ authorization: `Bearer ${masterKey()}` });
const toolsThroughGateway = async () => ((await (await fetch(`${gateway}/mcp-rest/tools/list`, { headers: auth() })).json()) as { tools: Array<{ name: string }> }).tools.map((t) => t.name);
const startedAt = (container: string) => docker('inspect', '-f', '{{.Id}} {{.State.StartedAt}}', container);

/** An image built here from a test image, with another entrypoint. */
async function derivedImage(base: string, tag: string, entrypoint: string[]): Promise<string> {
  const scratch = `litellm-mcp-derive-${process.pid}`;
  await docker('create', '--name', scratch, base);
  try {
    await docker('commit', '--change', `ENTRYPOINT ${JSON.stringify(entrypoint)}`, '--change', 'CMD []', scratch, tag);
  } finally {
    await docker('rm', '-f', scratch);
  }
  return tag;
}

/** Everything a refused `mcp add` must leave as it was: files, and the deployment's containers, networks, volumes. */
async function snapshot(): Promise<string> {
  const files = JSON.stringify(treeHashes(dir, (rel) => rel.startsWith('.litellm-mcp/lock')));
  return `${files}\n${await dockerObjects(name)}`;
}

deployOnce(dir, name);

describe('mcp add, list, remove', () => {
  it('adds a filesystem server on a folder: proven directly and through LiteLLM, a write refused, both servers on /mcp/', async () => {
    mkdirSync(join(folder, 'notes'));
    writeFileSync(join(folder, 'notes', 'hello.txt'), 'The gateway serves this file.\n');
    const mcpBefore = await startedAt(`${name}-connector-postgres-mcp-1`);
    const litellmBefore = await startedAt(`${name}-litellm-1`);

    const r = await cli(['mcp', 'add', 'filesystem', '--name', 'docs', '--folder', folder, '--image', inject('images').supergateway, '--dir', dir]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ok\s+MCP server docs: proven directly and through LiteLLM/);

    // Only LiteLLM restarted (its config changed); PostgreSQL's MCP server was left alone.
    expect(await startedAt(`${name}-connector-postgres-mcp-1`)).toBe(mcpBefore);
    expect(await startedAt(`${name}-litellm-1`)).not.toBe(litellmBefore);

    const config = readFileSync(join(dir, 'litellm/config/config.yaml'), 'utf8');
    expect(config).toMatch(/ {2}docs:\n {4}url: http:\/\/mcp-docs:8000\/sse\n {4}transport: sse\n/);
    expect(readFileSync(join(dir, 'mcp/docs/docker-compose.yml'), 'utf8')).toContain(`${folder}:/data:ro`);
    expect(readFileSync(join(dir, 'litellm-mcp.yaml'), 'utf8')).toMatch(/mcp-servers:\n {2}- name: docs\n {4}recipe: filesystem\n/);

    // By effect: the file this test wrote comes back through LiteLLM's REST API.
    const called = await fetch(`${gateway}/mcp-rest/tools/call`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify({ name: 'docs-read_text_file', arguments: { path: '/data/notes/hello.txt' } }) });
    expect(JSON.stringify(await called.json())).toContain('The gateway serves this file.');
    expect(existsSync(join(folder, '.litellm-mcp-write-probe'))).toBe(false);

    // An MCP client on LiteLLM's /mcp/ sees both servers' tools.
    const seen = await withMcpClient(`${gateway}/mcp/`, 'http', { 'x-litellm-api-key': `Bearer ${masterKey()}` }, 15_000, async (c) => (await c.listTools()).tools.map((t) => t.name));
    expect(seen).toEqual(expect.arrayContaining(['db_main-execute_sql', 'docs-read_text_file', 'docs-list_allowed_directories']));

    const status = readFileSync(join(dir, 'STATUS.md'), 'utf8');
    expect(status).toMatch(/^- docs: write tried: write_file refused \(EROFS: read-only file system/m);
    expect(status).toMatch(new RegExp(`^\\| docs \\| filesystem \\| sse \\| http://mcp-docs:8000/sse \\| 127\\.0\\.0\\.1:${ports.mcp + 1} \\| docs \\| 14 \\| ok: `, 'm'));
    expect(status).toMatch(new RegExp(`^\\| db_main \\| postgres \\| sse \\| http://postgres-mcp:8000/sse \\| 127\\.0\\.0\\.1:${ports.mcp} \\| db_readers \\| 9 \\| ok: `, 'm'));
    expect(status).toContain(`litellm -->|"MCP over SSE http://mcp-docs:8000/sse<br/>${name}-net"| mcp1`);
  }, 300_000);

  it('phase G audits it too: published on 127.0.0.1 only, its container as its recipe generates it', async () => {
    const r = await cli(['phase', 'g', '--dir', dir]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/ok\s+Container options \(docker inspect\): .*docs: no-new-privileges/);
    const status = readFileSync(join(dir, 'STATUS.md'), 'utf8');
    expect(status).toMatch(new RegExp(`- Exposure: .*MCP server docs 127\\.0\\.0\\.1:${ports.mcp + 1}→8000/tcp \\(refused on every other address\\)`));
    expect(status).toMatch(/\| info \| docs: writable root file system \| ReadonlyRootfs false \| accepted: npx unpacks the server package/);
  }, 120_000);

  it('mcp list shows every server with its transport, URL, access group, state and tools', async () => {
    const r = await cli(['mcp', 'list', '--dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^db_main\\s+postgres\\s+sse\\s+http://postgres-mcp:8000/sse\\s+127\\.0\\.0\\.1:${ports.mcp}\\s+db_readers\\s+running \\(healthy\\)\\s+9$`, 'm'));
    // An added server takes the first free port after the PostgreSQL server's.
    expect(r.stdout).toMatch(new RegExp(`^docs\\s+filesystem\\s+sse\\s+http://mcp-docs:8000/sse\\s+127\\.0\\.0\\.1:${ports.mcp + 1}\\s+docs\\s+running \\(healthy\\)\\s+14$`, 'm'));
    const json = JSON.parse((await cli(['mcp', 'list', '--json', '--dir', dir])).stdout) as { servers: Array<{ name: string; tools: number }> };
    expect(json.servers.map((s) => [s.name, s.tools])).toEqual([['db_main', 9], ['docs', 14]]);
  });

  it('refuses bad input with its fix, and changes nothing', async () => {
    // The real server-filesystem alone: an MCP server that speaks stdio only.
    const stdioOnly = await derivedImage(inject('images').supergateway, 'litellm-mcp-test/stdio-filesystem:1', ['/usr/bin/node', '/app/server-filesystem.mjs', '/tmp']);
    const holder = createServer();
    await new Promise<void>((res) => holder.listen(18095, '127.0.0.1', res));
    const before = await snapshot();
    try {
      const cases: Array<[string[], RegExp]> = [
        [['filesystem', '--name', 'my-docs', '--folder', folder], /--name: "my-docs" holds a "-", which LiteLLM 1\.77\.3 refuses[\s\S]*use "my_docs"/],
        [['filesystem', '--name', 'DOCS', '--folder', folder], /An MCP server named "docs" is already behind the gateway \(names differ only in case/],
        [['filesystem', '--name', 'more', '--folder', join(folder, 'nope')], /--folder .*nope is not a folder on this host/],
        [['filesystem', '--name', 'more', '--folder', folder, '--host-port', '18095'], /--host-port 18095 is in use on this host/],
        [['filesystem', '--name', 'more', '--folder', folder, '--host-port', String(ports.litellm)], new RegExp(`--host-port ${ports.litellm} is already LiteLLM's`)],
        [['custom', '--name', 'raw', '--image', stdioOnly], /--image litellm-mcp-test\/stdio-filesystem:1 does not serve MCP over the network: it (exited with code \d+|kept running)[\s\S]*wrap it with a bridge/],
        [['custom', '--name', 'raw', '--image', 'litellm-mcp-test/no-such-image:1'], /--image litellm-mcp-test\/no-such-image:1: no such image here/],
        [['custom', '--name', 'raw', '--image', stdioOnly, '--transport', 'stdio'], /--transport stdio: LiteLLM reaches MCP servers over the network/],
        [['nope', '--name', 'x'], /Unknown recipe "nope"[\s\S]*filesystem, custom/],
      ];
      for (const [args, message] of cases) {
        const r = await cli(['mcp', 'add', ...args, '--dir', dir]);
        expect([r.code, r.stderr], args.join(' ')).toEqual([2, expect.stringMatching(message)]);
      }
      // At a terminal the recipe's needs are asked, with the same checks; Ctrl-C changes nothing either.
      const t = openTerminal(['mcp', 'add', 'filesystem', '--dir', dir], {});
      await t.waitFor(/Server name \(the prefix of its tools in LiteLLM\)/);
      t.press('my-docs');
      t.press(keys.enter);
      await t.waitFor(/"my-docs" holds a "-", which LiteLLM 1\.77\.3 refuses/);
      t.press(keys.ctrlC);
      expect(await t.exit).toBe(130);
      expect(t.screen()).toMatch(/Cancelled: nothing was changed/);
      expect(await snapshot()).toBe(before);
    } finally {
      holder.close();
    }
  }, 300_000);

  it('adds a custom image the test builds, its transport found by running it, its probe called through LiteLLM', async () => {
    // The MCP SDK fixture server the LiteLLM stand-in image carries (SSE and streamable HTTP on 8000).
    const image = await derivedImage(inject('images').litellm, 'litellm-mcp-test/custom-mcp:1', ['/usr/bin/node', '/opt/mcp-fixture.mjs']);
    const r = await cli(['mcp', 'add', 'custom', '--name', 'tools', '--image', image, '--clients', '--probe-tool', 'echo', '--probe-args', '{"text":"ping from the test"}', '--probe-expect', 'ping from the test', '--dir', dir]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Transport detected: sse \(litellm-mcp-test\/custom-mcp:1 on port 8000: GET \/sse → 200 text\/event-stream/);
    const names = await toolsThroughGateway();
    expect(names).toEqual(expect.arrayContaining(['tools-echo', 'tools-add', 'docs-read_text_file', 'db_main-execute_sql']));

    // --clients: the client key (minted again by phase F) lists tools' and db_main's tools, not docs'.
    const clientKey = /^LITELLM_API_KEY=(\S+)$/m.exec(readFileSync(join(dir, 'secrets/client.env'), 'utf8'))?.[1] ?? '';
    const listed = await withMcpClient(`${gateway}/mcp/`, 'http', { 'x-litellm-api-key': `Bearer ${clientKey}` }, 15_000, async (c) => (await c.listTools()).tools.map((t) => t.name));
    const servers = [...new Set(listed.map((t) => t.split('-')[0]))].sort();
    expect(servers).toEqual(['db_main', 'tools']);
    expect(readFileSync(join(dir, 'STATUS.md'), 'utf8')).toMatch(/Client key scope: .*MCP access groups db_readers, tools;/);
  }, 300_000);

  it('remove takes one out: its tools leave LiteLLM, its stack and files go, the served folder stays, the others are proven', async () => {
    const r = await cli(['mcp', 'remove', 'docs', '--dir', dir]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ok\s+MCP tools through LiteLLM/);
    expect(r.stdout).toMatch(/ok\s+MCP server tools: proven directly and through LiteLLM/);
    const names = await toolsThroughGateway();
    expect(names.filter((n) => n.startsWith('docs-'))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['db_main-execute_sql', 'tools-echo']));
    expect(existsSync(join(dir, 'mcp/docs'))).toBe(false);
    expect(readFileSync(join(folder, 'notes', 'hello.txt'), 'utf8')).toContain('The gateway serves this file.');
    expect(await docker('ps', '-a', '--filter', `label=com.docker.compose.project=${name}-mcp-docs`, '-q')).toBe('');
    expect(readFileSync(join(dir, 'litellm/config/config.yaml'), 'utf8')).not.toMatch(/mcp-docs/);
    const unknown = await cli(['mcp', 'remove', 'docs', '--dir', dir]);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringMatching(/No MCP server named "docs" was added here[\s\S]*Added servers: tools/)]);
    const first = await cli(['mcp', 'remove', 'db_main', '--dir', dir]);
    expect([first.code, first.stderr]).toEqual([2, expect.stringMatching(/db_main is the deployment's PostgreSQL server/)]);
  }, 300_000);
});
