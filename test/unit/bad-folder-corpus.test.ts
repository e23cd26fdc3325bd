/**
 * The bad-input corpus, second part: a deployment folder in a state a person (or a disk) left it in.
 * Each case runs the program as a person would, with DOCKER_HOST pointing nowhere (so nothing reaches
 * an engine; the folder is checked before the engine is), and must end with exit code 2, one message naming the problem and the fix, and every file
 * byte-identical; the cases that are repaired rather than refused say what was repaired.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { treeHashes } from '../support/docker.js';
import { imageFlags } from '../support/images.js';

const work = mkdtempSync(join(tmpdir(), 'litellm-mcp-folders-'));
const nowhere = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
let n = 0;

/** A folder with the answers file and state of a deployment, broken by `spoil`. */
function deployment(spoil: (dir: string) => void): string {
  const dir = join(work, `case-${++n}`);
  mkdirSync(join(dir, '.litellm-mcp'), { recursive: true, mode: 0o700 });
  mkdirSync(join(dir, 'secrets'), { mode: 0o700 });
  writeFileSync(join(dir, 'litellm-mcp.yaml'), 'name: lab\n');
  writeFileSync(join(dir, '.litellm-mcp', 'state.json'), '{"version": 1, "phases": {}, "files": {}}\n', { mode: 0o600 });
  spoil(dir);
  return dir;
}

interface Case {
  name: string;
  dir: () => string;
  args: string[];
  says: RegExp;
}

const cases: Case[] = [
  {
    name: 'the folder given is a file',
    dir: () => {
      const file = join(work, 'a-file');
      writeFileSync(file, 'not a folder\n');
      return file;
    },
    args: ['init', '--yes'],
    says: /a-file is a file, not a deployment folder\.\nfix: Give a folder with --dir/,
  },
  {
    name: 'secrets/ is a symbolic link',
    dir: () => deployment((dir) => {
      const elsewhere = join(work, `elsewhere-${n}`);
      mkdirSync(elsewhere);
      // Replace the folder with a link to one outside the deployment.
      rmSync(join(dir, 'secrets'), { recursive: true });
      symlinkSync(elsewhere, join(dir, 'secrets'));
    }),
    args: ['init', '--yes'],
    says: /secrets is a symbolic link \(to .*elsewhere-\d+\): the secrets would be written outside .*\nfix: Replace it with a real folder/,
  },
  {
    name: '.litellm-mcp/ is a file',
    dir: () => deployment((dir) => {
      rmSync(join(dir, '.litellm-mcp'), { recursive: true });
      writeFileSync(join(dir, '.litellm-mcp'), 'x');
    }),
    args: ['phase', 'e'],
    says: /\.litellm-mcp is a file where the folder \.litellm-mcp\/ belongs\.\nfix: Move it aside/,
  },
  {
    name: 'state.json is not JSON',
    dir: () => deployment((dir) => writeFileSync(join(dir, '.litellm-mcp', 'state.json'), '{"version": 1, "phases": {')),
    args: ['status'],
    says: /state\.json is damaged: not valid JSON \(.*\)\.\nfix: Move it aside \(mv .*state\.json .*state\.json\.broken\) and run `litellm-mcp init` again/,
  },
  {
    name: 'state.json is not JSON, for init',
    dir: () => deployment((dir) => writeFileSync(join(dir, '.litellm-mcp', 'state.json'), '\u0000\u0000\u0000')),
    args: ['init', '--yes'],
    says: /state\.json is damaged: not valid JSON/,
  },
  {
    name: 'state.json is a list',
    dir: () => deployment((dir) => writeFileSync(join(dir, '.litellm-mcp', 'state.json'), '[]')),
    args: ['status'],
    says: /state\.json is damaged: not a record of a deployment/,
  },
  {
    name: 'state.json from a future version',
    dir: () => deployment((dir) => writeFileSync(join(dir, '.litellm-mcp', 'state.json'), '{"version": 7, "phases": {}}')),
    args: ['phase', 'e'],
    says: /state\.json was written by a newer litellm-mcp \(state version 7; this one reads version 1\)\.\nfix: Run the newer litellm-mcp on this folder/,
  },
  {
    name: 'the answers file of the folder is not YAML',
    dir: () => deployment((dir) => writeFileSync(join(dir, 'litellm-mcp.yaml'), 'name: [lab\n')),
    args: ['phase', 'b'],
    says: /litellm-mcp\.yaml is not valid YAML/,
  },
];

describe('a deployment folder in a bad state', () => {
  for (const c of cases) {
    it(`${c.name}: exit 2, named with its fix, nothing changed`, async () => {
      const dir = c.dir();
      const before = statSync(dir).isDirectory() ? treeHashes(dir) : readFileSync(dir, 'utf8');
      const r = await cli([...c.args, '--dir', dir], nowhere);
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toMatch(c.says);
      expect(statSync(dir).isDirectory() ? treeHashes(dir) : readFileSync(dir, 'utf8')).toEqual(before);
    });
  }

  // These two run phase A's first two tasks (the images, here already, then the folders) and no further
  // (LITELLM_MCP_FAILPOINT=task:2 kills the run right after them): the engine must answer for a run to
  // start at all, and nothing is created in it.
  const firstTaskOnly = { LITELLM_MCP_FAILPOINT: 'task:2' };

  it('secrets/ open to others (0755) is repaired and said so, before anything else runs', async () => {
    const dir = deployment((d) => chmodSync(join(d, 'secrets'), 0o755));
    const r = await cli(['init', '--yes', '--dir', dir, ...imageFlags({ name: null })], firstTaskOnly);
    expect(r.stdout).toMatch(/changed\s+Deployment folders: .*repaired secrets\/: mode 755 → 700/);
    expect(statSync(join(dir, 'secrets')).mode & 0o777).toBe(0o700);
  });

  it('a folder whose path holds spaces is a deployment like any other, named from its last part', async () => {
    const dir = join(work, 'my lab');
    const r = await cli(['init', '--yes', '--dir', dir, ...imageFlags({ name: null })], firstTaskOnly);
    expect(r.stdout).toMatch(/changed\s+Deployment folders: created litellm\//);
    expect(readFileSync(join(dir, 'litellm-mcp.yaml'), 'utf8')).toMatch(/^name: my-lab$/m);
  });
});
