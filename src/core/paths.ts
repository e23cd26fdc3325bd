/** The deployment folder's layout, in one place. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface GlobalOptions {
  dir?: string;
}

/** --dir, then LITELLM_MCP_DIR, then the current folder when it holds a deployment, else ./litellm-mcp. */
export function resolveDir(options: GlobalOptions, env: NodeJS.ProcessEnv, cwd: string): string {
  const chosen = options.dir ?? env.LITELLM_MCP_DIR;
  if (chosen) return resolve(cwd, chosen);
  return existsSync(deploymentPaths(cwd).answersFile) ? cwd : resolve(cwd, 'litellm-mcp');
}

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
  redisEnv: 'secrets/redis.env',
} as const;

/** The deployment name of everything made before names existed: its projects keep these names. */
export const legacyName = 'litellm-mcp';

export interface Projects {
  gateway: string;
  connector: string;
}

/**
 * Compose project names from the deployment name (`--name`): stable, so re-runs find their own
 * containers, and distinct, so two deployments live side by side on one Docker host.
 */
export function projectsOf(name: string): Projects {
  return { gateway: name, connector: `${name}-connector` };
}

/**
 * A new deployment's name from its folder's (`/srv/gateway-lab` → gateway-lab). A folder made before
 * names existed never gets here: its saved answers have no name, and it keeps the legacy one.
 */
export function nameFromFolder(dir: string): string {
  const base = (dir.split(/[\\/]/).filter(Boolean).pop() ?? '').toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 40).replace(/[-_]+$/, '');
  return base || legacyName;
}

/** Compose names a project's first container `<project>-<service>-1`. */
export function containerOf(project: string, service: string): string {
  return `${project}-${service}-1`;
}

export const services = {
  litellm: 'litellm',
  postgres: 'postgres',
  mcp: 'postgres-mcp',
  redis: 'redis',
} as const;
