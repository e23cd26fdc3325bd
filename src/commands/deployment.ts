/** What every command needs: the deployment folder, its saved answers, and a context to run tasks in. */
import { accessSync, constants, existsSync, lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Answers } from '../core/answers.js';
import { answersToFile, resolveAnswers } from '../core/answer-sources.js';
import type { Context, RunOptions } from '../core/context.js';
import { UsageError } from '../core/errors.js';
import { port as validPort } from '../core/validators.js';
import type { Paths } from '../core/paths.js';
import { registerSecret } from '../core/redact.js';
import { secretNames } from '../core/secrets.js';
import { loadState, recordedAnswers, type State } from '../core/state.js';
import { writeFileAtomic } from '../infra/files.js';
import { providerKeysFrom } from '../core/provider-keys.js';
import { lazyInfra } from '../infra/infra.js';
import { yaml } from '../infra/yaml.js';
import type { Output } from '../output/output.js';

// In core/paths.ts so that `status` finds its folder without loading this module; other commands take them from here.
export { resolveDir, type GlobalOptions } from '../core/paths.js';

/**
 * The deployment folder must be a folder this user can write, and its private subfolders real folders:
 * a symbolic link would put the secrets (or the record) wherever it points. Checked before anything is
 * asked or written.
 */
export function checkDeploymentFolder(paths: Paths): void {
  const kind = (path: string) => {
    try {
      const st = lstatSync(path);
      return st.isSymbolicLink() ? 'link' : st.isDirectory() ? 'folder' : 'file';
    } catch {
      return 'none';
    }
  };
  const top = kind(paths.dir);
  if (top === 'file') throw new UsageError(`${paths.dir} is a file, not a deployment folder.`, 'Give a folder with --dir (or LITELLM_MCP_DIR); it is created when missing.');
  for (const [path, what] of [[paths.secretsDir, 'secrets/'], [paths.toolDir, '.litellm-mcp/']] as const) {
    const k = kind(path);
    if (k === 'link') throw new UsageError(`${path} is a symbolic link (to ${realpathOr(path)}): the ${what === 'secrets/' ? 'secrets' : 'record of the deployment'} would be written outside ${paths.dir}.`, `Replace it with a real folder: rm ${path} && mkdir -m 700 ${path}, then move its files back in.`);
    if (k === 'file') throw new UsageError(`${path} is a file where the folder ${what} belongs.`, `Move it aside (mv ${path} ${path}.old) and run again.`);
  }
  const existing = top === 'folder' ? paths.dir : nearestExisting(paths.dir);
  try {
    accessSync(existing, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${existing} cannot be written by this user (${code === 'EROFS' ? 'a read-only file system' : code ?? 'refused'}).`, 'Give a folder you may write with --dir, or fix its permissions (or mount) and run again.');
  }
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return 'a path that does not exist';
  }
}

function nearestExisting(path: string): string {
  let p = path;
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

/** An answers file is a few dozen lines; anything near this is not one (and would be read whole). */
const maxAnswersBytes = 256 * 1024;

function readAnswersText(path: string): string {
  let bytes: Buffer;
  try {
    const size = statSync(path).size;
    if (size > maxAnswersBytes) throw new UsageError(`${path} is ${(size / 1024 / 1024).toFixed(1)} MB: not an answers file (they are a few KB).`, 'Check the path given with --answers.');
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${path} does not exist.`, 'Check the path given with --answers.');
    if (code === 'EISDIR') throw new UsageError(`${path} is a folder, not an answers file.`, 'Give the path of a .yaml file with --answers.');
    throw new UsageError(`${path} cannot be read: ${(error as Error).message}`, 'Check its permissions.');
  }
  try {
    // A byte-order mark is allowed by YAML and written by some editors: read as if absent.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const line = lenient.slice(0, lenient.indexOf('\ufffd')).split('\n').length;
    throw new UsageError(`${path} is not UTF-8 text: line ${line} holds a byte that is not.`, 'Save it as UTF-8 (e.g. `iconv -f latin1 -t utf-8`), then run again.');
  }
}

export function readYamlMap(path: string): Record<string, unknown> {
  const text = readAnswersText(path);
  let parsed: unknown;
  try {
    parsed = yaml().parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`, 'Fix the file; it must be a map of answer names to values.');
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError(`${path} must be a YAML map of answer names to values.`, 'See README.md for an example answers file.');
  return parsed as Record<string, unknown>;
}

/** The answers saved by init, validated like any other source. */
export function loadSavedAnswers(paths: Paths, env: NodeJS.ProcessEnv = {}): Answers | undefined {
  if (!existsSync(paths.answersFile)) return undefined;
  return resolveAnswers({ flags: {}, env, file: { path: paths.answersFile, values: readYamlMap(paths.answersFile) } }).answers;
}

export function requireSavedAnswers(paths: Paths, env: NodeJS.ProcessEnv): Answers {
  const answers = loadSavedAnswers(paths, env);
  if (!answers) {
    throw new UsageError(`No deployment in ${paths.dir} (litellm-mcp.yaml is missing).`, 'Run `litellm-mcp init` first, or point at the deployment with --dir.');
  }
  return answers;
}

/**
 * The answers the last run applied, recorded in the state: what is deployed, not a later edit of
 * litellm-mcp.yaml. `status` reports them (and needs no YAML parser); `down` stops what they describe.
 * States written before they were recorded: the file.
 */
export function appliedAnswers(paths: Paths, state: State, env: NodeJS.ProcessEnv): Answers {
  return recordedAnswers(paths.stateFile, state) ?? requireSavedAnswers(paths, env);
}

export function saveAnswers(paths: Paths, answers: Answers): void {
  const header = '# Answers for litellm-mcp (no secrets). Edit and run `npx litellm-mcp phase <id>` to apply.\n';
  writeFileAtomic(paths.answersFile, header + yaml().stringify(answersToFile(answers)));
}

export interface AdminFlags {
  dbAdminHost?: string;
  dbAdminPort?: string;
  dbAdminPasswordFile?: string;
}

/** Admin access to a shared PostgreSQL: flags, then the standard PG* variables. The password is never a flag. */
export function adminOptions(flags: AdminFlags, env: NodeJS.ProcessEnv): Pick<RunOptions, 'adminHost' | 'adminPort' | 'adminPassword'> {
  const out: Pick<RunOptions, 'adminHost' | 'adminPort' | 'adminPassword'> = {};
  const host = flags.dbAdminHost ?? env.PGHOST;
  if (host) out.adminHost = host;
  const port = flags.dbAdminPort ?? env.PGPORT;
  if (port) {
    const problem = validPort(port);
    if (problem) throw new UsageError(`${flags.dbAdminPort ? '--db-admin-port' : 'PGPORT'}: ${problem}`, 'Give the port the shared PostgreSQL answers on from this host.');
    out.adminPort = Number(port);
  }
  let password = env.LITELLM_MCP_DB_ADMIN_PASSWORD ?? env.PGPASSWORD;
  if (flags.dbAdminPasswordFile) {
    try {
      password = readFileSync(flags.dbAdminPasswordFile, 'utf8').replace(/\r?\n$/, '');
    } catch {
      throw new UsageError(`Cannot read the admin password file ${flags.dbAdminPasswordFile}.`, 'Check the path and its permissions.');
    }
  }
  if (password) {
    registerSecret(password);
    out.adminPassword = password;
  }
  return out;
}

/** --new-secret names a variable of generated.env, or nothing is generated on purpose. */
export function newSecretsOption(names: string[] | undefined): { newSecrets?: string[] } {
  if (!names?.length) return {};
  const unknown = names.filter((n) => !secretNames.includes(n));
  if (unknown.length) throw new UsageError(`--new-secret: ${unknown.join(', ')} is not a secret of secrets/generated.env.`, `Use one of: ${secretNames.join(', ')}.`);
  return { newSecrets: names };
}

export function buildContext(paths: Paths, answers: Answers, options: RunOptions, out: Output): Context {
  // Without keys given for the run, the usual variables still fill keys not stored yet.
  const withKeys = { ...options, providerKeys: options.providerKeys ?? providerKeysFrom({}, process.env) };
  return { paths, answers, state: loadState(paths.stateFile), options: withKeys, out, infra: lazyInfra() };
}

/**
 * Commands not built for a swarm yet (`mcp add|list|remove`): refused before they misread a stack's
 * tasks as missing containers.
 */
export function composeOnly(answers: Pick<Answers, 'target'>, command: string): void {
  if (answers.target === 'swarm') {
    throw new UsageError(`\`litellm-mcp ${command}\` is not built for a swarm deployment yet (target: swarm); nothing was changed.`, 'On a swarm, `phase e` proves the deployment again and `down` removes it; `docker service ls` and `docker service logs <service>` show the rest. README, "Scaling out", lists what the swarm target does.');
  }
}
