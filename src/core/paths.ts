/** The deployment folder's layout, in one place. */
import { join } from 'node:path';

export interface Paths {
  dir: string;
  answersFile: string;
  statusFile: string;
  toolDir: string;
  stateFile: string;
  lockFile: string;
  secretsDir: string;
  secretsFile: string;
  litellmDir: string;
  litellmConfigDir: string;
  mcpDir: string;
  clientKeyFile: string;
  clientsDir: string;
}

export function deploymentPaths(dir: string): Paths {
  return {
    dir,
    answersFile: join(dir, 'litellm-mcp.yaml'),
    statusFile: join(dir, 'STATUS.md'),
    toolDir: join(dir, '.litellm-mcp'),
    stateFile: join(dir, '.litellm-mcp', 'state.json'),
    lockFile: join(dir, '.litellm-mcp', 'lock'),
    secretsDir: join(dir, 'secrets'),
    secretsFile: join(dir, 'secrets', 'generated.env'),
    litellmDir: join(dir, 'litellm'),
    litellmConfigDir: join(dir, 'litellm', 'config'),
    mcpDir: join(dir, 'mcp', 'postgres'),
    clientKeyFile: join(dir, 'secrets', 'client.env'),
    clientsDir: join(dir, 'clients'),
  };
}

/** Generated files, relative to the deployment folder (the keys of the state's file hashes). */
export const generated = {
  litellmCompose: 'litellm/docker-compose.yml',
  litellmConfig: 'litellm/config/config.yaml',
  mcpCompose: 'mcp/postgres/docker-compose.yml',
  litellmEnv: 'secrets/litellm.env',
  providersEnv: 'secrets/providers.env',
  mcpEnv: 'secrets/postgres-mcp.env',
  postgresEnv: 'secrets/postgres.env',
} as const;

/** Compose project names: stable, so re-runs find their own containers. */
export const projects = {
  gateway: 'litellm-mcp',
  connector: 'litellm-mcp-connector',
} as const;

export const services = {
  litellm: 'litellm',
  postgres: 'postgres',
  mcp: 'postgres-mcp',
} as const;
