/**
 * A wait that lasts more than a second says what it waits for and until when: at a terminal the
 * spinner counts the seconds left; in plain lines one line, once. A wait shorter than that says nothing.
 */
import type { Output } from './output.js';

const quietMs = 1000;

export async function waitingFor<T>(out: Output, what: string, deadlineMs: number, wait: () => Promise<T>): Promise<T> {
  const until = Date.now() + deadlineMs;
  const clock = new Date(until).toTimeString().slice(0, 8);
  let tick: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    out.progress(`waiting for ${what} (up to ${Math.round(deadlineMs / 1000)} s, until ${clock})`, true);
    tick = setInterval(() => out.progress(`waiting for ${what}: ${Math.max(0, Math.round((until - Date.now()) / 1000))} s left (until ${clock})`), 1000);
  }, quietMs);
  try {
    return await wait();
  } finally {
    clearTimeout(first);
    clearInterval(tick);
  }
}
