/**
 * The client key's file, secrets/client.env (0600): the one place the raw virtual key is kept. Client
 * files that reference it by variable name read it from here (`set -a; . secrets/client.env; set +a`).
 */
import { formatEnvFile, parseEnvFile } from './env-file.js';
import { registerSecret } from './redact.js';
import { readIfExists, writeFileAtomic } from '../infra/files.js';

export const clientKeyVariable = 'LITELLM_API_KEY';

export function readClientKey(path: string): string | undefined {
  const text = readIfExists(path);
  if (text === undefined) return undefined;
  const key = parseEnvFile(text).get(clientKeyVariable);
  if (!key) return undefined;
  registerSecret(key);
  return key;
}

export function writeClientKey(path: string, alias: string, key: string): void {
  registerSecret(key);
  const header = [
    `Virtual key "${alias}" for MCP and LLM clients, minted by litellm-mcp (phase f). Private: mode 0600.`,
    'Load it into a shell with: set -a; . ./secrets/client.env; set +a',
    'Rotate with `litellm-mcp key rotate`; revoke with `litellm-mcp key revoke`.',
  ].join('\n');
  writeFileAtomic(path, formatEnvFile(header, [[clientKeyVariable, key]]), 0o600);
}
