/**
 * Claude Desktop runs stdio servers only (FACTS.md): its entry starts the `mcp-remote` bridge with npx,
 * which expands `${LITELLM_AUTH_HEADER}` in its arguments from the entry's `env`. Desktop expands
 * nothing itself, so the key sits in the file.
 */
import { renderData } from '../../../render/template.js';
import { entryName, keyWarning, type ClientSpec } from './client.js';
import { ClientReadError, entryAt, jsonObject, mapValues } from './connection.js';

const rel = 'clients/claude-desktop.json';

export const claudeDesktop: ClientSpec = {
  id: 'claude-desktop',
  name: 'Claude Desktop',
  rel,
  embedsKey: true,
  render(v) {
    const data = renderData('clients/claude-desktop.json', { mcpUrl: v.mcpUrl, mcpRemote: v.mcpRemote, authHeader: `Bearer ${v.key}` }) as Record<string, unknown>;
    // JSON has no comments: the warning is the first key, which Claude Desktop ignores.
    return `${JSON.stringify({ '//': keyWarning, ...data }, null, 2)}\n`;
  },
  read(text) {
    const entry = entryAt(jsonObject(text, rel), ['mcpServers', entryName], rel);
    if (typeof entry.command !== 'string') {
      throw new ClientReadError(`${rel}: Claude Desktop runs only stdio servers, and this entry has no "command"`, 'Use the mcp-remote entry as generated: run `litellm-mcp phase f --force`.');
    }
    const args = Array.isArray(entry.args) ? entry.args.map(String) : [];
    if (args.some((a) => /\s/.test(a))) {
      throw new ClientReadError(`${rel}: an argument holds a space; some launchers split it and mcp-remote then ignores the header`, 'Keep `Bearer ...` in the env variable and `x-litellm-api-key:${LITELLM_AUTH_HEADER}` as the argument.');
    }
    return [{ kind: 'stdio', command: entry.command, args, env: mapValues(entry.env as Record<string, unknown> | undefined, (v) => v) }];
  },
  steps: () => [
    'Merge `mcpServers.litellm` into `claude_desktop_config.json` (macOS `~/Library/Application Support/Claude/`, Windows `%APPDATA%\\Claude\\`) and restart Claude Desktop. It needs Node.js (npx) on that machine.',
    'This file holds the key: copy it over a private channel and keep it 0600.',
  ],
};
