/**
 * The backups folder: `backups/<UTC time>.dump` (pg_dump's custom format, 0600), `<same>.dump.sha256`
 * (its checksum, as `sha256sum` prints it, so `sha256sum -c` checks it too) and `<same>.answers.yaml`
 * (the answers it was made with) and `<same>.client.env` (the client key of that database, 0600). The folder is 0700: a dump holds every key hash and spend log.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface BackupEntry {
  name: string;
  path: string;
  at: Date;
  bytes: number;
}

/** 2026-12-02T17-30-05Z: sortable, and valid as a file name everywhere. */
export function backupName(now = new Date()): string {
  return `${now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}.dump`;
}

export function timeOf(name: string): Date | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})Z\.dump$/.exec(name);
  return m ? new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4]}Z`) : undefined;
}

/** Every backup, newest first. */
export function listBackups(dir: string): BackupEntry[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((name) => {
      const at = timeOf(name);
      return at ? [{ name, path: join(dir, name), at, bytes: statSync(join(dir, name)).size }] : [];
    })
    .sort((a, b) => b.at.getTime() - a.at.getTime());
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function checksumLine(hex: string, path: string): string {
  return `${hex}  ${basename(path)}\n`;
}

/** undefined when the dump matches its .sha256; otherwise what is wrong. */
export async function checksumProblem(path: string): Promise<string | undefined> {
  const sidecar = `${path}.sha256`;
  if (!existsSync(sidecar)) return `${basename(sidecar)} is missing`;
  const expected = readFileSync(sidecar, 'utf8').trim().split(/\s+/)[0];
  const actual = await sha256File(path);
  return expected === actual ? undefined : `its SHA-256 is ${actual.slice(0, 12)}…, ${basename(sidecar)} says ${expected?.slice(0, 12)}…`;
}

/** Removes all but the newest `keep` backups with their checksum and answers; returns what went. */
export function prune(dir: string, keep: number): string[] {
  const gone = listBackups(dir).slice(keep);
  for (const b of gone) for (const p of [b.path, `${b.path}.sha256`, b.path.replace(/\.dump$/, '.answers.yaml'), b.path.replace(/\.dump$/, '.client.env')]) rmSync(p, { force: true });
  return gone.map((b) => b.name);
}
