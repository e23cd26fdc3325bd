/**
 * The hand-made `model_list`, carried over: the mock model is litellm-mcp's own; a provider model
 * litellm-mcp knows (same name, same model) becomes `--models`; every other entry is kept as an extra
 * model. Secrets never reach the answers: a key written in config.yaml moves to providers.env under a
 * variable of its own and the entry reads `os.environ/` it; a variable the entry already read is carried
 * with the value LiteLLM's container had.
 */
import type { Provider } from '../core/answers.js';
import { secretField, variablesOf, type ExtraModel } from '../core/extra-models.js';
import { mockModel, providerModels } from '../core/model-names.js';
import { registerSecret } from '../core/redact.js';

export interface CarriedModels {
  providers: Provider[];
  extraModels: ExtraModel[];
  /** Variables for providers.env (0600): name → value. */
  variables: Map<string, string>;
  leftBehind: string[];
}

interface RawModel {
  model_name?: unknown;
  litellm_params?: Record<string, unknown>;
}

const variableFor = (model: string, field: string) => `${model}_${field}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_').replace(/^([0-9])/, '_$1');

export function carriedModels(list: unknown, environment: Record<string, string>): CarriedModels {
  const out: CarriedModels = { providers: [], extraModels: [], variables: new Map(), leftBehind: [] };
  for (const raw of (Array.isArray(list) ? list : []) as RawModel[]) {
    const name = typeof raw?.model_name === 'string' ? raw.model_name : undefined;
    const params = raw?.litellm_params;
    if (!name || name === mockModel.name) continue;
    if (!params || typeof params !== 'object' || typeof params.model !== 'string') {
      out.leftBehind.push(`model ${name} in config.yaml: it has no litellm_params.model`);
      continue;
    }
    const known = (Object.keys(providerModels) as Provider[]).find((p) => providerModels[p].name === name && providerModels[p].model === params.model);
    const moved: Record<string, unknown> = { ...params };
    for (const [field, value] of Object.entries(params)) {
      if (!secretField.test(field) || typeof value !== 'string' || value.startsWith('os.environ/')) continue;
      const variable = variableFor(name, field);
      registerSecret(value);
      out.variables.set(variable, value);
      moved[field] = `os.environ/${variable}`;
    }
    const model: ExtraModel = { model_name: name, litellm_params: moved };
    for (const variable of variablesOf(model)) {
      const value = environment[variable];
      if (value !== undefined) {
        registerSecret(value);
        out.variables.set(variable, value);
      }
      else if (!out.variables.has(variable)) out.leftBehind.push(`${variable}, which model ${name} reads: LiteLLM's environment did not have it (add it to secrets/providers.env)`);
    }
    if (known) out.providers.push(known);
    else out.extraModels.push(model);
  }
  return out;
}
