/**
 * Provider API keys, from the person: a `--<provider>-api-key-file`, the wizard's masked prompt, or the
 * usual variable (`OPENAI_API_KEY`, ...). They go to secrets/providers.env (0600) and nowhere else: never
 * the answers, the state, the report or a process's arguments.
 */
import { readFileSync } from 'node:fs';
import { providers, type Provider } from './answers.js';
import { UsageError, errorMessage } from './errors.js';
import { registerSecret } from './redact.js';

export const providerKeyEnv: Record<Provider, string> = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY', gemini: 'GEMINI_API_KEY' };

export interface ProviderKey {
  value: string;
  /** Where it came from, for messages: `--openai-api-key-file`, `the wizard`, `OPENAI_API_KEY`. */
  from: string;
  /**
   * Given for this run on purpose (a file flag, the prompt): it replaces a stored key. A variable only
   * fills a key not stored yet, so a stale one left in a shell never replaces the file's.
   */
  explicit: boolean;
}

export type ProviderKeys = Partial<Record<Provider, ProviderKey>>;

/** `--openai-api-key-file`: the flag, and commander's property for it. */
export const keyFileFlag = (p: Provider) => `--${p}-api-key-file`;
const keyFileProperty = (p: Provider) => `${p}ApiKeyFile`;

/** A key as compose's env file can hold it: one line, no `$` (compose would interpolate it), no spaces. */
export function providerKeyProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (/\s/.test(value)) return 'it holds a space or a line break; paste the key alone';
  if (value.includes('$')) return 'it holds "$", which compose would read as a variable';
  return undefined;
}

export function providerKeysFrom(flags: Record<string, unknown>, env: NodeJS.ProcessEnv): ProviderKeys {
  const keys: ProviderKeys = {};
  for (const p of providers) {
    const file = flags[keyFileProperty(p)];
    if (typeof file === 'string') {
      let value: string;
      try {
        value = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
      } catch (error) {
        throw new UsageError(`${keyFileFlag(p)} ${file}: ${errorMessage(error)}.`, `Point ${keyFileFlag(p)} at a readable file holding the key alone.`);
      }
      const problem = providerKeyProblem(value) ?? (value ? undefined : 'the file is empty');
      if (problem) throw new UsageError(`${keyFileFlag(p)} ${file}: ${problem}.`, `Write the key alone on one line in ${file}, then run again.`);
      keys[p] = { value, from: keyFileFlag(p), explicit: true };
    } else {
      const value = env[providerKeyEnv[p]];
      if (value && !providerKeyProblem(value)) keys[p] = { value, from: providerKeyEnv[p], explicit: false };
    }
    if (keys[p]) registerSecret(keys[p].value);
  }
  return keys;
}
