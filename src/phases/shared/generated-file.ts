/**
 * A file the tool generates. Written atomically with its mode; its hash is recorded so that a later run
 * can tell our own output from the person's edit. An edited file is kept: the new version goes beside it
 * as `<file>.new`, with a warning, unless --force.
 */
import { join } from 'node:path';
import type { Context } from '../../core/context.js';
import { TaskFailure } from '../../core/errors.js';
import type { Check, Outcome, Task } from '../../core/task.js';
import { fileMode, readIfExists, sha256, writeFileAtomic } from '../../infra/files.js';
import { unifiedDiff } from '../../render/unified-diff.js';

export interface GeneratedFileSpec {
  title: string;
  /** Path relative to the deployment folder: also its key in the state. */
  rel: string;
  render(ctx: Context): string;
  mode?: number;
  /** Secret content: never shown as a diff. */
  secret?: boolean;
  /** The person's values in this file are theirs (e.g. provider keys): write only when missing. */
  createOnly?: boolean;
}

type Verdict = 'same' | 'create' | 'update' | 'edited' | 'mode';

function judge(ctx: Context, spec: GeneratedFileSpec, desired: string): { verdict: Verdict; current?: string } {
  const current = readIfExists(join(ctx.paths.dir, spec.rel));
  if (current === undefined) return { verdict: 'create' };
  const mode = spec.mode ?? 0o644;
  if (current === desired || spec.createOnly) {
    return { verdict: fileMode(join(ctx.paths.dir, spec.rel)) === mode ? 'same' : 'mode', current };
  }
  const recorded = ctx.state.files[spec.rel];
  if (recorded !== sha256(current) && !ctx.options.force) return { verdict: 'edited', current };
  return { verdict: 'update', current };
}

export function generatedFileTask(spec: GeneratedFileSpec): Task {
  const path = (ctx: Context) => join(ctx.paths.dir, spec.rel);
  return {
    title: spec.title,
    async check(ctx): Promise<Check> {
      let desired: string;
      try {
        desired = spec.render(ctx);
      } catch (error) {
        // In `plan` on a new folder the secrets do not exist yet: that is a change to come, not a failure.
        if (error instanceof TaskFailure) return { status: 'change', message: `${spec.rel} to write once this holds: ${error.message}` };
        throw error;
      }
      const { verdict, current } = judge(ctx, spec, desired);
      const diff = spec.secret || verdict === 'mode' || verdict === 'same' ? undefined : unifiedDiff(current ?? '', desired, spec.rel);
      const withDiff = (c: Check): Check => (diff ? { ...c, diff } : c);
      switch (verdict) {
        case 'same':
          return { status: 'ok', message: `${spec.rel} is up to date` };
        case 'mode':
          return { status: 'change', message: `${spec.rel}: mode to ${(spec.mode ?? 0o644).toString(8)}` };
        case 'create':
          return withDiff({ status: 'change', message: `${spec.rel} to create` });
        case 'update':
          return withDiff({ status: 'change', message: `${spec.rel} to update` });
        case 'edited':
          return withDiff({ status: 'change', message: `${spec.rel} was edited by hand; the new version would go to ${spec.rel}.new` });
      }
    },
    async apply(ctx): Promise<Outcome> {
      const desired = spec.render(ctx);
      const { verdict, current } = judge(ctx, spec, desired);
      const mode = spec.mode ?? 0o644;
      if (verdict === 'edited') {
        writeFileAtomic(`${path(ctx)}.new`, desired, mode);
        return {
          status: 'warning',
          message: `kept your edited ${spec.rel}; the new version is in ${spec.rel}.new`,
          issue: {
            problem: `${spec.rel} was changed by hand since litellm-mcp wrote it.`,
            fix: `Merge ${spec.rel}.new into it, or run again with --force to replace it.`,
          },
        };
      }
      const content = verdict === 'mode' ? (current as string) : desired;
      writeFileAtomic(path(ctx), content, mode);
      ctx.state.files[spec.rel] = sha256(content);
      const verb = verdict === 'create' ? 'created' : verdict === 'mode' ? `set mode ${mode.toString(8)} on` : 'updated';
      return { status: 'changed', message: `${verb} ${spec.rel}` };
    },
  };
}
