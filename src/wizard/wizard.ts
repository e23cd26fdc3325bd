/**
 * The interactive wizard, quick path first: the database (dedicated, or a PostgreSQL found running here),
 * the two host ports (free ones suggested), Traefik when one runs here, the providers and their keys; then
 * "Customise the rest?", no by default, for every other question. Answers given by a flag, a variable or
 * the answers file are not asked; every value passes the same validators as a flag.
 */
import * as p from '@clack/prompts';
import type { AnswerKey, Answers, Provider } from '../core/answers.js';
import { formatAnswer, parseAnswer, questions, type Question } from '../core/questions.js';
import { crossCheck } from '../core/answer-sources.js';
import { CancelledError } from '../core/errors.js';
import type { ProviderKeys } from '../core/provider-keys.js';
import type { HostSurvey } from '../infra/host-survey.js';
import { abortIfCancelled } from './abort-if-cancelled.js';
import { askDatabase } from './ask-database.js';
import { askProviderKeys } from './ask-provider-keys.js';
import { askTraefik } from './ask-traefik.js';
import { hostDefaults } from './host-defaults.js';
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

/** The database's questions are asked by askDatabase, Traefik's by askTraefik; with them, the quick path. */
const databaseKeys = new Set<AnswerKey>(['dbStrategy', 'dbHost', 'dbPort', 'dbAdminUser', 'postgresNetwork']);
const quickKeys = new Set<AnswerKey>([...databaseKeys, 'litellmPort', 'mcpPort', 'models']);

async function askOne(answers: Answers, q: Question, message = q.message): Promise<void> {
  const raw = await ask({ ...q, message }, formatAnswer(answers[q.key]) ?? q.initial(answers));
  Object.assign(answers, { [q.key]: parseAnswer(q, raw) });
}

export interface WizardInput {
  start: Answers;
  /** Given by a flag, a variable or the answers file: not asked. */
  given: ReadonlySet<AnswerKey>;
  /** Given or saved by an earlier run: the host's defaults do not replace them. */
  fixed: ReadonlySet<AnswerKey>;
  dir: string;
  survey?: HostSurvey;
  /** A provider's key is given for this run or stored already: not asked. */
  hasKey: (p: Provider) => boolean;
}

export async function runWizard(input: WizardInput): Promise<{ answers: Answers; providerKeys: ProviderKeys }> {
  const { given, survey } = input;
  const answers: Answers = { ...input.start, ...(survey ? await hostDefaults(survey, input.start, input.fixed) : {}) };
  const asked = (q: Question) => !q.advanced && !given.has(q.key) && (!q.when || q.when(answers));
  for (;;) {
    if (!given.has('dbStrategy')) Object.assign(answers, await askDatabase(answers, survey?.postgres ?? [], ask));
    for (const q of questions.filter((x) => (x.key === 'litellmPort' || x.key === 'mcpPort') && asked(x))) {
      await askOne(answers, q, survey ? `${q.message} (${answers[q.key]} is free)` : q.message);
    }
    if (survey?.traefik.length && !given.has('traefik')) Object.assign(answers, await askTraefik(answers, survey.traefik, input.fixed.has('traefik') && !answers.traefik));
    for (const q of questions.filter((x) => x.key === 'models' && asked(x))) await askOne(answers, q);
    const providerKeys = await askProviderKeys(answers.models, input.hasKey);
    // Traefik is on the quick path only when one runs here; else it is among the rest.
    const quick = survey?.traefik.length ? new Set([...quickKeys, 'traefik']) : quickKeys;
    const rest = () => questions.filter((q) => !quick.has(q.key) && asked(q));
    if (rest().length && abortIfCancelled(await p.confirm({ message: `Customise the rest (${rest().length} more: host name, images, database names, MCP server, ...)?`, initialValue: false }))) {
      for (const q of questions.filter((x) => !quick.has(x.key))) if (asked(q)) await askOne(answers, q);
    }
    const problem = crossCheck(answers);
    if (problem) {
      p.log.error(problem);
      continue;
    }
    p.note(summary(answers, input.dir), 'Summary');
    const go = abortIfCancelled(await p.confirm({ message: 'Run phases A to G with these answers?', initialValue: true }));
    if (!go) throw new CancelledError('Not confirmed: nothing was changed.');
    return { answers, providerKeys };
  }
}
