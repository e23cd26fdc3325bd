/**
 * One run at a time per deployment folder. The lock file says who holds it; a lock whose process is gone
 * is taken over with a warning.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { hostname, userInfo } from 'node:os';
import { UsageError } from './errors.js';

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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
  } catch {
    return undefined; // missing or torn: treated as no lock, the exclusive create below decides
  }
}

export function acquireLock(path: string, command: string, now = new Date()): Lock {
  mkdirSync(dirname(path), { recursive: true });
  const info: LockInfo = { pid: process.pid, user: userInfo().username, host: hostname(), since: now.toISOString(), command };
  let takenOver: string | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(info), { flag: 'wx', mode: 0o600 });
      const lock: Lock = { release: () => releaseIfOurs(path) };
      if (takenOver) lock.takenOver = takenOver;
      return lock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(path);
      if (holder && holder.host === info.host && !alive(holder.pid)) {
        takenOver = `Took over a lock left by process ${holder.pid} (${holder.command}, since ${holder.since}), which is no longer running.`;
        rmSync(path, { force: true });
        continue;
      }
      if (!holder) {
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
  if (readLock(path)?.pid === process.pid) rmSync(path, { force: true });
}
