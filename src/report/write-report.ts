/**
 * Writes STATUS.md with the outline taken from the phase catalog: for the runner and the commands that
 * change the state. The catalog loads every task's code; `status`, which only renders, calls writeStatus
 * with an outline it gets for itself.
 */
import type { Answers } from '../core/answers.js';
import type { Paths } from '../core/paths.js';
import type { State } from '../core/state.js';
import { phases } from '../phases/catalog.js';
import { outlineOf } from './phase-outline.js';
import { writeStatus } from './write-status.js';

export function writeReport(paths: Paths, answers: Answers, state: State): void {
  writeStatus(paths, answers, state, outlineOf(phases, answers));
}
