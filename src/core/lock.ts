/**
 * One run at a time per deployment folder. The lock file says who holds it; a lock whose process is gone
 * is taken over with a warning. The file appears with its content at once (written aside, then hard-linked
 * into place, which fails if it exists), so no run can see a lock that exists but is still empty.
 */
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { hostname, userInfo } from 'node:os';
import { UsageError } from './errors.js';
import { processAlive } from './process-alive.js';

export interface LockInfo {
  pid: number;
  user: string;
  host: string;
  since: string;
  command: string;
}

export interface Lock {
  release(): void;
  /** Set when a stale lock was taken over: the warning to show. */
  takenOver?: string;
}

type Holder = { info: LockInfo } | { unreadable: true; ageMs: number } | undefined;

function readLock(path: string): Holder {
  let text: string;
  let ageMs: number;
  try {
    text = readFileSync(path, 'utf8');
    ageMs = Date.now() - statSync(path).mtimeMs;
  } catch {
    return undefined; // gone meanwhile: the exclusive create decides
  }
  try {
    return { info: JSON.parse(text) as LockInfo };
  } catch {
    return { unreadable: true, ageMs };
  }
}

/** Content first, then the name: `link` fails with EEXIST when the lock is held. */
function createAtomically(path: string, content: string): void {
  const aside = `${path}.${process.pid}.tmp`;
  writeFileSync(aside, content, { mode: 0o600 });
  try {
    linkSync(aside, path);
  } finally {
    rmSync(aside, { force: true });
  }
}

/** An unreadable lock younger than this may belong to an older version still writing it. */
const unreadableGraceMs = 10_000;

export function acquireLock(path: string, command: string, now = new Date()): Lock {
  // The lock lives in the tool's private folder (0700): made so here, or phase A would call it a repair.
  mkdirSync(dirname(dirname(path)), { recursive: true });
  if (!existsSync(dirname(path))) mkdirSync(dirname(path), { mode: 0o700 });
  const info: LockInfo = { pid: process.pid, user: userInfo().username, host: hostname(), since: now.toISOString(), command };
  let takenOver: string | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      createAtomically(path, JSON.stringify(info));
      const lock: Lock = { release: () => releaseIfOurs(path) };
      if (takenOver) lock.takenOver = takenOver;
      return lock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const found = readLock(path);
      if (!found) continue;
      if ('unreadable' in found) {
        if (found.ageMs < unreadableGraceMs) {
          throw new UsageError(`The lock ${path} exists but cannot be read yet: another run may be taking it.`, `Try again in a few seconds; if no other run is active, delete ${path}.`);
        }
        takenOver = `Took over an unreadable lock file (${Math.round(found.ageMs / 1000)} s old).`;
        rmSync(path, { force: true });
        continue;
      }
      const holder = found.info;
      if (holder.host === info.host && !processAlive(holder.pid)) {
        takenOver = `Took over a lock left by process ${holder.pid} (${holder.command}, since ${holder.since}), which is no longer running.`;
        rmSync(path, { force: true });
        continue;
      }
      throw new UsageError(
        `Another litellm-mcp run holds this deployment: pid ${holder.pid} on ${holder.host} by ${holder.user}, "${holder.command}", since ${holder.since}.`,
        `Wait for it to finish, or if that process is gone, delete ${path}.`,
      );
    }
  }
  throw new UsageError(`Could not take the lock ${path}.`, `Delete ${path} if no other run is active.`);
}

function releaseIfOurs(path: string): void {
  const found = readLock(path);
  if (found && 'info' in found && found.info.pid === process.pid) rmSync(path, { force: true });
}
