/**
 * `backup [--keep N]`: pg_dump (custom format) of LiteLLM's database to backups/<UTC time>.dump (0600), with
 * its SHA-256 and the answers beside it; `--keep N` then prunes the oldest. Keys live in the database as
 * unsalted hashes (FACTS.md), so a dump restores every key whatever the master or salt key.
 * `backup --schedule` prints a nightly cron line (and a systemd timer) instead.
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

export interface BackupFlags extends GlobalOptions {
  keep?: string;
  schedule?: boolean;
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

export function scheduleText(dir: string, keep: number): string {
  const command = `cd ${JSON.stringify(dir)} && npx --yes litellm-mcp backup --keep ${keep} >> backups/backup.log 2>&1`;
  return [
    '# Nightly backup of LiteLLM\'s database, keeping the newest ' + keep + '. As root: put this line in /etc/cron.d/litellm-mcp',
    `17 3 * * * root ${command}`,
    '',
    '# Or a systemd timer: /etc/systemd/system/litellm-mcp-backup.service',
    '[Service]',
    'Type=oneshot',
    `ExecStart=/bin/sh -c ${JSON.stringify(command)}`,
    '# /etc/systemd/system/litellm-mcp-backup.timer, then: systemctl enable --now litellm-mcp-backup.timer',
    '[Timer]',
    'OnCalendar=*-*-* 03:17:00',
    'Persistent=true',
    '[Install]',
    'WantedBy=timers.target',
    '',
    '# `litellm-mcp check` reports the age of the newest backup and fails when it is older than two days.',
  ].join('\n');
}

export async function backup(flags: BackupFlags, env: NodeJS.ProcessEnv, cwd: string, stdout: NodeJS.WritableStream = process.stdout): Promise<number> {
  const paths = deploymentPaths(resolveDir(flags, env, cwd));
  const keep = keepCount(flags);
  if (flags.schedule) {
    stdout.write(`${scheduleText(paths.dir, keep ?? 14)}\n`);
    return 0;
  }
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
