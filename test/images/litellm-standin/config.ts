/**
 * config.yaml as LiteLLM 1.77.3 reads it, in its two passes (FACTS.md, "LiteLLM proxy"):
 * 1. The CLI reads the file before the server starts, for `litellm_settings.json_logs` and
 *    `general_settings.database_url`. A missing or unparsable file ends the CLI with a plain Python
 *    traceback and exit code 1 (JSON logging is not on yet).
 * 2. The start-up event loads it for real: `model_list` (values `os.environ/NAME` read from the
 *    environment; `mock_response` models answer without a provider) and `mcp_servers`, where a `-` in a
 *    server name or alias raises (the `-` joins server and tool names) and `transport` defaults to `http`.
 * Without `--config` there is no file at all: no models, no MCP servers, no fallback file.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface ModelEntry {
  name: string;
  model: string;
  mockResponse?: string;
}

export type Transport = 'sse' | 'http' | 'stdio';

export interface McpServerEntry {
  /** The key under `mcp_servers:`. */
  serverName: string;
  alias?: string;
  /** What tools are prefixed with: the alias, else the server name. */
  prefix: string;
  url: string;
  transport: Transport;
  specVersion: string;
  authType?: string;
  authToken?: string;
  description?: string;
  accessGroups: string[];
  serverId: string;
}

type Raw = { [key: string]: unknown };

export class ConfigFileError extends Error {
  constructor(readonly pythonException: string) {
    super(pythonException);
  }
}

/** The tool-prefix separator; LiteLLM's message for a name that contains it (FACTS.md). */
const separator = '-';
/** A config that fails the start-up event: its text is the final line of the Python traceback. */
export class ConfigLoadError extends Error {
  constructor(readonly pythonException: string) {
    super(pythonException);
  }
}

function section(raw: Raw, key: string): Raw {
  const value = raw[key];
  return value && typeof value === 'object' ? (value as Raw) : {};
}

/** `os.environ/NAME` → the variable's value (LiteLLM's get_secret), else the value itself. */
export function fromEnv(value: unknown): unknown {
  if (typeof value === 'string' && value.startsWith('os.environ/')) return process.env[value.slice('os.environ/'.length)];
  return value;
}

/** Pass 1 (the CLI): the file must exist and parse, or the CLI dies before any JSON logging. */
export function readConfigFile(path: string): Raw {
  if (!existsSync(path)) throw new ConfigFileError(`Exception: Config file not found: ${path}`);
  try {
    const value = parse(readFileSync(path, 'utf8')) as unknown;
    return value && typeof value === 'object' ? (value as Raw) : {};
  } catch (error) {
    throw new ConfigFileError(`yaml.scanner.ScannerError: ${(error as Error).message.split('\n')[0]}`);
  }
}

export function jsonLogsSetting(raw: Raw): boolean {
  return section(raw, 'litellm_settings').json_logs === true;
}

/** general_settings.database_url (os.environ/ resolved), else env DATABASE_URL: what the CLI exports. */
export function databaseUrlSetting(raw: Raw): string | undefined {
  const value = fromEnv(section(raw, 'general_settings').database_url) ?? process.env.DATABASE_URL;
  return typeof value === 'string' && value ? value : undefined;
}

/** general_settings.master_key, else env LITELLM_MASTER_KEY (read at start-up even without a config). */
export function masterKeySetting(raw: Raw): string | undefined {
  const value = fromEnv(section(raw, 'general_settings').master_key) ?? process.env.LITELLM_MASTER_KEY;
  return typeof value === 'string' && value ? value : undefined;
}

export function loadModels(raw: Raw): ModelEntry[] {
  const list = Array.isArray(raw.model_list) ? (raw.model_list as Raw[]) : [];
  return list.map((m) => {
    const params = section(m, 'litellm_params');
    const entry: ModelEntry = { name: String(m.model_name ?? ''), model: String(fromEnv(params.model) ?? '') };
    const mock = fromEnv(params.mock_response);
    if (typeof mock === 'string') entry.mockResponse = mock;
    return entry;
  });
}

function checkName(name: string): void {
  if (name.includes(separator)) throw new ConfigLoadError(`Exception: Server name cannot contain '${separator}'. Use an alternative character instead Found: ${name}`);
}

/**
 * A stable 32-hex id per config server, as 1.77.3 gives them (FACTS.md: "`server_id` a 32-hex hash ...
 * read ids from there, never invent them"). The inputs hashed here are the stand-in's choice, so the ids
 * differ from the real proxy's: tests must read them from GET /v1/mcp/server.
 */
function serverId(s: Omit<McpServerEntry, 'serverId'>): string {
  return createHash('sha256').update([s.serverName, s.url, s.transport, s.specVersion, s.authType ?? 'None', s.alias ?? 'None'].join('|')).digest('hex').slice(0, 32);
}

const transports: readonly string[] = ['sse', 'http', 'stdio'];

/** Pass 2, `mcp_servers`: a `-` in a name or alias, or an unknown transport, fails config loading. */
export function loadMcpServers(raw: Raw): McpServerEntry[] {
  const aliases = Object.entries(section(section(raw, 'litellm_settings'), 'mcp_aliases')).map(([alias, target]) => ({ alias, target: String(target) }));
  const used = new Set<string>();
  return Object.entries(section(raw, 'mcp_servers')).map(([serverName, value]) => {
    const s = (value && typeof value === 'object' ? value : {}) as Raw;
    checkName(serverName);
    let alias = typeof s.alias === 'string' ? s.alias : undefined;
    if (alias === undefined) {
      const mapped = aliases.find((a) => a.target === serverName && !used.has(a.alias));
      if (mapped) {
        alias = mapped.alias;
        used.add(alias);
      }
    }
    if (alias !== undefined) checkName(alias);
    const transport = (s.transport ?? 'http') as Transport;
    if (!transports.includes(transport)) {
      // pydantic's Literal check on MCPServer.transport.
      throw new ConfigLoadError(`pydantic_core._pydantic_core.ValidationError: 1 validation error for MCPServer\ntransport\n  Input should be 'sse', 'http' or 'stdio' [type=literal_error, input_value=${JSON.stringify(String(transport)).replace(/"/g, "'")}, input_type=str]`);
    }
    const entry: Omit<McpServerEntry, 'serverId'> = {
      serverName,
      prefix: alias ?? serverName,
      url: String(s.url ?? ''),
      transport,
      specVersion: typeof s.spec_version === 'string' ? s.spec_version : '2025-03-26',
      accessGroups: Array.isArray(s.access_groups) ? s.access_groups.map(String) : [],
    };
    if (alias !== undefined) entry.alias = alias;
    if (typeof s.auth_type === 'string') entry.authType = s.auth_type;
    const token = s.authentication_token ?? s.auth_value;
    if (typeof token === 'string') entry.authToken = token;
    if (typeof s.description === 'string') entry.description = s.description;
    return { ...entry, serverId: serverId(entry) };
  });
}
