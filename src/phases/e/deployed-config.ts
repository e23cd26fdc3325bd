/**
 * config.yaml as it is on disk, which is what LiteLLM loaded: phase E checks LiteLLM against it and
 * compares it with reality when something fails (the person may have edited it).
 */
import { join } from 'node:path';
import type { Context } from '../../core/context.js';
import { TaskFailure } from '../../core/errors.js';
import { generated } from '../../core/paths.js';
import { readIfExists } from '../../infra/files.js';
import { yaml } from '../../infra/yaml.js';
import type { ConfiguredServer } from '../../diagnose/mcp-path.js';

export interface DeployedConfig {
  models: Array<{ name: string; mockResponse?: string }>;
  servers: ConfiguredServer[];
}

type Raw = Record<string, unknown>;

export async function readDeployedConfig(ctx: Pick<Context, 'paths'>): Promise<DeployedConfig> {
  const text = readIfExists(join(ctx.paths.dir, generated.litellmConfig));
  if (text === undefined) throw new TaskFailure(`${generated.litellmConfig} does not exist.`, 'Run `litellm-mcp phase c` first.');
  const raw = (yaml().parse(text) ?? {}) as Raw;
  const models = ((raw.model_list ?? []) as Raw[]).map((m) => {
    const params = (m.litellm_params ?? {}) as Raw;
    return typeof params.mock_response === 'string' ? { name: String(m.model_name), mockResponse: params.mock_response } : { name: String(m.model_name) };
  });
  const servers = Object.entries((raw.mcp_servers ?? {}) as Record<string, Raw>).map(([name, s]) => {
    const server: ConfiguredServer = { name: typeof s.alias === 'string' ? s.alias : name, url: String(s.url ?? '') };
    if (typeof s.transport === 'string') server.transport = s.transport;
    if (Array.isArray(s.access_groups)) server.accessGroups = s.access_groups.map(String);
    return server;
  });
  return { models, servers };
}

/** Our server in the config: the one named as answered, else the only one. */
export function ourServer(config: DeployedConfig, name: string): ConfiguredServer | undefined {
  return config.servers.find((s) => s.name === name) ?? (config.servers.length === 1 ? config.servers[0] : undefined);
}
