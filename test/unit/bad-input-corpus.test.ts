/**
 * The bad-input corpus: each case is what a person might give `init` (an answers file, a flag, a
 * variable), run as the program runs. Each must end with exit code 2 and one message that names the
 * problem, where it came from, and the fix, before anything exists: the deployment folder is not even
 * created. DOCKER_HOST points nowhere, so a case that slipped through would be stopped by the engine
 * check before phase A with exit 1 (and touch no real engine), never pass.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';

const work = mkdtempSync(join(tmpdir(), 'litellm-mcp-corpus-'));
const nowhere = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' };

interface Case {
  name: string;
  /** The answers file's bytes, when the case is one. */
  file?: string | Buffer;
  args?: string[];
  env?: Record<string, string>;
  /** Problem, source and fix, in that order, on stderr. */
  says: RegExp;
}

const bomb = ['a: &a [x,x,x,x,x,x,x,x,x]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]'].join('\n');

const cases: Case[] = [
  // Every kind of question given the wrong type.
  { name: 'a port that is text', file: 'litellm-port: abc\n', says: /"litellm-port" in .*a\.yaml: "abc" is not a port number[\s\S]*fix: Correct "litellm-port"/ },
  { name: 'a port given as a list', file: 'litellm-port: [4000]\n', says: /"litellm-port" in .*: a list \(\[4000\]\) where one value is expected/ },
  { name: 'a port given as true', file: 'mcp-port: true\n', says: /"mcp-port" in .*: true\/false where a number is expected/ },
  { name: 'text given as a map', file: 'host: { name: x }\n', says: /"host" in .*: a map \(\{"name":"x"\}\) where one value is expected/ },
  { name: 'a yes/no question answered maybe', file: 'traefik: maybe\n', says: /"traefik" in .*: "maybe" is not one of: true, false/ },
  { name: 'a choice that is not offered', file: 'db-strategy: cloud\n', says: /"db-strategy" in .*: "cloud" is not one of/ },
  { name: 'a list with an unknown provider', file: 'models: [openai, cohere]\n', says: /"models" in .*cohere/ },
  { name: 'a list given as a map', file: 'models: { openai: true }\n', says: /"models" in .*: a map .* where a list is expected/ },
  { name: 'a budget below zero', args: ['--client-key-budget', '-5'], says: /--client-key-budget: "-5" is not a budget/ },
  { name: 'a duration without its unit', args: ['--spend-log-retention', '30'], says: /--spend-log-retention: "30" is not a LiteLLM duration[\s\S]*30d/ },
  // Ports.
  { name: 'a port out of range', file: 'litellm-port: 99999\n', says: /"litellm-port" in .*: Port 99999 is out of range; use 1 to 65535/ },
  { name: 'port 0 as a flag', args: ['--litellm-port', '0'], says: /--litellm-port: Port 0 is out of range/ },
  { name: 'a port as a variable', env: { LITELLM_MCP_LITELLM_PORT: 'http' }, says: /LITELLM_MCP_LITELLM_PORT: "http" is not a port number[\s\S]*Correct LITELLM_MCP_LITELLM_PORT/ },
  { name: 'the same port twice', args: ['--litellm-port', '4000', '--mcp-port', '4000'], says: /LiteLLM and the MCP server cannot both use host port 4000/ },
  { name: 'a bind address that is no address', args: ['--bind-address', '999.1.1.1'], says: /--bind-address: "999\.1\.1\.1" is not an IPv4 address/ },
  // Names.
  { name: 'a host name with a space', file: 'host: "my host"\n', says: /"host" in .*: "my host" is not a valid host name/ },
  { name: 'a host name with a quote', file: 'host: "o\'brien.lan"\n', says: /"host" in .*: "o'brien\.lan" is not a valid host name/ },
  { name: 'a host name with a newline', file: 'host: "a\\nb"\n', says: /"host" in .*: "a\nb" is not a valid host name/ },
  { name: 'a database name in unicode', file: 'db-name: "dbé"\n', says: /"db-name" in .*: "dbé" is not a safe PostgreSQL name/ },
  { name: 'a role with capitals and spaces', args: ['--db-user', 'Lite LLM'], says: /--db-user: "Lite LLM" is not a safe PostgreSQL name/ },
  { name: 'an SQL key word as a role', file: 'mcp-role: select\n', says: /"mcp-role" in .*: "select" is an SQL key word PostgreSQL reserves; choose another name, e\.g\. select_role/ },
  { name: 'user as LiteLLM\'s role', args: ['--db-user', 'user'], says: /--db-user: "user" is an SQL key word/ },
  { name: 'a role PostgreSQL keeps', args: ['--mcp-role', 'pg_monitor'], says: /--mcp-role: "pg_monitor" is a role name PostgreSQL keeps for itself/ },
  { name: 'a template database', args: ['--mcp-database', 'template1'], says: /--mcp-database: "template1" is one of PostgreSQL's template databases/ },
  { name: 'one role for LiteLLM and the MCP server', args: ['--db-user', 'shared_role', '--mcp-role', 'shared_role'], says: /both "shared_role": the MCP server would get LiteLLM's rights; choose another --mcp-role/ },
  { name: 'a reserved network name', args: ['--network', 'host'], says: /--network: "host" is one of Docker's predefined networks/ },
  { name: 'the default bridge as network', file: 'network: bridge\n', says: /"network" in .*: "bridge" is one of Docker's predefined networks/ },
  { name: 'an unknown secret to generate anew', args: ['--new-secret', 'LITELLM_KEY'], says: /--new-secret: LITELLM_KEY is not a secret of secrets\/generated\.env\.\nfix: Use one of: LITELLM_MASTER_KEY, LITELLM_SALT_KEY/ },
  { name: 'a network name with a slash', args: ['--network', 'a/b'], says: /--network: "a\/b" is not a valid Docker name/ },
  { name: 'an MCP server name with a dash', args: ['--mcp-server-name', 'db-main'], says: /--mcp-server-name: "db-main" cannot be an MCP server name in LiteLLM/ },
  { name: 'an image reference in capitals', args: ['--litellm-image', 'GHCR.io/BerriAI/litellm'], says: /--litellm-image: "GHCR\.io\/BerriAI\/litellm" is not a Docker image reference/ },
  { name: 'a log label with a space', args: ['--log-project', 'my project'], says: /--log-project: "my project" is not a usable label value/ },
  // The answers file itself.
  { name: 'invalid YAML', file: 'host: [unclosed\n', says: /a\.yaml is not valid YAML: .*line \d+[\s\S]*it must be a map of answer names to values/ },
  { name: 'a list where a map is expected', file: '- host\n- litellm-port\n', says: /a\.yaml must be a YAML map of answer names to values/ },
  { name: 'an unknown key, misspelt', file: 'hots: gateway.lan\n', says: /unknown answer "hots"; did you mean "host"\?[\s\S]*Rename it to "host"/ },
  { name: 'an unknown key, far from any', file: 'colour: blue\n', says: /unknown answer "colour"\.[\s\S]*Use one of: name, host, /m },
  { name: 'duplicate keys', file: 'host: a.lan\nhost: b.lan\n', says: /a\.yaml is not valid YAML: Map keys must be unique at line 2/ },
  { name: 'a 50 MB file', file: Buffer.alloc(50 * 1024 * 1024, 0x20), says: /a\.yaml is 50\.0 MB: not an answers file/ },
  { name: 'a YAML alias bomb', file: bomb, says: /a\.yaml is not valid YAML: Excessive alias count/ },
  { name: 'bytes that are not UTF-8', file: Buffer.from('host: gateway.lan\ndb-name: caf\xe9\n', 'latin1'), says: /a\.yaml is not UTF-8 text: line 2 holds a byte that is not[\s\S]*iconv/ },
  { name: 'a byte-order mark, read as absent (the value after it is still judged)', file: '\ufeffhost: "my host"\n', says: /"host" in .*a\.yaml: "my host" is not a valid host name/ },
  { name: 'an answers file that does not exist', args: ['--answers', join(work, 'missing.yaml')], says: /missing\.yaml does not exist[\s\S]*--answers/ },
  { name: 'an answers file that is a folder', args: ['--answers', work], says: /is a folder, not an answers file/ },
  { name: 'mcp-servers that is not a list', file: 'mcp-servers: { docs: 1 }\n', says: /"mcp-servers" must be a list of servers/ },
  { name: 'an added server with a dash', file: 'mcp-servers:\n  - { name: my-docs, recipe: filesystem, image: x, transport: sse, port: 8000, host-port: 18011, access-group: docs, folder: /srv }\n', says: /"mcp-servers" entry 1 in .*: "my-docs" holds a "-"/ },
  { name: 'a misspelt flag', args: ['--litelm-port', '4000'], says: /unknown option '--litelm-port'[\s\S]*Did you mean --litellm-port\?/ },
];

describe(`bad input: ${cases.length} cases, each exit 2 with its problem, source and fix, and nothing created`, () => {
  it.each(cases.map((c, i) => [`${i + 1}. ${c.name}`, c] as const))('%s', async (_label, c) => {
    const here = join(work, `case-${cases.indexOf(c)}`);
    mkdirSync(here);
    const dir = join(here, 'deployment');
    const args = ['init', '--yes', '--dir', dir, ...(c.args ?? [])];
    if (c.file !== undefined) {
      writeFileSync(join(here, 'a.yaml'), c.file);
      args.push('--answers', join(here, 'a.yaml'));
    }
    const r = await cli(args, { ...nowhere, ...c.env });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(c.says) });
    // One message: a problem line and a fix line, nothing else on stderr.
    expect(r.stderr.trim().split('\n').filter((l) => /^(error|fix):/.test(l)).length, r.stderr).toBeLessThanOrEqual(2);
    expect(existsSync(dir)).toBe(false);
  });
});
