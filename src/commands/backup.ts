/**
 * `backup [--keep N]`: pg_dump (custom format) of LiteLLM's database to backups/<UTC time>.dump (0600), with
 * its SHA-256 and the answers beside it; `--keep N` then prunes the oldest. Keys live in the database as
 * unsalted hashes (FACTS.md), so a dump restores every key whatever the master or salt key.
 * `backup --schedule` prints a nightly cron line (and a systemd timer) instead; with `--install` it writes
 * the cron file, `--unschedule` removes it.
 */
import { chmodSync, copyFileSync, existsSync, renameSync, rmSync, statSync, writeFileSync, openSync, closeSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { acquireLock } from '../core/lock.js';
import { deploymentPaths } from '../core/paths.js';
import { loadState, saveState } from '../core/state.js';
import { ensureDir } from '../infra/files.js';
import { writeReport } from '../report/write-report.js';
import { backupName, checksumLine, prune, sha256File } from '../backup/backup-files.js';
import { appliedAnswers, buildContext, resolveDir, type GlobalOptions } from './deployment.js';
import { plainOutput } from '../output/output.js';
import { cronFile, installSchedule, parseAt, removeSchedule, scheduleText, type ScheduleSpec } from '../backup/schedule.js';
import { version } from '../core/version.js';

export interface BackupFlags extends GlobalOptions {
  keep?: string;
  schedule?: boolean;
  install?: boolean;
  unschedule?: boolean;
  at?: string;
}

function keepCount(flags: BackupFlags): number | undefined {
  if (flags.keep === undefined) return undefined;
  const n = Number(flags.keep);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--keep "${flags.keep}" is not a positive whole number.`, 'Use e.g. --keep 14 to keep the newest 14 backups.');
  return n;
}

/** pg_dump's custom format starts with these bytes: anything else is not a dump. */
function isCustomDump(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(5);
    return readSync(fd, head, 0, 5, 0) === 5 && head.toString('latin1') === 'PGDMP';
  } finally {
    closeSync(fd);
  }
}

function scheduleSpec(dir: string, keep: number | undefined, at: string | undefined): ScheduleSpec {
  return { dir, keep: keep ?? 14, at: parseAt(at), node: process.execPath, script: process.argv[1] ?? '', version };
}

/** --schedule [--install], --unschedule: the nightly job, printed or installed; the state and report say which. */
function schedule(flags: BackupFlags, paths: ReturnType<typeof deploymentPaths>, keep: number | undefined, env: NodeJS.ProcessEnv, stdout: NodeJS.WritableStream): number {
  if (flags.install && !flags.schedule) throw new UsageError('--install goes with --schedule.', 'Use `litellm-mcp backup --schedule --install`.');
  const spec = scheduleSpec(paths.dir, keep, flags.at);
  if (!flags.install && !flags.unschedule) {
    stdout.write(`${scheduleText(spec)}\n`);
    return 0;
  }
  if (!existsSync(paths.stateFile)) throw new UsageError(`${paths.dir} holds no deployment (no state.json).`, 'Run `litellm-mcp init` there first, or pass --dir.');
  const lock = acquireLock(paths.lockFile, 'backup');
  try {
    const state = loadState(paths.stateFile);
    if (flags.unschedule) {
      const removed = removeSchedule(paths.dir);
      delete state.backupSchedule;
      stdout.write(removed ? `Removed the nightly backup: ${removed}.\n` : `No nightly backup was installed (${cronFile(paths.dir)} does not exist).\n`);
    } else {
      const { file, changed } = installSchedule(spec);
      state.backupSchedule = { file, at: spec.at, keep: spec.keep };
      stdout.write(`${changed ? 'Installed' : 'Already installed'}: ${file}, every day at ${spec.at} (this host's time), keeping the newest ${spec.keep}; its output goes to backups/backup.log.\n`);
    }
    saveState(paths.stateFile, state);
    writeReport(paths, appliedAnswers(paths, state, env), state);
    return 0;
  } finally {
    lock.release();
  }
}

export async function backup(flags: BackupFlags, env: NodeJS.ProcessEnv, cwd: string, stdout: NodeJS.WritableStream = process.stdout): Promise<number> {
  const paths = deploymentPaths(resolveDir(flags, env, cwd));
  const keep = keepCount(flags);
  if (flags.schedule || flags.unschedule || flags.install) return schedule(flags, paths, keep, env, stdout);
  const state = loadState(paths.stateFile);
  const answers = appliedAnswers(paths, state, env);
  const lock = acquireLock(paths.lockFile, 'backup');
  try {
    const ctx = buildContext(paths, answers, { force: false, resetDbPassword: false }, plainOutput());
    const [{ dumpTarget }, { runPgTool }] = await Promise.all([import('../backup/dump-target.js'), import('../infra/pg-tools.js')]);
    const target = await dumpTarget(ctx);
    const dir = join(paths.dir, 'backups');
    ensureDir(dir, 0o700);
    const name = backupName();
    const final = join(dir, name);
    const partial = join(dir, `.${name}.partial`);
    // Created 0600 before a byte is written: the dump holds every key hash and spend log.
    writeFileSync(partial, '', { mode: 0o600 });
    const started = performance.now();
    try {
      await runPgTool('pg_dump', ['--format=custom', '--no-password'], target, { stdoutFile: partial, privateDir: paths.secretsDir });
      if (!isCustomDump(partial)) throw new Error(`pg_dump wrote no custom-format dump to ${partial}`);
      chmodSync(partial, 0o600);
      renameSync(partial, final);
    } finally {
      rmSync(partial, { force: true });
    }
    const hex = await sha256File(final);
    writeFileSync(`${final}.sha256`, checksumLine(hex, final), { mode: 0o600 });
    if (existsSync(paths.answersFile)) {
      copyFileSync(paths.answersFile, final.replace(/\.dump$/, '.answers.yaml'));
      chmodSync(final.replace(/\.dump$/, '.answers.yaml'), 0o600);
    }
    // The client key belongs to this database (only its hash is in the dump): kept beside it, so a restore
    // gives clients back the key the restored database knows.
    if (existsSync(paths.clientKeyFile)) {
      copyFileSync(paths.clientKeyFile, final.replace(/\.dump$/, '.client.env'));
      chmodSync(final.replace(/\.dump$/, '.client.env'), 0o600);
    }
    const bytes = statSync(final).size;
    const seconds = (performance.now() - started) / 1000;
    const pruned = keep === undefined ? [] : prune(dir, keep);
    ctx.state.lastBackup = { name, at: new Date().toISOString(), bytes, sha256: hex };
    saveState(paths.stateFile, ctx.state);
    writeReport(paths, answers, ctx.state);
    stdout.write(`Backed up ${answers.dbName} to backups/${name} (${(bytes / 1024).toFixed(1)} KiB, sha256 ${hex.slice(0, 12)}…) in ${seconds.toFixed(1)} s.${pruned.length ? ` Pruned ${pruned.length}: ${pruned.join(', ')}.` : ''}\n`);
    return 0;
  } finally {
    lock.release();
  }
}
