/**
 * The clients' virtual key: minted once with the master key, kept in secrets/client.env, checked on every
 * run against what LiteLLM holds (`/key/info` for the key, `/key/list` for its alias). A key LiteLLM no
 * longer knows, or whose scope differs, is replaced; the old one is only deleted at the end of the phase,
 * after the client files carry the new key and it is proven (clientKeyRetireTask), so a failure anywhere
 * leaves the old key working.
 */
import type { Context } from '../../core/context.js';
import { readClientKey, writeClientKey } from '../../core/client-key.js';
import { TaskFailure } from '../../core/errors.js';
import type { Check, Outcome, Task } from '../../core/task.js';
import type { KeyApi, StoredKey } from '../../infra/litellm-keys.js';
import { clientAccessGroups, clientKeyRequest, createdBy, keyLabel, scopeDifferences } from './key-scope.js';
import { explainGatewayFailure, keyApiOf, retireLater } from './key-api.js';

interface Found {
  rawKey?: string;
  /** Ours, as LiteLLM holds it (info merged with the full object from the alias list). */
  ours?: StoredKey;
  /** Other keys under our alias that we made: left over from a crash, deleted at the end. */
  strays: StoredKey[];
  /** Keys under our alias that somebody else made: never touched. */
  foreign: StoredKey[];
  differences: string[];
}

async function inspect(ctx: Context, api: KeyApi): Promise<Found> {
  return look(ctx, api).catch((error: unknown) => explainGatewayFailure(ctx, error));
}

async function look(ctx: Context, api: KeyApi): Promise<Found> {
  const wanted = clientKeyRequest(ctx.answers);
  const rawKey = readClientKey(ctx.paths.clientKeyFile);
  const [info, listed] = await Promise.all([rawKey ? api.info(rawKey) : Promise.resolve(undefined), api.listByAlias(wanted.key_alias)]);
  const listedOurs = info ? listed.find((k) => k.token === info.token) : undefined;
  const ours = info ? { ...info, ...(listedOurs?.object_permission !== undefined ? { object_permission: listedOurs.object_permission } : {}) } : undefined;
  const others = listed.filter((k) => k.token !== ours?.token);
  const madeByUs = (k: StoredKey) => k.metadata?.created_by === createdBy;
  return {
    ...(rawKey ? { rawKey } : {}),
    ...(ours ? { ours } : {}),
    strays: others.filter(madeByUs),
    foreign: others.filter((k) => !madeByUs(k)),
    differences: ours ? scopeDifferences(ours, wanted) : [],
  };
}

function refuseForeign(ctx: Context, found: Found): void {
  if (found.foreign.length === 0) return;
  const alias = ctx.answers.clientKeyAlias;
  throw new TaskFailure(
    `LiteLLM already has ${found.foreign.length} key(s) with the alias ${alias} that litellm-mcp did not make; it will not touch them.`,
    `Choose another alias with --client-key-alias, or delete that key in LiteLLM's admin UI if it is not in use.`,
  );
}

/** Why a new key is needed, or undefined when the stored one is right. */
function reasonToMint(ctx: Context, found: Found): string | undefined {
  if (!found.rawKey) return 'no client key yet';
  if (ctx.options.rotateKey && found.ours) return 'rotation requested';
  if (!found.ours) return 'the key in secrets/client.env is unknown to LiteLLM (deleted, or from another database)';
  if (found.differences.length > 0) return `its scope changed: ${found.differences.join('; ')}`;
  return undefined;
}

export const clientKeyTask: Task = {
  title: 'Client key (virtual key for MCP and LLM clients)',
  async check(ctx): Promise<Check> {
    const found = await inspect(ctx, await keyApiOf(ctx));
    refuseForeign(ctx, found);
    const reason = reasonToMint(ctx, found);
    if (reason) return { status: 'change', message: `${reason}: a new key ${ctx.answers.clientKeyAlias} to mint` };
    if (found.strays.length > 0) return { status: 'change', message: `${found.strays.length} leftover key(s) named ${ctx.answers.clientKeyAlias} to delete at the end of the phase` };
    return { status: 'ok', message: `${keyLabel(ctx.answers.clientKeyAlias, found.rawKey!)} is valid with the configured scope`, facts: scopeFacts(ctx) };
  },
  async apply(ctx): Promise<Outcome> {
    const api = await keyApiOf(ctx);
    const found = await inspect(ctx, api);
    refuseForeign(ctx, found);
    retireLater(ctx, found.strays.map((k) => k.token));
    const reason = reasonToMint(ctx, found);
    if (!reason) {
      return { status: 'changed', message: `${found.strays.length} leftover key(s) named ${ctx.answers.clientKeyAlias} will be deleted at the end of the phase`, facts: scopeFacts(ctx) };
    }
    // Leftovers of ours still hold the alias (a crash, or a restored database whose key secrets/client.env
    // no longer has): LiteLLM refuses a second key with it, so they move aside first; they are deleted at
    // the end of the phase with the rest.
    for (const stray of found.strays) await api.rename(stray.token, `${ctx.answers.clientKeyAlias}-retiring-${stray.token.slice(0, 8)}`);
    const minted = await mintReplacing(ctx, api, found.ours);
    return { status: 'changed', message: `${reason}: minted ${keyLabel(ctx.answers.clientKeyAlias, minted)}`, facts: scopeFacts(ctx) };
  },
};

/**
 * LiteLLM refuses a second key with an alias (checked in its code only), so the old key first moves to
 * a retiring alias, still working; if minting fails it gets its alias back. Returns the new raw key.
 */
export async function mintReplacing(ctx: Context, api: KeyApi, old: StoredKey | undefined): Promise<string> {
  const wanted = clientKeyRequest(ctx.answers);
  if (old) await api.rename(old.token, `${wanted.key_alias}-retiring-${Date.now()}`);
  let key: string;
  try {
    ({ key } = await api.generate(wanted));
  } catch (error) {
    if (old) await api.rename(old.token, wanted.key_alias).catch(() => undefined);
    throw error;
  }
  writeClientKey(ctx.paths.clientKeyFile, wanted.key_alias, key);
  if (old) retireLater(ctx, [old.token]);
  return key;
}

function scopeFacts(ctx: Context): Record<string, string> {
  const w = clientKeyRequest(ctx.answers);
  const limits = [w.max_budget !== undefined ? `budget ${w.max_budget} USD` : '', w.rpm_limit !== undefined ? `${w.rpm_limit} requests/min` : ''].filter(Boolean);
  const key = readClientKey(ctx.paths.clientKeyFile);
  return {
    'Client key': key ? keyLabel(w.key_alias, key) : w.key_alias,
    'Client key scope': `models ${w.models.join(', ')}; MCP access group${clientAccessGroups(ctx.answers).length > 1 ? 's' : ''} ${clientAccessGroups(ctx.answers).join(', ')}; routes ${w.allowed_routes.join(', ')}${limits.length ? `; ${limits.join(', ')}` : ''}; no user`,
    'Client key file': 'secrets/client.env (LITELLM_API_KEY, mode 0600)',
  };
}
