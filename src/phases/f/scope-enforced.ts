/**
 * The client key is refused where LiteLLM 1.77.3 enforces its `allowed_routes` (FACTS.md): key
 * management, the MCP REST API (which ignores key scope altogether) and the MCP server admin API. Each door
 * is tried with the key itself; a door that opens is a failure, and anything it created is removed.
 */
import type { Context } from '../../core/context.js';
import { readClientKey } from '../../core/client-key.js';
import { TaskFailure } from '../../core/errors.js';
import { verifyTask, type Check } from '../../core/task.js';
import { gatewayApi } from '../e/verify-litellm.js';
import { keyApiOf } from './key-api.js';

interface Door {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

const doors: Door[] = [
  { method: 'POST', path: '/key/generate', body: { key_alias: 'litellm-mcp-scope-probe', metadata: { created_by: 'litellm-mcp', purpose: 'scope probe: must be refused' } } },
  { method: 'GET', path: '/mcp-rest/tools/list' },
  { method: 'GET', path: '/v1/mcp/server' },
];

export const scopeEnforcedTask = verifyTask('Client key refused outside its routes', async (ctx: Context): Promise<Check> => {
  const key = readClientKey(ctx.paths.clientKeyFile);
  if (!key) throw new TaskFailure('There is no client key (secrets/client.env).', 'Run `litellm-mcp phase f` to mint it.');
  const [{ http, parseJson }, api] = await Promise.all([import('../../infra/http.js'), gatewayApi(ctx)]);
  const headers = { authorization: `Bearer ${key}` };
  // A key LiteLLM does not know is refused everywhere: only a key that works where it should shows, by
  // being refused here, that its scope holds.
  const own = await http(`${api.base}/v1/models`, { headers, timeoutMs: 15_000 });
  if (own.status !== 200) {
    throw new TaskFailure(
      `LiteLLM does not accept the client key at all (GET /v1/models → ${own.status}), so its refusals elsewhere say nothing about its scope.`,
      'Run `litellm-mcp phase f` to check the key and mint a new one if LiteLLM no longer knows it.',
    );
  }
  const seen: string[] = [`GET /v1/models → 200`];
  for (const door of doors) {
    const r = await http(`${api.base}${door.path}`, { method: door.method, headers, timeoutMs: 15_000, ...(door.body ? { body: door.body } : {}) });
    if (r.status >= 200 && r.status < 300) {
      const minted = (parseJson(r.text) as { key?: unknown } | undefined)?.key;
      if (typeof minted === 'string') {
        const { tokenOf } = await import('../../infra/litellm-keys.js');
        await (await keyApiOf(ctx)).delete([tokenOf(minted)]);
      }
      throw new TaskFailure(
        `The client key was allowed ${door.method} ${door.path} (${r.status}): it can do more than a client needs.`,
        'Run `litellm-mcp key rotate` to mint a key with allowed_routes ["llm_api_routes"], and check LiteLLM\'s general_settings.',
      );
    }
    seen.push(`${door.method} ${door.path} → ${r.status}`);
  }
  return { status: 'ok', message: seen.join('; '), facts: { 'Client key routes': seen.join('; ') } };
});
