/**
 * Models of the person's own beside the mock model and the providers litellm-mcp knows, written into
 * config.yaml's `model_list` as given: `extra-models:` in the answers file, a list of LiteLLM model entries
 * (`model_name`, `litellm_params`). No secret is ever in the answers: a key field holds `os.environ/NAME`,
 * and NAME's value lives in secrets/providers.env (0600), which LiteLLM reads (FACTS.md: `os.environ/`
 * values are read from the environment at load).
 */
import { UsageError } from './errors.js';

export const extraModelsKey = 'extra-models';

export interface ExtraModel {
  model_name: string;
  litellm_params: Record<string, unknown>;
}

/** LiteLLM fields that carry credentials (api_key, aws_secret_access_key, vertex_credentials, ...). */
export const secretField = /(key|secret|token|password|credentials)$/i;
const envRef = /^os\.environ\/[A-Za-z_][A-Za-z0-9_]*$/;

/** The variables a model reads (`os.environ/NAME` anywhere in its params). */
export function variablesOf(m: ExtraModel): string[] {
  return Object.values(m.litellm_params).filter((v): v is string => typeof v === 'string' && envRef.test(v)).map((v) => v.slice('os.environ/'.length));
}

export function parseExtraModels(value: unknown, file: string, taken: readonly string[]): ExtraModel[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new UsageError(`${file}: "${extraModelsKey}" must be a list of LiteLLM model entries.`, 'Write it as a YAML list: `- model_name: ...` with `litellm_params: { model: ... }`.');
  const names = new Set(taken);
  return value.map((entry: unknown, i): ExtraModel => {
    const where = `"${extraModelsKey}" entry ${i + 1} in ${file}`;
    const e = entry as { model_name?: unknown; litellm_params?: unknown } | null;
    const params = e?.litellm_params as Record<string, unknown> | undefined;
    if (!e || typeof e !== 'object' || typeof e.model_name !== 'string' || !e.model_name || !params || typeof params !== 'object' || Array.isArray(params) || typeof params.model !== 'string') {
      throw new UsageError(`${where}: not a model entry.`, 'Each entry is a map with model_name (text) and litellm_params (a map with model, e.g. openai/gpt-4o-mini).');
    }
    if (names.has(e.model_name)) throw new UsageError(`${where}: a model named "${e.model_name}" is there already.`, 'Give it another model_name (the mock model and the --models providers keep theirs).');
    names.add(e.model_name);
    const literal = Object.entries(params).find(([k, v]) => secretField.test(k) && !(typeof v === 'string' && envRef.test(v)));
    if (literal) throw new UsageError(`${where}: ${literal[0]} holds a value, and the answers file holds no secrets.`, `Write ${literal[0]}: os.environ/NAME and put NAME=<value> in secrets/providers.env.`);
    return { model_name: e.model_name, litellm_params: params };
  });
}
