/**
 * Open WebUI: its LLM connection comes from its environment (OPENAI_API_BASE_URL, OPENAI_API_KEY), so
 * this env file holds the key; its MCP server is added in the admin UI, whose form is described in the
 * file's comments and sends the key as `Authorization: Bearer` (FACTS.md).
 */
import { formatEnvFile, parseEnvFile } from '../../../core/env-file.js';
import { keyWarning, type ClientSpec } from './client.js';
import { ClientReadError } from './connection.js';

const rel = 'clients/open-webui.env';
const formLine = /^# MCP URL: (\S+)$/m;

export const openWebui: ClientSpec = {
  id: 'open-webui',
  name: 'Open WebUI',
  rel,
  embedsKey: true,
  render: (v) =>
    formatEnvFile(
      [
        keyWarning,
        'Open WebUI (0.6.31+): pass this file to its container (env_file:) for its OpenAI connection.',
        'Its MCP server: Admin Settings → External Tools → +, type "MCP (Streamable HTTP)", Bearer auth with the key below, and',
        `MCP URL: ${v.mcpUrl}`,
      ].join('\n'),
      [
        ['OPENAI_API_BASE_URL', v.v1Url],
        ['OPENAI_API_KEY', v.key],
      ],
    ),
  read(text) {
    const values = parseEnvFile(text);
    const base = values.get('OPENAI_API_BASE_URL');
    const key = values.get('OPENAI_API_KEY');
    if (!base || !key) throw new ClientReadError(`${rel} lacks OPENAI_API_BASE_URL or OPENAI_API_KEY`, 'Run `litellm-mcp phase f --force`.');
    const form = formLine.exec(text)?.[1];
    if (!form) throw new ClientReadError(`${rel} does not say which URL goes in the MCP form`, 'Run `litellm-mcp phase f --force`.');
    return [
      { kind: 'llm', baseUrl: base, apiKey: key },
      { kind: 'mcp', transport: 'http', url: form, headers: { authorization: `Bearer ${key}` } },
    ];
  },
  steps: () => [
    'Give the file to the Open WebUI container (`env_file: clients/open-webui.env`); on a Docker host sharing a network with LiteLLM, `http://litellm:4000/v1` works too.',
    'Add the MCP server in Admin Settings → External Tools with the URL and key the file names.',
  ],
};
