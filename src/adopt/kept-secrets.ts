/**
 * The secrets a hand-made deployment runs with, kept as they are: clients hold the master key, the
 * roles have their passwords, and the salt key must never change once LiteLLM has encrypted with it
 * (FACTS.md). Only a secret that is the cause of a failure is replaced: the MCP server's login when it is
 * the database admin (a read-only role of its own, with a new password, takes its place).
 */
import type { Secrets } from '../core/secrets.js';
import { registerSecret } from '../core/redact.js';
import { UsageError } from '../core/errors.js';
import { shown, type HandMade } from './hand-made.js';
import type { ImpliedAnswers } from './implied-answers.js';
import { yaml } from '../infra/yaml.js';

export interface KeptSecrets {
  secrets: Partial<Secrets>;
  /** `LITELLM_MASTER_KEY: kept from litellm/docker-compose.yml → litellm → environment`, never a value. */
  notes: string[];
}

/** Written raw into an env file LiteLLM reads: compose would interpolate `$`, end a value at a space, unquote quotes. */
const envSafe = /^[^\s'"`$\\]+$/;

function literalMasterKey(h: HandMade): string | undefined {
  const config = (h.config ? yaml().parse(h.config.text) ?? {} : {}) as { general_settings?: { master_key?: unknown } };
  const key = config.general_settings?.master_key;
  return typeof key === 'string' && !key.startsWith('os.environ/') ? key : undefined;
}

/** `replace`: the names given with --new-secret, generated anew instead of kept. */
export function keptSecrets(h: HandMade, implied: ImpliedAnswers, replace: readonly string[] = []): KeptSecrets {
  const { litellm } = implied;
  const env = litellm.service.environment;
  const place = (what: string) => `${shown(h, litellm.stack.file)} → ${litellm.service.name} → ${what}`;
  const secrets: Partial<Secrets> = {};
  const notes: string[] = [];
  const keep = (key: keyof Secrets, name: string, value: string | undefined, from: string) => {
    if (!value) return;
    if (replace.includes(name)) {
      notes.push(`${name} generated anew (--new-secret)`);
      return;
    }
    if ((key === 'masterKey' || key === 'saltKey') && !envSafe.test(value)) {
      throw new UsageError(`${name} (${from}) holds a space, a quote, "\\" or "$": it cannot be written to an env file as it is.`, `Adopt with a new one: --new-secret ${name}${key === 'saltKey' ? ' (only if LiteLLM has stored no credentials with it)' : ' (clients then need the new key)'}.`);
    }
    registerSecret(value);
    secrets[key] = value;
    notes.push(`${name} kept, from ${from}`);
  };
  const literal = literalMasterKey(h);
  keep('masterKey', 'LITELLM_MASTER_KEY', env.LITELLM_MASTER_KEY ?? literal, env.LITELLM_MASTER_KEY ? place('LITELLM_MASTER_KEY') : `${h.config ? shown(h, h.config.file) : 'config.yaml'} → general_settings.master_key`);
  if (!env.LITELLM_MASTER_KEY && !literal) notes.push('LITELLM_MASTER_KEY generated: none was set, so LiteLLM asked for no key');
  // Without a salt key LiteLLM encrypts with the master key: that is the salt its stored credentials need.
  keep('saltKey', 'LITELLM_SALT_KEY', env.LITELLM_SALT_KEY ?? env.LITELLM_MASTER_KEY ?? literal, env.LITELLM_SALT_KEY ? place('LITELLM_SALT_KEY') : 'the master key, which LiteLLM encrypts with when no salt key is set');
  keep('litellmDbPassword', 'LITELLM_DB_PASSWORD', implied.litellmLogin?.password, place('DATABASE_URL (its password)'));
  if (implied.mcp && implied.mcpLogin && !implied.mcpIsAdmin) keep('mcpDbPassword', 'MCP_DB_PASSWORD', implied.mcpLogin.password, `${shown(h, implied.mcp.stack.file)} → ${implied.mcp.service.name} → DATABASE_URI (its password)`);
  if (implied.mcpIsAdmin) notes.push('MCP_DB_PASSWORD generated, for the read-only role that replaces the admin login of the MCP server');
  return { secrets, notes };
}
