/** Phase B's file: litellm/docker-compose.yml, and the dedicated PostgreSQL service when chosen. */
import { usesRedis, type Answers } from '../core/answers.js';
import { legacyName, projectsOf } from '../core/paths.js';
import { composeLiteral, generatedHeader, omit, renderTemplate, type TemplateValue } from './template.js';

export const litellmComposeTemplate = 'litellm-compose.yaml';

/** Networks as compose keys → Docker names. All are created or verified in phase A, so all are external. */
export function gatewayNetworks(a: Answers): Record<string, string> {
  const networks: Record<string, string> = { gateway: a.network };
  if (a.dbStrategy === 'shared') networks.postgres = a.postgresNetwork;
  if (a.traefik) networks.traefik = a.traefikNetwork;
  // Compose keys of the person's networks: their Docker names, made key-safe, never one of ours.
  for (const n of a.extraNetworks) if (!Object.values(networks).includes(n)) networks[`extra_${n.replace(/[^A-Za-z0-9_-]/g, '_')}`] = n;
  return networks;
}

export function externalNetworks(networks: Record<string, string>): Record<string, TemplateValue> {
  return Object.fromEntries(Object.entries(networks).map(([key, name]) => [key, { name, external: true }]));
}

/** Docker's json-file driver, rotated: a busy gateway otherwise fills the disk with JSON log lines. */
export const rotatedLogs = { driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } } as const;

/**
 * The labels log shippers select containers by (the runbook's Promtail: Docker discovery keeping
 * `logging=enabled`, grouped by `project`), so an existing Promtail, Alloy or Vector picks the logs up.
 */
export function logLabels(a: Pick<Answers, 'logProject'>): Record<string, string> {
  return { logging: 'enabled', project: a.logProject };
}

/** The path prefix of LiteLLM's unauthenticated `/mcp-rest/test/*` endpoints (FACTS.md), closed at Traefik. */
export const mcpTestPrefix = '/mcp-rest/test';
/** Above any rule-length default (Traefik's default priority is the rule's length). */
const blockPriority = '10000';

/**
 * A second router on the same host and entrypoint takes `/mcp-rest/test` to Traefik's `noop@internal`
 * (it answers 418 itself), so the request never reaches LiteLLM: 1.77.3 has no setting that closes it,
 * and a service plus a rule is the same in Traefik v2 and v3 (an IP allow-list middleware is not).
 */
/** Router and service names are global in Traefik: a second deployment's must differ from the first's. */
export function traefikRouter(a: Pick<Answers, 'name'>): string {
  return a.name === legacyName ? 'litellm' : `${a.name}-litellm`;
}

function traefikLabels(a: Answers): Record<string, string> {
  const host = `Host(\`${a.traefikHost}\`)`;
  const r = traefikRouter(a);
  return {
    'traefik.enable': 'true',
    'traefik.docker.network': a.traefikNetwork,
    [`traefik.http.routers.${r}.rule`]: host,
    [`traefik.http.routers.${r}.entrypoints`]: a.traefikEntrypoint,
    [`traefik.http.routers.${r}.service`]: r,
    [`traefik.http.routers.${r}-mcp-rest-test.rule`]: `${host} && PathPrefix(\`${mcpTestPrefix}\`)`,
    [`traefik.http.routers.${r}-mcp-rest-test.entrypoints`]: a.traefikEntrypoint,
    [`traefik.http.routers.${r}-mcp-rest-test.priority`]: blockPriority,
    [`traefik.http.routers.${r}-mcp-rest-test.service`]: 'noop@internal',
    [`traefik.http.services.${r}.loadbalancer.server.port`]: '4000',
  };
}

export function renderLitellmCompose(a: Answers): string {
  const networks = gatewayNetworks(a);
  const dedicated = a.dbStrategy === 'dedicated';
  const redis = usesRedis(a);
  const values = composeLiteral({
      project: projectsOf(a.name).gateway,
      litellmImage: a.litellmImage,
      envFiles: ['../secrets/litellm.env', '../secrets/providers.env', ...(redis ? ['../secrets/redis.env'] : [])],
      port: `${a.bindAddress}:${a.litellmPort}:4000`,
      serviceNetworks: Object.keys(networks),
      dependsOn: dedicated ? { postgres: { condition: 'service_healthy' } } : omit,
      labels: { ...logLabels(a), ...(a.traefik ? traefikLabels(a) : {}) },
      logging: rotatedLogs,
      postgresImage: dedicated ? a.postgresImage : '',
      postgresLabels: logLabels(a),
      postgresLogging: rotatedLogs,
      redisImage: redis ? a.redisImage : '',
      redisLabels: logLabels(a),
      redisLogging: rotatedLogs,
      networks: externalNetworks(networks),
  }) as Record<string, TemplateValue>;
  const body = renderTemplate(litellmComposeTemplate, values, (doc) => {
      if (!redis) doc.deleteIn(['services', 'redis']);
      if (dedicated) return;
      doc.deleteIn(['services', 'postgres']);
      doc.deleteIn(['volumes']);
  });
  return generatedHeader(litellmComposeTemplate, 'b') + body;
}
