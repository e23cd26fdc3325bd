/**
 * A diagnosis rule: the specific evidence it needs (an error code as a whole word, an exact phrase) and
 * the cause and fix it names. Rules judge one piece of evidence (the failing line, a tool's answer),
 * never a whole log: a word anywhere in 40 lines is not evidence (`ENOTFOUND` inside
 * `ModuleNotFoundError` once read as "cannot reach the database").
 */
import type { Issue } from '../core/state.js';

export interface Rule<S> {
  /** The evidence, in words: for the rule table in the report and the README. */
  evidence: string;
  pattern: RegExp;
  issue(match: RegExpExecArray, s: S, line: string): Issue;
}

/** The first rule (in the table's order) whose evidence is in `text`. */
export function judge<S>(rules: readonly Rule<S>[], text: string, s: S, line = text): Issue | undefined {
  for (const rule of rules) {
    const match = rule.pattern.exec(text);
    if (match) return rule.issue(match, s, line);
  }
  return undefined;
}

/** A quoted line for a problem statement: one line, bounded. */
export function quote(text: string, max = 300): string {
  const one = text.replace(/\s*\n\s*/g, ' ⏎ ').trim();
  return `"${one.length > max ? `${one.slice(0, max - 1)}…` : one}"`;
}
