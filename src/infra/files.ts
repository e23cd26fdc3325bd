/**
 * File writes that never leave a half-written file: write a temporary file beside the target, then rename.
 * Synchronous on purpose: the interrupt path must be able to finish them from an `exit` handler.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const pending = new Set<string>();

export function writeFileAtomic(path: string, content: string, mode = 0o644): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  pending.add(tmp);
  try {
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

export function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

export function sha256(content: string): string {
  return createHash('sha256').update(content).digest('hex');
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
