/**
 * Phase A on a swarm (`--target swarm`): the engine manages the swarm the stacks go to, the node that
 * will hold the dedicated database's volume is labelled, and each image's entrypoint is read for the
 * secrets wrapper of the stack files.
 */
import type { Answers } from '../../core/answers.js';
import type { Context } from '../../core/context.js';
import { projectsOf } from '../../core/paths.js';
import type { Check, Task } from '../../core/task.js';
import { verifyTask } from '../../core/task.js';
import { stackImages } from '../shared/images.js';

interface SwarmInfo {
  LocalNodeState?: string;
  ControlAvailable?: boolean;
  NodeID?: string;
  NodeAddr?: string;
}

async function swarmInfo(ctx: Context): Promise<SwarmInfo> {
  const info = (await (await ctx.infra.docker()).raw.info()) as { Swarm?: SwarmInfo };
  return info.Swarm ?? {};
}

export const swarmManagerTask: Task = verifyTask('Swarm', async (ctx): Promise<Check> => {
  const swarm = await swarmInfo(ctx);
  if (swarm.LocalNodeState !== 'active') {
    return {
      status: 'failed',
      message: `this Docker engine is not in a swarm (${swarm.LocalNodeState || 'inactive'})`,
      issue: {
        problem: `--target swarm deploys stacks to the swarm this engine manages, and this engine is not in a swarm (state: ${swarm.LocalNodeState || 'inactive'}).`,
        fix: 'Make it a swarm manager with `docker swarm init --advertise-addr <this host\'s LAN address>` (other hosts join with the command it prints), or run with --target compose.',
      },
    };
  }
  if (!swarm.ControlAvailable) {
    return {
      status: 'failed',
      message: 'this engine is a swarm worker, not a manager',
      issue: {
        problem: 'Stacks are deployed through a swarm manager, and this engine is a worker.',
        fix: 'Run litellm-mcp on a manager of the swarm (`docker node ls` there lists them), or promote this node there with `docker node promote <this node>`.',
      },
    };
  }
  return { status: 'ok', message: `manager of an active swarm (node ${swarm.NodeID?.slice(0, 12) ?? '?'})`, facts: { Swarm: `manager, node ${swarm.NodeID?.slice(0, 12) ?? '?'}` } };
});

/** The node label that pins the dedicated database: its volume lives on one node. */
export function databaseNodeLabel(a: Pick<Answers, 'name'>): string {
  return `${projectsOf(a.name).gateway}.database`;
}

export const databaseNodeTask: Task = {
  title: 'Database node',
  async check(ctx) {
    const api = (await ctx.infra.docker()).raw;
    const label = databaseNodeLabel(ctx.answers);
    // dockerode's type wants the filters as JSON text; the API takes the same either way.
    const nodes = (await api.listNodes({ filters: JSON.stringify({ 'node.label': [`${label}=true`] }) })) as Array<{ Description?: { Hostname?: string } }>;
    if (nodes.length === 1) return { status: 'ok', message: `${nodes[0]?.Description?.Hostname ?? '?'} holds the database (node label ${label})`, facts: { 'Database node': nodes[0]?.Description?.Hostname ?? '?' } };
    if (nodes.length > 1) {
      return {
        status: 'failed',
        message: `${nodes.length} nodes carry ${label}=true`,
        issue: { problem: `The dedicated PostgreSQL keeps its volume on one node, and ${nodes.length} nodes are labelled ${label}=true: its task could start on the one without its data.`, fix: `Keep the label on the node that holds the volume only: \`docker node update --label-rm ${label} <other node>\`.` },
      };
    }
    return { status: 'change', message: `label this node ${label}=true (the database's volume stays here)` };
  },
  async apply(ctx) {
    const api = (await ctx.infra.docker()).raw;
    const { NodeID } = await swarmInfo(ctx);
    const node = api.getNode(NodeID ?? '');
    const current = (await node.inspect()) as { Version: { Index: number }; Spec: { Labels?: Record<string, string> } & Record<string, unknown> };
    const label = databaseNodeLabel(ctx.answers);
    await node.update({ version: current.Version.Index, ...current.Spec, Labels: { ...(current.Spec.Labels ?? {}), [label]: 'true' } });
    return { status: 'changed', message: `labelled this node ${label}=true: the dedicated PostgreSQL runs here only (it is not replicated)` };
  },
};

async function entrypoints(ctx: Context): Promise<Record<string, string[]>> {
  const api = (await ctx.infra.docker()).raw;
  const out: Record<string, string[]> = {};
  for (const ref of Object.keys(stackImages(ctx.answers))) {
    const info = (await api.getImage(ref).inspect()) as { Config?: { Entrypoint?: string[] | null } };
    out[ref] = info.Config?.Entrypoint ?? [];
  }
  return out;
}

/** The wrapper execs the image's own entrypoint with the service's command: read it from the image. */
export const imageEntrypointsTask: Task = {
  title: 'Image entrypoints',
  async check(ctx) {
    const found = await entrypoints(ctx);
    const same = Object.entries(found).every(([ref, e]) => JSON.stringify(ctx.state.imageEntrypoints?.[ref]) === JSON.stringify(e));
    return same ? { status: 'ok', message: `known for ${Object.keys(found).length} images` } : { status: 'change', message: 'to record for the stack files\' secrets wrapper' };
  },
  async apply(ctx) {
    const found = await entrypoints(ctx);
    ctx.state.imageEntrypoints = { ...ctx.state.imageEntrypoints, ...found };
    return { status: 'changed', message: `recorded ${Object.entries(found).map(([ref, e]) => `${ref}: ${e.length ? e.join(' ') : '(none: the command runs as is)'}`).join('; ')}` };
  },
};

export function swarmTasks(a: Answers): Task[] {
  return [swarmManagerTask, imageEntrypointsTask, ...(a.dbStrategy === 'dedicated' ? [databaseNodeTask] : [])];
}
