/**
 * `status`'s outline when the state holds it: every phase's heading, and as its tasks those its record
 * lists, when that record is the whole list. It is when the phase ran to its end (completed or partial:
 * the runner stops only at a failed task) in a run with today's version and answers (planKey). Anything
 * else (a phase not run, failed or interrupted, or run with other answers) needs the tasks' titles from
 * the catalog: undefined.
 */
import { phaseIds, planKey, type State } from '../core/state.js';
import { phaseHeadings } from '../phases/headings.js';
import type { PhaseOutline } from './phase-outline.js';

export function recordedOutline(state: State): PhaseOutline[] | undefined {
  const plan = planKey(state.answers);
  const outline: PhaseOutline[] = [];
  for (const id of phaseIds) {
    const record = state.phases[id];
    if (!record || (record.status !== 'completed' && record.status !== 'partial') || record.plannedFor !== plan) return undefined;
    outline.push({ id, ...phaseHeadings[id], tasks: record.tasks.map((t) => t.title) });
  }
  return outline;
}
