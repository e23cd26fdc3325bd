/** Complete answers for renderer and report tests, the runbook's defaults. */
import { resolveAnswers } from '../../src/core/answer-sources.js';
import type { Answers } from '../../src/core/answers.js';

/** A name given among the overrides decides the defaults that follow it (network, ports), as in the program. */
export function defaultAnswers(overrides: Partial<Answers> = {}): Answers {
  const flags = overrides.name ? { name: overrides.name } : {};
  return { ...resolveAnswers({ flags, env: {} }).answers, ...overrides };
}
