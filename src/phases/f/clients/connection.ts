/**
 * What a client file amounts to once its client has read it: the connections it would open, with every
 * variable already expanded by that client's own rules. A proof opens exactly these.
 */
export type Connection =
  | { kind: 'mcp'; transport: 'http' | 'sse'; url: string; headers: Record<string, string> }
  | { kind: 'llm'; baseUrl: string; apiKey: string }
  | { kind: 'stdio'; command: string; args: string[]; env: Record<string, string> };

/** What the person provides beside the file, as clients/README.md tells them to. */
export interface ClientEnv {
  /** Environment variables (LITELLM_API_KEY, OPENAI_API_KEY, ...). */
  vars: Record<string, string>;
  /** Answers to a client's own prompts (VS Code's password input). */
  inputs: Record<string, string>;
}

/** A file its client could not read, or reads into something that cannot work, said as the client would. */
export class ClientReadError extends Error {
  constructor(message: string, readonly fix: string) {
    super(message);
    this.name = 'ClientReadError';
  }
}

/** Replaces each match of `pattern` (group 1 = name) with `lookup(name)`; an unknown name is an error. */
function expandWith(text: string, pattern: RegExp, lookup: (name: string, fallback?: string) => string | undefined, where: string): string {
  return text.replace(pattern, (whole: string, name: string, fallback?: string) => {
    const value = lookup(name, fallback);
    if (value === undefined) throw new ClientReadError(`${where}: ${whole} is not set`, `Set ${name} before starting the client (see clients/README.md).`);
    return value;
  });
}

/** `${VAR}` and `${VAR:-default}` (Claude Code). */
export function expandBraces(text: string, vars: Record<string, string>, where: string): string {
  return expandWith(text, /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (n, fallback) => vars[n] ?? fallback, where);
}

/** `${env:VAR}` only; a bare `$VAR` stays as typed (Cursor, Windsurf, VS Code). */
export function expandEnvColon(text: string, vars: Record<string, string>, where: string): string {
  return expandWith(text, /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (n) => vars[n], where);
}

/** `${input:id}` (VS Code): the value the person types at the prompt. */
export function expandInputs(text: string, inputs: Record<string, string>, where: string): string {
  return expandWith(text, /\$\{input:([A-Za-z0-9_.-]+)\}/g, (n) => inputs[n], where);
}

/** `$VAR` and `${VAR}` (Gemini CLI, mcp-remote). */
export function expandShell(text: string, vars: Record<string, string>, where: string): string {
  return expandWith(text, /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (n) => vars[n], where);
}

export function mapValues(record: Record<string, unknown> | undefined, f: (v: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(record ?? {}).map(([k, v]) => [k, f(String(v))]));
}

/** A JSON object read from a client file, or a ClientReadError naming the file. */
export function jsonObject(text: string, file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ClientReadError(`${file} is not valid JSON: ${(error as Error).message}`, `Fix the file, or run \`litellm-mcp phase f --force\` to write it again.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ClientReadError(`${file} is not a JSON object`, 'Run `litellm-mcp phase f --force` to write it again.');
  return parsed as Record<string, unknown>;
}

/** obj.a.b.c, or a ClientReadError saying which key is missing. */
export function entryAt(obj: Record<string, unknown>, path: readonly string[], file: string): Record<string, unknown> {
  let node: unknown = obj;
  for (const key of path) {
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    if (typeof node !== 'object' || node === null) {
      throw new ClientReadError(`${file} has no "${path.join('.')}" entry, so the client would not know the server`, 'Run `litellm-mcp phase f --force` to write it again.');
    }
  }
  return node as Record<string, unknown>;
}
