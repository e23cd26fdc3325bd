/**
 * An MCP server added behind the gateway with `litellm-mcp mcp add`, as the answers file holds it under
 * `mcp-servers:` (no secrets: an env file's values live in secrets/mcp-<name>.env). PostgreSQL, the
 * first server, keeps its own answers (mcp-image, mcp-port, ...) so existing deployments read as before.
 */
import { UsageError } from '../core/errors.js';
import * as v from '../core/validators.js';

export const recipeIds = ['filesystem', 'custom'] as const;
export type RecipeId = (typeof recipeIds)[number];
/** What LiteLLM speaks to the server: an SSE endpoint at /sse, or streamable HTTP at /mcp. */
export type ServerTransport = 'sse' | 'http';

export interface ServerSpec {
  /** LiteLLM's server name: the prefix of its tools (`<name>-<tool>`). */
  name: string;
  recipe: RecipeId;
  image: string;
  transport: ServerTransport;
  /** The port it listens on inside its container (LiteLLM dials it by service name). */
  port: number;
  /** Published on 127.0.0.1 only, for this tool's direct proof. */
  hostPort: number;
  accessGroup: string;
  /** filesystem: the host folder served, mounted read-only at /data. */
  folder?: string;
  /** custom: whether secrets/mcp-<name>.env holds its environment (copied from --env-file). */
  envFile?: boolean;
  /** Its access group is in phase F's client key: clients list its tools. */
  clients?: boolean;
  /** custom: a harmless tool call whose text must contain `expect`; without one, tools listed is the proof. */
  probe?: { tool: string; args: Record<string, unknown>; expect: string };
}

/** LiteLLM splits tool names at the first `-` (FACTS.md): a name must not hold one. */
export function serverNameProblem(name: string): string | undefined {
  if (name.includes('-')) return `"${name}" holds a "-", which LiteLLM 1.77.3 refuses in a server name (it separates the server from its tools); use "${name.replace(/-/g, '_')}".`;
  if (!/^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(name)) return `"${name}" is not a server name: use a letter, then letters, digits or "_" (at most 40), e.g. files_docs.`;
  return undefined;
}

/** Two names where one is a prefix of the other's tools (`db` and `db_main`: `db-x` vs `db_main-x` are fine, but Docker names are case-insensitive). */
export function nameClash(name: string, others: string[]): string | undefined {
  const lower = name.toLowerCase();
  const same = others.find((o) => o.toLowerCase() === lower);
  if (same) return `An MCP server named "${same}" is already behind the gateway${same === name ? '' : ' (names differ only in case, and Docker names do not)'}.`;
  return undefined;
}

const fields = ['name', 'recipe', 'image', 'transport', 'port', 'host-port', 'access-group', 'clients', 'folder', 'env-file', 'probe'] as const;

function need<T>(value: T | undefined, where: string, field: string): T {
  if (value === undefined || value === null || value === '') throw new UsageError(`${where}: "${field}" is missing.`, `Give every entry of mcp-servers a ${field}, or remove the entry with \`litellm-mcp mcp remove\`.`);
  return value;
}

function check(problem: string | undefined, where: string): void {
  if (problem) throw new UsageError(`${where}: ${problem}`, `Correct ${where.split(':')[0]} and run again.`);
}

/** Reads `mcp-servers:` from the answers file, with the same validators as the flags of `mcp add`. */
export function parseServerSpecs(value: unknown, file: string): ServerSpec[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new UsageError(`${file}: "mcp-servers" must be a list of servers.`, 'Write it as a YAML list (`- name: ...`), or let `litellm-mcp mcp add` write it.');
  const specs: ServerSpec[] = [];
  value.forEach((entry: unknown, i) => {
    const where = `"mcp-servers" entry ${i + 1} in ${file}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new UsageError(`${where}: not a map.`, 'Each entry is a map with name, recipe, image, transport, port, host-port and access-group.');
    const e = entry as Record<string, unknown>;
    const unknown = Object.keys(e).find((k) => !(fields as readonly string[]).includes(k));
    if (unknown) throw new UsageError(`${where}: unknown field "${unknown}".`, `Use only: ${fields.join(', ')}.`);
    const name = String(need(e.name, where, 'name'));
    check(serverNameProblem(name) ?? nameClash(name, specs.map((s) => s.name)), where);
    const recipe = String(need(e.recipe, where, 'recipe'));
    if (!(recipeIds as readonly string[]).includes(recipe)) throw new UsageError(`${where}: unknown recipe "${recipe}".`, `Use one of: ${recipeIds.join(', ')}.`);
    const image = String(need(e.image, where, 'image'));
    check(v.imageRef(image), where);
    const transport = String(need(e.transport, where, 'transport'));
    if (transport !== 'sse' && transport !== 'http') throw new UsageError(`${where}: transport "${transport}" is not sse or http.`, 'LiteLLM reaches servers over the network: sse or http (a stdio server needs the filesystem recipe\'s bridge, or an image that serves SSE).');
    const port = String(need(e.port, where, 'port'));
    const hostPort = String(need(e['host-port'], where, 'host-port'));
    check(v.port(port) ?? v.port(hostPort), where);
    const accessGroup = String(need(e['access-group'], where, 'access-group'));
    check(v.mcpServerName(accessGroup), where);
    const spec: ServerSpec = { name, recipe: recipe as RecipeId, image, transport, port: Number(port), hostPort: Number(hostPort), accessGroup };
    if (e.folder !== undefined) spec.folder = String(e.folder);
    if (recipe === 'filesystem' && !spec.folder) need(undefined, where, 'folder');
    if (e['env-file'] === true) spec.envFile = true;
    if (e.clients === true) spec.clients = true;
    if (e.probe !== undefined) spec.probe = parseProbe(e.probe, where);
    specs.push(spec);
  });
  return specs;
}

function parseProbe(value: unknown, where: string): NonNullable<ServerSpec['probe']> {
  const p = value as { tool?: unknown; args?: unknown; expect?: unknown } | null;
  if (!p || typeof p.tool !== 'string' || typeof p.expect !== 'string' || (p.args !== undefined && (typeof p.args !== 'object' || p.args === null || Array.isArray(p.args)))) {
    throw new UsageError(`${where}: "probe" must be a map of tool (text), args (a map) and expect (text).`, 'e.g. probe: { tool: echo, args: { text: hi }, expect: hi }');
  }
  return { tool: p.tool, args: (p.args ?? {}) as Record<string, unknown>, expect: p.expect };
}

/** The entry as the answers file holds it: kebab keys, optional fields left out. */
export function specToFile(s: ServerSpec): Record<string, unknown> {
  return {
    name: s.name,
    recipe: s.recipe,
    image: s.image,
    transport: s.transport,
    port: s.port,
    'host-port': s.hostPort,
    'access-group': s.accessGroup,
    ...(s.clients ? { clients: true } : {}),
    ...(s.folder ? { folder: s.folder } : {}),
    ...(s.envFile ? { 'env-file': true } : {}),
    ...(s.probe ? { probe: s.probe } : {}),
  };
}
