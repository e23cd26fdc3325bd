/** What the person wants. No secrets here: it is saved as litellm-mcp.yaml beside the deployment. */
import type { ServerSpec } from '../servers/server-spec.js';
import type { ExtraModel } from './extra-models.js';

export const providers = ['openai', 'anthropic', 'gemini'] as const;
export type Provider = (typeof providers)[number];

export interface Answers {
  /** The deployment's name: its compose projects, container names, default network, ports and label. */
  name: string;
  /** Where the stacks run: compose projects on this engine, or a stack on the swarm it manages. */
  target: 'compose' | 'swarm';
  /** LiteLLM's tasks on a swarm (one container on compose). */
  litellmReplicas: number;
  /** Redis for LiteLLM's replicas' shared counters (a service of the stack when `usesRedis`). */
  redisImage: string;
  host: string;
  litellmImage: string;
  litellmPort: number;
  bindAddress: string;
  dbStrategy: 'dedicated' | 'shared';
  postgresImage: string;
  dbHost: string;
  dbPort: number;
  dbAdminUser: string;
  postgresNetwork: string;
  dbName: string;
  dbUser: string;
  network: string;
  /** Existing networks LiteLLM joins besides the gateway's, the database's and Traefik's. */
  extraNetworks: string[];
  traefik: boolean;
  traefikNetwork: string;
  traefikHost: string;
  traefikEntrypoint: string;
  models: Provider[];
  mcpImage: string;
  mcpPort: number;
  mcpBindAddress: string;
  mcpAccessMode: 'restricted' | 'unrestricted';
  mcpDatabase: string;
  mcpRole: string;
  mcpServerName: string;
  mcpAccessGroup: string;
  clientKeyAlias: string;
  /** LiteLLM's max_budget for the client key, in USD; null: none. */
  clientKeyBudget: number | null;
  /** LiteLLM's rpm_limit for the client key; null: none. */
  clientKeyRpm: number | null;
  /** LiteLLM's maximum_spend_logs_retention_period (a duration such as 30d). */
  spendLogRetention: string;
  /** The `project` label on every container, beside `logging=enabled`, for Promtail/Alloy/Vector. */
  logProject: string;
  /** MCP servers added with `litellm-mcp mcp add`, after PostgreSQL (`mcp-servers:` in the file). */
  mcpServers: ServerSpec[];
  /** The person's own models, after the mock model and the providers (`extra-models:` in the file). */
  extraModels: ExtraModel[];
}

/** The keys questions ask (the server list is edited by `mcp add` and `mcp remove`). */
export type AnswerKey = Exclude<keyof Answers, 'mcpServers' | 'extraModels'>;

/** Compose service name of the dedicated PostgreSQL: its host name on the gateway network. */
export const dedicatedDbHost = 'postgres';

/** The database host as LiteLLM and the MCP server see it, inside Docker networks. */
export function databaseHost(a: Pick<Answers, 'dbStrategy' | 'dbHost'>): string {
  return a.dbStrategy === 'dedicated' ? dedicatedDbHost : a.dbHost;
}

export function databasePort(a: Pick<Answers, 'dbStrategy' | 'dbPort'>): number {
  return a.dbStrategy === 'dedicated' ? 5432 : a.dbPort;
}

export function databaseAdminUser(a: Pick<Answers, 'dbStrategy' | 'dbAdminUser'>): string {
  return a.dbStrategy === 'dedicated' ? 'postgres' : a.dbAdminUser;
}

/** The option that sets a host port of the answers, to name in a fix about that port. */
export function portOption(answers: Pick<Answers, 'litellmPort' | 'mcpPort'>, port: number): string | undefined {
  if (port === answers.litellmPort) return '--litellm-port';
  if (port === answers.mcpPort) return '--mcp-port';
  return undefined;
}

/** The option that sets each image of the answers, to name in a fix about that image. */
export function imageOptions(answers: Pick<Answers, 'litellmImage' | 'mcpImage' | 'postgresImage'> & Partial<Pick<Answers, 'redisImage'>>): Record<string, string> {
  // The first option wins where two answers hold the same image.
  return { ...(answers.redisImage ? { [answers.redisImage]: '--redis-image' } : {}), [answers.postgresImage]: '--postgres-image', [answers.mcpImage]: '--mcp-image', [answers.litellmImage]: '--litellm-image' };
}

/**
 * More than one LiteLLM task counts rate limits and parallel requests through Redis: each task alone would
 * let through the limit times the replicas (LiteLLM's key limiter keeps its counters per process otherwise).
 */
export function usesRedis(a: Pick<Answers, 'target' | 'litellmReplicas'>): boolean {
  return a.target === 'swarm' && a.litellmReplicas > 1;
}

