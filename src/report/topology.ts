/** The Mermaid picture of containers, networks and ports, drawn from the answers alone. */
import { databaseHost, databasePort, type Answers } from '../core/answers.js';
import { mcpServerUrl } from '../render/litellm-config.js';
import { addedServer, urlOf } from '../servers/gateway-servers.js';

/** Mermaid labels are quoted; a quote inside would end them. */
function label(text: string): string {
  return `"${text.replace(/"/g, '#quot;')}"`;
}

export function renderTopology(a: Answers): string {
  const dbLabel = a.dbStrategy === 'dedicated'
    ? `postgres (dedicated)<br/>${a.postgresImage}<br/>${databaseHost(a)}:${databasePort(a)}, not published`
    : `shared PostgreSQL<br/>${databaseHost(a)}:${databasePort(a)}`;
  const dbNetwork = a.dbStrategy === 'dedicated' ? a.network : a.postgresNetwork;
  const lines = [
    'flowchart LR',
    `  clients[${label('AI clients and SDKs')}]`,
    `  litellm[${label(`litellm<br/>${a.litellmImage}<br/>${a.bindAddress}:${a.litellmPort} → 4000`)}]`,
    `  mcp[${label(`postgres-mcp<br/>${a.mcpImage}<br/>${a.mcpBindAddress}:${a.mcpPort} → 8000`)}]`,
    `  db[(${label(dbLabel)})]`,
    `  clients -->|${label(`http://${a.host}:${a.litellmPort}`)}| litellm`,
  ];
  if (a.traefik) {
    lines.push(`  traefik[${label('Traefik')}]`);
    lines.push(`  clients -->|${label(`http://${a.traefikHost}`)}| traefik`);
    lines.push(`  traefik -->|${label(`${a.traefikNetwork}, entrypoint ${a.traefikEntrypoint}`)}| litellm`);
  }
  lines.push(`  litellm -->|${label(`MCP over SSE ${mcpServerUrl()}<br/>${a.network}`)}| mcp`);
  lines.push(`  litellm -->|${label(`${a.dbName} as ${a.dbUser}<br/>${dbNetwork}`)}| db`);
  lines.push(`  mcp -->|${label(`${a.mcpDatabase} as ${a.mcpRole} (read-only)<br/>${dbNetwork}`)}| db`);
  a.mcpServers.forEach((spec, i) => {
    const s = addedServer(a, spec);
    lines.push(`  mcp${i + 1}[${label(`${s.host} (${spec.recipe})<br/>${s.image}<br/>127.0.0.1:${s.hostPort} → ${s.port}`)}]`);
    lines.push(`  litellm -->|${label(`MCP over ${s.transport === 'sse' ? 'SSE' : 'streamable HTTP'} ${urlOf(s)}<br/>${a.network}`)}| mcp${i + 1}`);
    if (spec.folder) lines.push(`  folder${i + 1}[(${label(`${spec.folder} (read-only)`)})]`, `  mcp${i + 1} --> folder${i + 1}`);
  });
  return ['```mermaid', ...lines, '```'].join('\n');
}
