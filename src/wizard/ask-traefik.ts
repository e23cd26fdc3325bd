/**
 * Traefik, when one runs here: route LiteLLM through it (its Docker provider's network and its plain-HTTP
 * entrypoint filled in), or not. With several running, the person picks one.
 */
import * as p from '@clack/prompts';
import type { Answers } from '../core/answers.js';
import type { FoundTraefik } from '../infra/host-survey.js';
import { abortIfCancelled } from './abort-if-cancelled.js';

/** Traefik's entrypoint for plain HTTP by its usual names, else its first that is not its own dashboard's. */
export function preferredEntrypoint(names: readonly string[]): string | undefined {
  return names.find((n) => n === 'web' || n === 'http') ?? names.find((n) => n !== 'traefik') ?? names[0];
}

/** `keepNo`: an earlier run said no; that stays the default. */
export async function askTraefik(a: Answers, found: readonly FoundTraefik[], keepNo: boolean): Promise<Partial<Answers>> {
  const usable = found.filter((t) => t.networks.length > 0);
  if (usable.length === 0) return {};
  const route = (t: FoundTraefik) => `${t.networks[0]}, entrypoint ${preferredEntrypoint(t.entrypoints)}`;
  const current = keepNo ? 'no' : (usable.find((t) => a.traefik && t.networks.includes(a.traefikNetwork)) ?? usable[0]!).container;
  const choice = abortIfCancelled(await p.select({
    message: `Route LiteLLM through Traefik (found running here), as litellm.${a.host}?`,
    initialValue: current,
    options: [
      ...usable.map((t) => ({ value: t.container, label: `Yes, through ${t.container} (${route(t)})` })),
      { value: 'no', label: 'No', hint: `LiteLLM on port ${a.litellmPort} only` },
    ],
  }));
  const picked = usable.find((t) => t.container === choice);
  if (!picked) return { traefik: false };
  return { traefik: true, traefikNetwork: picked.networks[0]!, traefikEntrypoint: preferredEntrypoint(picked.entrypoints) ?? a.traefikEntrypoint, traefikHost: `litellm.${a.host}` };
}
