/**
 * `/key/info`, `/key/delete`, `/key/list` and `/key/update` as LiteLLM 1.77.3 answers them (from the 1.77.3
 * source, key_management_endpoints.py; FACTS.md: "`GET /key/info?key=sk-...` → `{key, info}` (404 "Key not
 * found in database"). `POST /key/delete` `{"keys": [...]}` or `{"key_aliases": [...]}` → `{"deleted_keys":
 * [...]}`"):
 * - info: the row without its token; `object_permission_id` is there, `object_permission` is null (the query
 *   includes only the budget table); without `?key=` it is the caller's own key, echoed as its hash; a key
 *   with no user may read any other key with no user (user_id None == None);
 * - delete: echoes what was sent; nothing found is 404 with the detail `{'error': 'No keys found'}`;
 * - list: hashes by default, UserAPIKeyAuth objects (with object_permission) for return_full_object=true,
 *   newest first; a caller with no user_id is refused;
 * - update: the given fields; `duration` here is seconds from now, not calendar-aligned.
 */
import type { Database } from './database.js';
import { durationSeconds } from './durations.js';
import type { Identity, KeyCache } from './key-auth.js';
import { fullKeyObject, prismaDump } from './key-json.js';
import { aliasTaken, deleteKeys, findKey, findObjectPermission, hashIfNeeded, insertObjectPermission, keysByAlias, keysByHash, listKeys, updateKey, type KeyRow } from './keys-table.js';
import { log } from './log.js';
import type { JsonReply } from './mcp-rest.js';
import { formatException, frame } from './python-traceback.js';
import { EndpointError, httpException, logEndpointException, proxyError, proxyException, pyDictText, validationError } from './proxy-errors.js';

export interface KeyRouteContext {
  db?: Database;
  cache: KeyCache;
  identity: Identity;
}

type Body = Record<string, unknown>;
const asBody = (b: unknown): Body => (b && typeof b === 'object' ? (b as Body) : {});
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.length > 0 ? v.map(String) : undefined);

/** `fn` undefined: the endpoint only calls handle_exception_on_proxy, which logs `Exception: <str(e)>`. */
async function run(fn: string | undefined, work: () => Promise<JsonReply>): Promise<JsonReply> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof EndpointError)) throw error;
    if (fn) logEndpointException(fn, 'key_management_endpoints.py', error.pythonText, error.pythonLine);
    else log('ERROR', `Exception: ${error.pythonText}`, { where: 'utils.py:3527', stacktrace: formatException([frame('litellm/proxy/management_endpoints/key_management_endpoints.py', 1, 'info_key_fn', 'raise ProxyException(')], error.pythonLine) });
    return error.reply;
  }
}

export function keyInfo(c: KeyRouteContext, query: URLSearchParams): Promise<JsonReply> {
  return run(undefined, async () => {
    if (!c.db) return proxyError(500, 'Internal Server Error, Database not connected. Connect a database to your proxy - https://docs.litellm.ai/docs/simple_proxy#managing-auth---virtual-keys', 'internal_server_error', 'None');
    // `key or user_api_key_dict.api_key`: an empty ?key= is no key.
    const key = query.get('key') || c.identity.apiKeyHash || null;
    const row = key === null ? undefined : await findKey(c.db, hashIfNeeded(key));
    if (!row) throw proxyException(404, 'Key not found in database', 'not_found_error', 'key');
    if (!c.identity.admin && key !== c.identity.apiKeyHash && row.user_id !== c.identity.row.user_id) {
      throw httpException(403, "You are not allowed to access this key's info. Your role=LitellmUserRoles.INTERNAL_USER");
    }
    const { token, ...info } = prismaDump(row);
    return { status: 200, body: { key, info } };
  });
}

export function keyDelete(c: KeyRouteContext, raw: unknown): Promise<JsonReply> {
  return run('delete_key_fn', async () => {
    const body = asBody(raw);
    const keys = strings(body.keys);
    const aliases = strings(body.key_aliases);
    if (!keys && !aliases) return validationError(['body'], 'value_error', "Value error, At least one of 'keys' or 'key_aliases' must be provided.", body, { error: {} });
    if (!c.db) return proxyError(500, 'Internal Server Error, Not connected to DB!', 'internal_server_error', 'None');
    const hashes = keys ? keys.map(hashIfNeeded) : (await keysByAlias(c.db, aliases!)).map((r) => r.token);
    if ((await keysByHash(c.db, hashes)).length === 0) throw httpException(404, pyDictText('error', 'No keys found'));
    await deleteKeys(c.db, hashes);
    for (const h of hashes) c.cache.drop(h);
    return { status: 200, body: { deleted_keys: keys ?? aliases } };
  });
}

/** FastAPI's bool query parsing. */
const truthy = (v: string | null) => v !== null && ['1', 'true', 'on', 'yes', 't', 'y'].includes(v.toLowerCase());

function intQuery(query: URLSearchParams, name: string, fallback: number, max?: number): number | JsonReply {
  const text = query.get(name);
  if (text === null) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n)) return validationError(['query', name], 'int_parsing', 'Input should be a valid integer, unable to parse string as an integer', text);
  if (n < 1) return validationError(['query', name], 'greater_than_equal', 'Input should be greater than or equal to 1', text, { ge: 1 });
  if (max !== undefined && n > max) return validationError(['query', name], 'less_than_equal', `Input should be less than or equal to ${max}`, text, { le: max });
  return n;
}

export function keyList(c: KeyRouteContext, query: URLSearchParams): Promise<JsonReply> {
  return run('list_keys', async () => {
    const page = intQuery(query, 'page', 1);
    const size = intQuery(query, 'size', 10, 100);
    if (typeof page !== 'number') return page;
    if (typeof size !== 'number') return size;
    if (!c.db) return proxyError(500, 'Authentication Error, Database not connected', 'internal_server_error', 'None');
    if (!c.identity.admin) throw proxyException(403, "You are not authorized to access this endpoint. No 'user_id' is associated with your API key.", 'bad_request_error', 'user_id');
    const { rows, total } = await listKeys(c.db, { ...(query.get('key_alias') ? { keyAlias: query.get('key_alias')! } : {}), page, size });
    const full = truthy(query.get('return_full_object'));
    const db = c.db;
    const keys = full ? await Promise.all(rows.map(async (r) => fullKeyObject(r, r.object_permission_id ? await findObjectPermission(db, r.object_permission_id) : undefined))) : rows.map((r) => r.token);
    return { status: 200, body: { keys, total_count: total, current_page: page, total_pages: Math.ceil(total / size) } };
  });
}

export function keyUpdate(c: KeyRouteContext, raw: unknown): Promise<JsonReply> {
  return run('update_key_fn', async () => {
    const body = asBody(raw);
    if (typeof body.key !== 'string') return validationError(['body', 'key'], 'missing', 'Field required', body);
    if (!c.db) return proxyError(400, 'Authentication Error, Not connected to DB!', 'auth_error', 'None');
    const existing = await findKey(c.db, hashIfNeeded(body.key));
    if (!existing) return proxyError(404, pyDictText('error', 'Team not found, passed team_id=None'), 'auth_error', 'None');
    const changes: Partial<KeyRow> = {};
    for (const f of ['key_alias', 'models', 'metadata', 'max_budget', 'rpm_limit', 'tpm_limit', 'allowed_routes', 'blocked', 'max_parallel_requests'] as const) {
      if (f in body) (changes as Record<string, unknown>)[f] = body[f];
    }
    if (typeof body.duration === 'string' && body.duration) changes.expires = new Date(Date.now() + durationSeconds(body.duration) * 1000);
    const permission = body.object_permission;
    if (permission && typeof permission === 'object' && !existing.object_permission_id) changes.object_permission_id = await insertObjectPermission(c.db, permission);
    if (typeof changes.key_alias === 'string' && (await aliasTaken(c.db, changes.key_alias, existing.token))) {
      throw proxyException(400, `Key with alias '${changes.key_alias}' already exists. Unique key aliases across all keys are required.`, 'bad_request_error', 'key_alias');
    }
    const row = (await updateKey(c.db, existing.token, changes))!;
    c.cache.drop(existing.token);
    return { status: 200, body: { key: body.key, ...prismaDump(row) } };
  });
}
