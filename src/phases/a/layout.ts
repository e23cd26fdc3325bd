/** The deployment folder's layout; secrets and the tool's own folder are private (0700). */
import { ensureDir } from '../../infra/files.js';
import type { Task } from '../../core/task.js';
import type { Context } from '../../core/context.js';
import { existsSync, statSync } from 'node:fs';

function folders(ctx: Context): Array<[string, number]> {
  const p = ctx.paths;
  return [
    [p.dir, 0o755], [p.litellmDir, 0o755], [p.litellmConfigDir, 0o755], [p.mcpDir, 0o755],
    [p.secretsDir, 0o700], [p.toolDir, 0o700],
  ];
}

export const layoutTask: Task = {
  title: 'Deployment folders',
  async check(ctx) {
    const missing = folders(ctx).filter(([dir, mode]) => !existsSync(dir) || (statSync(dir).mode & 0o777) !== mode);
    return missing.length === 0
      ? { status: 'ok', message: 'litellm/, litellm/config/, mcp/postgres/, secrets/ (0700) in place' }
      : { status: 'change', message: `to create or fix: ${missing.map(([d]) => d).join(', ')}` };
  },
  async apply(ctx) {
    const changed = folders(ctx).filter(([dir, mode]) => ensureDir(dir, mode) !== 'ok').map(([d]) => d);
    return { status: 'changed', message: `created or fixed ${changed.length} folder(s)`, facts: { 'Deployment folder': ctx.paths.dir } };
  },
};

