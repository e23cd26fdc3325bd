/** Phase C's file: litellm/config/config.yaml. */
import { usesRedis, type Answers } from '../core/answers.js';
import { mockModel, providerModels } from '../core/model-names.js';
import { services } from '../core/paths.js';
import { omit } from './template.js';
import { mcpContainerPort } from './mcp-compose.js';
import { generatedHeader, renderTemplate, type TemplateValue } from './template.js';
import { addedServer, urlOf } from '../servers/gateway-servers.js';
import { recipes } from '../servers/recipes.js';

export const litellmConfigTemplate = 'litellm-config.yaml';

/** The MCP server's URL as LiteLLM sees it: service name and container port, never the host port. */
export function mcpServerUrl(): string {
  return `http://${services.mcp}:${mcpContainerPort}/sse`;
}

/** Redis's port on the gateway network (not published). */
export const redisPort = 6379;

export function renderLitellmConfig(a: Answers): string {
  const models: TemplateValue[] = [
    { model_name: mockModel.name, litellm_params: { model: 'openai/mock-gpt', api_key: 'not-used', mock_response: mockModel.response } },
    ...a.models.map((p) => {
      const m = providerModels[p];
      return { model_name: m.name, litellm_params: { model: m.model, api_key: `os.environ/${m.keyEnv}` } };
    }),
    // The person's own, as given (keys as os.environ/ references; their values in providers.env).
    ...a.extraModels.map((m) => m as unknown as TemplateValue),
  ];
  const redis = usesRedis(a);
  const body = renderTemplate(litellmConfigTemplate, {
    modelList: models,
    redisCache: redis ? true : omit,
    redisCacheParams: redis ? { type: 'redis', host: services.redis, port: redisPort, password: 'os.environ/REDIS_PASSWORD', supported_call_types: [] } : omit,
    spendLogRetention: a.spendLogRetention,
    mcpServers: {
      [a.mcpServerName]: {
        url: mcpServerUrl(),
        transport: 'sse',
        auth_type: 'none',
        description: `PostgreSQL database "${a.mcpDatabase}" (${a.mcpAccessMode}) through postgres-mcp`,
        access_groups: [a.mcpAccessGroup],
      },
      // Added servers: the same shape, explicit transport, the in-network URL (never the host port).
      ...Object.fromEntries(a.mcpServers.map((spec) => {
        const s = addedServer(a, spec);
        return [s.name, { url: urlOf(s), transport: s.transport, auth_type: 'none', description: `${spec.recipe}: ${recipes[spec.recipe].summary}`, access_groups: [s.accessGroup] }];
      })),
    },
  });
  return generatedHeader(litellmConfigTemplate, 'c') + body;
}
