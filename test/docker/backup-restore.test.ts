/**
 * Backup and restore end to end, judged by what the database holds and what a key can do: mint a key,
 * write spend rows, back up, `down --purge`, `init` again (a new, empty database and a new key), restore,
 * and the key minted before the backup works again with every row back. A damaged file is refused, and a
 * dump pg_restore cannot read leaves the live database as it was. Real Docker, compose v2, PostgreSQL.
 * Its own deployment name (backup): it runs beside the other files.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, cli, tempDir } from '../support/cli.js';
import { docker } from '../support/docker.js';
import { deployOnce, imageFlags } from '../support/images.js';
import { defaultPorts } from '../../src/core/questions.js';

const name = 'backup';
const dir = tempDir();
const psql = (sql: string, db = 'litellm_db') => docker('exec', `${name}-postgres-1`, 'psql', '-U', 'postgres', '-d', db, '-tAc', sql);
const clientKey = () => /^LITELLM_API_KEY=(\S+)$/m.exec(readFileSync(join(dir, 'secrets/client.env'), 'utf8'))?.[1] ?? '';
const models = async (key: string) => (await fetch(`http://127.0.0.1:${defaultPorts(name).litellm}/v1/models`, { headers: { authorization: `Bearer ${key}` } })).status;
const dumps = () => readdirSync(join(dir, 'backups')).filter((f) => f.endsWith('.dump')).sort();

/** Spend rows as LiteLLM keeps them (its LiteLLM_SpendLogs key columns), owned by LiteLLM's role. */
async function writeSpendRows(n: number): Promise<void> {
  await psql(`CREATE TABLE IF NOT EXISTS "LiteLLM_SpendLogs" (request_id text PRIMARY KEY, call_type text NOT NULL DEFAULT 'acompletion', spend double precision NOT NULL DEFAULT 0, "startTime" timestamp(3) NOT NULL, "endTime" timestamp(3) NOT NULL, model text NOT NULL DEFAULT '')`);
  await psql('ALTER TABLE "LiteLLM_SpendLogs" OWNER TO litellm_user');
  await psql(`INSERT INTO "LiteLLM_SpendLogs" (request_id, spend, "startTime", "endTime", model) SELECT 'req-' || g, g * 0.0001, now(), now(), 'mock-gpt' FROM generate_series(1, ${n}) g`);
}

deployOnce(dir, name);

describe('backup and restore', () => {
  it('backs up, and after down --purge and a new init, restores: the key minted before works again, every row is back', async () => {
    await writeSpendRows(10_000);
    const key = clientKey();
    expect(await models(key)).toBe(200);

    const b = await cli(['backup', '--dir', dir]);
    expect(b.code, b.stdout + b.stderr).toBe(0);
    expect(b.stdout).toMatch(/^Backed up litellm_db to backups\/\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.dump \([\d.]+ KiB, sha256 [0-9a-f]{12}…\) in [\d.]+ s\.$/m);
    const [dump] = dumps();
    const file = join(dir, 'backups', dump!);
    expect((statSync(join(dir, 'backups')).mode & 0o777).toString(8)).toBe('700');
    for (const f of [file, `${file}.sha256`, file.replace(/\.dump$/, '.client.env'), file.replace(/\.dump$/, '.answers.yaml')]) expect((statSync(f).mode & 0o777).toString(8)).toBe('600');
    // The checksum is sha256sum's own line, and the dump pg_dump's custom format.
    expect(readFileSync(`${file}.sha256`, 'utf8')).toBe(`${createHash('sha256').update(readFileSync(file)).digest('hex')}  ${dump}\n`);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('PGDMP');
    expect(readFileSync(join(dir, 'STATUS.md'), 'utf8')).not.toContain(key);

    expect((await cli(['down', '--purge', '--dir', dir])).code).toBe(0);
    const again = await cli(['init', '--yes', '--dir', dir, ...imageFlags({ name })]);
    expect(again.code, again.stdout).toBe(0);
    // A new, empty database: the old key is unknown there, and phase F minted another.
    expect(await models(key)).toBe(401);
    expect(clientKey()).not.toBe(key);
    expect(await psql(`SELECT count(*) FROM pg_tables WHERE tablename = 'LiteLLM_SpendLogs'`)).toBe('0');

    const r = await cli(['restore', file, '--dir', dir, '--yes']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Restored .*\.dump into litellm_db in [\d.]+ s; the client key minted before the backup works again \(GET \/v1\/models → 200\) and is back in secrets\/client\.env/);
    expect(await models(key)).toBe(200);
    expect(clientKey()).toBe(key);
    expect(await psql('SELECT count(*) FROM "LiteLLM_SpendLogs"')).toBe('10000');
    // Nothing lost: the database it replaced is kept under another name.
    const kept = /kept as (litellm_db_before_\d+)/.exec(r.stdout)?.[1];
    expect(await psql(`SELECT count(*) FROM pg_database WHERE datname = '${kept}'`, 'postgres')).toBe('1');
    // The MCP role stays out of the restored database too.
    expect(await psql("SELECT has_database_privilege('mcp_readonly', 'litellm_db', 'CONNECT')", 'postgres')).toBe('f');
    // And phase f writes the restored key into the client files, minting nothing.
    const f = await cli(['phase', 'f', '--dir', dir]);
    expect(f.code, f.stdout).toBe(0);
    expect(f.stdout).toMatch(/ok\s+Client key .*is valid with the configured scope/);
    expect(readFileSync(join(dir, 'clients/claude-desktop.json'), 'utf8')).toContain(key);
  }, 300_000);

  it('refuses a damaged backup, and leaves the live database as it was when pg_restore fails', async () => {
    const [dump] = dumps();
    const file = join(dir, 'backups', dump!);
    const original = readFileSync(file);
    const before = await psql('SELECT count(*) FROM "LiteLLM_SpendLogs"');
    const damaged = Buffer.from(original);
    damaged[damaged.length - 10] = damaged[damaged.length - 10]! ^ 0xff;
    writeFileSync(file, damaged);
    const refused = await cli(['restore', file, '--dir', dir, '--yes']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/fails its checksum: its SHA-256 is [0-9a-f]{12}…, .*\.sha256 says [0-9a-f]{12}…/);

    // A file whose checksum matches but that is no dump: refused by pg_restore, nothing swapped.
    const bogus = join(dir, 'backups', '2020-01-01T00-00-00Z.dump');
    writeFileSync(bogus, 'not a dump at all\n', { mode: 0o600 });
    writeFileSync(`${bogus}.sha256`, `${createHash('sha256').update('not a dump at all\n').digest('hex')}  2020-01-01T00-00-00Z.dump\n`);
    const broken = await cli(['restore', bogus, '--dir', dir, '--yes']);
    expect(broken.code).toBe(1);
    expect(broken.stdout + broken.stderr).toMatch(/pg_restore of litellm_db_restore_\d+ failed/);
    expect(await psql('SELECT count(*) FROM "LiteLLM_SpendLogs"')).toBe(before);
    expect(await psql("SELECT count(*) FROM pg_database WHERE datname LIKE 'litellm_db_restore_%'", 'postgres')).toBe('0');
    expect(await docker('inspect', '-f', '{{.State.Status}}', `${name}-litellm-1`)).toBe('running');

    // Without --yes and nobody at a terminal, nothing happens.
    writeFileSync(file, original);
    const unasked = await cli(['restore', file, '--dir', dir]);
    expect(unasked.code).toBe(2);
    expect(unasked.stderr).toMatch(/no one is here to confirm it[\s\S]*pass --yes/);
  }, 120_000);

  it('--keep prunes the oldest with their files; --schedule prints a nightly line; check reports the age', async () => {
    for (let i = 0; i < 2; i++) {
      await new Promise((r) => setTimeout(r, 1100)); // one name per second
      expect((await cli(['backup', '--dir', dir, '--keep', '2'])).code).toBe(0);
    }
    const left = dumps();
    expect(left).toHaveLength(2);
    expect(readdirSync(join(dir, 'backups')).filter((f) => f.startsWith('2020-01-01'))).toEqual([]);
    const schedule = await cli(['backup', '--schedule', '--keep', '7', '--dir', dir]);
    // The job runs this very program by its absolute path: a schedule never fetches another version.
    expect(schedule.stdout).toContain(`17 3 * * * root cd '${dir}' && '${process.execPath}' '${bin}' backup --keep 7 >> backups/backup.log 2>&1\n`);
    expect(schedule.stdout).toMatch(/OnCalendar=\*-\*-\* 03:17:00/);
    const check = await cli(['check', '--dir', dir]);
    expect(check.stdout).toMatch(new RegExp(`^ok {4}last backup: ${left[1]!.replace('.', '\\.')}, \\d+ min old`, 'm'));
    expect(readFileSync(join(dir, 'STATUS.md'), 'utf8')).toMatch(/## Backups\n\nNewest: backups\/.*\.dump/);
  }, 120_000);

  it('--schedule --install writes a cron.d file that, run as cron runs it, makes a backup; --unschedule removes it', async () => {
    const bad = await cli(['backup', '--schedule', '--install', '--at', '25:00', '--dir', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--at "25:00" is not a time of day[\s\S]*HH:MM/);

    const r = await cli(['backup', '--schedule', '--install', '--at', '4:05', '--keep', '3', '--dir', dir]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const file = /^Installed: (\/etc\/cron\.d\/litellm-mcp-backup-[A-Za-z0-9_-]+), every day at 04:05/m.exec(r.stdout)?.[1];
    expect(file, r.stdout).toBeDefined();
    try {
      // cron reads only root's files that group and others cannot write.
      const st = statSync(file!);
      expect([(st.mode & 0o777).toString(8), st.uid]).toEqual(['644', 0]);
      const text = readFileSync(file!, 'utf8');
      const path = /^PATH=(.+)$/m.exec(text)?.[1];
      const job = /^5 4 \* \* \* root (.+)$/m.exec(text)?.[1];
      expect(path && job, text).toBeTruthy();
      expect((await cli(['backup', '--schedule', '--install', '--at', '04:05', '--keep', '3', '--dir', dir])).stdout).toMatch(/^Already installed: /);

      // As cron runs a job: /bin/sh -c, the file's PATH, nothing else from this environment.
      const before = dumps();
      await new Promise((res) => setTimeout(res, 1100)); // one name per second
      const run = await execa('/bin/sh', ['-c', job!], { env: { PATH: path!, HOME: '/root', SHELL: '/bin/sh' }, extendEnv: false, cwd: '/', reject: false });
      expect(run.exitCode, run.stderr).toBe(0);
      const after = dumps();
      expect(after.length).toBeGreaterThan(0);
      expect(after.at(-1)! > before.at(-1)!).toBe(true);
      expect(after.length).toBeLessThanOrEqual(3);
      expect(readFileSync(join(dir, 'backups/backup.log'), 'utf8')).toMatch(/^Backed up litellm_db to backups\/.*\.dump /m);
      expect(readFileSync(join(dir, 'STATUS.md'), 'utf8')).toContain(`Scheduled: every day at 04:05 (host time), keeping the newest 3, by ${file}`);
    } finally {
      const off = await cli(['backup', '--unschedule', '--dir', dir]);
      expect(off.stdout).toContain(`Removed the nightly backup: ${file}.`);
    }
    expect(existsSync(file!)).toBe(false);
    expect(readFileSync(join(dir, 'STATUS.md'), 'utf8')).not.toContain('Scheduled:');
  }, 120_000);
});
