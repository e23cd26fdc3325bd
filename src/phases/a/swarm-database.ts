/**
 * The dedicated PostgreSQL on a swarm: one task of the LiteLLM stack, pinned to the labelled node
 * (its volume lives there; the database is not replicated). Phase A deploys it alone, from the same
 * stack model phase B writes (`databaseOnlyStack`), so the roles are made before LiteLLM starts, as on
 * compose. This host reaches it as admin through a relay on the overlay network: the service publishes
 * no port.
 */
import type { Context } from '../../core/context.js';
import { TaskFailure } from '../../core/errors.js';
import { projectsOf, services } from '../../core/paths.js';
import type { Task } from '../../core/task.js';
import { startRelay } from '../../infra/overlay-relay.js';
import { deployStack, stackState } from '../e/swarm-deploy.js';
import { databaseOnlyStack } from '../shared/stack-files.js';

const serviceName = (ctx: Context) => `${projectsOf(ctx.answers.name).gateway}_${services.postgres}`;

async function databaseRunning(ctx: Context): Promise<{ running: number; wanted: number } | undefined> {
  const states = await stackState((await ctx.infra.docker()).raw, projectsOf(ctx.answers.name).gateway);
  return states.find((s) => s.name === serviceName(ctx));
}

const relays = new WeakMap<Context, Promise<number>>();

/** The host port of a relay to the database service, one per run, removed when the run ends. */
export async function databaseRelayPort(ctx: Context): Promise<number> {
  let port = relays.get(ctx);
  if (!port) {
    port = (async () => {
      const s = await databaseRunning(ctx);
      if (!s || s.running < 1) {
        throw new TaskFailure(
          `The dedicated PostgreSQL service ${serviceName(ctx)} ${s ? 'has no running task' : 'does not exist'}.`,
          `Run \`litellm-mcp phase a\`: it deploys it; if it does not start, \`docker service ps --no-trunc ${serviceName(ctx)}\` says why.`,
        );
      }
      const a = ctx.answers;
      const relay = await startRelay((await ctx.infra.docker()).raw, { image: a.litellmImage, network: a.network, host: services.postgres, port: 5432, deployment: a.name });
      (ctx.cleanups ??= []).push(relay.close);
      return Number(new URL(relay.base).port);
    })();
    relays.set(ctx, port);
    port.catch(() => relays.delete(ctx));
  }
  return port;
}

export const swarmDatabaseTask: Task = {
  title: 'Dedicated PostgreSQL service',
  async check(ctx) {
    const s = await databaseRunning(ctx);
    if (s && s.running >= 1) {
      const { serverFacts } = await import('./database-server.js');
      return { status: 'ok', message: `${serviceName(ctx)} runs (${s.running}/${s.wanted})`, facts: await serverFacts(ctx) };
    }
    return { status: 'change', message: `${serviceName(ctx)} to deploy (one task, on this node)` };
  },
  async apply(ctx) {
    // The file on stdin: it holds no secret (the secrets are Docker secrets already), and no other service.
    await deployStack(ctx, projectsOf(ctx.answers.name).gateway, { dir: ctx.paths.litellmDir, text: databaseOnlyStack(ctx) }, 'litellm-mcp phase a');
    const { serverFacts } = await import('./database-server.js');
    return { status: 'changed', message: `${serviceName(ctx)} deployed and healthy (one task, pinned to this node; not replicated)`, facts: await serverFacts(ctx) };
  },
};
