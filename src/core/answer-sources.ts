/**
 * Where answers come from, strongest first: flags, LITELLM_MCP_* variables, the --answers file, the
 * answers saved by an earlier run, the defaults. Every value passes the same validator as a prompt.
 */
import type { AnswerKey, Answers } from './answers.js';
import { UsageError } from './errors.js';
import { envName, formatAnswer, kebab, parseAnswer, questions, type Question } from './questions.js';
import { parseServerSpecs, specToFile } from '../servers/server-spec.js';

/** The answers-file key that is a list of servers, not a question. */
export const serversKey = 'mcp-servers';

export type RawAnswers = Partial<Record<AnswerKey, string>>;

export interface AnswerSources {
  flags: RawAnswers;
  env: NodeJS.ProcessEnv;
  /** Parsed --answers file, with where it came from for messages. */
  file?: { path: string; values: Record<string, unknown> };
  saved?: Partial<Answers>;
}

export interface ResolvedAnswers {
  answers: Answers;
  /** Keys the person supplied explicitly: the wizard does not ask them again. */
  given: Set<AnswerKey>;
}

/** Reads a file's YAML map into raw strings, refusing keys that no question knows. */
export function rawFromFile(path: string, values: Record<string, unknown>): RawAnswers {
  const byKebab = new Map(questions.map((q) => [kebab(q.key), q.key] as const));
  const raw: RawAnswers = {};
  for (const [name, value] of Object.entries(values)) {
    if (name === serversKey) continue;
    const key = byKebab.get(name);
    if (!key) {
      throw new UsageError(`${path}: unknown answer "${name}".`, `Use one of: ${[...byKebab.keys()].join(', ')}.`);
    }
    raw[key] = Array.isArray(value) ? (value.length ? value.join(',') : 'none') : value === null ? 'none' : String(value);
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
    value ??= formatAnswer(sources.saved?.[q.key]) ?? q.initial(answers);
    Object.assign(answers, { [q.key]: parseAnswer(q, value) });
  }
  // Servers are kept whole: from the file when it has the key, else as saved.
  const fileServers = sources.file && serversKey in sources.file.values ? parseServerSpecs(sources.file.values[serversKey], sources.file.path) : undefined;
  answers.mcpServers = fileServers ?? sources.saved?.mcpServers ?? [];
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
  return out;
}

/** Cross-field rules that a single validator cannot see. */
export function crossCheck(a: Answers): string | undefined {
  if (a.litellmPort === a.mcpPort) {
    return `LiteLLM and the MCP server cannot both use host port ${a.mcpPort}; choose another --mcp-port.`;
  }
  if (a.dbStrategy === 'shared' && a.postgresNetwork === a.network) {
    return `The gateway network "${a.network}" must differ from the shared PostgreSQL network; choose another --network.`;
  }
  return undefined;
}
