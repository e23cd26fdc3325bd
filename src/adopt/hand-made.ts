/**
 * A deployment made by hand, as its own files say: each compose file resolved by compose itself
 * (`docker compose config`: env files merged, `${VAR}` from its .env), the raw file beside it (to tell a
 * value written in the file from one read from an env file), and LiteLLM's config.yaml. Values are kept in
 * memory to be judged; every one that looks secret is registered with the redactor before anything prints.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Compose } from '../infra/compose.js';
import { readIfExists } from '../infra/files.js';
import { yaml } from '../infra/yaml.js';
import { registerSecret } from '../core/redact.js';
import { ComposeError, UsageError, errorMessage } from '../core/errors.js';
import { repository } from '../core/image-ref.js';

export interface HandService {
  name: string;
  image: string;
  environment: Record<string, string>;
  /** The keys written with a value in the compose file itself (not `${VAR}`, not an env file). */
  literal: Set<string>;
  networks: string[];
  command: string[];
  healthcheck?: string[];
  ports: Array<{ target: number; published?: number; hostIp?: string }>;
  /** Host files mounted, by their path in the container. */
  mounts: Record<string, string>;
  labels: Record<string, string>;
}

export interface HandStack {
  file: string;
  project: string;
  services: HandService[];
  /** Compose network key → the Docker network it is. */
  networks: Record<string, { name: string; external: boolean }>;
  /** The files compose read besides the compose file: the env files its services name and its `.env`. */
  envFiles: string[];
}

export interface HandMade {
  from: string;
  stacks: HandStack[];
  config?: { file: string; text: string };
}

const composeNames = /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/;
const secretName = /(KEY|PASSWORD|SECRET|TOKEN|DATABASE_UR[IL])$/i;

/** Compose files in the folder and one level of subfolders (the runbook's litellm/ and mcp/). */
export function findComposeFiles(from: string): string[] {
  const found: string[] = [];
  const look = (dir: string, depth: number) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (composeNames.test(name)) found.push(path);
      else if (depth > 0 && !name.startsWith('.') && statSync(path).isDirectory()) look(path, depth - 1);
    }
  };
  look(from, 2);
  return found;
}

const words = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(/\s+/).filter(Boolean) : []);

/** The env files a raw compose file names (`env_file:` as a string, a list, or a list of `{path}`), resolved. */
function namedEnvFiles(file: string, raw: { services?: Record<string, { env_file?: unknown }> }): string[] {
  const out = new Set<string>();
  const dotEnv = join(dirname(file), '.env');
  if (existsSync(dotEnv)) out.add(dotEnv);
  for (const s of Object.values(raw.services ?? {})) {
    const named = s.env_file;
    for (const e of Array.isArray(named) ? named : named === undefined ? [] : [named]) {
      const path = typeof e === 'string' ? e : (e as { path?: string } | null)?.path;
      if (path) out.add(resolve(dirname(file), path));
    }
  }
  return [...out].filter((f) => existsSync(f));
}

async function readStack(compose: Compose, file: string, envFiles: readonly string[]): Promise<HandStack> {
  // Given env files replace compose's own `.env` for interpolation: it is passed first, so both count.
  const dotEnv = join(dirname(file), '.env');
  const interpolation = envFiles.length ? [...(existsSync(dotEnv) ? [dotEnv] : []), ...envFiles] : [];
  const text = await compose.run([...interpolation.flatMap((f) => ['--env-file', f]), '-f', file, 'config', '--format', 'json'], { cwd: dirname(file) }).catch((error: unknown) => {
    // A file compose cannot read (a syntax error, a missing env file) is the person's to fix, with compose's own words.
    const said = error instanceof ComposeError ? error.output.split('\n').slice(-3).join(' | ') : errorMessage(error);
    throw new UsageError(`${file}: compose cannot read it (${said}).`, `Correct it (\`docker compose -f ${file} config\` shows the same), or leave it out by naming the others with --compose.`);
  });
  const resolved = JSON.parse(text) as {
    name: string;
    services?: Record<string, Record<string, unknown>>;
    networks?: Record<string, { name?: string; external?: boolean }>;
  };
  const raw = (yaml().parse(readIfExists(file) ?? '') ?? {}) as { services?: Record<string, { environment?: unknown; env_file?: unknown }> };
  const services = Object.entries(resolved.services ?? {}).map(([name, s]): HandService => {
    const environment = Object.fromEntries(Object.entries((s.environment ?? {}) as Record<string, string | null>).map(([k, v]) => [k, v ?? '']));
    for (const [k, v] of Object.entries(environment)) if (secretName.test(k) && v) registerSecret(v);
    const written = raw.services?.[name]?.environment;
    const pairs: Array<[string, unknown]> = Array.isArray(written) ? written.map((e) => String(e).split(/=(.*)/s).slice(0, 2) as [string, string]) : Object.entries((written ?? {}) as Record<string, unknown>);
    const literal = new Set(pairs.filter(([, v]) => v !== undefined && v !== null && !/\$\{?\w+/.test(String(v))).map(([k]) => k));
    const health = (s.healthcheck as { test?: unknown } | undefined)?.test;
    const mounts: Record<string, string> = {};
    for (const v of (s.volumes ?? []) as Array<{ type?: string; source?: string; target?: string }>) if (v.type === 'bind' && v.source && v.target) mounts[v.target] = v.source;
    return {
      name, image: String(s.image ?? ''), environment, literal,
      networks: Object.keys((s.networks ?? {}) as Record<string, unknown>),
      command: words(s.command),
      ...(health ? { healthcheck: words(health) } : {}),
      ports: ((s.ports ?? []) as Array<{ target: number; published?: string; host_ip?: string }>).map((p) => ({ target: p.target, ...(p.published ? { published: Number(p.published) } : {}), ...(p.host_ip ? { hostIp: p.host_ip } : {}) })),
      mounts,
      labels: Object.fromEntries(Object.entries((s.labels ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
    };
  });
  const networks = Object.fromEntries(Object.entries(resolved.networks ?? {}).map(([k, n]) => [k, { name: n.name ?? k, external: Boolean(n.external) }]));
  return { file, project: resolved.name, services, networks, envFiles: [...new Set([...namedEnvFiles(file, raw), ...envFiles])] };
}

export async function readHandMade(compose: Compose, from: string, files: readonly string[], configFile?: string, envFiles: readonly string[] = []): Promise<HandMade> {
  const dir = resolve(from);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--from ${from}: no such folder.`, 'Point --from at the folder that holds your docker-compose.yml and config.yaml.');
  const composeFiles = files.length ? files.map((f) => resolve(dir, f)) : findComposeFiles(dir);
  if (composeFiles.length === 0) throw new UsageError(`No compose file in ${from} or its subfolders.`, 'Name them with --compose FILE (once per file).');
  const extraEnv = envFiles.map((f) => resolve(dir, f));
  const missing = [...composeFiles, ...extraEnv].find((f) => !existsSync(f));
  if (missing) throw new UsageError(`${missing}: no such file.`, 'Check the paths given with --compose and --env (relative ones are read from --from).');
  const stacks = await Promise.all(composeFiles.map((f) => readStack(compose, f, extraEnv)));
  // LiteLLM's config: the one given, else the file mounted at the path its command names.
  const litellm = stacks.flatMap((s) => s.services).find(isLitellm);
  const mounted = litellm && Object.entries(litellm.mounts).find(([target]) => litellm.command.includes(target) || /config\.ya?ml$/.test(target))?.[1];
  const file = configFile ? resolve(dir, configFile) : mounted;
  const text = file ? readIfExists(file) : undefined;
  return { from: dir, stacks, ...(file && text !== undefined ? { config: { file, text } } : {}) };
}

export const shown = (h: HandMade, path: string) => relative(h.from, path) || path;

/** LiteLLM's images are litellm, litellm-database, litellm-non_root (and a mirror's copy of them). */
export const isLitellm = (s: Pick<HandService, 'image'>) => /^litellm/.test(repository(s.image));

export const isPostgresMcp = (s: Pick<HandService, 'image'>) => /postgres-mcp/.test(repository(s.image));
export const isPostgres = (s: Pick<HandService, 'image'>) => /^postgres(ql)?$/.test(repository(s.image));

/** The value of `--name=value` or `--name value` in a command line. */
export function commandFlag(command: readonly string[], name: string): string | undefined {
  const i = command.findIndex((c) => c === name || c.startsWith(`${name}=`));
  if (i < 0) return undefined;
  return command[i]!.includes('=') ? command[i]!.slice(name.length + 1) : command[i + 1];
}

/** What postgres-mcp in this service speaks and where (FACTS.md: stdio and port 8000 by default). */
export function postgresMcpServes(s: Pick<HandService, 'command'>): { transport: string; port: number } {
  return { transport: commandFlag(s.command, '--transport') ?? 'stdio', port: Number(commandFlag(s.command, '--sse-port') ?? 8000) };
}

/** The Docker networks a service joins (compose names a network it creates `<project>_<key>`). */
export function networkNames(stack: HandStack, service: HandService): string[] {
  return service.networks.map((n) => stack.networks[n]?.name ?? `${stack.project}_${n}`);
}
