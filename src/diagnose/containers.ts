/** The containers a diagnosis names in "read it all with `docker logs …`", when it was not told the name. */
import { containerOf, legacyName, projectsOf, services } from '../core/paths.js';

export interface DeploymentContainers {
  litellm: string;
  postgres: string;
  mcp: string;
}

export function containersOf(name: string): DeploymentContainers {
  const p = projectsOf(name);
  return { litellm: containerOf(p.gateway, services.litellm), postgres: containerOf(p.gateway, services.postgres), mcp: containerOf(p.connector, services.mcp) };
}

// A diagnosis told nothing else names the containers of a deployment made before names existed.
const legacy = containersOf(legacyName);
export const litellmContainer = legacy.litellm;
export const postgresContainer = legacy.postgres;
export const mcpContainer = legacy.mcp;
