/**
 * Fault injection for the crash tests, as git's GIT_TEST_* variables do it: the crash lands exactly
 * where the test asks, which a signal sent from outside cannot promise. Unset, it costs one lookup.
 *
 *   LITELLM_MCP_FAILPOINT=task:<n>        SIGKILL right after the n-th task of the run has done its
 *                                         work and printed its line, before its record is saved
 *   LITELLM_MCP_FAILPOINT=task:<n>:saved  the same, after the record is saved
 *   LITELLM_MCP_FAILPOINT=write:<name>    SIGKILL half-way through writing a file of that name
 *   LITELLM_MCP_FAILPOINT=stop:<title>    SIGSTOP right after the task of that title is saved: a hold
 *                                         point, where a test breaks something (kills a container) and
 *                                         sends SIGCONT, so the next task meets the fault; a race could
 *                                         not, as most tasks take milliseconds
 */
const spec = process.env.LITELLM_MCP_FAILPOINT ?? '';
let tasksEnded = 0;

function crash(): never {
  process.kill(process.pid, 'SIGKILL');
  // SIGKILL is not deliverable late; this line is never reached.
  throw new Error('unreachable');
}

/** Called by the runner after each task: `saved` tells whether its record is on disk yet. */
export function afterTask(saved: boolean, title: string): void {
  if (saved && spec === `stop:${title}`) process.kill(process.pid, 'SIGSTOP');
  if (!spec.startsWith('task:')) return;
  if (!saved) tasksEnded++;
  const [, n, when] = spec.split(':');
  if (Number(n) === tasksEnded && (when === 'saved') === saved) crash();
}

/** Called by the atomic write with what it has written so far. */
export function duringWrite(name: string, writeHalf: () => void): void {
  if (spec === `write:${name}`) {
    writeHalf();
    crash();
  }
}
