/** Phase D's file: mcp/postgres/docker-compose.yml, the PostgreSQL MCP server over SSE. */
import type { Answers } from '../core/answers.js';
import { projectsOf } from '../core/paths.js';
import { externalNetworks, logLabels, rotatedLogs } from './litellm-compose.js';
import { composeLiteral, generatedHeader, renderTemplate, type TemplateValue } from './template.js';

export const mcpComposeTemplate = 'mcp-postgres-compose.yaml';

/** postgres-mcp listens on 8000 under SSE by default; LiteLLM reaches it there, by service name. */
export const mcpContainerPort = 8000;

export function mcpNetworks(a: Answers): Record<string, string> {
  const networks: Record<string, string> = { gateway: a.network };
  if (a.dbStrategy === 'shared') networks.postgres = a.postgresNetwork;
  return networks;
}

export function mcpCommand(a: Pick<Answers, 'mcpAccessMode'>): string[] {
  return [`--access-mode=${a.mcpAccessMode}`, '--transport=sse'];
}

export function renderMcpCompose(a: Answers): string {
  const networks = mcpNetworks(a);
  const body = renderTemplate(mcpComposeTemplate, composeLiteral({
    project: projectsOf(a.name).connector,
    mcpImage: a.mcpImage,
    command: mcpCommand(a),
    port: `${a.mcpBindAddress}:${a.mcpPort}:${mcpContainerPort}`,
    serviceNetworks: Object.keys(networks),
    networks: externalNetworks(networks),
    labels: logLabels(a),
    logging: rotatedLogs,
  }) as Record<string, TemplateValue>);
  return generatedHeader(mcpComposeTemplate, 'd') + body;
}
