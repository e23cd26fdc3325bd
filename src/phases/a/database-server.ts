/**
 * The database server. Dedicated: started here from the same compose model phase B writes (read from
 * stdin, only its postgres service), so the next tasks work exactly as with a shared server. Shared:
 * located and logged into as admin.
 */
import { imageOptions, type Answers } from '../../core/answers.js';
import type { Context } from '../../core/context.js';
import { ComposeError, TaskFailure } from '../../core/errors.js';
import { projectsOf, services } from '../../core/paths.js';
import { redact } from '../../core/redact.js';
import type { Outcome, Task } from '../../core/task.js';
import { verifyTask } from '../../core/task.js';
import { diagnoseComposeUp } from '../../diagnose/compose-up.js';
import { renderLitellmCompose } from '../../render/litellm-compose.js';
import { adminTarget, describeDatabase } from '../shared/database-admin.js';
import { waitingFor } from '../../output/wait-notice.js';
import { swarmDatabaseTask } from './swarm-database.js';

const healthDeadlineMs = 90_000;

export async function serverFacts(ctx: Context): Promise<Record<string, string>> {
  const { withClient, serverVersion, describeTarget } = await import('../../infra/postgres.js');
  const target = await adminTarget(ctx);
  const version = await withClient(target, serverVersion);
  return {
    'Database server': `${describeDatabase(ctx.answers)}, PostgreSQL ${Math.floor(version / 10000)}`,
    'Admin connection': describeTarget(target),
  };
}

export const dedicatedDatabaseTask: Task = {
  title: 'Dedicated PostgreSQL container',
  async check(ctx) {
    const c = await (await ctx.infra.docker()).findService(projectsOf(ctx.answers.name).gateway, services.postgres, ctx.answers.network);
    if (c?.state === 'running' && c.health === 'healthy') {
      return { status: 'ok', message: `${c.name} is running and healthy`, facts: await serverFacts(ctx) };
    }
    return { status: 'change', message: c ? `${c.name} is ${c.health ?? c.state}; to start` : 'to start' };
  },
  async apply(ctx): Promise<Outcome> {
    const compose = await ctx.infra.compose();
    const args = ['-p', projectsOf(ctx.answers.name).gateway, '--project-directory', ctx.paths.litellmDir, '-f', '-', 'up', '-d', '--no-deps', services.postgres];
    const docker = await ctx.infra.docker();
    await compose.run(args, { input: renderLitellmCompose(ctx.answers) }).catch(async (error: Error) => {
      // The same rules as phase E's `up` (diagnose/compose-rules.ts): one rule set for every compose call.
      const output = error instanceof ComposeError ? error.output : redact(error.message);
      const { portHolder } = await import('../../infra/port-holder.js');
      const issue = await diagnoseComposeUp({ output, images: [ctx.answers.postgresImage], portHolder: (port) => portHolder(docker, port), imageOptions: imageOptions(ctx.answers) });
      throw new TaskFailure(`Could not start the dedicated PostgreSQL. ${issue.problem}`, issue.fix, issue.cause);
    });
    const c = await docker.findService(projectsOf(ctx.answers.name).gateway, services.postgres, ctx.answers.network);
    if (!c) throw new TaskFailure('compose reported success but no PostgreSQL container exists.', 'Run `docker compose ls` and `docker ps -a` to see what happened.');
    const [{ waitHealthy }, { lastLogLines }] = await Promise.all([import('../../infra/health.js'), import('../../infra/docker-logs.js')]);
    const health = await waitingFor(ctx.out, `${c.name} to be healthy`, healthDeadlineMs, () => waitHealthy(docker.raw, c.id, healthDeadlineMs));
    if ('detail' in health) {
      const logs = (await lastLogLines(docker.raw, c.id, 10)).map(redact).join(' | ');
      throw new TaskFailure(`PostgreSQL (${c.name}) ${health.detail}. Last log lines: ${logs}`, 'Check the image (--postgres-image) and the container log: docker logs ' + c.name);
    }
    return { status: 'changed', message: `${c.name} started, ${health.status} after ${(health.ms / 1000).toFixed(1)} s`, facts: await serverFacts(ctx) };
  },
};

/**
 * What the next tasks will create, and whether this admin may: a missing right is named here, before
 * anything is made, rather than as a bare "permission denied" half-way through the roles.
 */
async function missingRights(ctx: Context): Promise<string[]> {
  const pg = await import('../../infra/postgres.js');
  const a = ctx.answers;
  return pg.withClient(await adminTarget(ctx), async (c) => {
    const [me] = (await c.query<{ rolsuper: boolean; rolcreaterole: boolean; rolcreatedb: boolean }>('SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user')).rows;
    if (!me || me.rolsuper) return [];
    const missingRoles: string[] = [];
    for (const r of [a.dbUser, a.mcpRole]) if (!(await pg.role(c, r))) missingRoles.push(r);
    const dbMissing = !(await pg.databaseOwner(c, a.dbName));
    const out: string[] = [];
    if (missingRoles.length && !me.rolcreaterole) out.push(`CREATEROLE (to create the role${missingRoles.length > 1 ? 's' : ''} ${missingRoles.join(', ')})`);
    if (dbMissing && !me.rolcreatedb) out.push(`CREATEDB (to create the database ${a.dbName})`);
    return out;
  });
}

export const sharedDatabaseTask: Task = verifyTask('Shared PostgreSQL reachable as admin', async (ctx) => {
  const facts = await serverFacts(ctx);
  const missing = await missingRights(ctx);
  const admin = ctx.answers.dbAdminUser;
  if (missing.length) {
    throw new TaskFailure(
      `The admin ${admin} lacks ${missing.join(' and ')} on ${describeDatabase(ctx.answers)}.`,
      `As a superuser: ALTER ROLE ${admin} ${missing.map((m) => m.split(' ')[0]).join(' ')}; or give an admin that has them with --db-admin-user; or create them yourself and run again.`,
    );
  }
  return { status: 'ok', message: `connected as ${admin}`, facts };
});

export function databaseServerTask(a: Answers): Task {
  if (a.dbStrategy === 'dedicated' && a.target === 'swarm') return swarmDatabaseTask;
  return a.dbStrategy === 'dedicated' ? dedicatedDatabaseTask : sharedDatabaseTask;
}

