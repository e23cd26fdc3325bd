/**
 * `POST /key/generate` as LiteLLM 1.77.3 runs it (from the 1.77.3 source: key_management_endpoints.py
 * generate_key_fn → _common_key_generation_helper → generate_key_helper_fn; FACTS.md "Virtual keys (phase F)"):
 * 1. only the fields sent count (`model_dump(exclude_unset, exclude_none)`); unknown fields are ignored;
 *    `key_type` llm_api / management / read_only replaces `allowed_routes` with llm_api_routes /
 *    management_routes / info_routes, `default` leaves it;
 * 2. `object_permission` is inserted first (its own row, so a refused create leaves it behind);
 * 3. the alias is checked with a plain read, then (after more awaits) the key is inserted: nothing in the
 *    database makes aliases unique, so two concurrent creates with one alias both succeed (FACTS.md);
 * 4. without a database the helper raises "Connect Proxy to database to generate keys" (a 500);
 * 5. `duration` is calendar-aligned (durations.ts); the key is `sk-` + 16 random bytes in URL-safe base64,
 *    stored as its SHA-256 with key_name `sk-...<last 4>`; the response echoes neither duration nor
 *    object_permission.
 * Steps 4 and 5 are generate_key_helper_fn (generateKeyHelper), which `/login` calls too (login.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Database } from './database.js';
import { DurationError, nextReset } from './durations.js';
import { generateResponse } from './key-json.js';
import { aliasTaken, hashToken, insertKey, insertObjectPermission, type KeyRow, type NewKey, type ObjectPermissionInput } from './keys-table.js';
import type { JsonReply } from './mcp-rest.js';
import { EndpointError, internalError, logEndpointException, proxyError, proxyException, pyDictText, validationError } from './proxy-errors.js';

const keyTypeRoutes: Readonly<Record<string, string[] | undefined>> = {
  llm_api: ['llm_api_routes'],
  management: ['management_routes'],
  read_only: ['info_routes'],
  default: undefined,
};

type Body = Record<string, unknown>;

/** The fields the request gave and did not set to null. */
function given<T>(body: Body, name: string): T | undefined {
  const value = body[name];
  return value === null || value === undefined ? undefined : (value as T);
}

function objectPermission(body: Body): ObjectPermissionInput | undefined {
  const value = given<Record<string, unknown>>(body, 'object_permission');
  if (value === undefined) return undefined;
  const input: ObjectPermissionInput = {};
  for (const column of ['mcp_servers', 'mcp_access_groups', 'vector_stores'] as const) {
    const list = given<unknown[]>(value, column);
    if (list !== undefined) input[column] = list.map(String);
  }
  return input;
}

async function create(db: Database | undefined, body: Body, createdBy: string | null): Promise<JsonReply> {
  const keyType = given<string>(body, 'key_type') ?? 'default';
  if (!(keyType in keyTypeRoutes)) {
    return validationError(['body', 'key_type'], 'enum', "Input should be 'llm_api', 'management', 'read_only' or 'default'", keyType, { expected: "'llm_api', 'management', 'read_only' or 'default'" });
  }
  const allowedRoutes = keyTypeRoutes[keyType] ?? given<string[]>(body, 'allowed_routes') ?? [];
  let objectPermissionId: string | null = null;
  const permission = objectPermission(body);
  if (db && permission) objectPermissionId = await insertObjectPermission(db, permission);
  const alias = given<string>(body, 'key_alias');
  if (db && alias !== undefined && (await aliasTaken(db, alias))) {
    throw proxyException(400, `Key with alias '${alias}' already exists. Unique key aliases across all keys are required.`, 'bad_request_error', 'key_alias');
  }
  const rawKey = given<string>(body, 'key');
  if (rawKey !== undefined && !rawKey.startsWith('sk-')) {
    const detail = pyDictText('error', `Invalid key format. LiteLLM Virtual Key must start with 'sk-'. Received: ${rawKey}`);
    throw new EndpointError(proxyError(400, detail, 'internal_server_error', 'None'), `400: ${detail}`, `fastapi.exceptions.HTTPException: 400: ${detail}`);
  }
  // guardrails and prompts travel in metadata (generate_key_helper_fn).
  const metadata: Record<string, unknown> = { ...given<Body>(body, 'metadata') };
  for (const field of ['model_rpm_limit', 'model_tpm_limit', 'guardrails', 'prompts']) if (given(body, field) !== undefined) metadata[field] = body[field];
  const { row, token } = await generateKeyHelper(db, {
    key: rawKey,
    duration: given<string>(body, 'duration'),
    budgetDuration: given<string>(body, 'budget_duration'),
    fields: {
      key_alias: alias ?? null, models: given<string[]>(body, 'models') ?? [], aliases: given(body, 'aliases') ?? {}, config: given(body, 'config') ?? {},
      spend: given<number>(body, 'spend') ?? 0, user_id: given<string>(body, 'user_id') ?? null, team_id: given<string>(body, 'team_id') ?? null,
      permissions: given(body, 'permissions') ?? {}, max_parallel_requests: given<number>(body, 'max_parallel_requests') ?? null, metadata,
      blocked: given<boolean>(body, 'blocked') ?? null, tpm_limit: given<number>(body, 'tpm_limit') ?? null, rpm_limit: given<number>(body, 'rpm_limit') ?? null,
      max_budget: given<number>(body, 'max_budget') ?? null, allowed_cache_controls: given<string[]>(body, 'allowed_cache_controls') ?? [],
      allowed_routes: allowedRoutes, model_max_budget: given(body, 'model_max_budget') ?? {}, budget_id: given<string>(body, 'budget_id') ?? null,
      object_permission_id: objectPermissionId, created_by: createdBy, updated_by: createdBy,
    },
  });
  return { status: 200, body: generateResponse(row, token) };
}

export interface HelperInput {
  /** The raw key asked for (`key`), else a new one. */
  key?: string | undefined;
  /** `duration` and `budget_duration`, calendar-aligned (durations.ts). */
  duration?: string | undefined;
  budgetDuration?: string | undefined;
  /** The other columns, as the caller passes them to generate_key_helper_fn. */
  fields: Omit<NewKey, 'token' | 'key_name' | 'expires' | 'budget_duration' | 'budget_reset_at'>;
}

/**
 * generate_key_helper_fn(request_type="key", table_name="key"): no database → the 500 "Connect Proxy to database
 * to generate keys"; the key (`sk-` + 16 random bytes, URL-safe base64), its expiry and budget reset, then the
 * row. Shared by /key/generate and /login (login.ts). The user row the real helper also upserts when
 * table_name is not "key" (/login) is not written: the stand-in has no user table.
 */
export async function generateKeyHelper(db: Database | undefined, input: HelperInput): Promise<{ row: KeyRow; token: string }> {
  if (!db) throw internalError('Connect Proxy to database to generate keys - https://docs.litellm.ai/docs/proxy/virtual_keys ');
  const token = input.key ?? `sk-${randomBytes(16).toString('base64url')}`;
  let expires: Date | null;
  let budgetResetAt: Date | null;
  try {
    expires = input.duration === undefined ? null : nextReset(input.duration);
    budgetResetAt = input.budgetDuration === undefined ? null : nextReset(input.budgetDuration);
  } catch (error) {
    if (error instanceof DurationError) throw internalError(error.message, 'ValueError');
    throw error;
  }
  const row = await insertKey(db, {
    ...input.fields,
    token: hashToken(token), key_name: `sk-...${token.slice(-4)}`, expires,
    budget_duration: input.budgetDuration ?? null, budget_reset_at: budgetResetAt,
  });
  return { row, token };
}

/** The endpoint: the master key's user is `default_user_id` (litellm_proxy_admin_name), which becomes created_by. */
export async function generateKey(db: Database | undefined, body: unknown, createdBy: string | null): Promise<JsonReply> {
  try {
    return await create(db, body && typeof body === 'object' ? (body as Body) : {}, createdBy);
  } catch (error) {
    if (!(error instanceof EndpointError)) throw error;
    logEndpointException('generate_key_fn', 'key_management_endpoints.py', error.pythonText, error.pythonLine);
    return error.reply;
  }
}
