/** Secrets: generated once, reused forever; only their names reach the report. */
import type { Context } from '../../core/context.js';
import { TaskFailure } from '../../core/errors.js';
import { ensureSecrets, firstSecrets, missingSecrets, readSecrets, type Secrets } from '../../core/secrets.js';
import type { Task } from '../../core/task.js';
import { fileMode } from '../../infra/files.js';

const wanted = 6;

export const secretsTask: Task = {
  title: 'Secrets (master key, salt key, database and Redis passwords)',
  async check(ctx) {
    refuseLostSecrets(ctx);
    const found = Object.keys(readSecrets(ctx.paths.secretsFile)).length;
    if (found === wanted && fileMode(ctx.paths.secretsFile) === 0o600) {
      ctx.secrets = requireSecrets(ctx);
      return { status: 'ok', message: `${found} secrets reused from secrets/generated.env (0600)` };
    }
    return { status: 'change', message: found === 0 ? 'to generate' : `${wanted - found} to generate, ${found} kept` };
  },
  async apply(ctx) {
    refuseLostSecrets(ctx);
    const { secrets, generated } = ensureSecrets(ctx.paths.secretsFile);
    ctx.secrets = secrets;
    return {
      status: 'changed',
      message: generated.length ? `generated ${generated.length} secret(s), kept ${wanted - generated.length}` : 'file mode set to 0600',
      facts: { 'Secrets file': 'secrets/generated.env (mode 0600, folder 0700)' },
    };
  },
};

/**
 * A secret missing from a deployment that already ran is damage, not a first start: a new salt key
 * cannot read what LiteLLM encrypted, a new password does not open the role or volume it belongs to.
 * Before the first run a partial file is how a person brings their own master key: the rest is filled in.
 */
function refuseLostSecrets(ctx: Context): void {
  const missing = missingSecrets(ctx.paths.secretsFile).filter((n) => !ctx.options.newSecrets?.includes(n));
  // Files generated from these secrets (phase A's env files), or containers started with them: the
  // runner marks phase A running while this task runs, so its record cannot tell.
  const deployedBefore = Object.keys(ctx.state.files).length > 0 || ctx.state.deployed !== undefined;
  if (!missing.length || !deployedBefore) return;
  throw new TaskFailure(
    `secrets/generated.env lacks ${missing.join(', ')}, which this deployment was made with: the file was cut short or edited.`,
    `Put the line back from a copy of this folder. Only to replace it on purpose: run again with ${missing.map((m) => `--new-secret ${m}`).join(' ')}${missing.some((m) => m.endsWith('_PASSWORD')) ? ' --reset-db-password' : ''}.`,
    'a secret a running deployment depends on is gone from its file',
  );
}

/** The secrets, for tasks after phase A; a clear failure when phase A has not run. */
export function requireSecrets(ctx: Pick<Context, 'secrets' | 'paths'>): Secrets {
  if (ctx.secrets) return ctx.secrets;
  const found = readSecrets(ctx.paths.secretsFile);
  // A deployment made before a later secret runs on without it until phase A generates it.
  if (firstSecrets.some((k) => !found[k])) {
    throw new TaskFailure('The secrets have not been generated yet.', 'Run `litellm-mcp phase a` (or `init`) first.');
  }
  return found as Secrets;
}
