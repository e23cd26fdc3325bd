/** Docker networks: the gateway's own is created when missing; the ones named as existing are verified. */
import type { Answers } from '../../core/answers.js';
import type { Context } from '../../core/context.js';
import type { Check, Task } from '../../core/task.js';
import { verifyTask } from '../../core/task.js';
import type { NetworkInfo } from '../../infra/docker.js';
import { createdByLabel } from '../../infra/labels.js';


/** Compose containers on one host join bridge networks; swarm services join attachable overlays. */
const driverOf = (a: Pick<Answers, 'target'>) => (a.target === 'swarm' ? 'overlay' : 'bridge');

function conflict(info: NetworkInfo, wanted: string): Check {
  const need = wanted === 'overlay' ? 'services of a swarm need "overlay" (attachable)' : 'containers on one host need "bridge"';
  return {
    status: 'failed',
    message: `network ${info.name} exists with driver "${info.driver}"`,
    issue: {
      problem: `A network named ${info.name} already exists with driver "${info.driver}"; ${need}. It was left as it is.`,
      fix: `Choose another name with --network, or remove that network if nothing uses it (docker network rm ${info.name}).`,
    },
  };
}

export const gatewayNetworkTask: Task = {
  title: 'Gateway network',
  async check(ctx) {
    const name = ctx.answers.network;
    const info = await (await ctx.infra.docker()).network(name);
    const driver = driverOf(ctx.answers);
    if (!info) return { status: 'change', message: `${name} to create (${driver})` };
    if (info.driver !== driver || (driver === 'overlay' && !info.attachable)) return conflict(info, driver);
    const owner = info.labels[createdByLabel] ? 'created by litellm-mcp' : 'existing';
    return { status: 'ok', message: `${name} exists (${driver}, ${owner})`, facts: { 'Gateway network': `${name} (${driver})` } };
  },
  async apply(ctx) {
    const name = ctx.answers.network;
    const driver = driverOf(ctx.answers);
    // Attachable: the phase E probe and `docker run` for a person's own checks can join it.
    await (await ctx.infra.docker()).createNetwork(name, driver);
    return { status: 'changed', message: `created ${name} (${driver}${driver === 'overlay' ? ', attachable' : ''}, labelled ${createdByLabel})`, facts: { 'Gateway network': `${name} (${driver})` } };
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
    if (ctx.answers.target === 'swarm' && (info.driver !== 'overlay' || !info.attachable)) {
      return {
        status: 'failed',
        message: `network ${wanted} is "${info.driver}"${info.driver === 'overlay' ? ', not attachable' : ''}: a swarm service cannot join it`,
        issue: {
          problem: `Swarm services join only overlay networks, and ${wanted} is a ${info.driver === 'overlay' ? 'non-attachable overlay' : `${info.driver} network on this host`}: LiteLLM's tasks could not reach what is on it.`,
          fix: `Create an attachable overlay (\`docker network create --driver overlay --attachable <name>\`), connect the container you need to it (\`docker network connect <name> <container>\`), and pass it with ${flag}.`,
        },
      };
    }
    if (info.driver !== 'bridge' && info.driver !== 'overlay') return conflict(info, 'bridge');
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
