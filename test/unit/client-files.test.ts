/**
 * Each client file as phase F writes it, read back by the rules of its client: it parses in its format,
 * holds the key only where the client cannot expand a variable, and turns into the connection the
 * client would open. A file edited the way people get it wrong reads into a clear error.
 */
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { clients, clientValues, gatewayBase } from '../../src/phases/f/clients/catalog.js';
import { ClientReadError, type Connection } from '../../src/phases/f/clients/connection.js';
import { claudeCode, cursor, gemini, vscode, windsurf } from '../../src/phases/f/clients/json-clients.js';
import { codex } from '../../src/phases/f/clients/codex.js';
import { claudeDesktop } from '../../src/phases/f/clients/claude-desktop.js';
import { clientEnv } from '../../src/phases/f/client-proofs.js';
import { defaultAnswers } from '../support/answers.js';

const key = 'sk-TestClientKey0123456789abcdef';
const answers = defaultAnswers({ host: 'gateway.lan', litellmPort: 4000 });
const v = clientValues(answers, key);
const env = clientEnv(key);
const byId = (id: string) => clients.find((c) => c.id === id)!;

describe('client files', () => {
  it('point every client at /mcp/ with the slash and /v1, on the host and port or the Traefik host', () => {
    expect(v.mcpUrl).toBe('http://gateway.lan:4000/mcp/');
    expect(v.v1Url).toBe('http://gateway.lan:4000/v1');
    expect(gatewayBase({ ...answers, traefik: true, traefikHost: 'litellm.gateway.lan', traefikEntrypoint: 'websecure' })).toBe('https://litellm.gateway.lan');
  });

  it('parse in their own format, and only the files whose client expands no variable hold the key', () => {
    for (const spec of clients) {
      const text = spec.render(v);
      if (spec.rel.endsWith('.json') && spec.id !== 'zed') expect(() => JSON.parse(text), spec.rel).not.toThrow();
      if (spec.rel.endsWith('.toml')) expect(() => parseToml(text)).not.toThrow();
      expect(text.includes(key), spec.rel).toBe(spec.embedsKey);
    }
    expect(clients.filter((c) => c.embedsKey).map((c) => c.id).sort()).toEqual(['claude-desktop', 'open-webui', 'zed']);
  });

  it('read back into the connection each client opens, the key expanded by its own variable syntax', () => {
    const mcp: Connection = { kind: 'mcp', transport: 'http', url: v.mcpUrl, headers: { 'x-litellm-api-key': `Bearer ${key}` } };
    for (const id of ['claude-code', 'cursor', 'vscode', 'windsurf', 'zed', 'gemini', 'openai-agents']) {
      expect(byId(id).read(byId(id).render(v), env), id).toEqual([mcp]);
    }
    expect(codex.read(codex.render(v), env)).toEqual([{ kind: 'mcp', transport: 'http', url: v.mcpUrl, headers: { authorization: `Bearer ${key}` } }]);
    expect(byId('open-webui').read(byId('open-webui').render(v), env)).toEqual([
      { kind: 'llm', baseUrl: v.v1Url, apiKey: key },
      { kind: 'mcp', transport: 'http', url: v.mcpUrl, headers: { authorization: `Bearer ${key}` } },
    ]);
    for (const id of ['openai-python', 'openai-node']) expect(byId(id).read(byId(id).render(v), env)).toEqual([{ kind: 'llm', baseUrl: v.v1Url, apiKey: key }]);
    // Claude Desktop runs mcp-remote: the key goes in its environment, never in its arguments.
    const [desktop] = claudeDesktop.read(claudeDesktop.render(v), env);
    expect(desktop).toMatchObject({ kind: 'stdio', command: 'npx', env: { LITELLM_AUTH_HEADER: `Bearer ${key}` } });
    expect(JSON.stringify((desktop as { args: string[] }).args)).not.toContain(key);
    expect((desktop as { args: string[] }).args).toContain(v.mcpUrl);
  });

  it('read a variable syntax the client does not know as the literal text it would send', () => {
    // Cursor expands only ${env:VAR}: a file edited to $VAR sends "$LITELLM_API_KEY" as the key.
    const edited = cursor.render(v).replace('${env:LITELLM_API_KEY}', '$LITELLM_API_KEY');
    expect(cursor.read(edited, env)[0]).toMatchObject({ headers: { 'x-litellm-api-key': 'Bearer $LITELLM_API_KEY' } });
    // Claude Code's ${VAR:-default} takes the default when the variable is not set.
    const withDefault = claudeCode.render(v).replace('${LITELLM_API_KEY}', '${OTHER_KEY:-sk-fallback}');
    expect(claudeCode.read(withDefault, env)[0]).toMatchObject({ headers: { 'x-litellm-api-key': 'Bearer sk-fallback' } });
  });

  it('name the mistake people make with each client', () => {
    const cases: Array<[() => unknown, RegExp]> = [
      [() => windsurf.read(windsurf.render(v).replace('serverUrl', 'url'), env), /Windsurf reads the URL from "serverUrl", not "url"/],
      [() => gemini.read(gemini.render(v).replace('httpUrl', 'url'), env), /reads "url" as an SSE server/],
      [() => vscode.read(vscode.render(v), { vars: {}, inputs: {} }), /\$\{input:litellm-key\} is not set/],
      [() => claudeCode.read(claudeCode.render(v), { vars: {}, inputs: {} }), /\$\{LITELLM_API_KEY\} is not set/],
      [() => codex.read(`${codex.render(v)}\n[broken`, env), /is not valid TOML/],
      [() => codex.read(codex.render(v).replace('bearer_token_env_var = "LITELLM_API_KEY"', `bearer_token = "${key}"`), env), /Codex rejects an inline bearer_token/],
      [() => claudeDesktop.read(claudeDesktop.render(v).replace('"x-litellm-api-key:${LITELLM_AUTH_HEADER}"', '"x-litellm-api-key: ${LITELLM_AUTH_HEADER}"'), env), /holds a space/],
      [() => claudeCode.read('{"mcpServers": {}}', env), /no "mcpServers.litellm" entry/],
      [() => claudeCode.read('{"mcpServers": ', env), /is not valid JSON/],
    ];
    for (const [read, message] of cases) {
      expect(read).toThrow(ClientReadError);
      expect(read).toThrow(message);
    }
  });
});
