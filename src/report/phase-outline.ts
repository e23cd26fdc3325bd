/**
 * What STATUS.md shows of a phase beside its record: its title, its goal, and the tasks it runs with
 * these answers (listed unchecked until they run). The renderer takes it as a parameter rather than
 * importing phases/catalog.ts, which loads every task's code (about 200 KB in dist/): the runner has the
 * catalog loaded anyway, and `status` loads it only when the state does not list every phase's tasks
 * (recorded-outline.ts).
 */
import type { Answers } from '../core/answers.js';
import type { PhaseId } from '../core/state.js';
import type { Phase } from '../core/task.js';

export interface PhaseOutline {
  id: PhaseId;
  title: string;
  goal: string;
  /** Titles of the tasks the phase runs with these answers, in order. */
  tasks: readonly string[];
}

export function outlineOf(phases: readonly Phase[], answers: Answers): PhaseOutline[] {
  return phases.map((p) => ({ id: p.id, title: p.title, goal: p.goal, tasks: p.tasks(answers).map((t) => t.title) }));
}
