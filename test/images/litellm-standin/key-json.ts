/**
 * Key rows as LiteLLM 1.77.3's endpoints print them (from the 1.77.3 source). Two serializers meet here:
 * - a Prisma model's model_dump() returned as a dict (/key/info, /key/update) goes through FastAPI's
 *   jsonable_encoder: datetimes as Python isoformat(), `+00:00`, and the relation fields the query did not
 *   include (`litellm_organization_table`, `object_permission`) as null;
 * - pydantic response models (/key/generate's GenerateKeyResponse, /key/list's UserAPIKeyAuth) print UTC
 *   datetimes with `Z`.
 * Python prints microseconds, six digits, and leaves them out when they are zero.
 */
import type { KeyRow, ObjectPermissionRow } from './keys-table.js';

function parts(d: Date): { date: string; time: string } {
  const iso = d.toISOString();
  const ms = d.getUTCMilliseconds();
  return { date: iso.slice(0, 10), time: `${iso.slice(11, 19)}${ms === 0 ? '' : `.${String(ms * 1000).padStart(6, '0')}`}` };
}

/** datetime.isoformat() of an aware UTC datetime. */
export function pyIsoformat(d: Date): string {
  const { date, time } = parts(d);
  return `${date}T${time}+00:00`;
}

/** str() of an aware UTC datetime (used in f-strings, e.g. the expired-key message). */
export function pyDatetimeStr(d: Date): string {
  const { date, time } = parts(d);
  return `${date} ${time}+00:00`;
}

/** pydantic v2's JSON form of an aware UTC datetime. */
export function pydanticDatetime(d: Date): string {
  const { date, time } = parts(d);
  return `${date}T${time}Z`;
}

type DateFormat = (d: Date) => string;
const date = (d: Date | null, f: DateFormat) => (d ? f(d) : null);

/** The columns in schema.prisma order (what Prisma's model_dump gives), dates in the given format. */
export function rowFields(row: KeyRow, f: DateFormat): Record<string, unknown> {
  return {
    token: row.token, key_name: row.key_name, key_alias: row.key_alias, soft_budget_cooldown: row.soft_budget_cooldown, spend: row.spend,
    expires: date(row.expires, f), models: row.models ?? [], aliases: row.aliases, config: row.config, user_id: row.user_id, team_id: row.team_id,
    permissions: row.permissions, max_parallel_requests: row.max_parallel_requests, metadata: row.metadata, blocked: row.blocked,
    tpm_limit: row.tpm_limit, rpm_limit: row.rpm_limit, max_budget: row.max_budget, budget_duration: row.budget_duration,
    budget_reset_at: date(row.budget_reset_at, f), allowed_cache_controls: row.allowed_cache_controls ?? [], allowed_routes: row.allowed_routes ?? [],
    model_spend: row.model_spend, model_max_budget: row.model_max_budget, budget_id: row.budget_id, organization_id: row.organization_id,
    object_permission_id: row.object_permission_id, created_at: date(row.created_at, f), created_by: row.created_by,
    updated_at: date(row.updated_at, f), updated_by: row.updated_by,
  };
}

/** A Prisma row with its relations, as /key/info and /key/update return it (only litellm_budget_table was included). */
export function prismaDump(row: KeyRow): Record<string, unknown> {
  return { ...rowFields(row, pyIsoformat), litellm_budget_table: null, litellm_organization_table: null, object_permission: null };
}

/**
 * GenerateKeyResponse: the request model's fields (most null), `key` the raw key, `token`/`token_id` the
 * hash; `duration` stays null and `object_permission` is not echoed (FACTS.md), since the helper's dict
 * carries neither.
 */
export function generateResponse(row: KeyRow, rawKey: string): Record<string, unknown> {
  const f = pydanticDatetime;
  return {
    key_alias: row.key_alias, duration: null, models: row.models ?? [], spend: row.spend, max_budget: row.max_budget, user_id: row.user_id,
    team_id: row.team_id, max_parallel_requests: row.max_parallel_requests, metadata: row.metadata, tpm_limit: row.tpm_limit,
    rpm_limit: row.rpm_limit, budget_duration: row.budget_duration, allowed_cache_controls: row.allowed_cache_controls ?? [], config: row.config,
    permissions: row.permissions, model_max_budget: row.model_max_budget, model_rpm_limit: null, model_tpm_limit: null, guardrails: null,
    prompts: null, blocked: row.blocked, aliases: row.aliases, object_permission: null, key: rawKey, budget_id: row.budget_id, tags: null,
    enforced_params: null, allowed_routes: row.allowed_routes ?? [], key_name: row.key_name, expires: date(row.expires, f), token_id: row.token,
    litellm_budget_table: null, token: row.token, created_by: row.created_by, updated_by: row.updated_by, created_at: date(row.created_at, f),
    updated_at: date(row.updated_at, f),
  };
}

/** UserAPIKeyAuth(**row) with the object permission attached, as /key/list?return_full_object=true returns it. */
export function fullKeyObject(row: KeyRow, permission: ObjectPermissionRow | undefined): Record<string, unknown> {
  // UserAPIKeyAuth has no organization_id field (it has org_id), so pydantic drops the column.
  const { organization_id, ...fields } = rowFields(row, pydanticDatetime);
  return {
    ...fields, litellm_budget_table: null, org_id: null,
    object_permission: permission
      ? { object_permission_id: permission.object_permission_id, mcp_servers: permission.mcp_servers, mcp_access_groups: permission.mcp_access_groups, vector_stores: permission.vector_stores }
      : null,
    team_spend: null, team_alias: null, team_tpm_limit: null, team_rpm_limit: null, team_max_budget: null, team_models: [], team_blocked: false,
    soft_budget: null, team_model_aliases: null, team_member: null, team_metadata: null, team_member_spend: null, team_member_tpm_limit: null,
    team_member_rpm_limit: null, end_user_id: null, end_user_tpm_limit: null, end_user_rpm_limit: null, end_user_max_budget: null,
    last_refreshed_at: null, api_key: null, user_role: null, allowed_model_region: null, parent_otel_span: null, rpm_limit_per_model: null,
    tpm_limit_per_model: null, user_tpm_limit: null, user_rpm_limit: null, user_email: null, request_route: null,
  };
}
