/** Writes STATUS.md: rendered from state, redacted, atomic. */
import { basename } from 'node:path';
import type { Answers } from '../core/answers.js';
import type { Paths } from '../core/paths.js';
import { redact } from '../core/redact.js';
import type { State } from '../core/state.js';
import { writeFileAtomic } from '../infra/files.js';
import type { PhaseOutline } from './phase-outline.js';
import { renderStatus } from './status-md.js';

export function writeStatus(paths: Paths, answers: Answers, state: State, phases: readonly PhaseOutline[]): void {
  writeFileAtomic(paths.statusFile, redact(renderStatus(answers, state, phases, basename(paths.answersFile))));
}
