/** `phase <id>`: one phase again, from the saved answers. */
import { UsageError } from '../core/errors.js';
import { deploymentPaths } from '../core/paths.js';
import { runPhases } from '../core/runner.js';
import { phaseById, runnable } from '../phases/catalog.js';
import { adminOptions, buildContext, checkDeploymentFolder, newSecretsOption, requireSavedAnswers, resolveDir, type AdminFlags, type GlobalOptions } from './deployment.js';
import { checkHost } from '../infra/infra.js';
import { providerKeysFrom } from '../core/provider-keys.js';
import { makeOutput, type Interaction } from './interaction.js';

export interface PhaseFlags extends GlobalOptions, AdminFlags, Interaction {
  [key: string]: unknown;
  force?: boolean;
  resetDbPassword?: boolean;
  newSecret?: string[];
  showKey?: boolean;
}

export async function phase(id: string, flags: PhaseFlags, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const chosen = phaseById(id);
  if (!chosen) throw new UsageError(`Unknown phase "${id}".`, 'Use one of a, b, c, d, e, f, g.');
  if (!runnable.has(chosen.id)) {
    throw new UsageError(`Phase ${chosen.id.toUpperCase()} (${chosen.title}) is not available in this version.`, 'Run phases a to g; see README.md for what is planned.');
  }
  const paths = deploymentPaths(resolveDir(flags, env, cwd));
  checkDeploymentFolder(paths);
  const answers = requireSavedAnswers(paths, env);
  const out = await makeOutput(flags, env);
  const ctx = buildContext(paths, answers, { force: Boolean(flags.force), resetDbPassword: Boolean(flags.resetDbPassword), ...adminOptions(flags, env), ...newSecretsOption(flags.newSecret), providerKeys: providerKeysFrom(flags, env) }, out);
  await checkHost();
  const code = await runPhases(ctx, [chosen], 'apply', `phase ${chosen.id}`);
  out.outro(code === 0 ? `Phase ${chosen.id.toUpperCase()} done. Report: ${paths.statusFile}` : `Stopped. See ${paths.statusFile} for the cause and the fix.`);
  if (code === 0 && flags.showKey && chosen.id === 'f') (await import('./key.js')).showKey(paths.clientKeyFile);
  return code;
}
