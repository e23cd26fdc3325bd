/** Docker networks: the gateway's own is created when missing; the ones named as existing are verified. */
import type { Answers } from '../../core/answers.js';
import type { Context } from '../../core/context.js';
import type { Check, Task } from '../../core/task.js';
import { verifyTask } from '../../core/task.js';
import type { NetworkInfo } from '../../infra/docker.js';
import { createdByLabel } from '../../infra/labels.js';


function conflict(info: NetworkInfo): Check {
  return {
    status: 'failed',
    message: `network ${info.name} exists with driver "${info.driver}"`,
    issue: {
      problem: `A network named ${info.name} already exists with driver "${info.driver}"; containers on one host need "bridge". It was left as it is.`,
      fix: `Choose another name with --network, or remove that network if nothing uses it (docker network rm ${info.name}).`,
    },
  };
}

export const gatewayNetworkTask: Task = {
  title: 'Gateway network',
  async check(ctx) {
    const name = ctx.answers.network;
    const info = await (await ctx.infra.docker()).network(name);
    if (!info) return { status: 'change', message: `${name} to create (bridge)` };
    if (info.driver !== 'bridge') return conflict(info);
    const owner = info.labels[createdByLabel] ? 'created by litellm-mcp' : 'existing';
    return { status: 'ok', message: `${name} exists (bridge, ${owner})`, facts: { 'Gateway network': `${name} (bridge)` } };
  },
  async apply(ctx) {
    const name = ctx.answers.network;
    await (await ctx.infra.docker()).createNetwork(name);
    return { status: 'changed', message: `created ${name} (bridge, labelled ${createdByLabel})`, facts: { 'Gateway network': `${name} (bridge)` } };
  },
};

function existingNetworkTask(title: string, name: (a: Answers) => string, flag: string): Task {
  return verifyTask(title, async (ctx: Context): Promise<Check> => {
    const wanted = name(ctx.answers);
    const info = await (await ctx.infra.docker()).network(wanted);
    if (!info) {
      return {
        status: 'failed',
        message: `network ${wanted} does not exist`,
        issue: {
          problem: `The Docker network ${wanted} does not exist on this host.`,
          fix: `Find the right name with \`docker network ls\` and pass it with ${flag}, or create it first.`,
        },
      };
    }
    if (info.driver !== 'bridge' && info.driver !== 'overlay') return conflict(info);
    return { status: 'ok', message: `${wanted} exists (${info.driver})`, facts: { [title]: `${wanted} (${info.driver})` } };
  });
}

export function networkTasks(a: Answers): Task[] {
  const tasks = [gatewayNetworkTask];
  if (a.dbStrategy === 'shared') tasks.push(existingNetworkTask('PostgreSQL network', (x) => x.postgresNetwork, '--postgres-network'));
  if (a.traefik) tasks.push(existingNetworkTask('Traefik network', (x) => x.traefikNetwork, '--traefik-network'));
  for (const n of a.extraNetworks) tasks.push(existingNetworkTask(`Network ${n}`, () => n, '--extra-networks'));
  return tasks;
}
