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
  const server = a.dbStrategy === 'dedicated'
    ? await api.findService(projectsOf(a.name).gateway, services.postgres, a.network)
    : await api.findOnNetwork(a.postgresNetwork, a.dbHost);
  if (!server || server.state !== 'running') {
    throw new TaskFailure(`The database server (${databaseHost(a)} on ${network}) is not running.`, a.dbStrategy === 'dedicated' ? 'Start it with `litellm-mcp phase e`.' : 'Start the shared PostgreSQL first.');
  }
  const image = (await api.raw.getContainer(server.name).inspect()).Config.Image;
  return { image, network, host: databaseHost(a), port: databasePort(a), user: a.dbUser, password: requireSecrets(ctx).litellmDbPassword, database };
}
