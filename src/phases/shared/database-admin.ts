/**
 * How this host reaches the database as its admin. The database may live only inside a Docker network
 * (no published port): then it is found through dockerode and reached at its bridge address.
 */
import { databaseAdminUser, type Answers } from '../../core/answers.js';
import type { Context } from '../../core/context.js';
import { TaskFailure } from '../../core/errors.js';
import { projectsOf, services } from '../../core/paths.js';
import { exitedWith } from '../../infra/exit-code.js';
import type { PgTarget } from '../../infra/postgres.js';
import { requireSecrets } from './secrets.js';

export const adminPasswordSources = 'LITELLM_MCP_DB_ADMIN_PASSWORD, PGPASSWORD or --db-admin-password-file';

export async function adminTarget(ctx: Context, database = 'postgres'): Promise<PgTarget> {
  const a = ctx.answers;
  if (a.dbStrategy === 'dedicated' && a.target === 'swarm') {
    const { databaseRelayPort } = await import('../a/swarm-database.js');
    return { host: '127.0.0.1', port: await databaseRelayPort(ctx), user: 'postgres', password: requireSecrets(ctx).postgresAdminPassword, database };
  }
  if (a.dbStrategy === 'dedicated') {
    const c = await (await ctx.infra.docker()).findService(projectsOf(a.name).gateway, services.postgres, a.network);
    if (!c || c.state !== 'running' || !c.ip) {
      const what = !c ? 'does not exist' : c.state === 'exited' ? exitedWith(c.exitCode) : c.state !== 'running' ? `is ${c.state}` : `is not on the network ${a.network}`;
      throw new TaskFailure(
        `The dedicated PostgreSQL container${c ? ` ${c.name}` : ''} ${what}.`,
        `Run the same command again (or \`litellm-mcp phase a\`): phase A starts it${c ? `; if it stops again, \`docker logs ${c.name}\` says why` : ''}.`,
      );
    }
    return { host: c.ip, port: 5432, user: 'postgres', password: requireSecrets(ctx).postgresAdminPassword, database };
  }
  const password = ctx.options.adminPassword;
  if (!password) {
    throw new TaskFailure(
      `No admin password for the shared PostgreSQL (user ${a.dbAdminUser}).`,
      `Provide it through ${adminPasswordSources}; it is used for this run only and never saved.`,
    );
  }
  if (ctx.options.adminHost) {
    return { host: ctx.options.adminHost, port: ctx.options.adminPort ?? a.dbPort, user: databaseAdminUser(a), password, database };
  }
  const found = await (await ctx.infra.docker()).findOnNetwork(a.postgresNetwork, a.dbHost);
  if (!found || !found.ip) {
    throw new TaskFailure(
      `No running container named or aliased "${a.dbHost}" on the network ${a.postgresNetwork}.`,
      `Pass the database's container name with --db-host, or its address reachable from this host with --db-admin-host (or PGHOST).`,
    );
  }
  return { host: found.ip, port: a.dbPort, user: databaseAdminUser(a), password, database };
}

/** The same server, logging in as another role (to prove its password). */
export function asRole(admin: PgTarget, user: string, password: string, database: string): PgTarget {
  return { ...admin, user, password, database };
}

export function describeDatabase(a: Answers): string {
  return a.dbStrategy === 'dedicated' ? 'the dedicated PostgreSQL' : `the shared PostgreSQL (${a.dbHost} on ${a.postgresNetwork})`;
}
