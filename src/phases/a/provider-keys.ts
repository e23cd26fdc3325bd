/** Provider keys are the person's: a chosen provider without a key is a warning, not a failure. */
import { join } from 'node:path';
import { parseEnvFile } from '../../core/env-file.js';
import { generated } from '../../core/paths.js';
import { verifyTask } from '../../core/task.js';
import { readIfExists } from '../../infra/files.js';
import { providerModels } from '../../render/litellm-config.js';

export const providerKeysTask = verifyTask('Provider API keys', async (ctx) => {
  if (ctx.answers.models.length === 0) return { status: 'ok', message: 'only the mock model; no provider key needed' };
  const values = parseEnvFile(readIfExists(join(ctx.paths.dir, generated.providersEnv)) ?? '');
  const missing = ctx.answers.models.map((p) => providerModels[p].keyEnv).filter((name) => !values.get(name));
  if (missing.length === 0) return { status: 'ok', message: `keys present for ${ctx.answers.models.join(', ')}` };
  return {
    status: 'warning',
    message: `no key yet for ${missing.join(', ')}`,
    issue: { problem: `${missing.join(', ')} is empty: those models will fail until it is set.`, fix: `Put the key in ${generated.providersEnv}, then restart LiteLLM (litellm-mcp phase e).` },
  };
});
