/** `status`: STATUS.md again from the recorded state; no Docker, no PostgreSQL. */
import { redact } from '../core/redact.js';
import { deploymentPaths, resolveDir, type GlobalOptions } from '../core/paths.js';
import { loadState, recordedAnswers } from '../core/state.js';
import { outlineOf } from '../report/phase-outline.js';
import { recordedOutline } from '../report/recorded-outline.js';
import { writeStatus } from '../report/write-status.js';

export interface StatusFlags extends GlobalOptions {
  json?: boolean;
}

export async function status(flags: StatusFlags, env: NodeJS.ProcessEnv, cwd: string, stdout: NodeJS.WritableStream = process.stdout): Promise<number> {
  const paths = deploymentPaths(resolveDir(flags, env, cwd));
  const state = loadState(paths.stateFile);
  // The answers file (and its YAML parser) only for a state written before the answers were recorded.
  const answers = recordedAnswers(paths.stateFile, state) ?? (await import('./deployment.js')).requireSavedAnswers(paths, env);
  if (flags.json) {
    stdout.write(`${redact(JSON.stringify(state, null, 2))}\n`);
    return 0;
  }
  // The catalog loads every task's code: only when the state does not list every phase's tasks.
  const phases = recordedOutline(state) ?? outlineOf((await import('../phases/catalog.js')).phases, answers);
  writeStatus(paths, answers, state, phases);
  stdout.write(`Wrote ${paths.statusFile}\n`);
  return 0;
}
