/** Secrets: generated once, reused forever; only their names reach the report. */
import type { Context } from '../../core/context.js';
import { TaskFailure } from '../../core/errors.js';
import { ensureSecrets, readSecrets, type Secrets } from '../../core/secrets.js';
import type { Task } from '../../core/task.js';
import { fileMode } from '../../infra/files.js';

const wanted = 5;

export const secretsTask: Task = {
  title: 'Secrets (master key, salt key, database passwords)',
  async check(ctx) {
    const found = Object.keys(readSecrets(ctx.paths.secretsFile)).length;
    if (found === wanted && fileMode(ctx.paths.secretsFile) === 0o600) {
      ctx.secrets = requireSecrets(ctx);
      return { status: 'ok', message: `${found} secrets reused from secrets/generated.env (0600)` };
    }
    return { status: 'change', message: found === 0 ? 'to generate' : `${wanted - found} to generate, ${found} kept` };
  },
  async apply(ctx) {
    const { secrets, generated } = ensureSecrets(ctx.paths.secretsFile);
    ctx.secrets = secrets;
    return {
      status: 'changed',
      message: generated.length ? `generated ${generated.length} secret(s), kept ${wanted - generated.length}` : 'file mode set to 0600',
      facts: { 'Secrets file': 'secrets/generated.env (mode 0600, folder 0700)' },
    };
  },
};

/** The secrets, for tasks after phase A; a clear failure when phase A has not run. */
export function requireSecrets(ctx: Pick<Context, 'secrets' | 'paths'>): Secrets {
  if (ctx.secrets) return ctx.secrets;
  const found = readSecrets(ctx.paths.secretsFile);
  if (Object.keys(found).length < wanted) {
    throw new TaskFailure('The secrets have not been generated yet.', 'Run `litellm-mcp phase a` (or `init`) first.');
  }
  return found as Secrets;
}
