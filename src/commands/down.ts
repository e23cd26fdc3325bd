/**
 * `down`: stop both stacks (and each added MCP server's). `--purge` also removes their volumes and the network this tool created.
 * Phase E's, F's and G's records go with them: what they proved is no longer running, so the report says
 * PENDING. The client key stays in LiteLLM's database (gone with --purge): phase f checks it again.
 * At a terminal, --purge asks first. A shared PostgreSQL keeps LiteLLM's database and the roles unless
 * --drop-database is given; that names them and asks again (or needs --yes), and drops only what phase A
 * recorded as created by this tool, never a database or role it found.
 */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import type { Answers } from '../core/answers.js';
import { generated, projectsOf, deploymentPaths, type Paths } from '../core/paths.js';
import { acquireLock } from '../core/lock.js';
import { loadState, saveState, type State } from '../core/state.js';
import type { Context } from '../core/context.js';
import { CancelledError, UsageError } from '../core/errors.js';
import { describeDatabase } from '../phases/shared/database-admin.js';
import { writeReport } from '../report/write-report.js';
import { createdByLabel } from '../infra/labels.js';
import { plainOutput, type Output } from '../output/output.js';
import { adminOptions, appliedAnswers, buildContext, resolveDir, type AdminFlags, type GlobalOptions } from './deployment.js';
import { isInteractive, type Interaction } from './interaction.js';
import { addedNames } from '../servers/gateway-servers.js';

export interface DownFlags extends GlobalOptions, AdminFlags, Interaction {
  purge?: boolean;
  dropDatabase?: boolean;
}

export async function down(flags: DownFlags, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const out = plainOutput();
  const paths = deploymentPaths(resolveDir(flags, env, cwd));
  // What was deployed, not a later edit of the answers; a folder without a deployment is refused here.
  const state = loadState(paths.stateFile);
  const answers = appliedAnswers(paths, state, env);
  const drop = flags.dropDatabase ? await dropPlan(paths, answers, state, flags, env) : undefined;
  if (flags.purge) await confirm(flags, env, `Remove the volumes of ${answers.name}'s stacks${answers.dbStrategy === 'dedicated' ? ' (the dedicated PostgreSQL\'s data: every key and spend log)' : ''} and the network ${answers.network}?`);
  if (drop?.names.length) {
    const what = `${drop.names.join(' and ')} on ${describeDatabase(answers)}`;
    await confirm(flags, env, `Drop ${what}? What LiteLLM stored there is gone for good.`, new UsageError(`down --drop-database would drop ${what}, and no one is here to confirm it.`, 'Run it at a terminal, or add --yes.'));
  }
  // Not while a run deploys into the same folder.
  const lock = acquireLock(paths.lockFile, 'down');
  try {
    const code = await stopStacks(paths, answers, flags, out);
    if (drop) await dropDatabase(drop, out);
    return code;
  } finally {
    lock.release();
  }
}

/**
 * At a terminal: a question, no by default. Elsewhere --purge goes ahead (a script asked for it), but
 * dropping a shared database throws `unattended` without --yes: it is the one thing `down` cannot undo.
 */
async function confirm(flags: DownFlags, env: NodeJS.ProcessEnv, question: string, unattended?: UsageError): Promise<void> {
  if (flags.yes) return;
  if (!isInteractive(flags, env)) {
    if (unattended) throw unattended;
    return;
  }
  const [p, { abortIfCancelled }] = await Promise.all([import('@clack/prompts'), import('../wizard/abort-if-cancelled.js')]);
  if (!abortIfCancelled(await p.confirm({ message: question, initialValue: false }))) throw new CancelledError('Not confirmed: nothing was changed.');
}

interface DropPlan {
  ctx: Context;
  databases: string[];
  roles: string[];
  /** "the database litellm_db", "the roles litellm_user, mcp_readonly" */
  names: string[];
  /** Named in the answers but not created by this tool: left, and said. */
  found: string[];
}

async function dropPlan(paths: Paths, answers: Answers, state: State, flags: DownFlags, env: NodeJS.ProcessEnv): Promise<DropPlan> {
  if (answers.dbStrategy !== 'shared') {
    throw new UsageError('--drop-database is for a shared PostgreSQL; this deployment has its own.', 'Use `down --purge`: the dedicated PostgreSQL\'s data is its volume.');
  }
  const created = state.created ?? {};
  const databases = [answers.dbName].filter((d) => created.databases?.includes(d));
  const roles = [answers.dbUser, answers.mcpRole].filter((r) => created.roles?.includes(r));
  const found = [
    ...[answers.dbName].filter((d) => !databases.includes(d)).map((d) => `database ${d}`),
    ...[answers.dbUser, answers.mcpRole].filter((r) => !roles.includes(r)).map((r) => `role ${r}`),
  ];
  const names = [
    ...(databases.length ? [`the database ${databases.join(', ')}`] : []),
    ...(roles.length ? [`the role${roles.length > 1 ? 's' : ''} ${roles.join(', ')}`] : []),
  ];
  const ctx = buildContext(paths, answers, { force: false, resetDbPassword: false, ...adminOptions(flags, env) }, plainOutput());
  return { ctx, databases, roles, names, found };
}

async function dropDatabase(plan: DropPlan, out: Output): Promise<void> {
  const [{ withClient, quoteIdent: id }, { adminTarget }] = await Promise.all([import('../infra/postgres.js'), import('../phases/shared/database-admin.js')]);
  const a = plan.ctx.answers;
  const roles = await withClient(await adminTarget(plan.ctx), async (c) => {
    for (const db of plan.databases) {
      await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [db]);
      await c.query(`DROP DATABASE IF EXISTS ${id(db)}`);
      out.info(`Dropped the database ${db}.`);
    }
    return (await c.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname = ANY($1)', [plan.roles])).rows.map((r) => r.rolname);
  });
  if (roles.length) {
    // A role's grants live in each database it was granted on: the MCP role's in the one it reads, where
    // DROP OWNED revokes them (it owns nothing: phase A gives it only read grants). DROP ROLE is for the
    // whole server, so it runs on the same connection.
    await withClient(await adminTarget(plan.ctx, a.mcpDatabase), async (c) => {
      for (const role of roles) await c.query(`DROP OWNED BY ${id(role)}`);
      for (const role of roles) {
        await c.query(`DROP ROLE ${id(role)}`).catch((error: Error) => {
          // Grants in a database this tool never touched: the admin's to clear; the record stays, so the
          // same command finishes the job afterwards.
          throw new Error(`Could not drop the role ${role}: ${error.message}. Fix: as an admin, run DROP OWNED BY ${role}; in each database it is still granted on, then \`litellm-mcp down --drop-database\` again.`);
        });
        out.info(`Dropped the role ${role}.`);
      }
    });
  }
  const state = loadState(plan.ctx.paths.stateFile);
  delete state.created;
  delete state.phases.a;
  saveState(plan.ctx.paths.stateFile, state);
  writeReport(plan.ctx.paths, a, state);
  if (plan.found.length) out.warn(`Left ${plan.found.join(', ')}: litellm-mcp did not create them (or has no record of it). Drop them yourself if they are no longer used.`);
}

export async function stopStacks(paths: Paths, answers: Answers, flags: { purge?: boolean }, out: Output): Promise<number> {
  if (answers.target === 'swarm') {
    const [{ connectDocker }, { stopSwarmStacks }] = await Promise.all([import('../infra/docker.js'), import('./swarm-down.js')]);
    await stopSwarmStacks((await connectDocker()).raw, answers, flags.purge === true, out);
  } else await stopComposeStacks(paths, answers, flags, out);
  return recordStopped(paths, answers, flags, out);
}

async function stopComposeStacks(paths: Paths, answers: Answers, flags: { purge?: boolean }, out: Output): Promise<void> {
  const { detectCompose } = await import('../infra/compose.js');
  const compose = await detectCompose();
  const stacks: Array<[string, string]> = [
    [projectsOf(answers.name).gateway, generated.litellmCompose],
    [projectsOf(answers.name).connector, generated.mcpCompose],
    // Servers added with `mcp add`: their stacks too (stopped, never removed from the answers).
    ...answers.mcpServers.map((s): [string, string] => [addedNames(answers.name, s.name).project, addedNames(answers.name, s.name).composeRel]),
  ];
  for (const [project, rel] of stacks) {
    const file = join(paths.dir, rel);
    const args = existsSync(file) ? ['-p', project, '-f', file, 'down'] : ['-p', project, 'down'];
    if (flags.purge) args.push('--volumes');
    await compose.run(args);
    out.info(`Stopped ${project}${flags.purge ? ' and removed its volumes' : ''}.`);
  }
}

async function recordStopped(paths: Paths, answers: Answers, flags: { purge?: boolean }, out: Output): Promise<number> {
  const state = loadState(paths.stateFile);
  delete state.phases.e;
  delete state.phases.f;
  delete state.phases.g;
  delete state.deployed;
  state.services = [];
  state.servicesAt = new Date().toISOString();
  saveState(paths.stateFile, state);
  writeReport(paths, answers, state);
  if (flags.purge) {
    const { connectDocker } = await import('../infra/docker.js');
    const docker = await connectDocker();
    const network = await docker.network(answers.network);
    if (network?.labels[createdByLabel]) {
      await docker.raw.getNetwork(answers.network).remove();
      out.info(`Removed the network ${answers.network}.`);
    }
  }
  return 0;
}
