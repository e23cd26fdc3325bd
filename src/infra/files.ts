/**
 * File writes that never leave a half-written file: write a temporary file beside the target, then rename.
 * Synchronous on purpose: the interrupt path must be able to finish them from an `exit` handler.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { duringWrite } from '../core/failpoint.js';
import { processAlive } from '../core/process-alive.js';

const pending = new Set<string>();

export function writeFileAtomic(path: string, content: string, mode = 0o644): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  pending.add(tmp);
  try {
    duringWrite(basename(path), () => {
      const fd = openSync(tmp, 'w', mode);
      writeSync(fd, content.slice(0, Math.floor(content.length / 2)));
      closeSync(fd);
    });
    writeFileSync(tmp, content, { mode });
    chmodSync(tmp, mode);
    renameSync(tmp, path);
  } finally {
    pending.delete(tmp);
    rmSync(tmp, { force: true });
  }
}

/** Called on interrupt: removes any temporary file a write left behind. */
export function removePendingWrites(): void {
  for (const tmp of pending) rmSync(tmp, { force: true });
  pending.clear();
}

const tempName = /^\..+\.tmp-(\d+)$/;

/**
 * A run killed with SIGKILL cannot remove its temporary file: the next run, holding the lock, removes
 * those of processes no longer alive. The target beside each is whole (old or new), never the half.
 * Returns their paths relative to the folder.
 */
export function sweepStaleWrites(dir: string): string[] {
  const removed: string[] = [];
  const walk = (d: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(d, name);
      const m = tempName.exec(name);
      if (m && !processAlive(Number(m[1]))) {
        rmSync(path, { force: true });
        removed.push(relative(dir, path));
      } else if (depth < 4 && !m) {
        try {
          if (statSync(path).isDirectory()) walk(path, depth + 1);
        } catch {
          // gone meanwhile
        }
      }
    }
  };
  walk(dir, 0);
  return removed;
}

export function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

type NodeCrypto = typeof import('node:crypto');
let nodeCrypto: NodeCrypto | undefined;

/**
 * node:crypto is loaded on the first hash: it takes about 3 ms to load (Node 20), and the commands that
 * only write files (`status` writes STATUS.md) hash nothing.
 */
export function sha256(content: string): string {
  nodeCrypto ??= createRequire(import.meta.url)('node:crypto') as NodeCrypto;
  return nodeCrypto.createHash('sha256').update(content).digest('hex');
}

export function fileMode(path: string): number | undefined {
  return existsSync(path) ? statSync(path).mode & 0o777 : undefined;
}

export function ensureDir(path: string, mode: number): 'created' | 'fixed' | 'ok' {
  if (!existsSync(path)) {
    mkdirSync(path, { recursive: true, mode });
    chmodSync(path, mode);
    return 'created';
  }
  if ((statSync(path).mode & 0o777) !== mode) {
    chmodSync(path, mode);
    return 'fixed';
  }
  return 'ok';
}
