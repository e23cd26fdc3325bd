/**
 * The two compose stacks phase E deploys, in order: the MCP server first (LiteLLM connects to it), then
 * LiteLLM with its dedicated database, which compose starts first through `depends_on: service_healthy`.
 */
import type { Answers } from '../../core/answers.js';
import { generated, projectsOf, services } from '../../core/paths.js';
import type { Issue } from '../../core/state.js';
import { diagnoseLitellm } from '../../diagnose/litellm-startup.js';
import { diagnoseMcpContainer, requestedTransport, type McpContainerSymptom } from '../../diagnose/mcp-container.js';
import { diagnosePostgresContainer } from '../../diagnose/postgres-container.js';
import { databaseHost } from '../../core/answers.js';
import type { ServiceContainerState } from '../../infra/compose-services.js';
import { mcpContainerPort } from '../../render/mcp-compose.js';

export interface Stack {
  label: string;
  project: string;
  composeRel: string;
  /** Services in the order they become healthy. */
  services(a: Answers): string[];
  /** Files a container reads when it starts; compose does not notice when they change. */
  mounted(a: Answers): string[];
  /** The service to restart when a mounted file changed. */
  main: string;
  deadlineMs: number;
  images(a: Answers): string[];
  diagnose(a: Answers, c: ServiceContainerState, detail: string, logs: string[]): Issue;
  /** A failure certain from the container as created, before any wait: no need to sit out a deadline. */
  beforeWait?(a: Answers, c: ServiceContainerState): Issue | undefined;
}

function mcpSymptom(c: ServiceContainerState, detail: string, logs: string[]): McpContainerSymptom {
  return { detail, exitCode: c.exitCode, restartCount: c.restartCount, command: c.command, logs, containerPort: mcpContainerPort, state: c.state, container: c.name };
}

export const mcpStack = (a: Pick<Answers, 'name'>): Stack => ({
  label: 'MCP server',
  project: projectsOf(a.name).connector,
  composeRel: generated.mcpCompose,
  services: () => [services.mcp],
  mounted: () => [generated.mcpEnv],
  main: services.mcp,
  deadlineMs: 90_000,
  images: (a) => [a.mcpImage],
  diagnose: (_a, c, detail, logs) => diagnoseMcpContainer(mcpSymptom(c, detail, logs)),
  // Stdio mode does not exit (FACTS.md): it would only turn unhealthy after the healthcheck's retries.
  // The command line alone proves it, since stdio is postgres-mcp's default transport.
  beforeWait: (_a, c) => {
    const transport = requestedTransport(c.command);
    if (transport !== undefined && transport !== 'stdio') return undefined;
    const detail = 'is running, but in a mode that never opens its port';
    return diagnoseMcpContainer({ ...mcpSymptom(c, detail, []), state: 'running' });
  },
});

export const litellmStack = (a: Pick<Answers, 'name'>): Stack => ({
  label: 'LiteLLM',
  project: projectsOf(a.name).gateway,
  composeRel: generated.litellmCompose,
  services: (a) => (a.dbStrategy === 'dedicated' ? [services.postgres, services.litellm] : [services.litellm]),
  mounted: (a) => [generated.litellmConfig, generated.litellmEnv, generated.providersEnv, ...(a.dbStrategy === 'dedicated' ? [generated.postgresEnv] : [])],
  main: services.litellm,
  // LiteLLM runs its database migrations before it answers; 1.77.3 takes up to a minute on small hosts.
  deadlineMs: 240_000,
  images: (a) => [a.litellmImage, ...(a.dbStrategy === 'dedicated' ? [a.postgresImage] : [])],
  diagnose: (a, c, detail, logs) =>
    c.service === services.postgres
      ? diagnosePostgresContainer({ detail, logs, container: c.name })
      : diagnoseLitellm({ detail, logs, dbHost: databaseHost(a), container: c.name }),
});
