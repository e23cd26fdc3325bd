/**
 * The person's files in `adopted/<time>/`: moved under the same relative paths (a file outside --from
 * under `outside/`), modes kept, the folder private, a manifest that says where each came from; and
 * put back only where nothing stands in their way. Nothing here may lose a file: it is the way back.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { archiveFiles, latestAdoption, moveAside, restoreFiles } from '../../src/adopt/archive.js';
import { tempDir } from '../support/cli.js';

function handMadeFolder(): { from: string; files: string[]; outside: string } {
  const from = tempDir();
  mkdirSync(join(from, 'litellm'));
  writeFileSync(join(from, 'litellm', 'docker-compose.yml'), 'services: {}\n');
  writeFileSync(join(from, 'litellm', '.env'), 'LITELLM_MASTER_KEY=sk-x\n', { mode: 0o600 });
  const outside = join(tempDir(), 'shared.env');
  writeFileSync(outside, 'A=1\n', { mode: 0o640 });
  return { from, files: [join(from, 'litellm', 'docker-compose.yml'), join(from, 'litellm', '.env'), outside], outside };
}

describe('the adoption archive', () => {
  it('moves each file under its relative path, keeps its mode, and writes a private manifest', () => {
    const { from, files, outside } = handMadeFolder();
    const stopped = [{ id: 'abc', name: 'lab-litellm-1', project: 'lab', service: 'litellm' }];
    const { archive, manifest } = archiveFiles(from, from, files, stopped, new Date('2026-12-07T10:00:00.123Z'));
    expect(archive).toBe(join(from, 'adopted', '2026-12-07T10-00-00-123Z'));
    expect(statSync(join(from, 'adopted')).mode & 0o777).toBe(0o700);
    for (const f of files) expect(existsSync(f)).toBe(false);
    expect(readFileSync(join(archive, 'litellm', '.env'), 'utf8')).toBe('LITELLM_MASTER_KEY=sk-x\n');
    expect(statSync(join(archive, 'litellm', '.env')).mode & 0o777).toBe(0o600);
    expect(manifest.files.find((f) => f.original === outside)?.archived).toBe(join(archive, 'outside', outside.replace(/^\//, '')));
    expect(latestAdoption(from)?.manifest).toEqual(manifest);
    expect(statSync(join(archive, 'manifest.json')).mode & 0o777).toBe(0o600);
  });

  it('puts the files back, but never over a file that stands there now', () => {
    const { from, files } = handMadeFolder();
    const { manifest } = archiveFiles(from, from, files, [], new Date());
    writeFileSync(files[0]!, '# litellm-mcp generated\n');
    expect(() => restoreFiles(manifest)).toThrow(/exist\(s\) again: the hand-made files cannot be put back over them/);
    expect(readFileSync(files[0]!, 'utf8')).toBe('# litellm-mcp generated\n');
    moveAside(files[0]!, from, join(from, 'aside'));
    restoreFiles(manifest);
    expect(readFileSync(files[0]!, 'utf8')).toBe('services: {}\n');
    expect(readFileSync(join(from, 'aside', 'litellm', 'docker-compose.yml'), 'utf8')).toBe('# litellm-mcp generated\n');
  });

  it('a folder that adopted nothing has no adoption', () => {
    expect(latestAdoption(tempDir())).toBeUndefined();
  });
});
