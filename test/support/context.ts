/** A real Context over a temporary deployment folder, for driving tasks directly. */
import { inject } from 'vitest';
import type { Answers } from '../../src/core/answers.js';
import type { Context, RunOptions } from '../../src/core/context.js';
import { deploymentPaths } from '../../src/core/paths.js';
import { ensureSecrets } from '../../src/core/secrets.js';
import { emptyState } from '../../src/core/state.js';
import { ensureDir } from '../../src/infra/files.js';
import { lazyInfra } from '../../src/infra/infra.js';
import type { Output } from '../../src/output/output.js';
import { defaultAnswers } from './answers.js';
import { tempDir } from './cli.js';

export function silentOutput(lines: string[] = []): Output {
  const put = (m: string) => void lines.push(m);
  return { interactive: false, intro: put, phase: put, task: (t) => ({ end: (o) => put(`${t}: ${o.status} ${o.message}`) }), info: put, warn: put, error: put, text: put, outro: put, progress: (m, lasting) => { if (lasting) put(m); } };
}

/** Shared-strategy context pointed at the test PostgreSQL server through its published port. */
export function sharedDbContext(answers: Partial<Answers> = {}, options: Partial<RunOptions> = {}): Context {
  const pg = inject('pg');
  const paths = deploymentPaths(tempDir());
  ensureDir(paths.secretsDir, 0o700);
  const ctx: Context = {
    paths,
    answers: defaultAnswers({ dbStrategy: 'shared', ...answers }),
    state: emptyState(),
    options: { force: false, resetDbPassword: false, adminHost: pg.host, adminPort: pg.port, adminPassword: pg.password, ...options },
    out: silentOutput(),
    infra: lazyInfra(),
  };
  ctx.secrets = ensureSecrets(paths.secretsFile).secrets;
  return ctx;
}
