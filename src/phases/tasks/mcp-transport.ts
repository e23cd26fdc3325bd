/**
 * Which transports the MCP image speaks, asked of the image itself: postgres-mcp's argparse help lists
 * `--transport {stdio,sse}` (FACTS.md). An image that cannot serve SSE would never be reachable by LiteLLM.
 */
import { verifyTask, type Check } from '../../core/task.js';

export function transportsFromHelp(help: string): string[] | undefined {
  const match = /--transport[ =]\{([^}]+)\}/.exec(help);
  return match?.[1]?.split(',').map((t) => t.trim());
}

async function askImage(image: string): Promise<string[] | undefined> {
  const { execa } = await import('execa');
  const help = await execa('docker', ['run', '--rm', image, '--help'], { reject: false, timeout: 30_000 });
  return transportsFromHelp(`${help.stdout}\n${help.stderr}`);
}

export const mcpTransportTask = verifyTask('MCP image serves SSE', async (ctx): Promise<Check> => {
  const image = ctx.answers.mcpImage;
  const docker = await ctx.infra.docker();
  const id = await docker.imageId(image);
  if (!id) return { status: 'ok', message: `${image} is not pulled yet; its transport is proven in phase E` };
  const transports = ctx.state.imageTransports?.[id] ?? (await askImage(image));
  if (!transports) return { status: 'ok', message: `${image} does not list its transports; proven in phase E` };
  // Running the image costs most of a no-op re-run; a retag or a new pull changes the id.
  ctx.state.imageTransports = { [id]: transports };
  if (transports.includes('sse')) return { status: 'ok', message: `${image} supports ${transports.join(', ')}; using sse`, facts: { 'MCP transports': transports.join(', ') } };
  return {
    status: 'failed',
    message: `${image} supports only ${transports.join(', ')}`,
    issue: { problem: `${image} cannot serve SSE (it lists ${transports.join(', ')}).`, fix: 'Use an image that supports --transport=sse, e.g. crystaldba/postgres-mcp v0.3.0 or later.', cause: 'transport mismatch' },
  };
});
