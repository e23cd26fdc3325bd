/** The models config.yaml always has: the mock model, and the providers `--models` adds. */
import type { Provider } from './answers.js';
import { providerKeyEnv } from './provider-keys.js';

export const mockModel = { name: 'mock-gpt', response: 'Hello from the litellm-mcp mock model.' } as const;

/** Provider models; keys come from the environment at load time (`os.environ/NAME`). */
export const providerModels: Record<Provider, { name: string; model: string; keyEnv: string }> = {
  openai: { name: 'gpt-4o', model: 'openai/gpt-4o', keyEnv: providerKeyEnv.openai },
  anthropic: { name: 'claude-3-5-sonnet', model: 'anthropic/claude-3-5-sonnet-20241022', keyEnv: providerKeyEnv.anthropic },
  gemini: { name: 'gemini-2.0-flash', model: 'gemini/gemini-2.0-flash', keyEnv: providerKeyEnv.gemini },
};

