/** Complete answers for renderer and report tests, the runbook's defaults. */
import { resolveAnswers } from '../../src/core/answer-sources.js';
import type { Answers } from '../../src/core/answers.js';

export function defaultAnswers(overrides: Partial<Answers> = {}): Answers {
  return { ...resolveAnswers({ flags: {}, env: {} }).answers, ...overrides };
}
