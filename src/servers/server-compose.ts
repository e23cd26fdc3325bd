/** Phase D's file for an added server: mcp/<name>/docker-compose.yml, from its recipe. */
import type { Answers } from '../core/answers.js';
import { logLabels, rotatedLogs } from '../render/litellm-compose.js';
import { composeLiteral, generatedHeader, omit, renderTemplate, type TemplateValue } from '../render/template.js';
import { addedServer } from './gateway-servers.js';
import { recipes } from './recipes.js';
import type { ServerSpec } from './server-spec.js';

export const serverComposeTemplate = 'mcp-server-compose.yaml';

export function renderServerCompose(a: Answers, spec: ServerSpec): string {
  const s = addedServer(a, spec);
  const recipe = recipes[spec.recipe];
  const command = recipe.command(spec);
  const healthcheck = recipe.healthcheck(spec);
  const volumes = recipe.volumes(spec);
  const values = composeLiteral({
    project: s.project,
    image: s.image,
    command: command ?? omit,
    envFiles: spec.envFile ? [`../../secrets/mcp-${spec.name}.env`] : omit,
    volumes: volumes.length ? volumes : omit,
    port: `127.0.0.1:${s.hostPort}:${s.port}`,
    aliases: [s.host],
    healthcheck: healthcheck ? { test: healthcheck, interval: '5s', timeout: '5s', retries: 12, start_period: '30s' } : omit,
    labels: { ...logLabels(a), 'io.litellm-mcp.server': spec.name, 'io.litellm-mcp.recipe': spec.recipe },
    readOnly: recipe.readOnlyRoot,
    tmpfs: recipe.readOnlyRoot ? ['/tmp'] : omit,
    logging: rotatedLogs,
    network: a.network,
  }) as Record<string, TemplateValue>;
  return generatedHeader(serverComposeTemplate, 'd') + renderTemplate(serverComposeTemplate, values);
}
