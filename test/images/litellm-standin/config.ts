/**
 * Loads config.yaml the way LiteLLM 1.77.3 does, for the parts phase E relies on (FACTS.md):
 * `os.environ/NAME` values read from the environment, general_settings.master_key and database_url,
 * model_list with mock_response, and mcp_servers whose names may not contain `-` (the tool-prefix
 * separator; LiteLLM raises at config load). A server without `transport` gets LiteLLM's default, http.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface ModelEntry {
  name: string;
  mockResponse?: string;
}

export interface McpServerEntry {
  name: string;
  url: string;
  transport: 'sse' | 'http' | 'stdio';
  accessGroups: string[];
  description?: string;
}

export interface StandinConfig {
  masterKey?: string;
  databaseUrl?: string;
  models: ModelEntry[];
  mcpServers: McpServerEntry[];
}

export class ConfigError extends Error {}

type Raw = Record<string, unknown>;

function fromEnv(value: unknown): unknown {
  if (typeof value === 'string' && value.startsWith('os.environ/')) return process.env[value.slice('os.environ/'.length)];
  return value;
}

const separator = '-';

export function loadConfig(path: string): StandinConfig {
  const raw = (parse(readFileSync(path, 'utf8')) ?? {}) as Raw;
  const general = (raw.general_settings ?? {}) as Raw;
  const models = ((raw.model_list ?? []) as Raw[]).map((m) => {
    const params = (m.litellm_params ?? {}) as Raw;
    const entry: ModelEntry = { name: String(m.model_name) };
    if (typeof params.mock_response === 'string') entry.mockResponse = params.mock_response;
    return entry;
  });
  const mcpServers = Object.entries((raw.mcp_servers ?? {}) as Record<string, Raw>).map(([name, s]) => {
    const alias = typeof s.alias === 'string' ? s.alias : undefined;
    for (const n of [name, alias]) {
      if (n?.includes(separator)) throw new ConfigError(`Server name cannot contain '${separator}'. Use an alternative character instead Found: ${n}`);
    }
    const transport = (s.transport ?? 'http') as McpServerEntry['transport'];
    if (!['sse', 'http', 'stdio'].includes(transport)) throw new ConfigError(`Invalid transport for MCP server ${name}: ${String(transport)}`);
    const entry: McpServerEntry = { name: alias ?? name, url: String(s.url ?? ''), transport, accessGroups: (s.access_groups ?? []) as string[] };
    if (typeof s.description === 'string') entry.description = s.description;
    return entry;
  });
  const config: StandinConfig = { models, mcpServers };
  const masterKey = fromEnv(general.master_key) ?? process.env.LITELLM_MASTER_KEY;
  if (typeof masterKey === 'string' && masterKey) config.masterKey = masterKey;
  const databaseUrl = fromEnv(general.database_url) ?? process.env.DATABASE_URL;
  if (typeof databaseUrl === 'string' && databaseUrl) config.databaseUrl = databaseUrl;
  return config;
}
