/**
 * Runs phases over one context: takes the lock, runs each task's check then (when needed) its apply,
 * records every outcome, saves the state after every task and rewrites STATUS.md after every phase.
 * An interrupt (SIGINT, SIGTERM, or clack's own process.exit on Ctrl-C) is recorded, the report written
 * and the lock released, synchronously, and the exit code is 130.
 */
import { answersToFile } from './answer-sources.js';
import { runCleanups, type Context } from './context.js';
import { CancelledError, ExitCode, TaskFailure, errorMessage } from './errors.js';
import { afterTask } from './failpoint.js';
import { acquireLock } from './lock.js';
import { redact } from './redact.js';
import { phaseStatusFrom, planKey, saveState, type PhaseId, type TaskRecord } from './state.js';
import { outcomeOf, type Outcome, type Phase, type Task } from './task.js';
import { engineLostEvidence, engineLostFix } from '../infra/engine-lost.js';
import { removePendingWrites, sweepStaleWrites } from '../infra/files.js';
import { writeReport } from '../report/write-report.js';

export type RunMode = 'apply' | 'check';

const now = () => new Date().toISOString();

function failureOutcome(error: unknown): Outcome {
  if (error instanceof TaskFailure) {
    const issue: Outcome['issue'] = { problem: error.message, fix: error.fix };
    if (error.cause_) issue.cause = error.cause_;
    return { status: 'failed', message: error.message, issue };
  }
  const lost = engineLostEvidence(error);
  if (lost) {
    const message = `The Docker engine stopped answering (${redact(lost)}): it was restarted or stopped while this task ran.`;
    return { status: 'failed', message, issue: { problem: message, fix: engineLostFix } };
  }
  const message = redact(errorMessage(error));
  return { status: 'failed', message, issue: { problem: message, fix: 'Read the message above; fix the cause and run the phase again.' } };
}

async function runTask(ctx: Context, task: Task, mode: RunMode): Promise<Outcome & { diff?: string }> {
  try {
    const check = await task.check(ctx);
    if (mode === 'check' || check.status !== 'change') {
      const outcome = outcomeOf(check);
      return check.diff ? { ...outcome, diff: check.diff } : outcome;
    }
    return await task.apply(ctx);
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    return failureOutcome(error);
  }
}

/** Resolves when SIGINT/SIGTERM arrives; the race in the loop turns that into an interrupt. */
function interruption(): { promise: Promise<never>; dispose(): void } {
  let onSignal: () => void = () => undefined;
  const promise = new Promise<never>((_, reject) => {
    onSignal = () => reject(new CancelledError('Interrupted.'));
  });
  promise.catch(() => undefined);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    promise,
    dispose() {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    },
  };
}

/**
 * `whileLocked` runs first under the lock: init saves the answers there, so a run that finds the folder
 * busy changes nothing in it.
 */
export async function runPhases(ctx: Context, phases: readonly Phase[], mode: RunMode, command: string, whileLocked?: () => void): Promise<number> {
  try {
    return await (mode === 'check' ? checkPhases(ctx, phases) : applyPhases(ctx, phases, command, whileLocked));
  } finally {
    await runCleanups(ctx);
  }
}

async function applyPhases(ctx: Context, phases: readonly Phase[], command: string, whileLocked?: () => void): Promise<number> {
  const lock = acquireLock(ctx.paths.lockFile, command);
  if (lock.takenOver) ctx.out.warn(lock.takenOver);
  const swept = sweepStaleWrites(ctx.paths.dir);
  if (swept.length) ctx.out.warn(`Removed ${swept.length} unfinished temporary file(s) a killed run left (${swept.join(', ')}); the files they were to replace are whole.`);
  try {
    whileLocked?.();
  } catch (error) {
    lock.release();
    throw error;
  }
  const { state } = ctx;
  state.startedAt ??= now();
  state.answers = answersToFile(ctx.answers);
  let current: PhaseId | undefined;
  let finished = false;

  const persist = () => {
    saveState(ctx.paths.stateFile, state);
    writeReport(ctx.paths, ctx.answers, state);
  };
  // Runs even when clack's spinner calls process.exit(0) on Ctrl-C: the interrupt is recorded and the
  // exit code corrected, so an interrupt never looks like success.
  const onExit = () => {
    if (finished) return;
    finished = true;
    removePendingWrites();
    if (current) markInterrupted(ctx, current);
    persist();
    lock.release();
    process.exitCode = ExitCode.interrupted;
  };
  process.on('exit', onExit);
  const interrupt = interruption();

  try {
    for (const phase of phases) {
      current = phase.id;
      const record = { status: 'running' as const, startedAt: now(), plannedFor: planKey(state.answers), tasks: [] as TaskRecord[] };
      state.phases[phase.id] = record;
      ctx.out.phase(phase.id, phase.title);
      persist();
      for (const task of phase.tasks(ctx.answers)) {
        const progress = ctx.out.task(task.title);
        const outcome = await Promise.race([runTask(ctx, task, 'apply'), interrupt.promise]);
        progress.end(outcome);
        afterTask(false, task.title);
        const taskRecord: TaskRecord = { title: task.title, status: outcome.status, message: redact(outcome.message), at: now() };
        if (outcome.facts) taskRecord.facts = outcome.facts;
        if (outcome.issue) taskRecord.issue = outcome.issue;
        if (outcome.findings) taskRecord.findings = outcome.findings.map((f) => JSON.parse(redact(JSON.stringify(f))) as typeof f);
        record.tasks.push(taskRecord);
        saveState(ctx.paths.stateFile, state);
        afterTask(true, task.title);
        if (outcome.status === 'failed') break;
      }
      state.phases[phase.id] = { ...record, status: phaseStatusFrom(record.tasks), completedAt: now() };
      current = undefined;
      persist();
      if (state.phases[phase.id]?.status === 'failed') return ExitCode.phaseFailed;
    }
    return ExitCode.ok;
  } catch (error) {
    if (!(error instanceof CancelledError)) throw error;
    if (current) markInterrupted(ctx, current);
    persist();
    ctx.out.error('Interrupted: the phase was recorded as interrupted; run the same command again to resume.');
    return ExitCode.interrupted;
  } finally {
    finished = true;
    interrupt.dispose();
    process.removeListener('exit', onExit);
    lock.release();
  }
}

function markInterrupted(ctx: Context, id: PhaseId): void {
  const record = ctx.state.phases[id];
  if (record) ctx.state.phases[id] = { ...record, status: 'interrupted', completedAt: now() };
}

/**
 * `plan`: every task's read-only check, printed; nothing recorded, nothing changed. A check that failed
 * could not say what would change, so a plan with failures is incomplete and exits 1: "Nothing to
 * change." is only said when every check ran.
 */
async function checkPhases(ctx: Context, phases: readonly Phase[]): Promise<number> {
  let changes = 0;
  const failed: string[] = [];
  for (const phase of phases) {
    ctx.out.phase(phase.id, phase.title);
    for (const task of phase.tasks(ctx.answers)) {
      const outcome = await runTask(ctx, task, 'check');
      // A check after a change still to make judges a deployment that is about to differ (a container
      // to recreate, a file to rewrite): its failure says nothing yet, and is shown as such.
      const unknown = outcome.status === 'failed' && changes > 0;
      const shown: Outcome = outcome.status === 'changed' ? { ...outcome, message: `would change: ${outcome.message}` }
        : unknown ? { status: 'skipped', message: `not known until the changes above are made (now: ${outcome.message})` } : outcome;
      ctx.out.task(task.title).end(shown);
      if (outcome.diff) ctx.out.text(outcome.diff);
      if (outcome.status === 'changed') changes++;
      if (outcome.status === 'failed' && !unknown) failed.push(`${phase.id.toUpperCase()}: ${task.title}`);
    }
  }
  const summary = changes === 0 ? 'no change found' : `${changes} task(s) would change something`;
  if (failed.length) {
    ctx.out.error(`The plan is incomplete: ${failed.length} check(s) failed (${failed.join('; ')}), so what they would change is not known; ${summary} among the rest. Fix what they report and run \`litellm-mcp plan\` again.`);
    return ExitCode.phaseFailed;
  }
  ctx.out.info(changes === 0 ? 'Nothing to change.' : `${summary}.`);
  return changes > 0 && ctx.options.exitCodeOnChange ? ExitCode.phaseFailed : ExitCode.ok;
}
