/**
 * Code for the OpenAI SDKs (Python, Node) and the OpenAI Agents SDK. They are read back the way their
 * interpreter would see them: the URL literal passed to the SDK and the variable the key comes from.
 */
import { renderSnippet } from '../../../render/template.js';
import { keyHeader, type ClientSpec } from './client.js';
import { ClientReadError, type ClientEnv, type Connection } from './connection.js';

const stringLiteral = '"(?:[^"\\\\]|\\\\.)*"';

/** The JSON string literal after `prefix` (e.g. `base_url=`), decoded. */
function literalAfter(text: string, prefix: string, rel: string): string {
  const match = new RegExp(`${prefix}\\s*(${stringLiteral})`).exec(text);
  if (!match) throw new ClientReadError(`${rel} passes no ${prefix.replace(/[^A-Za-z_]/g, '')} to the SDK`, 'Run `litellm-mcp phase f --force` to write it again.');
  return JSON.parse(match[1]!) as string;
}

/** The variable the code reads the key from: `os.environ["X"]` or `process.env.X`. */
function keyFrom(text: string, env: ClientEnv, rel: string): string {
  const match = /os\.environ\["([A-Za-z_][A-Za-z0-9_]*)"\]|process\.env\.([A-Za-z_][A-Za-z0-9_]*)/.exec(text);
  const name = match?.[1] ?? match?.[2];
  if (!name) throw new ClientReadError(`${rel} reads the key from no environment variable`, 'Run `litellm-mcp phase f --force` to write it again.');
  const value = env.vars[name];
  if (value === undefined) throw new ClientReadError(`${rel} reads the key from ${name}, which is not set`, `Set ${name} (see clients/README.md).`);
  return value;
}

function snippet(id: string, name: string, file: string, read: (text: string, env: ClientEnv, rel: string) => Connection[], steps: string[], values: (v: Parameters<ClientSpec['render']>[0]) => Record<string, string>): ClientSpec {
  const rel = `clients/${file}`;
  return { id, name, rel, embedsKey: false, render: (v) => renderSnippet(`clients/${file}`, values(v)), read: (text, env) => read(text, env, rel), steps: () => steps };
}

export const openaiPython = snippet(
  'openai-python', 'OpenAI Python SDK', 'openai_sdk.py',
  (text, env, rel) => [{ kind: 'llm', baseUrl: literalAfter(text, 'base_url=', rel), apiKey: keyFrom(text, env, rel) }],
  ['`pip install openai`, then `python3 clients/openai_sdk.py` with `LITELLM_API_KEY` set. Any code using the SDK works the same with `OPENAI_BASE_URL` and `OPENAI_API_KEY` set to these values.'],
  (v) => ({ v1Url: v.v1Url, model: v.model }),
);

export const openaiNode = snippet(
  'openai-node', 'OpenAI Node SDK', 'openai-sdk.mjs',
  (text, env, rel) => [{ kind: 'llm', baseUrl: literalAfter(text, 'baseURL:', rel), apiKey: keyFrom(text, env, rel) }],
  ['`npm install openai`, then `node clients/openai-sdk.mjs` with `LITELLM_API_KEY` set.'],
  (v) => ({ v1Url: v.v1Url, model: v.model }),
);

export const openaiAgents = snippet(
  'openai-agents', 'OpenAI Agents SDK (MCP)', 'openai_agents_mcp.py',
  (text, env, rel) => [{ kind: 'mcp', transport: 'http', url: literalAfter(text, '"url":', rel), headers: { [keyHeader]: `Bearer ${keyFrom(text, env, rel)}` } }],
  ['`pip install openai-agents`, then `python3 clients/openai_agents_mcp.py` with `LITELLM_API_KEY` set: it lists the tools through `MCPServerStreamableHttp`.'],
  (v) => ({ mcpUrl: v.mcpUrl }),
);
