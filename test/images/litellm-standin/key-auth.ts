/**
 * Who a request is, as LiteLLM 1.77.3's `_user_api_key_auth_builder` decides it (from the 1.77.3 source:
 * litellm/proxy/auth/user_api_key_auth.py, auth_checks.py, route_checks.py), in its order:
 * no master key → admin; no key / malformed; a cached key object; the master key → admin; no database →
 * 400 "No connected db."; not `sk-` → AssertionError; the SHA-256 looked up in LiteLLM_VerificationToken
 * (FACTS.md: "unsalted SHA-256 of the raw key"); blocked; the request's model against the key's `models`;
 * expiry; then the non-admin route check ("Only proxy admin can ..." for a key with no user).
 * Key objects read from the database are cached 60 s (UserAPIKeyCacheTTLEnum.in_memory_cache_ttl), blocked
 * and expired ones included (FACTS.md: "keys are cached 60 s"); /key/delete and /key/update drop them.
 * The per-key `allowed_routes` check runs after all of this, outside the builder (route-groups.ts).
 */
import { timingSafeEqual } from 'node:crypto';
import type { Database } from './database.js';
import { pyDatetimeStr } from './key-json.js';
import { findKey, hashToken, type KeyRow } from './keys-table.js';
import { keyWithoutUserMayCall, pyList } from './route-groups.js';

/** The caller; `apiKeyHash` is UserAPIKeyAuth.api_key (the hashed key; /key/info's default). */
export type Identity = { admin: true; apiKeyHash?: string } | { admin: false; row: KeyRow; apiKeyHash: string };

/** A refusal raised inside the builder. `plain` ones become 401 "Authentication Error, ..."; ProxyExceptions keep their own status. */
export class Refusal extends Error {
  constructor(
    message: string,
    /** Python's str() of the exception, for the log line: "" for a ProxyException built from keywords. */
    readonly pythonText: string,
    /** The traceback's last line. */
    readonly pythonLine: string,
    readonly reply: { status: number; type: string; param: string | null },
  ) {
    super(message);
  }
}

function plain(message: string, pythonClass = 'Exception'): Refusal {
  return new Refusal(`Authentication Error, ${message}`, message, `${pythonClass}: ${message}`, { status: 401, type: 'auth_error', param: 'None' });
}

function proxyException(message: string, type: string, param: string | null, status: number): Refusal {
  return new Refusal(message, '', 'litellm.proxy._types.ProxyException', { status, type, param });
}

const cacheMs = 60_000;

export class KeyCache {
  private readonly entries = new Map<string, { row: KeyRow; until: number }>();
  get(hash: string): KeyRow | undefined {
    const hit = this.entries.get(hash);
    if (hit && hit.until > Date.now()) return hit.row;
    this.entries.delete(hash);
    return undefined;
  }
  set(hash: string, row: KeyRow): void {
    this.entries.set(hash, { row, until: Date.now() + cacheMs });
  }
  drop(hash: string): void {
    this.entries.delete(hash);
  }
}

export interface AuthContext {
  masterKey?: string;
  db?: Database;
  cache: KeyCache;
}

function sameKey(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(hashToken(a), 'hex'), Buffer.from(hashToken(b), 'hex'));
}

/** _can_object_call_model for a key: no models = all; `*` and `all-proxy-models` = all; `*` patterns match. */
function checkModel(models: readonly string[], model: string): void {
  if (models.length === 0 || models.includes('*') || models.includes('all-proxy-models') || models.includes(model)) return;
  const wildcard = models.filter((m) => m.includes('*')).map((m) => new RegExp(`^${m.replace(/[.+?^$()|[\]\\{}]/g, '\\$&').replace(/\*/g, '.*')}$`));
  if (wildcard.some((re) => re.test(model))) return;
  throw proxyException(`key not allowed to access model. This key can only access models=${pyList(models)}. Tried to access ${model}`, 'key_model_access_denied', 'model', 401);
}

export interface Presented {
  key?: string;
  /** What the header held, for the "Malformed" message. */
  passedIn?: string;
  /** The request body's `model` (get_model_from_request). */
  model?: string;
}

export async function authenticate(ctx: AuthContext, route: string, p: Presented): Promise<Identity> {
  if (!ctx.masterKey) return { admin: true };
  const key = p.key;
  if (key === undefined) throw plain('No api key passed in.');
  // 1.77-era text, before LiteLLM stopped echoing the key.
  if (key === '') throw plain(`Malformed API Key passed in. Ensure Key has \`Bearer \` prefix. Passed in: ${p.passedIn ?? ''}`);
  let row = ctx.cache.get(hashToken(key));
  if (sameKey(key, ctx.masterKey)) return { admin: true, apiKeyHash: hashToken(key) };
  if (!ctx.db) throw proxyException('No connected db.', 'no_db_connection', null, 400);
  // The expired-key refusal echoes the key variable: hashed on a database read, raw on a cache hit.
  let echoed = key;
  if (!row) {
    if (!key.startsWith('sk-')) throw plain(`LiteLLM Virtual Key expected. Received=${key}, expected to start with 'sk-'.`, 'AssertionError');
    echoed = hashToken(key);
    row = await findKey(ctx.db, echoed);
    if (!row) {
      throw proxyException(
        `Authentication Error, Invalid proxy server token passed. Received API Key = sk-...${key.slice(-4)}, Key Hash (Token) =${echoed}. Unable to find token in cache or \`LiteLLM_VerificationTokenTable\``,
        'token_not_found_in_db',
        'key',
        401,
      );
    }
    ctx.cache.set(echoed, row);
  }
  if (row.blocked === true) throw plain("Key is blocked. Update via `/key/unblock` if you're admin.");
  if (p.model !== undefined) for (const m of p.model.split(',')) checkModel(row.models ?? [], m.trim());
  const now = new Date();
  if (row.expires && row.expires < now) {
    throw proxyException(`Authentication Error - Expired Key. Key Expiry time ${pyDatetimeStr(row.expires)} and current time ${pyDatetimeStr(now)}`, 'expired_key', echoed, 400);
  }
  if (!keyWithoutUserMayCall(route)) {
    // A key with no user_id has no user object: role and user_id print as "unknown" (too short to mask).
    throw plain(`Only proxy admin can be used to generate, delete, update info for new keys/users/teams. Route=${route}. Your role=unknown. Your user_id=unknown`);
  }
  return { admin: false, row, apiKeyHash: row.token };
}
