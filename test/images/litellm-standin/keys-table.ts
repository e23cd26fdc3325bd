/**
 * The queries LiteLLM 1.77.3's Prisma client makes on the key tables (keys-schema.ts), written as SQL:
 * key_management_endpoints.py (generate_key_helper_fn's upsert, _enforce_unique_key_alias's find_first,
 * delete_verification_tokens, _list_key_helper) and auth_checks.get_key_object's lookup by hashed token.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Database } from './database.js';

export interface KeyRow {
  token: string;
  key_name: string | null;
  key_alias: string | null;
  soft_budget_cooldown: boolean;
  spend: number;
  expires: Date | null;
  models: string[] | null;
  aliases: unknown;
  config: unknown;
  user_id: string | null;
  team_id: string | null;
  permissions: unknown;
  max_parallel_requests: number | null;
  metadata: Record<string, unknown>;
  blocked: boolean | null;
  tpm_limit: number | null;
  rpm_limit: number | null;
  max_budget: number | null;
  budget_duration: string | null;
  budget_reset_at: Date | null;
  allowed_cache_controls: string[] | null;
  allowed_routes: string[] | null;
  model_spend: unknown;
  model_max_budget: unknown;
  budget_id: string | null;
  organization_id: string | null;
  object_permission_id: string | null;
  created_at: Date | null;
  created_by: string | null;
  updated_at: Date | null;
  updated_by: string | null;
}

export interface ObjectPermissionRow {
  object_permission_id: string;
  mcp_servers: string[] | null;
  mcp_access_groups: string[] | null;
  vector_stores: string[] | null;
}

const tokens = '"LiteLLM_VerificationToken"';
const permissions = '"LiteLLM_ObjectPermissionTable"';

/** LiteLLM's hash_token: unsalted SHA-256 hex of the raw key. */
export function hashToken(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** _hash_token_if_needed: a raw `sk-` key is hashed, anything else is taken as a hash already. */
export function hashIfNeeded(key: string): string {
  return key.startsWith('sk-') ? hashToken(key) : key;
}

const permissionColumns = ['mcp_servers', 'mcp_access_groups', 'vector_stores'] as const;
export type ObjectPermissionInput = Partial<Record<(typeof permissionColumns)[number], string[]>>;

/** Prisma's create with only the given fields: the others take their column default (empty arrays). */
export async function insertObjectPermission(db: Database, input: ObjectPermissionInput): Promise<string> {
  const id = randomUUID();
  const given = permissionColumns.filter((c) => input[c] !== undefined);
  const columns = ['object_permission_id', ...given].map((c) => `"${c}"`).join(', ');
  const params = given.map((_, i) => `$${i + 2}`);
  await db.query(`INSERT INTO ${permissions} (${columns}) VALUES ($1${params.map((p) => `, ${p}`).join('')})`, [id, ...given.map((c) => input[c])]);
  return id;
}

export async function findObjectPermission(db: Database, id: string): Promise<ObjectPermissionRow | undefined> {
  return (await db.query<ObjectPermissionRow>(`SELECT * FROM ${permissions} WHERE object_permission_id = $1`, [id]))[0];
}

export async function findKey(db: Database, hash: string): Promise<KeyRow | undefined> {
  return (await db.query<KeyRow>(`SELECT * FROM ${tokens} WHERE token = $1`, [hash]))[0];
}

/** `find_first(where={"key_alias": alias, "NOT": {"token": ...}})`: a plain read, no lock. */
export async function aliasTaken(db: Database, alias: string, exceptToken?: string): Promise<boolean> {
  const rows = await db.query(`SELECT 1 FROM ${tokens} WHERE key_alias = $1 AND ($2::text IS NULL OR token <> $2) LIMIT 1`, [alias, exceptToken ?? null]);
  return rows.length > 0;
}

/** A value as node-pg should send it: JSON columns as text, dates as UTC ISO text (TIMESTAMP(3) is UTC). */
function param(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? JSON.stringify(v) : v;
}

export type NewKey = Omit<KeyRow, 'soft_budget_cooldown' | 'model_spend' | 'organization_id' | 'created_at' | 'updated_at'>;

/** insert_data(table_name="key"): an upsert whose update part is empty, so an existing token is kept as is. */
export async function insertKey(db: Database, key: NewKey): Promise<KeyRow> {
  // Prisma fills @default(now()) itself, in UTC.
  const now = new Date();
  const entries = Object.entries({ ...key, created_at: now, updated_at: now }).map(([k, v]) => [k, param(v)] as const);
  const columns = entries.map(([k]) => `"${k}"`).join(', ');
  const values = entries.map((_, i) => `$${i + 1}`).join(', ');
  const sql = `INSERT INTO ${tokens} (${columns}) VALUES (${values}) ON CONFLICT (token) DO UPDATE SET token = EXCLUDED.token RETURNING *`;
  return (await db.query<KeyRow>(sql, entries.map(([, v]) => v)))[0]!;
}

export async function keysByHash(db: Database, hashes: readonly string[]): Promise<KeyRow[]> {
  return db.query<KeyRow>(`SELECT * FROM ${tokens} WHERE token = ANY($1::text[])`, [hashes]);
}

export async function keysByAlias(db: Database, aliases: readonly string[]): Promise<KeyRow[]> {
  return db.query<KeyRow>(`SELECT * FROM ${tokens} WHERE key_alias = ANY($1::text[])`, [aliases]);
}

/** delete_data: the rows go; their object permission rows stay (nothing deletes them in 1.77.3). */
export async function deleteKeys(db: Database, hashes: readonly string[]): Promise<number> {
  return (await db.query(`DELETE FROM ${tokens} WHERE token = ANY($1::text[]) RETURNING token`, [hashes])).length;
}

/** _list_key_helper: UI session tokens (team litellm-dashboard) left out, newest first, then by token. */
export async function listKeys(db: Database, filter: { keyAlias?: string; page: number; size: number }): Promise<{ rows: KeyRow[]; total: number }> {
  const where = `(team_id IS NULL OR team_id <> 'litellm-dashboard') AND ($1::text IS NULL OR key_alias = $1)`;
  const alias = filter.keyAlias ?? null;
  const rows = await db.query<KeyRow>(`SELECT * FROM ${tokens} WHERE ${where} ORDER BY created_at DESC, token DESC OFFSET $2 LIMIT $3`, [alias, (filter.page - 1) * filter.size, filter.size]);
  const total = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${tokens} WHERE ${where}`, [alias]))[0]?.n ?? 0);
  return { rows, total };
}

/** update_data: the given columns, and updated_at (Prisma's @updatedAt). */
export async function updateKey(db: Database, hash: string, changes: Partial<KeyRow>): Promise<KeyRow | undefined> {
  const entries = Object.entries({ ...changes, updated_at: new Date() }).map(([k, v]) => [k, param(v)] as const);
  const sets = entries.map(([k], i) => `"${k}" = $${i + 2}`).join(', ');
  return (await db.query<KeyRow>(`UPDATE ${tokens} SET ${sets} WHERE token = $1 RETURNING *`, [hash, ...entries.map(([, v]) => v)]))[0];
}
