/**
 * Several generated files as one task (phase F's client files): one line in the output and the report,
 * while each file keeps its own rules (edits kept, .new, modes). The worst outcome wins.
 */
import type { Check, Outcome, Task } from '../../core/task.js';

const rank = { ok: 0, skipped: 0, change: 1, changed: 1, warning: 2, failed: 3 } as const;

export function fileGroupTask(title: string, what: string, tasks: readonly Task[]): Task {
  return {
    title,
    async check(ctx): Promise<Check> {
      const checks = await Promise.all(tasks.map((t) => t.check(ctx)));
      const worst = checks.reduce((w, c) => (rank[c.status] > rank[w.status] ? c : w), checks[0]!);
      const changing = checks.filter((c) => c.status !== 'ok');
      const diff = checks.map((c) => c.diff ?? '').filter(Boolean).join('\n');
      const message = changing.length === 0 ? `${checks.length} ${what} up to date` : changing.map((c) => c.message).join('; ');
      return { status: worst.status, message, ...(diff ? { diff } : {}), ...(worst.issue ? { issue: worst.issue } : {}) };
    },
    async apply(ctx): Promise<Outcome> {
      const outcomes: Outcome[] = [];
      for (const task of tasks) {
        const check = await task.check(ctx);
        outcomes.push(check.status === 'change' ? await task.apply(ctx) : { status: check.status === 'ok' ? 'ok' : check.status, message: check.message });
      }
      const worst = outcomes.reduce((w, o) => (rank[o.status] > rank[w.status] ? o : w), outcomes[0]!);
      const changed = outcomes.filter((o) => o.status !== 'ok');
      const issues = outcomes.filter((o) => o.issue).map((o) => o.issue!);
      const outcome: Outcome = { status: worst.status, message: changed.length === 0 ? `${outcomes.length} ${what} up to date` : changed.map((o) => o.message).join('; ') };
      if (issues.length > 0) outcome.issue = { problem: issues.map((i) => i.problem).join(' '), fix: issues.map((i) => i.fix).join(' ') };
      return outcome;
    },
  };
}
