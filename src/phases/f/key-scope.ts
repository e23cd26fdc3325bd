/**
 * The client key's scope, as data: what phase F asks LiteLLM for, and how a stored key differs from it.
 * Pure, so the comparison that decides "keep or mint again" is tested without a gateway.
 */
import type { Answers } from '../../core/answers.js';
import type { KeyRequest, StoredKey } from '../../infra/litellm-keys.js';
import { mockModel, providerModels } from '../../core/model-names.js';

/**
 * `llm_api_routes` is LiteLLM's route group for the LLM routes and `/mcp`, `/mcp/`, `/mcp/{path}`: all a
 * client needs. It leaves out `/key/*`, `/mcp-rest/*` and `/v1/mcp/*` (FACTS.md, "Virtual keys").
 */
export const clientRoutes = ['llm_api_routes'] as const;

export const createdBy = 'litellm-mcp';

/** PostgreSQL's group, and each added server's whose `clients` is set (`mcp add --clients`). */
export function clientAccessGroups(a: Pick<Answers, 'mcpAccessGroup' | 'mcpServers'>): string[] {
  return [...new Set([a.mcpAccessGroup, ...a.mcpServers.filter((s) => s.clients).map((s) => s.accessGroup)])];
}

export function clientKeyRequest(a: Answers): KeyRequest {
  const request: KeyRequest = {
    key_alias: a.clientKeyAlias,
    models: [mockModel.name, ...a.models.map((p) => providerModels[p].name)],
    allowed_routes: [...clientRoutes],
    // No user_id: a key tied to a user may create keys, one tied to an admin is an admin (FACTS.md).
    metadata: { created_by: createdBy, purpose: `MCP and LLM clients of access group${clientAccessGroups(a).length > 1 ? 's' : ''} ${clientAccessGroups(a).join(', ')}` },
    object_permission: { mcp_access_groups: clientAccessGroups(a) },
  };
  if (a.clientKeyBudget !== null) request.max_budget = a.clientKeyBudget;
  if (a.clientKeyRpm !== null) request.rpm_limit = a.clientKeyRpm;
  return request;
}

const sorted = (xs: readonly string[] | null | undefined) => [...(xs ?? [])].sort().join(', ');
const limit = (n: number | null | undefined) => (n === null || n === undefined ? 'none' : String(n));

/** What differs between a stored key and the request, one phrase each; empty when it has our scope. */
export function scopeDifferences(stored: StoredKey, wanted: KeyRequest, now = new Date()): string[] {
  const out: string[] = [];
  const compare = (what: string, has: string, want: string) => {
    if (has !== want) out.push(`${what} is [${has}], not [${want}]`);
  };
  compare('alias', stored.key_alias ?? '', wanted.key_alias);
  compare('models', sorted(stored.models), sorted(wanted.models));
  compare('allowed routes', sorted(stored.allowed_routes), sorted(wanted.allowed_routes));
  // Read from /key/list: /key/info does not carry the permission object in 1.77.3.
  if (stored.object_permission !== undefined) {
    compare('MCP access groups', sorted(stored.object_permission?.mcp_access_groups), sorted(wanted.object_permission.mcp_access_groups));
  }
  compare('budget', limit(stored.max_budget), limit(wanted.max_budget));
  compare('rpm limit', limit(stored.rpm_limit), limit(wanted.rpm_limit));
  if (stored.user_id) out.push(`it belongs to user ${stored.user_id} (a client key must have none)`);
  if (stored.blocked) out.push('it is blocked');
  if (stored.expires && new Date(stored.expires).getTime() <= now.getTime()) out.push(`it expired at ${stored.expires}`);
  return out;
}

/** "litellm-mcp-db_readers (sk-…a1B2)": how the key is named anywhere a person reads. */
export function keyLabel(alias: string, rawKey: string): string {
  return `${alias} (sk-…${rawKey.slice(-4)})`;
}
