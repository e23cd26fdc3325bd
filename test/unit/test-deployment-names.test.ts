/**
 * The Docker test files run side by side, each with a deployment of its own name. Two files with one name,
 * or two names whose default host ports fall together (the port comes from a hash of the name, one of
 * 99 offsets), would break each other only when they happen to overlap: this finds it before they do.
 * (CI once nearly did: `crash` and `faults` both map to port 4440.)
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPorts } from '../../src/core/questions.js';
import { root } from '../support/cli.js';

const folder = join(root, 'test/docker');

/** Every deployment name a Docker test file gives: `const name = '…'`, `imageFlags({ name: '…' })`, `defaultPorts('…')` (a folder's name). */
function namesByFile(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.test.ts'))) {
    const text = readFileSync(join(folder, file), 'utf8');
    const names = [...text.matchAll(/const name = '([a-z0-9][a-z0-9_-]*)';|imageFlags\(\{ name: '([a-z0-9][a-z0-9_-]*)' \}\)|defaultPorts\('([a-z0-9][a-z0-9_-]*)'\)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
    // Without a name of its own, a file deploys under the legacy name.
    if (/imageFlags\(\)/.test(text)) names.push('litellm-mcp');
    if (names.length) out.set(file, [...new Set(names)]);
  }
  return out;
}

describe('the Docker test files\' deployments', () => {
  const byFile = namesByFile();

  it('are found (the scan reads what the files write)', () => {
    expect(byFile.get('drift.test.ts')).toEqual(['drift']);
    expect(byFile.get('legacy-names.test.ts')).toEqual(['litellm-mcp']);
    expect(byFile.get('two-deployments.test.ts')).toEqual(['alpha', 'beta']);
    expect(byFile.size).toBeGreaterThan(15);
  });

  it('each name belongs to one file', () => {
    const owners = new Map<string, string[]>();
    for (const [file, names] of byFile) for (const n of names) owners.set(n, [...(owners.get(n) ?? []), file]);
    const shared = [...owners].filter(([, files]) => files.length > 1).map(([n, files]) => `${n}: ${files.join(', ')}`);
    expect(shared).toEqual([]);
  });

  it('no two names share a default host port', () => {
    const byPort = new Map<number, string[]>();
    for (const n of [...byFile.values()].flat()) byPort.set(defaultPorts(n).litellm, [...(byPort.get(defaultPorts(n).litellm) ?? []), n]);
    const clashes = [...byPort].filter(([, names]) => names.length > 1).map(([port, names]) => `${port}: ${names.join(', ')}`);
    expect(clashes).toEqual([]);
  });
});
