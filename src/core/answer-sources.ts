/**
 * Where answers come from, strongest first: flags, LITELLM_MCP_* variables, the --answers file, the
 * answers saved by an earlier run, the defaults. Every value passes the same validator as a prompt.
 */
import type { AnswerKey, Answers } from './answers.js';
import { UsageError } from './errors.js';
import { envName, formatAnswer, kebab, parseAnswer, questions, type Question } from './questions.js';
import { parseServerSpecs, specToFile } from '../servers/server-spec.js';
import { extraModelsKey, parseExtraModels } from './extra-models.js';
import { mockModel, providerModels } from './model-names.js';

/** The answers-file key that is a list of servers, not a question. */
export const serversKey = 'mcp-servers';

export type RawAnswers = Partial<Record<AnswerKey, string>>;

export interface AnswerSources {
  flags: RawAnswers;
  env: NodeJS.ProcessEnv;
  /** Parsed --answers file, with where it came from for messages. */
  file?: { path: string; values: Record<string, unknown> };
  saved?: Partial<Answers>;
  /** Defaults that depend on where the deployment is (its name from a new folder's name), before the questions' own. */
  defaults?: RawAnswers;
}

export interface ResolvedAnswers {
  answers: Answers;
  /** Keys the person supplied explicitly: the wizard does not ask them again. */
  given: Set<AnswerKey>;
}

/** Edit distance, for "did you mean": a misspelt key is the usual cause of an unknown one. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

export function closest(name: string, known: readonly string[]): string | undefined {
  const [best] = known.map((k) => [k, distance(name, k)] as const).sort((x, y) => x[1] - y[1]);
  return best && best[1] <= Math.max(2, Math.floor(name.length / 3)) ? best[0] : undefined;
}

/** A YAML value as a question's raw text, or why it cannot be one (a list for a single value, a map). */
function rawValue(q: Question, value: unknown): string | { wrong: string } {
  if (value === null) return 'none';
  if (Array.isArray(value)) {
    if (q.kind !== 'multiselect' && q.kind !== 'list') return { wrong: `a list (${JSON.stringify(value).slice(0, 60)}) where one value is expected` };
    if (value.some((x) => typeof x === 'object' && x !== null)) return { wrong: 'a list holding maps or lists' };
    return value.length ? value.join(',') : 'none';
  }
  if (typeof value === 'object') return { wrong: `a map (${JSON.stringify(value).slice(0, 60)}) where ${q.kind === 'multiselect' || q.kind === 'list' ? 'a list' : 'one value'} is expected` };
  if (typeof value === 'boolean' && q.kind !== 'confirm') return { wrong: `true/false where ${q.kind === 'number' ? 'a number' : 'text'} is expected (quote it if you mean the text)` };
  return String(value);
}

/** Reads a file's YAML map into raw strings, refusing keys that no question knows and values of the wrong shape. */
export function rawFromFile(path: string, values: Record<string, unknown>): RawAnswers {
  const byKebab = new Map(questions.map((q) => [kebab(q.key), q] as const));
  const raw: RawAnswers = {};
  for (const [name, value] of Object.entries(values)) {
    if (name === serversKey || name === extraModelsKey) continue;
    const q = byKebab.get(name);
    if (!q) {
      const near = closest(name, [...byKebab.keys(), serversKey, extraModelsKey]);
      throw new UsageError(`${path}: unknown answer "${name}"${near ? `; did you mean "${near}"?` : '.'}`, near ? `Rename it to "${near}" (or remove it), then run again.` : `Use one of: ${[...byKebab.keys()].join(', ')}.`);
    }
    const text = rawValue(q, value);
    if (typeof text !== 'string') throw new UsageError(`"${name}" in ${path}: ${text.wrong}.`, `Correct "${name}" in ${path} and run again.`);
    raw[q.key] = text;
  }
  return raw;
}

/** The answers given as flags (commander's camelCase properties), as raw strings. */
export function rawFromFlags(flags: Record<string, unknown>): RawAnswers {
  const raw: RawAnswers = {};
  for (const q of questions) {
    const value = flags[q.key];
    if (value !== undefined) raw[q.key] = String(value);
  }
  return raw;
}

function rawFromEnv(env: NodeJS.ProcessEnv): RawAnswers {
  const raw: RawAnswers = {};
  for (const q of questions) {
    const value = env[envName(q.key)];
    if (value !== undefined && value !== '') raw[q.key] = value;
  }
  return raw;
}

function describeSource(q: Question, source: 'flag' | 'env' | 'file', file?: string): string {
  if (source === 'flag') return `--${kebab(q.key)}`;
  if (source === 'env') return envName(q.key);
  return `"${kebab(q.key)}" in ${file}`;
}

export function resolveAnswers(sources: AnswerSources): ResolvedAnswers {
  const layers = [
    { source: 'flag' as const, raw: sources.flags },
    { source: 'env' as const, raw: rawFromEnv(sources.env) },
    { source: 'file' as const, raw: sources.file ? rawFromFile(sources.file.path, sources.file.values) : {} },
  ];
  const answers: Partial<Answers> = {};
  const given = new Set<AnswerKey>();
  for (const q of questions) {
    let value: string | undefined;
    for (const layer of layers) {
      const raw = layer.raw[q.key];
      if (raw === undefined) continue;
      const problem = q.validate(raw);
      if (problem) {
        throw new UsageError(`${describeSource(q, layer.source, sources.file?.path)}: ${problem}`, `Correct ${describeSource(q, layer.source, sources.file?.path)} and run again.`);
      }
      value = raw;
      given.add(q.key);
      break;
    }
    value ??= formatAnswer(sources.saved?.[q.key]) ?? sources.defaults?.[q.key] ?? q.initial(answers);
    Object.assign(answers, { [q.key]: parseAnswer(q, value) });
  }
  // Servers are kept whole: from the file when it has the key, else as saved.
  const fileServers = sources.file && serversKey in sources.file.values ? parseServerSpecs(sources.file.values[serversKey], sources.file.path) : undefined;
  answers.mcpServers = fileServers ?? sources.saved?.mcpServers ?? [];
  const ours = [mockModel.name, ...(answers.models ?? []).map((p) => providerModels[p].name)];
  const fileModels = sources.file && extraModelsKey in sources.file.values ? parseExtraModels(sources.file.values[extraModelsKey], sources.file.path, ours) : undefined;
  answers.extraModels = fileModels ?? sources.saved?.extraModels ?? [];
  return { answers: answers as Answers, given };
}

/** The answers file's content: kebab keys, typed values, in question order. */
export function answersToFile(answers: Answers): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const q of questions) {
    if (q.when && !q.when(answers)) continue;
    out[kebab(q.key)] = answers[q.key];
  }
  if (answers.mcpServers.length) out[serversKey] = answers.mcpServers.map(specToFile);
  if (answers.extraModels.length) out[extraModelsKey] = answers.extraModels;
  return out;
}

/** Cross-field rules that a single validator cannot see. */
export function crossCheck(a: Answers): string | undefined {
  if (a.litellmPort === a.mcpPort) {
    return `LiteLLM and the MCP server cannot both use host port ${a.mcpPort}; choose another --mcp-port.`;
  }
  if (a.dbUser === a.mcpRole) {
    return `LiteLLM's role and the MCP server's read-only role are both "${a.dbUser}": the MCP server would get LiteLLM's rights; choose another --mcp-role.`;
  }
  if (a.dbStrategy === 'shared' && (a.dbUser === a.dbAdminUser || a.mcpRole === a.dbAdminUser)) {
    return `"${a.dbAdminUser}" is the shared server's admin: LiteLLM and the MCP server get roles of their own; choose another ${a.dbUser === a.dbAdminUser ? '--db-user' : '--mcp-role'}.`;
  }
  if (a.target === 'swarm' && a.bindAddress !== '0.0.0.0') {
    return `On a swarm the routing mesh publishes LiteLLM's port on every address of every node, not on ${a.bindAddress}; use --bind-address 0.0.0.0 (and a firewall or Traefik in front), or --target compose.`;
  }
  if (a.dbStrategy === 'shared' && a.postgresNetwork === a.network) {
    return `The gateway network "${a.network}" must differ from the shared PostgreSQL network; choose another --network.`;
  }
  return undefined;
}
