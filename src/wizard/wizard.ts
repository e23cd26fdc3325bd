/**
 * The interactive wizard: asks every question not already answered by a flag, a variable or the answers
 * file, with the same validators, then shows a summary and asks for confirmation.
 */
import * as p from '@clack/prompts';
import type { AnswerKey, Answers } from '../core/answers.js';
import { formatAnswer, parseAnswer, questions, type Question } from '../core/questions.js';
import { crossCheck } from '../core/answer-sources.js';
import { CancelledError } from '../core/errors.js';
import { abortIfCancelled } from './abort-if-cancelled.js';
import { summary } from './summary.js';

async function ask(q: Question, current: string): Promise<string> {
  switch (q.kind) {
    case 'confirm':
      return String(abortIfCancelled(await p.confirm({ message: q.message, initialValue: current === 'true' })));
    case 'select':
      return abortIfCancelled(await p.select({ message: q.message, initialValue: current, options: [...(q.options ?? [])] }));
    case 'multiselect': {
      const chosen = abortIfCancelled(
        await p.multiselect({ message: `${q.message} (space to toggle)`, initialValues: current === 'none' ? [] : current.split(','), options: [...(q.options ?? [])], required: false }),
      );
      return chosen.length ? chosen.join(',') : 'none';
    }
    default:
      return abortIfCancelled(await p.text({ message: q.message, initialValue: current, validate: (v) => q.validate(v ?? '') }));
  }
}

export async function askFolder(initial: string): Promise<string> {
  return abortIfCancelled(await p.text({ message: 'Deployment folder', initialValue: initial, validate: (v) => (v?.trim() ? undefined : 'A folder is required.') }));
}

export async function runWizard(start: Answers, given: ReadonlySet<AnswerKey>, dir: string): Promise<Answers> {
  const answers: Answers = { ...start };
  for (;;) {
    for (const q of questions) {
      if (q.advanced || given.has(q.key) || (q.when && !q.when(answers))) continue;
      const raw = await ask(q, formatAnswer(answers[q.key]) ?? q.initial(answers));
      Object.assign(answers, { [q.key]: parseAnswer(q, raw) });
    }
    const problem = crossCheck(answers);
    if (problem) {
      p.log.error(problem);
      continue;
    }
    p.note(summary(answers, dir), 'Summary');
    const go = abortIfCancelled(await p.confirm({ message: 'Run phases A to G with these answers?', initialValue: true }));
    if (!go) throw new CancelledError('Not confirmed: nothing was changed.');
    return answers;
  }
}
