/**
 * `adopt --undo`: the hand-made deployment back as it was. litellm-mcp's stacks are stopped (volumes
 * kept), its files moved aside into the adoption's archive (nothing is deleted: a client key minted
 * since is still there), the person's files moved back to where they were, and the very containers the
 * adoption stopped started again. Roles phase A created on the database stay, and are named.
 */
import { existsSync, readdirSync, rmdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { acquireLock } from '../core/lock.js';
import { deploymentPaths, generated, type Paths } from '../core/paths.js';
import { loadState } from '../core/state.js';
import type { Infra } from '../infra/infra.js';
import type { Output } from '../output/output.js';
import { appliedAnswers } from '../commands/deployment.js';
import { stopStacks } from '../commands/down.js';
import { latestAdoption, moveAside, restoreFiles, saveManifest, stampOf } from './archive.js';
import { startContainers } from './containers.js';

/**
 * What litellm-mcp wrote in the folder: its record, answers, report, secrets, generated files (the state
 * lists them) and client files. Only those: a file of the person's own beside them stays where it is.
 */
function ours(paths: Paths, recorded: readonly string[]): string[] {
  const secrets = [paths.secretsFile, paths.clientKeyFile, join(paths.dir, generated.providersEnv)];
  return [paths.answersFile, paths.statusFile, ...secrets, paths.clientsDir, ...recorded.map((rel) => join(paths.dir, rel)), paths.toolDir];
}

function removeEmptyFolders(paths: Paths, files: readonly string[]): void {
  const folders = [...new Set(files.map((f) => dirname(f)))].sort((a, b) => b.length - a.length);
  for (let f of folders) {
    while (f.startsWith(paths.dir) && f !== paths.dir && existsSync(f) && readdirSync(f).length === 0) {
      rmdirSync(f);
      f = dirname(f);
    }
  }
}

export async function undoAdoption(dir: string, env: NodeJS.ProcessEnv, infra: Infra, out: Output): Promise<number> {
  const paths = deploymentPaths(dir);
  const found = latestAdoption(paths.dir);
  if (!found) throw new UsageError(`${paths.dir} holds no adoption to undo (no adopted/<time>/manifest.json).`, 'Give the folder adopt was run in with --dir (or --from).');
  const { archive, manifest } = found;
  if (manifest.undoneAt) throw new UsageError(`The adoption of ${manifest.at} was undone already (${manifest.undoneAt}).`, 'Nothing to do: the hand-made deployment is back.');
  const state = loadState(paths.stateFile);
  const created = [...(state.created?.roles ?? []).map((r) => `role ${r}`), ...(state.created?.databases ?? []).map((d) => `database ${d}`)];
  if (existsSync(paths.answersFile) || state.answers) {
    const lock = acquireLock(paths.lockFile, 'adopt --undo');
    try {
      await stopStacks(paths, appliedAnswers(paths, state, env), {}, out);
    } finally {
      lock.release();
    }
  }
  const aside = join(archive, `litellm-mcp-${stampOf(new Date())}`);
  const moved = ours(paths, Object.keys(state.files));
  for (const path of moved) moveAside(path, paths.dir, aside);
  removeEmptyFolders(paths, moved);
  restoreFiles(manifest);
  out.info(`Put back ${manifest.files.length} file(s) of the hand-made deployment; litellm-mcp's files are in ${aside}.`);
  const started = await startContainers((await infra.docker()).raw, manifest.stopped);
  const gone = manifest.stopped.filter((c) => !started.includes(c.name)).map((c) => c.name);
  out.info(started.length ? `Started ${started.join(', ')} again.` : 'No container of the hand-made deployment to start.');
  if (gone.length) out.warn(`${gone.join(', ')} no longer exist(s): run \`docker compose up -d\` with the hand-made compose files to make them again.`);
  if (created.length) out.warn(`Left on the database: ${created.join(', ')}, created by the adoption. Drop them yourself if nothing uses them.`);
  saveManifest(archive, { ...manifest, undoneAt: new Date().toISOString() });
  out.outro('The hand-made deployment is back as it was before the adoption.');
  return 0;
}
