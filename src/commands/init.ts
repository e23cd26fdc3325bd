/** `init`: collect the answers (wizard or --yes), save them, run phases A to G. */
import type { AnswerKey } from '../core/answers.js';
import { crossCheck, rawFromFlags, resolveAnswers } from '../core/answer-sources.js';
import { UsageError } from '../core/errors.js';
import { deploymentPaths, generated, nameFromFolder } from '../core/paths.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runPhases } from '../core/runner.js';
import { phases, runnable } from '../phases/catalog.js';
import { adminPasswordSources } from '../phases/shared/database-admin.js';
import { adminOptions, buildContext, checkDeploymentFolder, newSecretsOption, loadSavedAnswers, readYamlMap, resolveDir, saveAnswers, type AdminFlags, type GlobalOptions } from './deployment.js';
import { parseEnvFile } from '../core/env-file.js';
import { providerKeyEnv, providerKeysFrom } from '../core/provider-keys.js';
import { readIfExists } from '../infra/files.js';
import type { HostSurvey } from '../infra/host-survey.js';
import { checkHost, lazyInfra } from '../infra/infra.js';
import { makeOutput, type Interaction } from './interaction.js';

export interface InitFlags extends GlobalOptions, AdminFlags, Interaction {
  answers?: string;
  force?: boolean;
  resetDbPassword?: boolean;
  newSecret?: string[];
  showKey?: boolean;
  [key: string]: unknown;
}

/** Never a reason to fail: without an engine, checkHost says why; without a survey, the questions' own defaults. */
function surveyThisHost(): Promise<HostSurvey | undefined> {
  return lazyInfra().docker()
    .then(async (d) => (await import('../infra/host-survey.js')).surveyHost(d.raw))
    .catch(() => undefined);
}

export async function init(flags: InitFlags, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const out = await makeOutput(flags, env);
  // At a terminal, what runs on this host is surveyed while the first question waits for the person.
  const surveying = out.interactive ? surveyThisHost() : undefined;
  const initialDir = resolveDir(flags, env, cwd);
  out.intro('litellm-mcp: LiteLLM as an LLM and MCP gateway');
  let dir = initialDir;
  if (out.interactive && !flags.dir && !env.LITELLM_MCP_DIR) {
    const { askFolder } = await import('../wizard/wizard.js');
    dir = resolveDir({ dir: await askFolder(initialDir) }, env, cwd);
  }
  const paths = deploymentPaths(dir);
  checkDeploymentFolder(paths);
  const saved = loadSavedAnswers(paths);
  // Only a new folder takes its name from the folder: an existing one keeps the names it was made with.
  const fresh = !saved && !existsSync(paths.stateFile);
  const sources = {
    ...(fresh ? { defaults: { name: nameFromFolder(dir) } } : {}),
    flags: rawFromFlags(flags),
    env: env.PGUSER && !env.LITELLM_MCP_DB_ADMIN_USER ? { ...env, LITELLM_MCP_DB_ADMIN_USER: env.PGUSER } : env,
    ...(flags.answers ? { file: { path: flags.answers, values: readYamlMap(flags.answers) } } : {}),
    ...(saved ? { saved } : {}),
  };
  const resolved = resolveAnswers(sources);
  let answers = resolved.answers;
  let providerKeys = providerKeysFrom(flags, env);
  // The host is checked once the given answers are known to be good: at a terminal, before the person
  // answers the rest; unattended, after every refusal of bad input (exit 2), the state's included.
  if (out.interactive) {
    const [{ runWizard }, survey] = await Promise.all([import('../wizard/wizard.js'), surveying, checkHost()]);
    const stored = parseEnvFile(readIfExists(join(paths.dir, generated.providersEnv)) ?? '');
    const fixed = new Set([...resolved.given, ...(Object.keys(saved ?? {}) as AnswerKey[])]);
    const wizard = await runWizard({
      start: answers, given: resolved.given, fixed, dir, ...(survey ? { survey } : {}),
      hasKey: (p) => Boolean(providerKeys[p] || stored.get(providerKeyEnv[p])),
    });
    answers = wizard.answers;
    providerKeys = { ...providerKeys, ...wizard.providerKeys };
  } else {
    const problem = crossCheck(answers);
    if (problem) throw new UsageError(problem, 'Correct the flags, variables or answers file and run again.');
  }
  const admin = adminOptions(flags, env);
  if (answers.dbStrategy === 'shared' && !admin.adminPassword) {
    if (!out.interactive) {
      throw new UsageError(`The shared PostgreSQL needs its admin password (user ${answers.dbAdminUser}).`, `Set ${adminPasswordSources}.`);
    }
    const { askAdminPassword } = await import('../wizard/admin-password.js');
    admin.adminPassword = await askAdminPassword(answers.dbAdminUser);
  }
  const ctx = buildContext(paths, answers, { force: Boolean(flags.force), resetDbPassword: Boolean(flags.resetDbPassword), ...admin, ...newSecretsOption(flags.newSecret), providerKeys }, out);
  if (!out.interactive) await checkHost();
  const code = await runPhases(ctx, phases.filter((p) => runnable.has(p.id)), 'apply', 'init', () => saveAnswers(paths, answers));
  out.outro(code === 0 ? `Phases A to G done. Report: ${paths.statusFile}` : `Stopped. See ${paths.statusFile} for the cause and the fix.`);
  if (code === 0 && flags.showKey) (await import('./key.js')).showKey(paths.clientKeyFile);
  return code;
}
