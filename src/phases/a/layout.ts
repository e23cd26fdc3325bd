/** The deployment folder's layout; secrets and the tool's own folder are private (0700). */
import { ensureDir } from '../../infra/files.js';
import type { Task } from '../../core/task.js';
import type { Context } from '../../core/context.js';
import { existsSync, statSync } from 'node:fs';
import { relative } from 'node:path';

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
    const done: string[] = [];
    for (const [dir, mode] of folders(ctx)) {
      const before = existsSync(dir) ? statSync(dir).mode & 0o777 : undefined;
      const result = ensureDir(dir, mode);
      const name = `${relative(ctx.paths.dir, dir) || '.'}/`;
      if (result === 'created') done.push(`created ${name}`);
      // Said apart: a private folder found open to others is a repair, not a first start.
      if (result === 'fixed') done.push(`repaired ${name}: mode ${before?.toString(8)} → ${mode.toString(8)}`);
    }
    return { status: 'changed', message: done.join(', '), facts: { 'Deployment folder': ctx.paths.dir } };
  },
};

