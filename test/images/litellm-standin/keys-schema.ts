/**
 * The two tables virtual keys live in, as `prisma migrate deploy` leaves them at 1.77.3 (FACTS.md, "Keys live
 * in `LiteLLM_VerificationToken` (+ `LiteLLM_ObjectPermissionTable`) as unsalted SHA-256 of the raw key").
 * Column names and SQL types are read from LiteLLM's migrations at the 1.77.3 version bump
 * (litellm-proxy-extras/litellm_proxy_extras/migrations: 20250326162113_baseline for the token table,
 * 20250416185146_add_allowed_routes_litellm_verification_token, 20250507184818_add_mcp_key_team_permission_mgmt
 * for object_permission_id and the permission table, 20250528185438_add_vector_stores_to_object_permissions,
 * 20250711220620_add_stdio_mcp for mcp_access_groups). Written here in the stand-in's own words.
 * Note what is NOT there: no unique constraint on key_alias (uniqueness is checked in application code
 * only, so two concurrent creates can both succeed).
 * Idempotent: run at every start, under the advisory lock Prisma's migrate takes (72707369), so two stand-ins
 * starting on one database do not race.
 */
import type pg from 'pg';

const prismaMigrateLock = 72707369;

const tokenTable = `CREATE TABLE IF NOT EXISTS "LiteLLM_VerificationToken" (
  "token" TEXT NOT NULL,
  "key_name" TEXT,
  "key_alias" TEXT,
  "soft_budget_cooldown" BOOLEAN NOT NULL DEFAULT false,
  "spend" DOUBLE PRECISION NOT NULL DEFAULT 0.0,
  "expires" TIMESTAMP(3),
  "models" TEXT[],
  "aliases" JSONB NOT NULL DEFAULT '{}',
  "config" JSONB NOT NULL DEFAULT '{}',
  "user_id" TEXT,
  "team_id" TEXT,
  "permissions" JSONB NOT NULL DEFAULT '{}',
  "max_parallel_requests" INTEGER,
  "metadata" JSONB NOT NULL DEFAULT '{}',
  "blocked" BOOLEAN,
  "tpm_limit" BIGINT,
  "rpm_limit" BIGINT,
  "max_budget" DOUBLE PRECISION,
  "budget_duration" TEXT,
  "budget_reset_at" TIMESTAMP(3),
  "allowed_cache_controls" TEXT[] DEFAULT ARRAY[]::TEXT[],
  "allowed_routes" TEXT[] DEFAULT ARRAY[]::TEXT[],
  "model_spend" JSONB NOT NULL DEFAULT '{}',
  "model_max_budget" JSONB NOT NULL DEFAULT '{}',
  "budget_id" TEXT,
  "organization_id" TEXT,
  "object_permission_id" TEXT,
  "created_at" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,
  "created_by" TEXT,
  "updated_at" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,
  "updated_by" TEXT,
  CONSTRAINT "LiteLLM_VerificationToken_pkey" PRIMARY KEY ("token")
)`;

const permissionTable = `CREATE TABLE IF NOT EXISTS "LiteLLM_ObjectPermissionTable" (
  "object_permission_id" TEXT NOT NULL,
  "mcp_servers" TEXT[] DEFAULT ARRAY[]::TEXT[],
  "mcp_access_groups" TEXT[] DEFAULT ARRAY[]::TEXT[],
  "vector_stores" TEXT[] DEFAULT ARRAY[]::TEXT[],
  CONSTRAINT "LiteLLM_ObjectPermissionTable_pkey" PRIMARY KEY ("object_permission_id")
)`;

// The real migration adds this foreign key (ON DELETE SET NULL ON UPDATE CASCADE); added once.
const permissionForeignKey = `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'LiteLLM_VerificationToken_object_permission_id_fkey') THEN
    ALTER TABLE "LiteLLM_VerificationToken" ADD CONSTRAINT "LiteLLM_VerificationToken_object_permission_id_fkey"
      FOREIGN KEY ("object_permission_id") REFERENCES "LiteLLM_ObjectPermissionTable"("object_permission_id")
      ON DELETE SET NULL ON UPDATE CASCADE;
  END IF;
END $$`;

export async function applyKeySchema(client: pg.Client): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1)', [prismaMigrateLock]);
  try {
    await client.query(permissionTable);
    await client.query(tokenTable);
    await client.query(permissionForeignKey);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [prismaMigrateLock]);
  }
}
