/**
 * Every MCP server behind the gateway in one shape, for the phases, the report, `mcp list` and `down`:
 * PostgreSQL from the main answers (its project, folder and service names unchanged for existing
 * deployments), then each `mcp add`ed server with names derived from its server name.
 */
import type { Answers } from '../core/answers.js';
import { generated, projectsOf, services } from '../core/paths.js';
import { mcpContainerPort } from '../render/mcp-compose.js';
import type { ServerSpec, ServerTransport } from './server-spec.js';

export interface GatewayServer {
  name: string;
  recipe: 'postgres' | ServerSpec['recipe'];
  transport: ServerTransport;
  /** Its host name on the gateway network, and the port there. */
  host: string;
  port: number;
  hostPort: number;
  bindAddress: string;
  accessGroup: string;
  image: string;
  project: string;
  /** The compose service (a DNS name on the gateway network only within its project). */
  service: string;
  composeRel: string;
  /** Undefined for PostgreSQL, which has its own answers. */
  spec?: ServerSpec;
}

const slug = (name: string) => name.toLowerCase().replace(/_/g, '-');

/** Compose project names are lower case; the host alias is unique on the deployment's gateway network. */
export function addedNames(deployment: string, name: string): { project: string; host: string; composeRel: string; envRel: string; dir: string } {
  return {
    project: `${projectsOf(deployment).gateway}-mcp-${slug(name)}`,
    host: `mcp-${slug(name)}`,
    composeRel: `mcp/${name}/docker-compose.yml`,
    envRel: `secrets/mcp-${name}.env`,
    dir: `mcp/${name}`,
  };
}

export const addedService = 'server';

export function urlOf(s: Pick<GatewayServer, 'host' | 'port' | 'transport'>): string {
  return `http://${s.host}:${s.port}${s.transport === 'sse' ? '/sse' : '/mcp'}`;
}

export function postgresServer(a: Answers): GatewayServer {
  return {
    name: a.mcpServerName,
    recipe: 'postgres',
    transport: 'sse',
    host: services.mcp,
    port: mcpContainerPort,
    hostPort: a.mcpPort,
    bindAddress: a.mcpBindAddress,
    accessGroup: a.mcpAccessGroup,
    image: a.mcpImage,
    project: projectsOf(a.name).connector,
    service: services.mcp,
    composeRel: generated.mcpCompose,
  };
}

export function addedServer(a: Pick<Answers, 'name'>, spec: ServerSpec): GatewayServer {
  const n = addedNames(a.name, spec.name);
  return {
    name: spec.name,
    recipe: spec.recipe,
    transport: spec.transport,
    host: n.host,
    port: spec.port,
    hostPort: spec.hostPort,
    bindAddress: '127.0.0.1',
    accessGroup: spec.accessGroup,
    image: spec.image,
    project: n.project,
    service: addedService,
    composeRel: n.composeRel,
    spec,
  };
}

export function gatewayServers(a: Answers): GatewayServer[] {
  return [postgresServer(a), ...a.mcpServers.map((spec) => addedServer(a, spec))];
}
