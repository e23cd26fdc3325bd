/**
 * Provider keys are the person's: a key given for this run (the wizard, a key file) is written to
 * secrets/providers.env, replacing the stored one; a variable only fills a key not stored yet; every other
 * line of the file is kept. A chosen provider still without a key is a warning, not a failure.
 */
import { join } from 'node:path';
import type { Context } from '../../core/context.js';
import { parseEnvFile, setEnvValues } from '../../core/env-file.js';
import { generated } from '../../core/paths.js';
import { providerKeyEnv } from '../../core/provider-keys.js';
import type { Check, Task } from '../../core/task.js';
import { readIfExists, writeFileAtomic } from '../../infra/files.js';

const file = (ctx: Context) => join(ctx.paths.dir, generated.providersEnv);

/** The keys to write now: each with the variable it sets and where it came from. */
function toWrite(ctx: Context, stored: Map<string, string>): Array<{ name: string; value: string; from: string }> {
  return ctx.answers.models.flatMap((p) => {
    const key = ctx.options.providerKeys?.[p];
    const name = providerKeyEnv[p];
    if (!key || stored.get(name) === key.value || (!key.explicit && stored.get(name))) return [];
    return [{ name, value: key.value, from: key.from }];
  });
}

function verdict(ctx: Context, stored: Map<string, string>): Check {
  if (ctx.answers.models.length === 0) return { status: 'ok', message: 'only the mock model; no provider key needed' };
  const missing = ctx.answers.models.map((p) => providerKeyEnv[p]).filter((name) => !stored.get(name));
  if (missing.length === 0) return { status: 'ok', message: `keys present for ${ctx.answers.models.join(', ')}` };
  return {
    status: 'warning',
    message: `no key yet for ${missing.join(', ')}`,
    issue: { problem: `${missing.join(', ')} is empty: those models will fail until it is set.`, fix: `Put the key in ${generated.providersEnv} (or pass ${ctx.answers.models.map((p) => `--${p}-api-key-file`).join(', ')}), then restart LiteLLM (litellm-mcp phase e).` },
  };
}

export const providerKeysTask: Task = {
  title: 'Provider API keys',
  async check(ctx) {
    const stored = parseEnvFile(readIfExists(file(ctx)) ?? '');
    const pending = toWrite(ctx, stored);
    if (pending.length) return { status: 'change', message: `to set ${pending.map((k) => `${k.name} (from ${k.from})`).join(', ')} in ${generated.providersEnv}` };
    return verdict(ctx, stored);
  },
  async apply(ctx) {
    const text = readIfExists(file(ctx)) ?? '';
    const pending = toWrite(ctx, parseEnvFile(text));
    writeFileAtomic(file(ctx), setEnvValues(text, new Map(pending.map((k) => [k.name, k.value]))), 0o600);
    const after = verdict(ctx, parseEnvFile(readIfExists(file(ctx)) ?? ''));
    const set = `set ${pending.map((k) => `${k.name} (from ${k.from})`).join(', ')}`;
    return { ...after, status: after.status === 'warning' ? 'warning' : 'changed', message: `${set}; ${after.message}` };
  },
};
