/** Host ports: free, or already published by this deployment's own containers. */
import type { Context } from '../../core/context.js';
import { projectsOf } from '../../core/paths.js';
import { verifyTask, type Check, type Task } from '../../core/task.js';
import { ephemeralRange } from '../../infra/ports.js';
import { addedNames } from '../../servers/gateway-servers.js';

/** This deployment's projects: its two and each added MCP server's (<name>-mcp-<server>). */
export function isOurProject(name: string, project: string | undefined): boolean {
  const p = projectsOf(name);
  return project !== undefined && (project === p.gateway || project === p.connector || project.startsWith(`${p.gateway}-mcp-`));
}

/**
 * A port in the kernel's ephemeral range can be handed to any outgoing connection at any moment; while one
 * holds it, Docker cannot publish it and the container does not start (seen in CI with 48010).
 */
function inEphemeralRange(port: number): boolean {
  const range = ephemeralRange();
  return range !== undefined && port >= range[0] && port <= range[1];
}

function ephemeralRisk(check: Check, port: number, flag: string): Check {
  const range = ephemeralRange();
  if (!range || !inEphemeralRange(port)) return check;
  return {
    ...check,
    status: 'warning',
    message: `${check.message}, but it lies in this host's ephemeral port range (${range[0]}–${range[1]})`,
    issue: {
      problem: `Port ${port} is in the range the kernel gives outgoing connections (${range[0]}–${range[1]}): when one takes it, Docker cannot publish it and the container does not start.`,
      fix: `Choose a port below ${range[0]} with ${flag}, e.g. ${flag} 18010.`,
    },
  };
}

/**
 * Whether one of this deployment's own containers binds the port, whatever its state: a container
 * restarting in a loop is not listed as running, yet Docker keeps its port (seen: the port looked taken
 * by "another process" between two restarts).
 */
async function boundByUs(ctx: Context, port: number): Promise<boolean> {
  const { projectContainers } = await import('../../infra/compose-services.js');
  const docker = (await ctx.infra.docker()).raw;
  const p = projectsOf(ctx.answers.name);
  const projects = [p.gateway, p.connector, ...ctx.answers.mcpServers.map((s) => addedNames(ctx.answers.name, s.name).project)];
  for (const project of projects) {
    for (const c of await projectContainers(docker, project)) if (c.ports.some((b) => b.split('→')[0]!.endsWith(`:${port}`))) return true;
  }
  return false;
}

async function checkPort(ctx: Context, what: string, address: string, port: number, flag: string): Promise<Check> {
  const published = await (await ctx.infra.docker()).publishedPorts();
  const holders = published.filter((p) => p.hostPort === port);
  if (holders.some((p) => isOurProject(ctx.answers.name, p.project)) || (await boundByUs(ctx, port))) {
    return ephemeralRisk({ status: 'ok', message: `${port} is published by this deployment`, facts: { [`${what} port`]: `${address}:${port}` } }, port, flag);
  }
  const { isPortFree } = await import('../../infra/ports.js');
  if (await isPortFree(address, port)) {
    return ephemeralRisk({ status: 'ok', message: `${address}:${port} is free`, facts: { [`${what} port`]: `${address}:${port}` } }, port, flag);
  }
  const { portHolder } = await import('../../infra/port-holder.js');
  const holder = holders[0] ? `the container ${holders[0].container}` : ((await portHolder(await ctx.infra.docker(), port)) ?? 'another process');
  return {
    status: 'failed',
    message: `${address}:${port} is in use by ${holder}`,
    issue: {
      problem: `Host port ${port} (${what}) is already in use by ${holder}.`,
      fix: holder.startsWith('a connection') && inEphemeralRange(port)
        ? `Choose a port outside this host's ephemeral range (below ${ephemeralRange()?.[0] ?? 32768}) with ${flag}; a connection can take any port inside it again.`
        : holder.startsWith('a connection')
          ? `Choose another port with ${flag}, or end that connection.`
          : `Choose a free port with ${flag}, or stop ${holder}${holder === 'another process' ? ' (find it with `ss -ltnp`)' : ''}.`,
    },
  };
}

/** An added server's host port (127.0.0.1 only), taken by `mcp add` from --host-port. */
export function serverPortTask(name: string): Task {
  return verifyTask(`${name}: host port`, (ctx) => {
    const spec = ctx.answers.mcpServers.find((s) => s.name === name);
    if (!spec) return Promise.resolve({ status: 'ok', message: 'removed' });
    return checkPort(ctx, `MCP server ${name}`, '127.0.0.1', spec.hostPort, `--host-port (litellm-mcp mcp add ${spec.recipe} --name ${name} --host-port N)`);
  });
}

export const portTasks: Task[] = [
  verifyTask('LiteLLM host port', (ctx) => checkPort(ctx, 'LiteLLM', ctx.answers.bindAddress, ctx.answers.litellmPort, '--litellm-port')),
  verifyTask('MCP server host port', (ctx) => checkPort(ctx, 'MCP server', ctx.answers.mcpBindAddress, ctx.answers.mcpPort, '--mcp-port')),
];
