/**
 * The nightly backup as a schedule: printed (a cron line and a systemd timer), or installed as a file
 * in /etc/cron.d that cron reads without a reload. The job runs this very program by its absolute path
 * (or, from npx's cache, which npm may prune, `npx` pinned to this version), so a schedule never
 * upgrades the tool behind the user's back and does not depend on cron's short PATH.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { sha256, writeFileAtomic } from '../infra/files.js';

export const cronDir = '/etc/cron.d';

export interface ScheduleSpec {
  dir: string;
  keep: number;
  /** HH:MM, local time of the host, as cron reads it. */
  at: string;
  /** The program and script running now: process.execPath and process.argv[1]. */
  node: string;
  script: string;
  version: string;
}

export function parseAt(at: string | undefined): string {
  if (at === undefined) return '03:17';
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(at);
  if (!m) throw new UsageError(`--at "${at}" is not a time of day.`, 'Use 24-hour HH:MM, e.g. --at 03:17 (the host\'s local time, as cron reads it).');
  return `${m[1]!.padStart(2, '0')}:${m[2]}`;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function invocation(spec: Pick<ScheduleSpec, 'node' | 'script' | 'version'>): string {
  return spec.script.includes('/_npx/') ? `npx --yes litellm-mcp@${spec.version}` : `${quote(spec.node)} ${quote(spec.script)}`;
}

export function jobCommand(spec: ScheduleSpec): string {
  return `cd ${quote(spec.dir)} && ${invocation(spec)} backup --keep ${spec.keep} >> backups/backup.log 2>&1`;
}

/** cron.d runs only files named [A-Za-z0-9_-]+: the folder's name, and a hash so two folders never share one. */
export function cronFile(dir: string): string {
  const slug = basename(dir).replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40) || 'root';
  return join(cronDir, `litellm-mcp-backup-${slug}-${sha256(dir).slice(0, 8)}`);
}

function cronTime(at: string): string {
  const [h, m] = at.split(':');
  return `${Number(m)} ${Number(h)} * * *`;
}

export function cronFileText(spec: ScheduleSpec): string {
  return [
    `# litellm-mcp: nightly backup of ${spec.dir}, keeping the newest ${spec.keep}. Remove with: litellm-mcp backup --unschedule --dir ${quote(spec.dir)}`,
    // cron's own PATH is /usr/bin:/bin; docker and node may live elsewhere.
    `PATH=${[dirname(spec.node), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'].filter((p, i, all) => all.indexOf(p) === i).join(':')}`,
    `${cronTime(spec.at)} root ${jobCommand(spec)}`,
    '',
  ].join('\n');
}

export function scheduleText(spec: ScheduleSpec): string {
  const command = jobCommand(spec);
  const [h, m] = spec.at.split(':');
  return [
    `# Nightly backup of LiteLLM's database, keeping the newest ${spec.keep}. Installed for you by: litellm-mcp backup --schedule --install`,
    `# or as root put this line in ${cronFile(spec.dir)}`,
    `${cronTime(spec.at)} root ${command}`,
    '',
    '# Or a systemd timer: /etc/systemd/system/litellm-mcp-backup.service',
    '[Service]',
    'Type=oneshot',
    `ExecStart=/bin/sh -c ${JSON.stringify(command)}`,
    '# /etc/systemd/system/litellm-mcp-backup.timer, then: systemctl enable --now litellm-mcp-backup.timer',
    '[Timer]',
    `OnCalendar=*-*-* ${h}:${m}:00`,
    'Persistent=true',
    '[Install]',
    'WantedBy=timers.target',
    '',
    '# `litellm-mcp check` reports the age of the newest backup and fails when it is older than two days.',
  ].join('\n');
}

function requireCronDir(): void {
  if (!existsSync(cronDir)) {
    throw new UsageError(`${cronDir} does not exist: this host has no cron that reads it.`, 'Install cron (e.g. `apt-get install cron`), or use the systemd timer that `litellm-mcp backup --schedule` prints.');
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new UsageError(`Writing ${cronDir} needs root.`, 'Run it with sudo, or add the line `litellm-mcp backup --schedule` prints to your own crontab (`crontab -e`, without the "root" field).');
  }
}

/** Writes (or rewrites) the cron file: 0644 and root's, or cron ignores it. Returns its path and whether it changed. */
export function installSchedule(spec: ScheduleSpec): { file: string; changed: boolean } {
  requireCronDir();
  const file = cronFile(spec.dir);
  const text = cronFileText(spec);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (before !== text) writeFileAtomic(file, text, 0o644);
  return { file, changed: before !== text };
}

export function removeSchedule(dir: string): string | undefined {
  const file = cronFile(dir);
  if (!existsSync(file)) return undefined;
  requireCronDir();
  rmSync(file);
  return file;
}
