/**
 * The published package, not the checkout: `npm pack`, installed from the tarball into an empty folder
 * with an empty npm cache and no network (`--offline`: a package with no dependencies needs none), then
 * `--help`, `init --yes` against the test images, and `status` run from there. Its own deployment name
 * (packed): it runs beside the other files.
 */
import { execa } from 'execa';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../support/cli.js';
import { removeDeployment } from '../support/docker.js';
import { imageFlags } from '../support/images.js';

const name = 'packed';
const work = mkdtempSync(join(tmpdir(), 'litellm-mcp-packed-'));
const installed = join(work, 'app');
const tool = join(installed, 'node_modules', '.bin', 'litellm-mcp');

function bytesBelow(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? bytesBelow(path) : statSync(path).size;
  }
  return total;
}

beforeAll(async () => {
  await removeDeployment(name);
  // --ignore-scripts: `prepare` would rebuild dist/ under the files running beside this one; npm test built it.
  const pack = await execa('npm', ['pack', '--ignore-scripts', '--pack-destination', work, '--json'], { cwd: root });
  const tarball = join(work, (JSON.parse(pack.stdout) as Array<{ filename: string }>)[0]!.filename);
  mkdirSync(installed);
  await execa('npm', ['init', '-y'], { cwd: installed });
  await execa('npm', ['install', '--offline', '--no-audit', '--no-fund', '--cache', join(work, 'npm-cache'), tarball], { cwd: installed });
}, 180_000);
afterAll(() => removeDeployment(name));

describe('the packed package', () => {
  it('installs as one package with no dependencies, under 5 MB', () => {
    const modules = readdirSync(join(installed, 'node_modules')).filter((n) => !n.startsWith('.'));
    expect(modules).toEqual(['litellm-mcp']);
    const manifest = JSON.parse(readFileSync(join(installed, 'node_modules', 'litellm-mcp', 'package.json'), 'utf8')) as { dependencies?: object };
    expect(manifest.dependencies ?? {}).toEqual({});
    const size = bytesBelow(join(installed, 'node_modules'));
    expect(size).toBeLessThan(5 * 1024 * 1024);
    process.stdout.write(`packed package installed: ${modules.length} package, ${(size / 1024 / 1024).toFixed(2)} MiB\n`);
  });

  it('runs --help, init --yes (A to G against the test images) and status from the install', async () => {
    const help = await execa(tool, ['--help'], { cwd: installed });
    expect(help.stdout).toMatch(/Usage: litellm-mcp \[options\] \[command\]/);
    const dir = join(work, 'deploy');
    const init = await execa(tool, ['init', '--yes', '--dir', dir, ...imageFlags({ name })], { cwd: installed, reject: false, env: { CI: '' } });
    expect(init.exitCode, init.stdout + init.stderr).toBe(0);
    expect(init.stdout).toContain(`Phases A to G done. Report: ${dir}/STATUS.md`);
    const status = await execa(tool, ['status', '--json', '--dir', dir], { cwd: installed });
    const phases = (JSON.parse(status.stdout) as { phases: Record<string, { status: string }> }).phases;
    expect(Object.values(phases).map((p) => p.status)).toEqual(Array(7).fill('completed'));
  }, 300_000);
});
