#!/usr/bin/env node
// Prints figures; asserts nothing. Start-up as a ratio to `node -e 0`, a no-op re-run of phases A-D,
// and what `npx litellm-mcp` installs. Needs Docker and the test PostgreSQL image for the re-run.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'litellm-mcp.js');
const runs = 15;

function ms(start) {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(command, args) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(command, args, { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}`);
    times.push(ms(start));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function installedSize(dir) {
  let bytes = 0;
  let packages = 0;
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else {
        bytes += s.size;
        if (name === 'package.json' && /node_modules\/(@[^/]+\/)?[^/]+$/.test(d)) packages++;
      }
    }
  };
  walk(dir);
  return { bytes, packages };
}

const dir = mkdtempSync(join(tmpdir(), 'litellm-mcp-bench-'));
const image = execFileSync('bash', [join(root, 'test/images/postgres/build.sh')], { encoding: 'utf8' }).trim().split('\n').pop();
const deploy = ['init', '--yes', '--dir', dir, '--postgres-image', image];
execFileSync('node', [bin, ...deploy], { stdio: 'ignore' });

const base = median('node', ['-e', '0']);
const help = median('node', [bin, '--help']);
const status = median('node', [bin, 'status', '--dir', dir]);
console.log(`node -e 0:              ${base.toFixed(0)} ms`);
console.log(`litellm-mcp --help:     ${help.toFixed(0)} ms  (${(help / base).toFixed(2)}x node -e 0; target <= 1.5x)`);
console.log(`litellm-mcp status:     ${status.toFixed(0)} ms  (${(status / base).toFixed(2)}x node -e 0; target <= 1.5x)`);

const start = process.hrtime.bigint();
execFileSync('node', [bin, ...deploy], { stdio: 'ignore' });
console.log(`no-op re-run of A-D:    ${ms(start).toFixed(0)} ms  (target < 3000 ms)`);
execFileSync('docker', ['compose', '-p', 'litellm-mcp', 'down', '--volumes'], { stdio: 'ignore' });
execFileSync('docker', ['network', 'rm', 'litellm-mcp-net'], { stdio: 'ignore' });

const pack = mkdtempSync(join(tmpdir(), 'litellm-mcp-pack-'));
const tgz = execFileSync('npm', ['pack', '--silent', '--pack-destination', pack], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop();
execFileSync('npm', ['install', '--silent', '--no-audit', '--no-fund', '--prefix', pack, join(pack, tgz)], { stdio: 'ignore' });
const { bytes, packages } = installedSize(join(pack, 'node_modules'));
console.log(`npx install:            ${(bytes / 1024 / 1024).toFixed(1)} MiB in ${packages} packages`);
rmSync(pack, { recursive: true, force: true });
rmSync(dir, { recursive: true, force: true });
