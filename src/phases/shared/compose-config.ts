/** `docker compose config` on a generated file, with the generated env files in place. */
import { join } from 'node:path';
import { verifyTask, type Task } from '../../core/task.js';
import { ComposeError } from '../../core/errors.js';

export function composeConfigTask(rel: string): Task {
  return verifyTask(`${rel} passes docker compose config`, async (ctx) => {
    const compose = await ctx.infra.compose();
    try {
      await compose.run(['-f', join(ctx.paths.dir, rel), 'config', '--quiet']);
      return { status: 'ok', message: `valid for ${compose.version}` };
    } catch (error) {
      const output = error instanceof ComposeError ? error.output : String(error);
      return {
        status: 'failed',
        message: `rejected by ${compose.version}`,
        issue: { problem: `${rel} is not a valid compose file: ${output.split('\n').slice(-3).join(' ')}`, fix: `Fix the file (or delete it and run the phase again to regenerate it).` },
      };
    }
  });
}
