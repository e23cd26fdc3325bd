/**
 * `upgrade --litellm-image REF` and `rollback`: a new LiteLLM image, deployed by phases B (the compose
 * file) and E (compose recreates only what changed: LiteLLM, never its database or the MCP server) and
 * proven as on the first day. The image it replaced is recorded first; when the new one fails its
 * proof, `rollback` puts that one back and proves it again. The database is untouched either way, so
 * keys and spend logs survive both.
 */
import { UsageError } from '../core/errors.js';
import type { Answers } from '../core/answers.js';
import { acquireLock } from '../core/lock.js';
import { deploymentPaths, type Paths } from '../core/paths.js';
import { runPhases } from '../core/runner.js';
import { loadState, saveState, type State } from '../core/state.js';
import { imageRef } from '../core/validators.js';
import { phaseById } from '../phases/catalog.js';
import type { Phase } from '../core/task.js';
import { adminOptions, buildContext, requireSavedAnswers, resolveDir, saveAnswers, type AdminFlags, type GlobalOptions } from './deployment.js';
import { makeOutput, type Interaction } from './interaction.js';

export interface UpgradeFlags extends GlobalOptions, AdminFlags, Interaction {
  litellmImage?: string;
}

const deployPhases = (): Phase[] => [phaseById('b')!, phaseById('e')!];

/** Phases B and E with these answers; `rollback` is the way back to record (or to keep, when undefined). */
async function deploy(paths: Paths, answers: Answers, flags: UpgradeFlags, env: NodeJS.ProcessEnv, command: string, rollback?: State['rollback']): Promise<number> {
  const out = await makeOutput(flags, env);
  const ctx = buildContext(paths, answers, { force: false, resetDbPassword: false, ...adminOptions(flags, env) }, out);
  // The runner saves the state under the lock before its first task: a crash still knows the way back.
  if (rollback) ctx.state.rollback = rollback;
  return runPhases(ctx, deployPhases(), 'apply', command, () => saveAnswers(paths, answers));
}

export async function upgrade(flags: UpgradeFlags, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const paths = deploymentPaths(resolveDir(flags, env, cwd));
  const answers = requireSavedAnswers(paths, env);
  const next = flags.litellmImage;
  if (!next) throw new UsageError('upgrade needs the new image.', 'Give it with --litellm-image, for example --litellm-image ghcr.io/berriai/litellm:v1.77.4-stable.');
  const problem = imageRef(next);
  if (problem) throw new UsageError(`--litellm-image: ${problem}`, 'Give an image reference such as ghcr.io/berriai/litellm:v1.77.4-stable.');
  const previous = answers.litellmImage;
  if (next === previous) {
    process.stdout.write(`LiteLLM already runs ${previous}: nothing to upgrade (\`litellm-mcp phase e\` proves it again).\n`);
    return 0;
  }
  const code = await deploy(paths, { ...answers, litellmImage: next }, flags, env, 'upgrade', { litellmImage: previous, upgradedTo: next, at: new Date().toISOString() });
  if (code === 0) process.stdout.write(`LiteLLM now runs ${next}, proven. \`litellm-mcp rollback\` would put ${previous} back.\n`);
  else if (code !== 130) process.stderr.write(`error: the upgrade to ${next} did not pass phase E (above: the cause).\nfix: \`litellm-mcp rollback\` puts ${previous} back and proves it again; the database and its keys were not touched.\n`);
  return code;
}

export async function rollback(flags: GlobalOptions & AdminFlags & Interaction, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const paths = deploymentPaths(resolveDir(flags, env, cwd));
  const answers = requireSavedAnswers(paths, env);
  const back = loadState(paths.stateFile).rollback;
  if (!back) throw new UsageError('There is no upgrade to roll back.', 'rollback undoes the last `litellm-mcp upgrade`; to choose an image yourself, use `litellm-mcp upgrade --litellm-image REF`.');
  const code = await deploy(paths, { ...answers, litellmImage: back.litellmImage }, flags, env, 'rollback');
  if (code !== 0) return code;
  // Done: the way back is used up (under the lock, like every write of the state).
  const lock = acquireLock(paths.lockFile, 'rollback');
  try {
    const state = loadState(paths.stateFile);
    delete state.rollback;
    saveState(paths.stateFile, state);
  } finally {
    lock.release();
  }
  process.stdout.write(`LiteLLM runs ${back.litellmImage} again, proven (it had been upgraded to ${back.upgradedTo}).\n`);
  return 0;
}
