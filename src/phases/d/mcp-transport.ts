/**
 * Which transports the MCP image speaks, asked of the image itself: postgres-mcp's argparse help lists
 * `--transport {stdio,sse}` (FACTS.md). An image that cannot serve SSE would never be reachable by LiteLLM.
 */
import { redact } from '../../core/redact.js';
import { verifyTask, type Check } from '../../core/task.js';

export function transportsFromHelp(help: string): string[] | undefined {
  const match = /--transport[ =]\{([^}]+)\}/.exec(help);
  return match?.[1]?.split(',').map((t) => t.trim());
}

type Asked = { transports: string[] } | { unknown: string };

/** Runs `IMAGE --help`; a run that fails or times out is reported as such, never read as an answer. */
async function askImage(image: string): Promise<Asked> {
  const { execa } = await import('execa');
  const help = await execa('docker', ['run', '--rm', image, '--help'], { reject: false, timeout: 30_000 });
  const output = redact(`${help.stdout}\n${help.stderr}`.trim());
  const lastLine = output.split('\n').filter(Boolean).at(-1) ?? '(no output)';
  if (help.timedOut) return { unknown: `\`docker run --rm ${image} --help\` did not finish within 30 s` };
  if (help.exitCode !== 0) return { unknown: `\`docker run --rm ${image} --help\` exited with ${help.exitCode ?? help.signal}: ${lastLine.slice(0, 200)}` };
  const transports = transportsFromHelp(output);
  return transports ? { transports } : { unknown: `${image} --help lists no --transport choices` };
}

export const mcpTransportTask = verifyTask('MCP image serves SSE', async (ctx): Promise<Check> => {
  const image = ctx.answers.mcpImage;
  const docker = await ctx.infra.docker();
  const id = await docker.imageId(image);
  if (!id) return { status: 'ok', message: `${image} is not pulled yet; its transport is proven in phase E` };
  const cached = ctx.state.imageTransports?.[id];
  const asked: Asked = cached ? { transports: cached } : await askImage(image);
  if ('unknown' in asked) {
    return {
      status: 'warning',
      message: `its transports are not known: ${asked.unknown}`,
      issue: { problem: `Could not ask ${image} which transports it serves: ${asked.unknown}.`, fix: 'Phase E probes the running server (GET /sse); if that fails too, check --mcp-image.' },
    };
  }
  const { transports } = asked;
  // Running the image costs most of a no-op re-run; a retag or a new pull changes the id.
  ctx.state.imageTransports = { [id]: transports };
  if (transports.includes('sse')) return { status: 'ok', message: `${image} supports ${transports.join(', ')}; using sse`, facts: { 'MCP transports': transports.join(', ') } };
  return {
    status: 'failed',
    message: `${image} supports only ${transports.join(', ')}`,
    issue: { problem: `${image} cannot serve SSE (it lists ${transports.join(', ')}).`, fix: 'Use an image that supports --transport=sse, e.g. crystaldba/postgres-mcp v0.3.0 or later.', cause: 'transport mismatch' },
  };
});
