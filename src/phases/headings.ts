/**
 * Each phase's title and goal, apart from its tasks: STATUS.md shows them for every phase, and `status`
 * renders it without loading the tasks' code when the state lists every task (report/recorded-outline.ts).
 */
import type { PhaseId } from '../core/state.js';

export interface PhaseHeading {
  title: string;
  goal: string;
}

export const phaseHeadings: Record<PhaseId, PhaseHeading> = {
  a: {
    title: 'Environment preparation',
    goal: 'Images here or pulled, folders, secrets, Docker networks, free ports, and the database with its LiteLLM and read-only MCP roles.',
  },
  b: {
    title: 'LiteLLM compose',
    goal: 'litellm/docker-compose.yml: pinned image, env files, read-only config, external networks, published port, healthcheck.',
  },
  c: {
    title: 'LiteLLM configuration',
    goal: 'litellm/config/config.yaml: models, settings from the environment, and the MCP server with an explicit SSE transport.',
  },
  d: {
    title: 'MCP connector',
    goal: 'mcp/postgres/docker-compose.yml: postgres-mcp over SSE in restricted mode, on the gateway network, with the read-only role; and mcp/<name>/docker-compose.yml for each added server.',
  },
  e: {
    title: 'Deployment and verification',
    goal: 'Start both stacks, wait for health, and prove LiteLLM, the MCP server and the path between them end to end.',
  },
  f: {
    title: 'Client integration',
    goal: 'A virtual key scoped to the MCP access group, a file for each client in clients/, each proven by connecting as its client does, and what the scope really limits.',
  },
  g: {
    title: 'Observability and hardening',
    goal: 'An audit of the running deployment by trying it from the outside (ports, open doors and their block at Traefik, containers, files, database roles, LiteLLM settings), each finding with its severity, evidence and fix or reason; what is ours repaired.',
  },
};
