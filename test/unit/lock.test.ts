/** The deployment lock: created with its content in one step, and never deleted while it may be in use. */
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { acquireLock } from '../../src/core/lock.js';
import { tempDir } from '../support/cli.js';

describe('acquireLock', () => {
  it('writes the holder into the lock as it appears, and releases it', () => {
    const path = join(tempDir(), 'lock');
    const lock = acquireLock(path, 'init');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid, command: 'init' });
    lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('refuses, and keeps, a lock file that exists but cannot be read yet', () => {
    const path = join(tempDir(), 'lock');
    writeFileSync(path, ''); // another run between creating and writing it
    expect(() => acquireLock(path, 'init')).toThrow(UsageError);
    expect(() => acquireLock(path, 'init')).toThrow(/exists but cannot be read yet/);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('');
  });

  it('takes over an unreadable lock file left long ago, with a warning', () => {
    const path = join(tempDir(), 'lock');
    writeFileSync(path, '{"pid": 12');
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    const lock = acquireLock(path, 'init');
    expect(lock.takenOver).toMatch(/Took over an unreadable lock file \(60 s old\)/);
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('stops a second holder in the same process tree: the file names the first', () => {
    const path = join(tempDir(), 'lock');
    const first = acquireLock(path, 'init');
    expect(() => acquireLock(path, 'phase e')).toThrow(/Another litellm-mcp run holds this deployment: pid \d+ .* "init"/);
    first.release();
  });
});
