/**
 * The command-line MCP clients phase F proves its config files with (Claude Code, Gemini CLI, Codex CLI and
 * the mcp-remote bridge Claude Desktop runs), installed on demand: together they take about 900 MB, so they
 * are not devDependencies. Each pinned version goes once into a cache folder outside the repository:
 * `$LITELLM_MCP_CLIENT_CACHE/<package>@<version>`, by default
 * `~/.cache/litellm-mcp/test-clients/<package>@<version>` (a scoped package makes one more folder level).
 *
 * An install goes into a private temporary folder next to the final one and is renamed into place only when
 * complete and checked, so two concurrent callers (two vitest workers, two test runs) never see a half
 * install: the loser of the rename throws its copy away and uses the winner's.
 *
 * Pinned versions are the ones run for real against a LiteLLM-like gateway (see the phase F findings).
 */
import { execa } from 'execa';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, resolve } from 'node:path';

export interface ClientCliSpec {
  /** The version tested; installClientCli installs exactly this unless told otherwise. */
  version: string;
  /** The bin name in the package's `bin` field. */
  bin: string;
  /** Arguments that make the bin print its version and exit 0 (checked before an install is kept). */
  versionArgs?: readonly string[];
  /** Environment that keeps the client off the network while it checks a config (add it to the child env). */
  offlineEnv: Readonly<Record<string, string>>;
}

export const CLIENT_CLIS = {
  // Native binary (about 400 MB) copied over bin/claude.exe by its postinstall script; engines says node >=22
  // (npm warns EBADENGINE on Node 20) but the binary does not use the system Node.
  '@anthropic-ai/claude-code': {
    version: '2.1.332',
    bin: 'claude',
    versionArgs: ['--version'],
    // Without it `claude mcp list` resolves and calls api.anthropic.com (telemetry); with it, no DNS at all.
    offlineEnv: { CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' },
  },
  // A Node bundle (node >=20): it needs `node` on PATH (shebang) and relaunches itself with node.
  '@google/gemini-cli': { version: '0.61.0', bin: 'gemini', versionArgs: ['--version'], offlineEnv: {} },
  // A Node launcher for a native binary from an optional dependency (@openai/codex-linux-x64 etc.).
  // Its own network calls (update check on github.com, plugin sync) are turned off in config.toml:
  // `check_for_update_on_startup = false` and `[features] plugins = false`.
  '@openai/codex': { version: '0.169.0', bin: 'codex', versionArgs: ['--version'], offlineEnv: {} },
  // Node; `--version` prints 0.15.1 and exits without connecting. It creates ~/.mcp-auth/mcp-remote-v1/
  // (empty without OAuth) under HOME, or under $MCP_REMOTE_CONFIG_DIR.
  'mcp-remote': { version: '0.15.1', bin: 'mcp-remote', versionArgs: ['--version'], offlineEnv: {} },
} as const satisfies Record<string, ClientCliSpec>;

export type ClientCliPackage = keyof typeof CLIENT_CLIS;

export interface InstallClientCliOptions {
  /** Another version than the pinned one. */
  version?: string;
  /** Another cache root than $LITELLM_MCP_CLIENT_CACHE or ~/.cache/litellm-mcp/test-clients. */
  cacheRoot?: string;
  /** Time allowed for `npm install` (default 15 minutes). */
  timeoutMs?: number;
}

/** Written into the install folder last; its presence means the install is complete and was checked. */
const MARKER = '.litellm-mcp-installed.json';

export function clientCliCacheRoot(): string {
  const fromEnv = process.env.LITELLM_MCP_CLIENT_CACHE;
  return resolve(fromEnv && fromEnv.trim() !== '' ? fromEnv : join(homedir(), '.cache', 'litellm-mcp', 'test-clients'));
}

/** The folder a package version is (or will be) installed in; `npm install --prefix` target. */
export function clientCliDir(pkg: string, version: string, cacheRoot = clientCliCacheRoot()): string {
  return join(cacheRoot, `${pkg}@${version}`);
}

/** The absolute path of the bin `binName` of `pkg` installed under `prefix`, read from its package.json. */
async function binPath(prefix: string, pkg: string, binName: string): Promise<string> {
  const pkgDir = join(prefix, 'node_modules', pkg);
  const manifest = JSON.parse(await readFile(join(pkgDir, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
  const rel = typeof manifest.bin === 'string' ? (binName === basename(pkg) ? manifest.bin : undefined) : manifest.bin?.[binName];
  if (!rel) throw new Error(`${pkg} has no bin named ${binName}`);
  return resolve(pkgDir, rel);
}

/** The caller's environment without what a surrounding `npm test` sets for its own project. */
function npmEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_(package_|lifecycle_)/i.test(k)) continue;
    if (/^npm_config_(local_prefix|prefix|global|call|argv)$/i.test(k)) continue;
    env[k] = v;
  }
  return env;
}

/** PATH with the running Node first, so JavaScript bins (`#!/usr/bin/env node`) use the same Node. */
function pathWithNode(): string {
  return [dirname(process.execPath), process.env.PATH ?? ''].filter(Boolean).join(delimiter);
}

const CLAUDE_QUIET = CLIENT_CLIS['@anthropic-ai/claude-code'].offlineEnv;

/** Runs the bin's version command with a throwaway HOME (clients write state there); true when it exits 0. */
async function versionWorks(bin: string, args: readonly string[]): Promise<{ ok: boolean; output: string }> {
  const home = await mkdtemp(join(tmpdir(), 'litellm-mcp-client-check-'));
  try {
    const r = await execa(bin, args, {
      reject: false,
      cwd: home,
      env: { PATH: pathWithNode(), HOME: home, CODEX_HOME: home, ...CLAUDE_QUIET },
      extendEnv: false,
      timeout: 60_000,
      stdin: 'ignore',
    });
    return { ok: r.exitCode === 0, output: `${r.stdout}\n${r.stderr}`.trim() };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

async function installInto(prefix: string, pkg: string, version: string, binName: string, versionArgs: readonly string[] | undefined, timeoutMs: number): Promise<void> {
  await mkdir(prefix, { recursive: true });
  const started = Date.now();
  const r = await execa('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', `${pkg}@${version}`], {
    reject: false,
    all: true,
    cwd: prefix,
    env: npmEnv(),
    extendEnv: false,
    timeout: timeoutMs,
    stdin: 'ignore',
  });
  if (r.exitCode !== 0) {
    const tail = (r.all ?? '').split('\n').slice(-40).join('\n');
    throw new Error(`npm install ${pkg}@${version} failed (exit ${r.exitCode ?? r.signal ?? '?'}${r.timedOut ? ', timed out' : ''}):\n${tail}`);
  }
  const bin = await binPath(prefix, pkg, binName);
  if (!existsSync(bin)) throw new Error(`npm install ${pkg}@${version}: ${bin} is missing`);
  if (versionArgs) {
    let check = await versionWorks(bin, versionArgs);
    // Claude Code's bin is a stub until its postinstall copies the native binary in; npm configured with
    // ignore-scripts (or a future npm that holds back unapproved install scripts) leaves the stub.
    const installer = join(prefix, 'node_modules', pkg, 'install.cjs');
    if (!check.ok && pkg === '@anthropic-ai/claude-code' && existsSync(installer)) {
      await execa(process.execPath, [installer], { cwd: dirname(installer), reject: false, stdin: 'ignore', timeout: 120_000 });
      check = await versionWorks(bin, versionArgs);
    }
    if (!check.ok) throw new Error(`${pkg}@${version} installed but \`${binName} ${versionArgs.join(' ')}\` failed:\n${check.output}`);
  }
  const marker = { package: pkg, version, bin: binName, installedAt: new Date().toISOString(), installSeconds: (Date.now() - started) / 1000 };
  await writeFile(join(prefix, MARKER), `${JSON.stringify(marker, null, 2)}\n`);
}

const inFlight = new Map<string, Promise<string>>();

/**
 * Installs `pkg` (pinned version unless `options.version`) into the client cache if it is not there yet and
 * returns the absolute path of its bin (the file the package's `bin` field names: a native binary for
 * Claude Code, a `#!/usr/bin/env node` script for the others, so keep `node` on the child's PATH).
 * Needs the npm registry only on the first call for a version.
 */
export function installClientCli(pkg: ClientCliPackage, options: InstallClientCliOptions = {}): Promise<string> {
  const spec: ClientCliSpec = CLIENT_CLIS[pkg];
  const version = options.version ?? spec.version;
  const dir = clientCliDir(pkg, version, options.cacheRoot ? resolve(options.cacheRoot) : clientCliCacheRoot());
  let pending = inFlight.get(dir);
  if (!pending) {
    pending = ensureInstalled(pkg, version, spec, dir, options.timeoutMs ?? 15 * 60_000);
    inFlight.set(dir, pending);
    pending.catch(() => inFlight.delete(dir));
  }
  return pending;
}

async function ensureInstalled(pkg: string, version: string, spec: ClientCliSpec, dir: string, timeoutMs: number): Promise<string> {
  if (existsSync(join(dir, MARKER))) return binPath(dir, pkg, spec.bin);

  const partial = `${dir}.partial-${process.pid}-${randomUUID().slice(0, 8)}`;
  try {
    await installInto(partial, pkg, version, spec.bin, spec.versionArgs, timeoutMs);
    // Someone else finished first while we installed: keep theirs.
    if (existsSync(join(dir, MARKER))) return binPath(dir, pkg, spec.bin);
    // A folder without the marker is a broken leftover (not made by this code, which renames whole
    // installs only): move it aside before taking its place.
    if (existsSync(dir)) {
      const stale = `${dir}.stale-${process.pid}-${randomUUID().slice(0, 8)}`;
      await rename(dir, stale).catch(() => undefined);
      await rm(stale, { recursive: true, force: true });
    }
    try {
      await rename(partial, dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'EPERM' || code === 'EACCES') && existsSync(join(dir, MARKER))) {
        return binPath(dir, pkg, spec.bin);
      }
      throw error;
    }
    return binPath(dir, pkg, spec.bin);
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
}
