/** `status`: STATUS.md again from the recorded state; no Docker, no PostgreSQL. */
import { redact } from '../core/redact.js';
import { deploymentPaths } from '../core/paths.js';
import { loadState } from '../core/state.js';
import { writeReport } from '../report/write-report.js';
import { appliedAnswers, resolveDir, type GlobalOptions } from './deployment.js';

export interface StatusFlags extends GlobalOptions {
  json?: boolean;
}

export async function status(flags: StatusFlags, env: NodeJS.ProcessEnv, cwd: string, stdout: NodeJS.WritableStream = process.stdout): Promise<number> {
  const paths = deploymentPaths(resolveDir(flags, env, cwd));
  const state = loadState(paths.stateFile);
  const answers = appliedAnswers(paths, state, env);
  if (flags.json) {
    stdout.write(`${redact(JSON.stringify(state, null, 2))}\n`);
    return 0;
  }
  writeReport(paths, answers, state);
  stdout.write(`Wrote ${paths.statusFile}\n`);
  return 0;
}
