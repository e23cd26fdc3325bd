/**
 * The person's files, kept: adoption moves each file it read (compose files, their env files, LiteLLM's
 * config.yaml) into `adopted/<time>/` under the same relative path, and writes a manifest of where each
 * came from and which containers it stopped. `adopt --undo` reads the manifest to put everything back.
 * The folder is 0700 and the files keep their modes: their env files hold the secrets they held.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { UsageError } from '../core/errors.js';
import { writeFileAtomic } from '../infra/files.js';

export interface StoppedContainer {
  id: string;
  name: string;
  project: string;
  service: string;
}

export interface AdoptionManifest {
  /** The hand-made deployment's folder, and when it was adopted. */
  from: string;
  at: string;
  files: Array<{ original: string; archived: string }>;
  /** The containers litellm-mcp's replaced: stopped, never removed, started again by `--undo`. */
  stopped: StoppedContainer[];
  /** Set once `--undo` has put the files back (so a second undo says so instead of doing it twice). */
  undoneAt?: string;
}

export const adoptedDir = (dir: string) => join(dir, 'adopted');
const manifestName = 'manifest.json';

/** A file system path that sorts by time and holds no `:` (Windows shares, tar). */
export const stampOf = (d: Date) => d.toISOString().replace(/[:.]/g, '-');

function move(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true, mode: 0o700 });
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    // Another file system: copy (mode included), then remove the original.
    copyFileSync(from, to);
    unlinkSync(from);
  }
}

/** Where a file goes in the archive: its path under --from, or under `outside/` when it lies elsewhere. */
function archivedPath(archive: string, from: string, file: string): string {
  const rel = relative(from, file);
  return !rel.startsWith('..') && !isAbsolute(rel) ? join(archive, rel) : join(archive, 'outside', file.replace(/^[/\\]+/, ''));
}

export function archiveFiles(dir: string, from: string, files: readonly string[], stopped: StoppedContainer[], at: Date): { archive: string; manifest: AdoptionManifest } {
  mkdirSync(adoptedDir(dir), { recursive: true, mode: 0o700 });
  const archive = join(adoptedDir(dir), stampOf(at));
  if (existsSync(archive)) throw new UsageError(`${archive} exists already.`, 'Run adopt again in a second.');
  mkdirSync(archive, { mode: 0o700 });
  const manifest: AdoptionManifest = { from, at: at.toISOString(), files: [], stopped };
  for (const file of [...new Set(files)]) {
    const archived = archivedPath(archive, from, file);
    move(file, archived);
    manifest.files.push({ original: file, archived });
    // Written after every move: a run killed half-way still knows where each moved file went.
    writeFileAtomic(join(archive, manifestName), `${JSON.stringify(manifest, null, 2)}\n`, 0o600);
  }
  writeFileAtomic(join(archive, manifestName), `${JSON.stringify(manifest, null, 2)}\n`, 0o600);
  return { archive, manifest };
}

/** The newest adoption's archive and manifest, or undefined when this folder adopted nothing. */
export function latestAdoption(dir: string): { archive: string; manifest: AdoptionManifest } | undefined {
  const root = adoptedDir(dir);
  if (!existsSync(root)) return undefined;
  const stamps = readdirSync(root).filter((n) => existsSync(join(root, n, manifestName))).sort();
  const last = stamps.at(-1);
  if (!last) return undefined;
  const archive = join(root, last);
  return { archive, manifest: JSON.parse(readFileSync(join(archive, manifestName), 'utf8')) as AdoptionManifest };
}

export function saveManifest(archive: string, manifest: AdoptionManifest): void {
  writeFileAtomic(join(archive, manifestName), `${JSON.stringify(manifest, null, 2)}\n`, 0o600);
}

/**
 * Puts the person's files back where they were. A file found at an original path (litellm-mcp's own
 * compose file, say) must have been moved aside first: nothing is overwritten.
 */
export function restoreFiles(manifest: AdoptionManifest): void {
  const taken = manifest.files.filter((f) => existsSync(f.original));
  if (taken.length) throw new UsageError(`${taken.map((f) => f.original).join(', ')} exist(s) again: the hand-made files cannot be put back over them.`, 'Move those files aside, then run `litellm-mcp adopt --undo` again.');
  for (const f of manifest.files) if (existsSync(f.archived)) move(f.archived, f.original);
}

/** Moves a path (file or folder) into `to`, keeping its place relative to `base`. */
export function moveAside(path: string, base: string, to: string): void {
  if (!existsSync(path)) return;
  const target = join(to, relative(base, path));
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path)) moveAside(join(path, name), base, to);
    return;
  }
  move(path, target);
}
