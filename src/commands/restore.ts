/**
 * `restore FILE`: LiteLLM's database from a backup, without ever leaving it half-restored. The file's
 * checksum must match; the person confirms (or passes --yes). The dump goes into a new database first;
 * only when pg_restore has finished is LiteLLM stopped and the two databases swapped by renaming (the old
 * one is kept, renamed, until the person drops it); LiteLLM is started again (keys are cached 60 s, so a
 * restart is needed anyway) and the client key is proven to work against what was restored.
 */
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type pg from 'pg';
import { readClientKey } from '../core/client-key.js';
import { runCleanups, type Context } from '../core/context.js';
import { CancelledError, TaskFailure, UsageError } from '../core/errors.js';
import { acquireLock } from '../core/lock.js';
import { deploymentPaths, projectsOf, services } from '../core/paths.js';
import { loadState } from '../core/state.js';
import { hostAddress } from '../infra/host-address.js';
import { checksumProblem } from '../backup/backup-files.js';
import { adminOptions, appliedAnswers, buildContext, resolveDir, type AdminFlags, type GlobalOptions } from './deployment.js';
import { isInteractive, makeOutput, type Interaction } from './interaction.js';

export interface RestoreFlags extends GlobalOptions, AdminFlags, Interaction {}

async function confirmed(flags: RestoreFlags, env: NodeJS.ProcessEnv, what: string): Promise<void> {
  if (flags.yes) return;
  if (!isInteractive(flags, env)) throw new UsageError(`restore replaces ${what}, and no one is here to confirm it.`, 'Run it at a terminal, or pass --yes.');
  const [p, { abortIfCancelled }] = await Promise.all([import('@clack/prompts'), import('../wizard/abort-if-cancelled.js')]);
  if (!abortIfCancelled(await p.confirm({ message: `Replace ${what}? The current one is kept under another name.`, initialValue: false }))) {
    throw new CancelledError('Not confirmed: nothing was changed.');
  }
}

async function admin<T>(ctx: Context, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const [{ withClient }, { adminTarget }] = await Promise.all([import('../infra/postgres.js'), import('../phases/shared/database-admin.js')]);
  return withClient(await adminTarget(ctx), work);
}

/** Renames `from` to `to` once nobody is connected to it (LiteLLM is stopped; this ends stragglers). */
async function rename(c: pg.Client, from: string, to: string): Promise<void> {
  const { quoteIdent } = await import('../infra/postgres.js');
  await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [from]);
  await c.query(`ALTER DATABASE ${quoteIdent(from)} RENAME TO ${quoteIdent(to)}`);
}

export async function restore(file: string, flags: RestoreFlags, env: NodeJS.ProcessEnv, cwd: string, stdout: NodeJS.WritableStream = process.stdout): Promise<number> {
  const paths = deploymentPaths(resolveDir(flags, env, cwd));
  const dump = resolve(cwd, file);
  if (!existsSync(dump)) throw new UsageError(`${file} does not exist.`, 'Give a file from backups/ (litellm-mcp backup makes them).');
  const problem = await checksumProblem(dump);
  if (problem) throw new UsageError(`${basename(dump)} fails its checksum: ${problem}.`, 'The file is damaged or was changed: restore another backup (or, if you trust it, write its sha256sum beside it).');
  const answers = appliedAnswers(paths, loadState(paths.stateFile), env);
  await confirmed(flags, env, `LiteLLM's database ${answers.dbName} with ${basename(dump)}`);

  const lock = acquireLock(paths.lockFile, 'restore');
  // Relays a swarm restore opens: removed when it ends, however it ends.
  const cleanups: Array<() => Promise<void>> = [];
  try {
    const ctx = buildContext(paths, answers, { force: false, resetDbPassword: false, ...adminOptions(flags, env) }, await makeOutput(flags, env));
    ctx.cleanups = cleanups;
    const [{ dumpTarget }, { runPgTool }, { quoteIdent }] = await Promise.all([import('../backup/dump-target.js'), import('../infra/pg-tools.js'), import('../infra/postgres.js')]);
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const fresh = `${answers.dbName}_restore_${stamp}`;
    const kept = `${answers.dbName}_before_${stamp}`;
    const started = performance.now();

    // 1. Into a new database owned by LiteLLM's role: the live one is untouched if this fails.
    await admin(ctx, (c) => c.query(`CREATE DATABASE ${quoteIdent(fresh)} OWNER ${quoteIdent(answers.dbUser)}`));
    try {
      await runPgTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--no-password'], await dumpTarget(ctx, fresh), { stdinFile: dump, privateDir: paths.secretsDir });
    } catch (error) {
      await admin(ctx, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(fresh)}`)).catch(() => undefined);
      throw error;
    }

    // 2. LiteLLM stopped, the databases swapped, LiteLLM started again.
    const swap = (): Promise<void> => admin(ctx, async (c) => {
      await rename(c, answers.dbName, kept);
      try {
        await rename(c, fresh, answers.dbName);
      } catch (error) {
        await rename(c, kept, answers.dbName);
        throw error;
      }
      // A new database lets PUBLIC connect; phase G keeps the MCP role out of this one.
      await c.query(`REVOKE CONNECT ON DATABASE ${quoteIdent(answers.dbName)} FROM PUBLIC`);
      await c.query(`GRANT CONNECT ON DATABASE ${quoteIdent(answers.dbName)} TO ${quoteIdent(answers.dbUser)}`);
    });
    const base = answers.target === 'swarm' ? await swarmPaused(ctx, kept, swap) : await composePaused(ctx, kept, swap);

    // 3. Proven by a key minted before the backup: the one kept beside the dump works again, and goes
    // back into secrets/client.env (the key there now may be one the restored database never knew).
    const works = async (key: string) => (await fetch(`${base}/v1/models`, { headers: { authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(10_000) })).status;
    const saved = readClientKey(dump.replace(/\.dump$/, '.client.env'));
    const current = readClientKey(paths.clientKeyFile);
    let proof = 'no client key was kept with this backup, and none is in secrets/client.env';
    if (saved && (await works(saved)) === 200) {
      if (saved !== current) {
        const { writeClientKey } = await import('../core/client-key.js');
        writeClientKey(paths.clientKeyFile, answers.clientKeyAlias, saved);
      }
      proof = `the client key minted before the backup works again (GET /v1/models → 200)${saved !== current ? ' and is back in secrets/client.env: run `litellm-mcp phase f` to write it into clients/' : ''}`;
    } else if (current) {
      const status = await works(current);
      proof = status === 200 ? 'the client key in secrets/client.env works against it' : `the client key in secrets/client.env is not in this backup (GET /v1/models → ${status}): run \`litellm-mcp phase f\` to mint one`;
    }
    stdout.write(`Restored ${basename(dump)} into ${answers.dbName} in ${((performance.now() - started) / 1000).toFixed(1)} s; ${proof}. The database it replaced is kept as ${kept}: drop it when you are satisfied (DROP DATABASE ${kept}).\n`);
    return 0;
  } finally {
    await runCleanups({ cleanups });
    lock.release();
  }
}

/** Compose: the container stopped for the swap, started again, healthy. Returns where LiteLLM answers. */
async function composePaused(ctx: Context, kept: string, swap: () => Promise<void>): Promise<string> {
  const a = ctx.answers;
  const api = await ctx.infra.docker();
  const litellm = await api.findService(projectsOf(a.name).gateway, services.litellm, a.network);
  if (!litellm) throw new TaskFailure('The LiteLLM container does not exist.', 'Deploy it first (`litellm-mcp phase e`), then restore.');
  await api.raw.getContainer(litellm.id).stop().catch((e: { statusCode?: number }) => { if (e.statusCode !== 304) throw e; });
  try {
    await swap();
  } finally {
    await api.raw.getContainer(litellm.id).start().catch((e: { statusCode?: number }) => { if (e.statusCode !== 304) throw e; });
  }
  const { waitHealthy } = await import('../infra/health.js');
  const health = await waitHealthy(api.raw, litellm.id, 120_000);
  if (health.status !== 'healthy') throw new TaskFailure(`LiteLLM did not come back healthy after the restore (${health.status}).`, `Read \`litellm-mcp logs litellm\`; the database before the restore is kept as ${kept}.`);
  return `http://${hostAddress(a.bindAddress)}:${a.litellmPort}`;
}

/**
 * Swarm: LiteLLM's service scaled to 0 for the swap (every replica, wherever it runs), back to its
 * replicas, each past its healthcheck. Returns a relay to its tasks on the overlay (the routing mesh's
 * port may not answer on this host), removed when the command ends.
 */
async function swarmPaused(ctx: Context, kept: string, swap: () => Promise<void>): Promise<string> {
  const a = ctx.answers;
  const api = (await ctx.infra.docker()).raw;
  const name = `${projectsOf(a.name).gateway}_${services.litellm}`;
  const [{ scaleService }, { startRelay }] = await Promise.all([import('../infra/swarm-scale.js'), import('../infra/overlay-relay.js')]);
  const stopWithinMs = 60_000;
  if (!(await scaleService(api, name, 0, stopWithinMs))) throw new TaskFailure(`${name} still runs tasks ${stopWithinMs / 1000} s after being scaled to 0; the database was not swapped.`, `Read \`docker service ps ${name}\`, then restore again (the new copy is dropped and made again).`);
  try {
    await swap();
  } finally {
    const back = await scaleService(api, name, a.litellmReplicas, 240_000);
    if (!back) throw new TaskFailure(`${name} did not come back to ${a.litellmReplicas} healthy task(s) after the restore.`, `Read \`litellm-mcp logs litellm\` and \`docker service ps ${name}\`; the database before the restore is kept as ${kept}.`);
  }
  const relay = await startRelay(api, { image: a.litellmImage, network: a.network, host: `tasks.${services.litellm}`, port: 4000, deployment: a.name });
  (ctx.cleanups ??= []).push(relay.close);
  return relay.base;
}
