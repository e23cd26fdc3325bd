/**
 * A stopped container's exit code in words (128 + the signal's number): the two a person meets most are
 * signals, not crashes.
 */
const meanings: Record<number, string> = {
  137: 'killed: SIGKILL, `docker kill` or out of memory',
  143: 'stopped: SIGTERM, `docker stop`',
};

/** "exited with code 137 (killed: …)". */
export function exitedWith(code: number | undefined): string {
  if (code === undefined) return 'exited';
  const meaning = meanings[code];
  return `exited with code ${code}${meaning ? ` (${meaning})` : ''}`;
}
