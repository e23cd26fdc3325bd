/**
 * The clients configured by one JSON file with a URL and headers (FACTS.md, "MCP clients and SDKs").
 * Each reads its file with its own rules: which key holds the URL, which variable syntax it expands.
 */
import { renderData } from '../../../render/template.js';
import { entryName, keyWarning, type ClientSpec, type ClientValues } from './client.js';
import {
  ClientReadError, entryAt, expandBraces, expandEnvColon, expandInputs, expandShell, jsonObject, mapValues,
  type ClientEnv, type Connection,
} from './connection.js';

const json = (data: unknown) => `${JSON.stringify(data, null, 2)}\n`;

function mcp(url: unknown, headers: Record<string, string>, file: string, transport: 'http' | 'sse' = 'http'): Connection {
  if (typeof url !== 'string' || url === '') throw new ClientReadError(`${file} names no URL for ${entryName}`, 'Run `litellm-mcp phase f --force` to write it again.');
  return { kind: 'mcp', transport, url, headers };
}

type Expand = (text: string, env: ClientEnv, where: string) => string;

/** A client whose entry is `<root>.litellm` with `urlKey` and `headers`. */
interface UrlClient {
  id: string;
  name: string;
  file: string;
  template: string;
  root: string;
  urlKey: string;
  expand: Expand;
  steps: ClientSpec['steps'];
  /** A mistake this client makes its own way, said before the generic reading. */
  refuse?: (entry: Record<string, unknown>, rel: string) => void;
}

function urlClient(spec: UrlClient): ClientSpec {
  const rel = `clients/${spec.file}`;
  return {
    id: spec.id,
    name: spec.name,
    rel,
    embedsKey: false,
    render: (v: ClientValues) => json(renderData(spec.template, { mcpUrl: v.mcpUrl })),
    read(text, env) {
      const entry = entryAt(jsonObject(text, rel), [spec.root, entryName], rel);
      const where = `${rel} (${spec.name})`;
      spec.refuse?.(entry, rel);
      const url = entry[spec.urlKey];
      if (url === undefined) {
        const other = Object.keys(entry).find((k) => /url/i.test(k));
        throw new ClientReadError(`${rel}: ${spec.name} reads the URL from "${spec.urlKey}"${other ? `, not "${other}"` : ''}`, `Name it "${spec.urlKey}", or run \`litellm-mcp phase f --force\`.`);
      }
      const headers = mapValues(entry.headers as Record<string, unknown> | undefined, (h) => spec.expand(h, env, where));
      return [mcp(typeof url === 'string' ? spec.expand(url, env, where) : url, headers, rel)];
    },
    steps: spec.steps,
  };
}

export const claudeCode = urlClient({
  id: 'claude-code', name: 'Claude Code', file: 'claude-code.mcp.json', template: 'clients/claude-code.mcp.json', root: 'mcpServers', urlKey: 'url',
  // `${VAR}` and `${VAR:-default}` expand; `type: http` is streamable HTTP.
  expand: (t, env, w) => expandBraces(t, env.vars, w),
  steps: (v) => [
    'Copy it to `.mcp.json` at the root of a project (Claude Code asks once to approve it), with `LITELLM_API_KEY` set in the shell that starts `claude`.',
    `Or for every project: \`claude mcp add --transport http --scope user litellm ${v.mcpUrl} --header "x-litellm-api-key: Bearer $LITELLM_API_KEY"\` (the \`--header\` goes after the name and URL).`,
    'Check: `claude mcp list` shows `litellm: ... ✔ Connected`.',
  ],
});

export const cursor = urlClient({
  id: 'cursor', name: 'Cursor', file: 'cursor.mcp.json', template: 'clients/cursor.mcp.json', root: 'mcpServers', urlKey: 'url',
  // Cursor interpolates `${env:VAR}` only: a bare `$VAR` would be sent as typed.
  expand: (t, env, w) => expandEnvColon(t, env.vars, w),
  steps: () => ['Copy it to `~/.cursor/mcp.json` (or `.cursor/mcp.json` in a project) and start Cursor with `LITELLM_API_KEY` in its environment.'],
});

export const vscode = urlClient({
  id: 'vscode', name: 'VS Code', file: 'vscode.mcp.json', template: 'clients/vscode.mcp.json', root: 'servers', urlKey: 'url',
  // A password input: VS Code asks for the key once and keeps it in its secret storage, not in the file.
  expand: (t, env, w) => expandEnvColon(expandInputs(t, env.inputs, w), env.vars, w),
  steps: () => ['Copy it to `.vscode/mcp.json` in a workspace; on first start VS Code asks for the key: paste `LITELLM_API_KEY` from `secrets/client.env`.'],
});

export const windsurf = urlClient({
  id: 'windsurf', name: 'Windsurf', file: 'windsurf.mcp_config.json', template: 'clients/windsurf.mcp_config.json', root: 'mcpServers', urlKey: 'serverUrl',
  expand: (t, env, w) => expandEnvColon(t, env.vars, w),
  steps: () => ['Merge it into `~/.codeium/windsurf/mcp_config.json` (Windsurf reads `serverUrl`, not `url`) and start Windsurf with `LITELLM_API_KEY` in its environment.'],
});

export const gemini = urlClient({
  id: 'gemini', name: 'Gemini CLI', file: 'gemini.settings.json', template: 'clients/gemini.settings.json', root: 'mcpServers', urlKey: 'httpUrl',
  expand: (t, env, w) => expandShell(t, env.vars, w),
  // `httpUrl` is streamable HTTP; `url` would mean SSE, which LiteLLM 1.77.3 breaks on /mcp/sse (FACTS.md).
  refuse(entry, rel) {
    if (entry.httpUrl === undefined && typeof entry.url === 'string') {
      throw new ClientReadError(`${rel}: Gemini CLI reads "url" as an SSE server, and LiteLLM 1.77.3 has no working SSE endpoint for clients`, 'Use "httpUrl" (streamable HTTP), or run `litellm-mcp phase f --force`.');
    }
  },
  steps: (v) => [
    'Merge it into `~/.gemini/settings.json` (or `.gemini/settings.json` in a trusted project folder) and run `gemini` with `LITELLM_API_KEY` set.',
    `Or: \`gemini mcp add --scope user --transport http --header "x-litellm-api-key: Bearer $LITELLM_API_KEY" litellm ${v.mcpUrl}\`.`,
    'Check: `gemini mcp list` shows `✓ litellm ... Connected` (in a trusted folder; elsewhere servers show "Disabled").',
  ],
});

/** Zed reads JSON with comments and expands no variable: the key is in the file. */
export const zed: ClientSpec = {
  id: 'zed',
  name: 'Zed',
  rel: 'clients/zed.settings.json',
  embedsKey: true,
  render: (v) => `// ${keyWarning}\n// Merge "context_servers" into Zed's settings.json.\n${json(renderData('clients/zed.settings.json', { mcpUrl: v.mcpUrl, authHeader: `Bearer ${v.key}` }))}`,
  read(text) {
    const stripped = text.split('\n').filter((l) => !/^\s*\/\//.test(l)).join('\n');
    const entry = entryAt(jsonObject(stripped, 'clients/zed.settings.json'), ['context_servers', entryName], 'clients/zed.settings.json');
    return [mcp(entry.url, mapValues(entry.headers as Record<string, unknown> | undefined, (h) => h), 'clients/zed.settings.json')];
  },
  steps: () => ['Merge `context_servers` into Zed\'s `settings.json` (Zed expands no variables: this file holds the key).'],
};
