/** A client of the gateway: the file phase F writes for it, how that client reads it, and its steps. */
import type { ClientEnv, Connection } from './connection.js';

/** Everything a client file may hold. `key` is only used by the files that must embed it. */
export interface ClientValues {
  /** LiteLLM's MCP endpoint for clients, always with the trailing slash (FACTS.md). */
  mcpUrl: string;
  /** The OpenAI-compatible base URL, `.../v1`. */
  v1Url: string;
  /** A model the key may use (the mock model: it answers without a provider). */
  model: string;
  key: string;
  /** The pinned mcp-remote package that Claude Desktop runs. */
  mcpRemote: string;
}

export interface ClientSpec {
  id: string;
  name: string;
  /** Relative to the deployment folder: clients/<file>. */
  rel: string;
  /** The file holds the raw key: mode 0600 and a warning at its top. Otherwise 0644. */
  embedsKey: boolean;
  render(v: ClientValues): string;
  /** The connections the client opens from this file, variables expanded as it does. */
  read(text: string, env: ClientEnv): Connection[];
  /** Markdown lines for clients/README.md: where the file goes and what to set. */
  steps(v: ClientValues): string[];
}

/** The name of the gateway in every client's server list. */
export const entryName = 'litellm';

/** The variable the files name; secrets/client.env sets it. */
export const keyVariable = 'LITELLM_API_KEY';

export const keyWarning = 'Contains the LiteLLM client key from secrets/client.env: keep it private (mode 0600), never commit it. `litellm-mcp key rotate` rewrites it.';

/** The header LiteLLM reads on /mcp/; the `Bearer ` is required there (FACTS.md). */
export const keyHeader = 'x-litellm-api-key';
