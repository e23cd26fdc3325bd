/** A provider just picked is asked for its key at once: masked, optional, never echoed or saved elsewhere. */
import * as p from '@clack/prompts';
import type { Provider } from '../core/answers.js';
import { providerKeyEnv, providerKeyProblem, type ProviderKeys } from '../core/provider-keys.js';
import { generated } from '../core/paths.js';
import { registerSecret } from '../core/redact.js';
import { abortIfCancelled } from './abort-if-cancelled.js';

const names: Record<Provider, string> = { openai: 'OpenAI', anthropic: 'Anthropic', gemini: 'Google Gemini' };

/** Asks for each picked provider whose key is neither given for this run nor stored. */
export async function askProviderKeys(picked: readonly Provider[], known: (p: Provider) => boolean): Promise<ProviderKeys> {
  const keys: ProviderKeys = {};
  for (const provider of picked.filter((x) => !known(x))) {
    const value = abortIfCancelled(await p.password({
      message: `${names[provider]} API key (${providerKeyEnv[provider]}; Enter to skip and add it to ${generated.providersEnv} later)`,
      validate: (v) => {
        const problem = providerKeyProblem(v ?? '');
        return problem ? `That key cannot be used: ${problem}.` : undefined;
      },
    }));
    if (!value) continue;
    registerSecret(value);
    keys[provider] = { value, from: 'the wizard', explicit: true };
  }
  return keys;
}
