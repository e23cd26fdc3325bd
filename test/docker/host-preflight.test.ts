/**
 * A host that cannot run the phases is refused before anything is written: no Docker engine at
 * DOCKER_HOST, an engine that is not running (its socket left behind), a socket this user may not use, a
 * folder this user may not write, Compose v1 only, no Compose at all. Each: exit 1 (2 for the folder), the
 * problem and its fix, and the folder exactly as it was. Run as the unprivileged user `nobody` where the
 * case is about rights (the suite runs as root, who may do anything). Compose v1 is the real one
 * (Debian bookworm's docker-compose 1.29.2); the missing plugin is a stand-in (test/support/no-compose-plugin).
 */
import { execa } from 'execa';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bin, root } from '../support/cli.js';
import { treeHashes } from '../support/docker.js';
import { imageFlags } from '../support/images.js';

const name = 'hostcheck';
// Open to `nobody`: mkdtemp makes 0700 folders.
const work = mkdtempSync(join(tmpdir(), 'litellm-mcp-host-'));
chmodSync(work, 0o755);
afterAll(() => execa('rm', ['-rf', work]));

const nobody = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'];
const noPlugin = join(root, 'test/support/no-compose-plugin');

async function init(dir: string, options: { env?: Record<string, string>; as?: string[] } = {}) {
  const argv = [...(options.as ?? []), process.execPath, bin, 'init', '--yes', '--dir', dir, ...imageFlags({ name })];
  const r = await execa(argv[0]!, argv.slice(1), { reject: false, env: { HOME: work, ...options.env }, extendEnv: !options.env?.PATH });
  return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

/** A deployment folder that already holds a file of the person's, so "nothing changed" has something to keep. */
function folder(label: string, owner?: number): string {
  const dir = join(work, label);
  mkdirSync(dir);
  writeFileSync(join(dir, 'notes.txt'), 'mine\n');
  if (owner !== undefined) chownSync(dir, owner, owner);
  return dir;
}

describe('a host that cannot run the phases', () => {
  it('no Docker engine at DOCKER_HOST: named, nothing written', async () => {
    const dir = join(work, 'new');
    const r = await init(dir, { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toMatch(/error: No Docker engine answers at unix:\/\/\/nonexistent\/docker\.sock \(no such socket\)\.\nfix: Start Docker \(`sudo systemctl start docker`\), or point DOCKER_HOST/);
    expect(existsSync(dir)).toBe(false);
  });

  it('an engine that is not running, its socket left behind: connection refused, nothing written', async () => {
    const socket = join(work, 'dead.sock');
    // A socket file nobody listens on, as a stopped dockerd can leave it.
    await execa('python3', ['-c', `import socket; s = socket.socket(socket.AF_UNIX); s.bind(${JSON.stringify(socket)})`]);
    const dir = folder('dead-engine');
    const before = treeHashes(dir);
    const r = await init(dir, { env: { DOCKER_HOST: `unix://${socket}` } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toContain(`error: No Docker engine answers at unix://${socket} (connection refused).`);
    expect(treeHashes(dir)).toEqual(before);
  });

  it('a Docker socket this user may not use: the user and the group to join, nothing written', async () => {
    const dir = folder('not-permitted', 65534);
    const before = treeHashes(dir);
    const r = await init(dir, { as: nobody });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toMatch(/error: This user \(nobody\) may not use the Docker socket \/var\/run\/docker\.sock \(permission denied\)\.\nfix: Add the user to the docker group \(`sudo usermod -aG docker nobody`, then log in again\)/);
    expect(treeHashes(dir)).toEqual(before);
  });

  it('a folder this user may not write: refused before anything else (exit 2)', async () => {
    const dir = folder('read-only');
    const before = treeHashes(dir);
    const r = await init(dir, { as: nobody });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`error: ${dir} cannot be written by this user \\(EACCES\\)\\.\nfix: Give a folder you may write with --dir`));
    expect(treeHashes(dir)).toEqual(before);
  });

  it('Compose v1 only (the real docker-compose 1.29.2): named as v1 with how to get v2, nothing written', async () => {
    const v1 = await execa('docker-compose', ['version', '--short'], { reject: false });
    expect(v1.stdout, 'Compose v1 (Debian bookworm\'s docker-compose) is installed by .ci/run').toMatch(/^1\./);
    const dir = folder('compose-v1');
    const before = treeHashes(dir);
    const r = await init(dir, { env: { PATH: `${noPlugin}:/usr/bin:/bin` } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toMatch(/error: Only Compose v1 is installed \(docker-compose 1\.\d+\.\d+\): the generated compose files need Compose v2 \(`docker compose`, 2\.x\)\.\nfix: Install the Docker Compose v2 plugin/);
    expect(treeHashes(dir)).toEqual(before);
  });

  it('no Compose at all: named, nothing written', async () => {
    const dir = folder('no-compose');
    const before = treeHashes(dir);
    // Only the stand-in docker in PATH: no docker-compose of any version.
    const r = await init(dir, { env: { PATH: noPlugin } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toMatch(/error: Docker Compose is not installed: neither `docker compose` nor `docker-compose` answers\.\nfix: Install the Docker Compose v2 plugin/);
    expect(treeHashes(dir)).toEqual(before);
  });
});
