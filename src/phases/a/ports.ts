/** Host ports: free, or already published by this deployment's own containers. */
import type { Context } from '../../core/context.js';
import { projects } from '../../core/paths.js';
import { verifyTask, type Check, type Task } from '../../core/task.js';

const ours = new Set<string>(Object.values(projects));

async function checkPort(ctx: Context, what: string, address: string, port: number, flag: string): Promise<Check> {
  const published = await (await ctx.infra.docker()).publishedPorts();
  const holders = published.filter((p) => p.hostPort === port);
  if (holders.some((p) => p.project && ours.has(p.project))) {
    return { status: 'ok', message: `${port} is published by this deployment`, facts: { [`${what} port`]: `${address}:${port}` } };
  }
  const { isPortFree } = await import('../../infra/ports.js');
  if (await isPortFree(address, port)) {
    return { status: 'ok', message: `${address}:${port} is free`, facts: { [`${what} port`]: `${address}:${port}` } };
  }
  const { portHolder } = await import('../../infra/port-holder.js');
  const holder = holders[0] ? `the container ${holders[0].container}` : ((await portHolder(await ctx.infra.docker(), port)) ?? 'another process');
  return {
    status: 'failed',
    message: `${address}:${port} is in use by ${holder}`,
    issue: {
      problem: `Host port ${port} (${what}) is already in use by ${holder}.`,
      fix: `Choose a free port with ${flag}, or stop ${holder}${holder === 'another process' ? ' (find it with `ss -ltnp`)' : ''}.`,
    },
  };
}

export const portTasks: Task[] = [
  verifyTask('LiteLLM host port', (ctx) => checkPort(ctx, 'LiteLLM', ctx.answers.bindAddress, ctx.answers.litellmPort, '--litellm-port')),
  verifyTask('MCP server host port', (ctx) => checkPort(ctx, 'MCP server', ctx.answers.mcpBindAddress, ctx.answers.mcpPort, '--mcp-port')),
];
