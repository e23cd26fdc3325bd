/** The seven phases of the runbook, in order. */
import type { PhaseId } from '../core/state.js';
import type { Phase } from '../core/task.js';
import { environmentPhase } from './a-environment.js';
import { litellmComposePhase } from './b-litellm-compose.js';
import { litellmConfigPhase } from './c-litellm-config.js';
import { mcpConnectorPhase } from './d-mcp-connector.js';
import { deployVerifyPhase } from './e-deploy-verify.js';
import { clientIntegrationPhase } from './f-client-integration.js';
import { hardeningPhase } from './g-hardening.js';

export const phases: readonly Phase[] = [
  environmentPhase,
  litellmComposePhase,
  litellmConfigPhase,
  mcpConnectorPhase,
  deployVerifyPhase,
  clientIntegrationPhase,
  hardeningPhase,
];

/** Phases this version can run. */
export const runnable = new Set<PhaseId>(['a', 'b', 'c', 'd', 'e', 'f', 'g']);

export function phaseById(id: string): Phase | undefined {
  return phases.find((p) => p.id === id.toLowerCase());
}
