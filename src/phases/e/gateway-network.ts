/**
 * Evidence from the gateway's side of the network: the LiteLLM container resolves and reaches the MCP
 * service and the database by the names it is configured with.
 */
import { databaseHost, databasePort } from '../../core/answers.js';
import { TaskFailure } from '../../core/errors.js';
import { projectsOf, services } from '../../core/paths.js';
import { verifyTask, type Check } from '../../core/task.js';
import { mcpContainerPort } from '../../render/mcp-compose.js';

export const gatewayNetworkTask = verifyTask("LiteLLM's container reaches the MCP server and the database by name", async (ctx): Promise<Check> => {
  const { reachFrom } = await import('../../infra/container-exec.js');
  const api = await ctx.infra.docker();
  const litellm = await api.findService(projectsOf(ctx.answers.name).gateway, services.litellm, ctx.answers.network);
  if (!litellm) throw new TaskFailure('The LiteLLM container does not exist.', 'Run `litellm-mcp phase e`.');
  const targets: Array<[string, string, number]> = [
    ['MCP server', services.mcp, mcpContainerPort],
    ['Database', databaseHost(ctx.answers), databasePort(ctx.answers)],
  ];
  // Both probes at once: each is a docker exec of a Python interpreter, a third of a second apiece.
  const results = await Promise.all(targets.map(([, host, port]) => reachFrom(api.raw, litellm.id, 'python3', host, port)));
  const facts: Record<string, string> = {};
  for (const [i, [what, host, port]] of targets.entries()) {
    const r = results[i]!;
    if (!r.reachable) {
      const unknown = r.address === undefined;
      throw new TaskFailure(
        `From ${litellm.name}, ${host}:${port} (${what}) ${unknown ? 'does not resolve' : `resolves to ${r.address} but refuses connections`}: ${r.error}`,
        unknown
          ? `Put ${host} on a network LiteLLM joins (${ctx.answers.network}${ctx.answers.dbStrategy === 'shared' ? ` or ${ctx.answers.postgresNetwork}` : ''}); run \`litellm-mcp phase e\` again.`
          : `Check that ${host} listens on ${port} on all its interfaces.`,
        unknown ? `${host} is not on any of the LiteLLM container's networks` : `nothing accepts connections on ${host}:${port}`,
      );
    }
    facts[`From LiteLLM: ${what}`] = `${host} → ${r.address}:${port}, connected`;
  }
  return { status: 'ok', message: targets.map(([, host, port]) => `${host}:${port}`).join(' and ') + ' resolved and reached', facts };
});
