/** `plan`: every task's read-only check and the diffs of generated files. Changes nothing. */
import { deploymentPaths } from '../core/paths.js';
import { runPhases } from '../core/runner.js';
import { phases, runnable } from '../phases/catalog.js';
import { adminOptions, buildContext, requireSavedAnswers, resolveDir, type AdminFlags, type GlobalOptions } from './deployment.js';
import { jsonOutput } from '../output/json-output.js';
import { plainOutput } from '../output/output.js';

export async function plan(flags: GlobalOptions & AdminFlags & { exitCode?: boolean; json?: boolean }, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const paths = deploymentPaths(resolveDir(flags, env, cwd));
  const answers = requireSavedAnswers(paths, env);
  const ctx = buildContext(paths, answers, { force: false, resetDbPassword: false, exitCodeOnChange: Boolean(flags.exitCode), ...adminOptions(flags, env) }, flags.json ? jsonOutput() : plainOutput());
  return runPhases(ctx, phases.filter((p) => runnable.has(p.id)), 'check', 'plan');
}
