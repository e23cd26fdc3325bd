/**
 * Phases are data, tasks are idempotent. A task's `check` only reads (plan runs nothing else); its `apply`
 * makes the desired state true and says what it did.
 */
import type { Answers } from './answers.js';
import type { Context } from './context.js';
import type { Finding, Issue, OutcomeStatus, PhaseId } from './state.js';

export interface Outcome {
  status: OutcomeStatus;
  message: string;
  facts?: Record<string, string>;
  issue?: Issue;
  findings?: Finding[];
}

export interface Check {
  /** ok: nothing to do; change: apply would change something; warning/failed: recorded as is. */
  status: 'ok' | 'change' | 'warning' | 'failed';
  message: string;
  /** A unified diff of a generated file, for `plan`. */
  diff?: string;
  facts?: Record<string, string>;
  issue?: Issue;
  findings?: Finding[];
}

export interface Task {
  title: string;
  check(ctx: Context): Promise<Check>;
  apply(ctx: Context): Promise<Outcome>;
}

export interface Phase {
  id: PhaseId;
  title: string;
  goal: string;
  /** Tasks depend on the answers (dedicated or shared database, Traefik or not). */
  tasks(answers: Answers): Task[];
}

export function outcomeOf(check: Check): Outcome {
  const status = check.status === 'change' ? 'changed' : check.status;
  const outcome: Outcome = { status, message: check.message };
  if (check.facts) outcome.facts = check.facts;
  if (check.issue) outcome.issue = check.issue;
  if (check.findings) outcome.findings = check.findings;
  return outcome;
}

/** A task that only verifies: whatever its check finds is its outcome. */
export function verifyTask(title: string, check: Task['check']): Task {
  return {
    title,
    check,
    async apply(ctx) {
      return outcomeOf(await check(ctx));
    },
  };
}
