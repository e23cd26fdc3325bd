/**
 * pg_dump and pg_restore run in a one-off container of the PostgreSQL image the database itself runs, on
 * the Docker network it is reached on: no client on the host, and the tools' version always matches the
 * server's. The password goes in a 0600 env file in secrets/ that is removed at once: never in argv.
 */
import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TaskFailure } from '../core/errors.js';
import { redact } from '../core/redact.js';

export interface PgToolTarget {
  image: string;
  network: string;
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export interface PgToolRun {
  /** Where the tool's stdout goes (pg_dump). */
  stdoutFile?: string;
  /** What the tool reads on stdin (pg_restore). */
  stdinFile?: string;
  /** A folder only the owner may read (secrets/): the env file lives there for the run. */
  privateDir: string;
}

export async function runPgTool(tool: 'pg_dump' | 'pg_restore', args: string[], t: PgToolTarget, run: PgToolRun): Promise<void> {
  const envFile = join(run.privateDir, `.pgtool-${randomBytes(6).toString('hex')}.env`);
  writeFileSync(envFile, `PGPASSWORD=${t.password}\n`, { mode: 0o600 });
  try {
    const argv = ['run', '--rm', ...(run.stdinFile ? ['-i'] : []), '--network', t.network, '--env-file', envFile, '--entrypoint', tool, t.image,
      '-h', t.host, '-p', String(t.port), '-U', t.user, '-d', t.database, ...args];
    const r = await execa('docker', argv, {
      reject: false,
      ...(run.stdoutFile ? { stdout: { file: run.stdoutFile } } : {}),
      ...(run.stdinFile ? { inputFile: run.stdinFile } : { stdin: 'ignore' as const }),
    });
    if (r.exitCode !== 0) {
      const said = redact(String(r.stderr)).trim();
      // The tools run as the database's owner role: an object another role owns is out of its reach.
      const fix = /permission denied for (table|sequence|schema)/.test(said)
        ? `An object in ${t.database} belongs to another role than ${t.user}: give it to ${t.user} (ALTER TABLE ... OWNER TO ${t.user}), as everything LiteLLM creates is.`
        : `Check that ${t.host} is up on ${t.network} (\`litellm-mcp check\`) and that the image ${t.image} has ${tool}.`;
      throw new TaskFailure(`${tool} of ${t.database} failed (exit ${r.exitCode}): ${said.split('\n').slice(-5).join(' | ')}`, fix);
    }
  } finally {
    rmSync(envFile, { force: true });
  }
}
