/** Real Docker state for the end-to-end tests, and its clean-up between them. */
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export async function docker(...args: string[]): Promise<string> {
  return (await execa('docker', args)).stdout.trim();
}

/** Servers added with `mcp add` to one deployment (projects <name>-mcp-<server>), found by our label. */
async function removeAddedServers(name: string): Promise<void> {
  const listed = (await execa('docker', ['ps', '-a', '--filter', 'label=io.litellm-mcp.server', '--format', '{{.ID}} {{.Label "com.docker.compose.project"}}'], { reject: false })).stdout;
  const ids = listed.split('\n').filter(Boolean).map((l) => l.split(' ')).filter(([, project]) => project?.startsWith(`${name}-mcp-`)).map(([id]) => id!);
  if (ids.length) await execa('docker', ['rm', '-f', '-v', ...ids], { reject: false });
}

/** Removes one named deployment's stacks, volumes and network, and nothing of any other. */
export async function removeDeployment(name: string): Promise<void> {
  for (const project of [name, `${name}-connector`]) await execa('docker', ['compose', '-p', project, 'down', '--volumes', '--remove-orphans'], { reject: false });
  await removeAddedServers(name);
  await execa('docker', ['network', 'rm', `${name}-net`], { reject: false });
}

/**
 * One deployment's Docker objects (containers with their id and state, networks, volumes), by the name
 * they all start with: the files beside it run their own deployments, which must not count as a change.
 */
export async function dockerObjects(name: string): Promise<string> {
  // The test run's own PostgreSQL (global-setup.ts, one per vitest process) shares the legacy prefix.
  const mine = (listing: string) => listing.split('\n').filter((l) => (l.startsWith(`${name}-`) || l.startsWith(`${name}_`)) && !l.startsWith('litellm-mcp-test-pg-')).sort().join('\n');
  const containers = await docker('ps', '-a', '--format', '{{.Names}} {{.ID}} {{.State}}');
  const networks = await docker('network', 'ls', '--format', '{{.Name}} {{.ID}}');
  const volumes = await docker('volume', 'ls', '--format', '{{.Name}}');
  return `containers:\n${mine(containers)}\nnetworks:\n${mine(networks)}\nvolumes:\n${mine(volumes)}`;
}

/** sha256 of every file below a folder, by relative path. */
export function treeHashes(dir: string, skip: (rel: string) => boolean = () => false): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const rel = relative(dir, path);
      if (skip(rel)) continue;
      if (statSync(path).isDirectory()) walk(path);
      else out[rel] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** Starts a PostgreSQL container from the test image on a network (no published port) and waits until it accepts connections. */
export async function startPostgres(image: string, name: string, network: string, password: string): Promise<void> {
  await docker('run', '-d', '--name', name, '--network', network, '-e', `POSTGRES_PASSWORD=${password}`, image);
  for (let i = 0; i < 120; i++) {
    if ((await docker('exec', name, 'sh', '-c', 'pg_isready -h 127.0.0.1 -U postgres >/dev/null && echo up || echo down')) === 'up') return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`PostgreSQL in ${name} did not become ready`);
}

/** A busybox-only image whose entrypoint is `entrypoint` (JSON array), built once (docker import). */
async function busyboxImage(tag: string, entrypoint: string): Promise<string> {
  if ((await execa('docker', ['image', 'inspect', tag], { reject: false })).exitCode === 0) return tag;
  const script = `. test/images/lib.sh; root=$(mktemp -d); trap 'rm -rf "$root"' EXIT; install_busybox "$root"
tar -C "$root" -c . | docker import --change 'ENTRYPOINT ${entrypoint}' - ${tag} >/dev/null`;
  await execa('bash', ['-c', script], { cwd: join(import.meta.dirname, '..', '..') });
  return tag;
}

/**
 * An MCP image that speaks stdio only: its --help lists `--transport {stdio}` and it does nothing else.
 * Only phase D's question to the image is under test.
 */
export function stdioOnlyMcpImage(): Promise<string> {
  return busyboxImage('litellm-mcp-test/stdio-only-mcp:1', '["/bin/echo", "usage: stdio-mcp [-h] [--transport {stdio}]"]');
}

/** An MCP image that cannot even print its help: its entrypoint fails (exit 1, a message on stderr). */
export function brokenHelpMcpImage(): Promise<string> {
  return busyboxImage('litellm-mcp-test/broken-help-mcp:1', '["/bin/sh", "-c", "echo exec /app/server: no such file or directory >&2; exit 1", "--"]');
}
