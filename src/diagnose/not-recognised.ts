/**
 * What a diagnosis says when no rule knows the evidence: that the cause is not recognised, the failing
 * line if there is one, the last lines, and the command that shows them all. It guesses no cause
 * (`Issue.cause` stays undefined): a confident wrong cause sends a person the wrong way (FACTS.md).
 */
import type { Issue } from '../core/state.js';
import { summarise, type LogEntry } from './log-entries.js';
import { quote } from './rule.js';

export interface Unrecognised {
  /** What failed, as the problem's opening: "LiteLLM exited with code 3". */
  subject: string;
  /** The line the failure was judged by, when one was found. */
  failing?: string;
  /** How `failing` is introduced; "Failing line" unless it is no log line (a tool's answer, probes). */
  failingLabel?: string;
  /** The last lines, oldest first, already one line each; left out when there is no log to show. */
  tail?: readonly string[];
  /** The command that shows everything: "docker logs litellm-mcp-litellm-1". */
  readAll: string;
  /** What to do after reading, e.g. "then run `litellm-mcp phase e` again". */
  then: string;
}

export const notRecognisedWords = 'cause not recognised';

export function notRecognised(u: Unrecognised): Issue {
  const failing = u.failing ? ` ${u.failingLabel ?? 'Failing line'}: ${quote(u.failing)}.` : '';
  const tail = !u.tail ? '' : u.tail.length ? ` Last lines: ${u.tail.join(' | ')}` : ' It logged nothing.';
  return {
    problem: `${u.subject}: ${notRecognisedWords}.${failing}${tail}`,
    fix: `Read it all with \`${u.readAll}\`, fix what it shows, ${u.then}.`,
  };
}

// LiteLLM's start-up banner is drawn with box characters: no evidence, and noise in a report.
const drawing = /^[\s\u2500-\u259f]+$/;

/** The last `n` log records, one bounded line each. */
export function tailOf(entries: readonly LogEntry[], n = 5): string[] {
  return entries.filter((e) => !drawing.test(e.message) || e.exception).slice(-n).map((e) => summarise(e, 200));
}
