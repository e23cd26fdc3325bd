import type { Answers } from '../core/answers.js';

/** What will be built, in a few lines: shown before confirmation, and by `plan`. */
export function summary(a: Answers, dir: string): string {
  const db = a.dbStrategy === 'dedicated'
    ? `dedicated container (${a.postgresImage})`
    : `shared, ${a.dbHost}:${a.dbPort} on ${a.postgresNetwork} (admin ${a.dbAdminUser})`;
  return [
    `Folder:      ${dir}`,
    `LiteLLM:     ${a.litellmImage} on ${a.bindAddress}:${a.litellmPort}`,
    `Database:    ${db}; ${a.dbName} for ${a.dbUser}`,
    `Networks:    ${a.network}${a.dbStrategy === 'shared' ? `, ${a.postgresNetwork}` : ''}${a.traefik ? `, ${a.traefikNetwork}` : ''}`,
    `Traefik:     ${a.traefik ? `${a.traefikHost} via ${a.traefikEntrypoint}` : 'no'}`,
    `Models:      mock-gpt${a.models.length ? `, ${a.models.join(', ')}` : ''}`,
    `MCP server:  ${a.mcpImage} (${a.mcpAccessMode}, SSE) on ${a.mcpBindAddress}:${a.mcpPort}`,
    `             exposes ${a.mcpDatabase} as ${a.mcpRole}; in LiteLLM as ${a.mcpServerName} (group ${a.mcpAccessGroup})`,
  ].join('\n');
}
