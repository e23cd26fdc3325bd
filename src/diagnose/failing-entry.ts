/**
 * The line a failure is judged by. Several lines in a log may each look like some cause; the newest
 * relevant one decides (an old Prisma retry does not explain a later crash). A start that LiteLLM gives up
 * ends with `Application startup failed. Exiting.` (FACTS.md), so the failing line is the error just
 * before it; otherwise it is the newest error in the log.
 */
import type { LogEntry } from './log-entries.js';

const errorLevels = new Set(['ERROR', 'CRITICAL', 'FATAL', 'PANIC', 'EXCEPTION']);
const startupAbort = /^Application startup failed\. Exiting\.$/;

export function isError(e: LogEntry): boolean {
  return !!e.level && errorLevels.has(e.level);
}

/**
 * @param noise lines that only repeat a failure told elsewhere (an entrypoint's "Command failed with exit
 *   code 2") or that are no failure at all (LiteLLM's ERROR lines while `docker stop` shuts it down).
 */
export function failingEntry(entries: readonly LogEntry[], noise?: RegExp): LogEntry | undefined {
  const relevant = (e: LogEntry) => isError(e) && !startupAbort.test(e.message.trim()) && !(noise && noise.test(e.message));
  const abort = entries.findLastIndex((e) => startupAbort.test(e.message.trim()));
  const before = abort >= 0 ? entries.slice(0, abort) : entries;
  return before.findLast(relevant);
}
