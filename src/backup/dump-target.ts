/**
 * Where pg_dump and pg_restore reach LiteLLM's database: its host name on the Docker network LiteLLM uses,
 * the image of the server's own container, and LiteLLM's role (the owner of its database, so a backup
 * needs no admin password, even on a shared server).
 */
import { databaseHost, databasePort } from '../core/answers.js';
import type { Context } from '../core/context.js';
import { TaskFailure } from '../core/errors.js';
import { projectsOf, services } from '../core/paths.js';
import type { PgToolTarget } from '../infra/pg-tools.js';
import { requireSecrets } from '../phases/shared/secrets.js';

export async function dumpTarget(ctx: Context, database = ctx.answers.dbName): Promise<PgToolTarget> {
  const a = ctx.answers;
  const api = await ctx.infra.docker();
  const network = a.dbStrategy === 'dedicated' ? a.network : a.postgresNetwork;
  if (a.dbStrategy === 'dedicated' && a.target === 'swarm') {
    // The database is a service on the attachable overlay: the tool's container joins it there, by name,
    // from the image the service runs (its task may be on the node phase A labelled, not this one).
    const name = `${projectsOf(a.name).gateway}_${services.postgres}`;
    const tasks = await api.raw.listTasks({ filters: { service: [name], 'desired-state': ['running'] } });
    if (!tasks.some((t) => t.Status?.State === 'running')) {
      throw new TaskFailure(`The database service ${name} has no running task.`, `Read \`docker service ps ${name}\`; \`litellm-mcp phase e\` deploys it again.`);
    }
    return { image: a.postgresImage, network, host: databaseHost(a), port: databasePort(a), user: a.dbUser, password: requireSecrets(ctx).litellmDbPassword, database };
  }
  const server = a.dbStrategy === 'dedicated'
    ? await api.findService(projectsOf(a.name).gateway, services.postgres, a.network)
    : await api.findOnNetwork(a.postgresNetwork, a.dbHost);
  if (!server || server.state !== 'running') {
    throw new TaskFailure(`The database server (${databaseHost(a)} on ${network}) is not running.`, a.dbStrategy === 'dedicated' ? 'Start it with `litellm-mcp phase e`.' : 'Start the shared PostgreSQL first.');
  }
  const image = (await api.raw.getContainer(server.name).inspect()).Config.Image;
  return { image, network, host: databaseHost(a), port: databasePort(a), user: a.dbUser, password: requireSecrets(ctx).litellmDbPassword, database };
}
