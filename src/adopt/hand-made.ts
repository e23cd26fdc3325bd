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
}

export interface HandStack {
  file: string;
  project: string;
  services: HandService[];
  /** Compose network key → the Docker network it is. */
  networks: Record<string, { name: string; external: boolean }>;
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

async function readStack(compose: Compose, file: string): Promise<HandStack> {
  const text = await compose.run(['-f', file, 'config', '--format', 'json'], { cwd: dirname(file) }).catch((error: unknown) => {
    // A file compose cannot read (a syntax error, a missing env file) is the person's to fix, with compose's own words.
    const said = error instanceof ComposeError ? error.output.split('\n').slice(-3).join(' | ') : errorMessage(error);
    throw new UsageError(`${file}: compose cannot read it (${said}).`, `Correct it (\`docker compose -f ${file} config\` shows the same), or leave it out by naming the others with --compose.`);
  });
  const resolved = JSON.parse(text) as {
    name: string;
    services?: Record<string, Record<string, unknown>>;
    networks?: Record<string, { name?: string; external?: boolean }>;
  };
  const raw = (yaml().parse(readIfExists(file) ?? '') ?? {}) as { services?: Record<string, { environment?: unknown }> };
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
    };
  });
  const networks = Object.fromEntries(Object.entries(resolved.networks ?? {}).map(([k, n]) => [k, { name: n.name ?? k, external: Boolean(n.external) }]));
  return { file, project: resolved.name, services, networks };
}

export async function readHandMade(compose: Compose, from: string, files: readonly string[], configFile?: string): Promise<HandMade> {
  const dir = resolve(from);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--from ${from}: no such folder.`, 'Point --from at the folder that holds your docker-compose.yml and config.yaml.');
  const composeFiles = files.length ? files.map((f) => resolve(dir, f)) : findComposeFiles(dir);
  if (composeFiles.length === 0) throw new UsageError(`No compose file in ${from} or its subfolders.`, 'Name them with --compose FILE (once per file).');
  const stacks = await Promise.all(composeFiles.map((f) => readStack(compose, f)));
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
