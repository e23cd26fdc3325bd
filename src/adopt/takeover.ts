/**
 * `adopt --from FOLDER`: takes a deployment made by hand over. It reports what is wrong (as --check),
 * tells what it will keep and change and shows the diffs, and on confirmation (or --yes): stops the
 * hand-made LiteLLM and MCP containers (kept, for --undo), moves the person's files into
 * `adopted/<time>/`, writes the answers and the kept secrets, and runs phases A to E over them. From then
 * on the folder is a litellm-mcp deployment like any other.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AnswerKey } from '../core/answers.js';
import { crossCheck, rawFromFlags, resolveAnswers, type RawAnswers } from '../core/answer-sources.js';
import { CancelledError, UsageError, errorMessage } from '../core/errors.js';
import { deploymentPaths, generated, nameFromFolder, projectsOf, type Paths } from '../core/paths.js';
import { formatEnvFile } from '../core/env-file.js';
import { kebab, questions } from '../core/questions.js';
import { registerSecret } from '../core/redact.js';
import { writeSecretsFile, type Secrets } from '../core/secrets.js';
import { runPhases } from '../core/runner.js';
import { writeFileAtomic } from '../infra/files.js';
import type { Infra } from '../infra/infra.js';
import type { Output } from '../output/output.js';
import { phases } from '../phases/catalog.js';
import { adminOptions, buildContext, checkDeploymentFolder, saveAnswers, type AdminFlags } from '../commands/deployment.js';
import { adoptedDir, archiveFiles, stampOf, type StoppedContainer } from './archive.js';
import { containersOf, findDatabase, startContainers, stopContainers } from './containers.js';
import { adoptFindings } from './findings.js';
import { isLitellm, readHandMade, shown, type HandMade } from './hand-made.js';
import { impliedAnswers } from './implied-answers.js';
import { readDatabaseLogin } from './database-login.js';
import { keptSecrets } from './kept-secrets.js';
import { runningServices } from './running.js';
import { answerLines, containerLines, fileDiffs, formatFinding, secretLines } from './takeover-report.js';

export interface TakeoverFlags extends AdminFlags {
  from: string;
  dir: string;
  compose?: string[];
  config?: string;
  env?: string[];
  yes?: boolean;
  newSecret?: string[];
  [key: string]: unknown;
}

/** Phases A to E: the deployment, proven. F (clients) and G (audit) are the person's next step. */
const adoptPhases = phases.filter((p) => ['a', 'b', 'c', 'd', 'e'].includes(p.id));

/** A name of the folder's, unless compose projects of the hand-made deployment already carry it. */
function chooseName(h: HandMade, dir: string, given: string | undefined): string {
  const taken = new Set(h.stacks.map((s) => s.project));
  const clashes = (n: string) => taken.has(projectsOf(n).gateway) || taken.has(projectsOf(n).connector);
  if (given) {
    if (clashes(given)) throw new UsageError(`--name ${given}: its compose projects (${given}, ${given}-connector) are the hand-made deployment's, whose containers are kept for --undo.`, 'Choose another --name.');
    return given;
  }
  const base = nameFromFolder(dir);
  return clashes(base) ? `${base}-gw` : base;
}

/** The implied answers, each judged by its question's validator: a value ours cannot take is named with its flag. */
function validated(raw: RawAnswers, from: Partial<Record<AnswerKey, string>>): RawAnswers {
  for (const q of questions) {
    const value = raw[q.key];
    const problem = value === undefined ? undefined : q.validate(value);
    if (problem) throw new UsageError(`${from[q.key] ?? q.key}: ${problem}`, `Give the value to use with --${kebab(q.key)}.`);
  }
  return raw;
}

/** The variables the carried models read, in providers.env (0600): LiteLLM's env file for provider keys. */
function writeModelVariables(paths: Paths, variables: ReadonlyMap<string, string>): void {
  if (!variables.size) return;
  writeFileAtomic(join(paths.dir, generated.providersEnv), formatEnvFile('Provider keys and the variables your models read, kept from the hand-made deployment. Yours to edit: litellm-mcp never overwrites this file.', [...variables]), 0o600);
}

function writeKeptSecrets(paths: Paths, secrets: Partial<Secrets>): void {
  mkdirSync(paths.secretsDir, { recursive: true, mode: 0o700 });
  writeSecretsFile(paths.secretsFile, secrets, 'Secrets of the adopted deployment, kept as they were; litellm-mcp generates the missing ones.');
}

async function confirmed(out: Output, flags: TakeoverFlags): Promise<void> {
  if (flags.yes) return;
  if (!out.interactive) throw new UsageError('adopt stops the hand-made containers and moves their files, and no one is here to confirm it.', 'Read the report above, then run the same command with --yes (or at a terminal); `adopt --check` only reports.');
  const [p, { abortIfCancelled }] = await Promise.all([import('@clack/prompts'), import('../wizard/abort-if-cancelled.js')]);
  if (!abortIfCancelled(await p.confirm({ message: 'Take this deployment over (phases A to E)?', initialValue: false }))) throw new CancelledError('Not confirmed: nothing was changed.');
}

export async function takeOver(flags: TakeoverFlags, env: NodeJS.ProcessEnv, infra: Infra, out: Output): Promise<number> {
  const paths = deploymentPaths(flags.dir);
  checkDeploymentFolder(paths);
  if (existsSync(paths.answersFile) || existsSync(paths.stateFile)) {
    throw new UsageError(`${paths.dir} is a litellm-mcp deployment already (litellm-mcp.yaml or .litellm-mcp/ is there).`, 'Run `litellm-mcp phase e` there; to adopt into another folder, give --dir.');
  }
  const [compose, docker] = await Promise.all([infra.compose(), infra.docker()]);
  const h = await readHandMade(compose, flags.from, flags.compose ?? [], flags.config, flags.env ?? []);
  if (!h.stacks.some((s) => s.services.some(isLitellm))) throw new UsageError(`No LiteLLM service in ${h.stacks.map((s) => shown(h, s.file)).join(', ')} (an image named litellm…).`, 'Name the compose file that runs LiteLLM with --compose.');
  const findings = adoptFindings(h, await runningServices(docker.raw, h));
  for (const f of findings) out.text(formatFinding(f));
  out.info(findings.length ? `${findings.filter((f) => f.severity === 'error').length} problem(s) and ${findings.filter((f) => f.severity === 'warning').length} warning(s): the adoption corrects the problems.` : 'No problem found.');

  const litellmEnv = h.stacks.flatMap((s) => s.services).find(isLitellm)!.environment;
  const dbHost = readDatabaseLogin(litellmEnv.DATABASE_URL ?? '')?.host;
  const implied = impliedAnswers(h, dbHost ? await findDatabase(docker.raw, dbHost) : undefined);
  const name = chooseName(h, paths.dir, typeof flags.name === 'string' ? flags.name : undefined);
  const { answers, given } = resolveAnswers({ flags: rawFromFlags(flags), env, defaults: { name, ...validated(implied.answers, implied.from) }, saved: { extraModels: implied.models.extraModels } });
  const problem = crossCheck(answers);
  if (problem) throw new UsageError(problem, 'Give the value to use with its flag (adopt takes the same answer flags as init).');
  const kept = keptSecrets(h, implied, flags.newSecret ?? []);
  const unwritable = [...implied.models.variables].find(([, value]) => /[\n$]/.test(value));
  if (unwritable) throw new UsageError(`${unwritable[0]}, which a model of config.yaml reads, holds "$" or a line break: an env file cannot hold it as it is.`, `Replace that value (or the model entry) in the hand-made files, then adopt again.`);
  const admin = adminOptions(flags, env);
  let adminFrom: string | undefined;
  if (!admin.adminPassword && implied.mcpIsAdmin && implied.mcpLogin) {
    registerSecret(implied.mcpLogin.password);
    admin.adminPassword = implied.mcpLogin.password;
    adminFrom = `${answers.dbAdminUser}, from the MCP server's DATABASE_URI`;
  }
  if (!admin.adminPassword) throw new UsageError(`Adopting needs the shared PostgreSQL's admin password (user ${answers.dbAdminUser}) for this run: phase A checks LiteLLM's role and makes the MCP server's read-only one.`, 'Set LITELLM_MCP_DB_ADMIN_PASSWORD or PGPASSWORD, or give --db-admin-password-file.');

  out.text(answerLines(answers, implied, given));
  out.text(secretLines(kept, adminFrom, [...implied.models.variables.keys()]));
  out.text(containerLines(h, implied, implied.leftBehind));
  for (const diff of fileDiffs(h, implied, answers, paths.dir)) out.text(diff);
  await confirmed(out, flags);

  const replaced = await containersOf(docker.raw, implied.replaced);
  const files = [...h.stacks.flatMap((s) => [s.file, ...s.envFiles]), ...(h.config ? [h.config.file] : [])];
  await stopContainers(docker.raw, replaced);
  out.info(`Stopped ${replaced.map((c) => c.name).join(', ') || 'no container (none was running)'}: kept for \`litellm-mcp adopt --undo\`.`);
  let archive = '';
  const ctx = buildContext(paths, answers, { force: false, resetDbPassword: false, ...admin, ...(flags.newSecret?.length ? { newSecrets: flags.newSecret } : {}) }, out);
  let code: number;
  try {
    code = await runPhases(ctx, adoptPhases, 'apply', 'adopt', () => {
      const at = new Date();
      archive = join(adoptedDir(paths.dir), stampOf(at));
      try {
        archiveFiles(paths.dir, h.from, files, replaced, at);
      } catch (error) {
        throw new UsageError(`Moving the hand-made files into ${archive} stopped: ${errorMessage(error)}.`, `The files moved so far are listed in its manifest.json: fix the cause, then \`litellm-mcp adopt --undo --dir ${paths.dir}\` puts them back and starts the containers.`);
      }
      ctx.state.adopted = { at: at.toISOString(), from: h.from, archive: relative(paths.dir, archive) };
      writeKeptSecrets(paths, kept.secrets);
      writeModelVariables(paths, implied.models.variables);
      saveAnswers(paths, answers);
    });
  } catch (error) {
    // The lock was busy or the files could not be moved: no phase ran, so the hand-made deployment runs on.
    await restart(docker.raw, replaced, out);
    throw error;
  }
  const archived = shown(h, archive);
  out.outro(code === 0
    ? `Adopted: ${answers.name} is a litellm-mcp deployment, proven by phase E. Next: \`litellm-mcp phase f\` (client key and files) and \`phase g\` (audit). The hand-made files are in ${archived}; \`litellm-mcp adopt --undo\` puts them and their containers back.`
    : `The adoption stopped: see ${paths.statusFile} for the cause and the fix, then run \`litellm-mcp phase <id>\` again; \`litellm-mcp adopt --undo\` puts the hand-made deployment back (its files are in ${archived}).`);
  return code;
}

async function restart(docker: import('dockerode'), containers: readonly StoppedContainer[], out: Output): Promise<void> {
  try {
    const started = await startContainers(docker, containers);
    if (started.length) out.warn(`Started ${started.join(', ')} again: no phase ran.`);
  } catch (error) {
    // The run's own error follows; this one says what is left to do by hand.
    out.warn(`Could not start ${containers.map((c) => c.name).join(', ')} again (${errorMessage(error)}): start them with \`docker start\`.`);
  }
}
